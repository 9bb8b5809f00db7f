"""docs/javascripts/iframe-worker-shim.js on its own, in Chromium, from file://.

Each test writes a tiny page and worker scripts into a temporary folder.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

SHIM = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "iframe-worker-shim.js"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>shim test</title>
<script src="js/iframe-worker-shim.js"></script></head>
<body><p>shim test</p>
<script>
  // Resolve with the first `count` messages from `worker`, or reject.
  window.collect = function (worker, count, useProperty) {
    return new Promise(function (resolve, reject) {
      var got = [];
      function take(event) {
        got.push(event.data);
        if (got.length === count) resolve(got);
      }
      if (useProperty) worker.onmessage = take;
      else worker.addEventListener("message", take);
      setTimeout(function () { reject(new Error("timeout; got " + JSON.stringify(got))); }, 5000);
    });
  };
</script></body></html>
"""

# Answers through addEventListener, keeps a log, can import and close.
LISTENER_WORKER = """
var log = [];
addEventListener("message", function (event) {
  var d = event.data;
  if (d && d.cmd === "import") {
    importScripts("parts/a.js", "parts/b.js").then(function () {
      postMessage({ order: self.order });
    });
  } else if (d && d.cmd === "close") {
    close();
  } else {
    log.push(d);
    postMessage({ echo: d, seen: log.length, isArray: Array.isArray(d) });
  }
});
"""

# Answers through a global `onmessage` property.
PROPERTY_WORKER = """
onmessage = function (event) { postMessage("pong:" + event.data); };
"""


@pytest.fixture
def shim_dir(tmp_path: Path) -> Path:
    (tmp_path / "js").mkdir()
    shutil.copy2(SHIM, tmp_path / "js" / SHIM.name)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    workers = tmp_path / "workers"
    (workers / "parts").mkdir(parents=True)
    (workers / "listener.js").write_text(LISTENER_WORKER, encoding="utf-8")
    (workers / "property.js").write_text(PROPERTY_WORKER, encoding="utf-8")
    (workers / "parts" / "a.js").write_text(
        "self.order = (self.order || []).concat('a');", encoding="utf-8"
    )
    (workers / "parts" / "b.js").write_text(
        "self.order = (self.order || []).concat('b');", encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def page(shim_dir, offline_page):
    offline_page.page.goto((shim_dir / "index.html").as_uri())
    yield offline_page.page
    offline_page.assert_clean()


def test_worker_is_replaced_on_file_urls(page):
    assert page.evaluate("Worker.name") == "FileWorker"
    assert page.evaluate("window.IFrameWorker === window.Worker")


def test_messages_both_ways_and_queued_before_load(page):
    """Messages posted at once (before the script loads) all arrive, in order,
    as copies; answers reach addEventListener on the page."""
    got = page.evaluate(
        """async () => {
          const w = new Worker("workers/listener.js");
          const done = collect(w, 3, false);
          const sent = [1, 2];
          w.postMessage("one"); w.postMessage({ n: 2 }); w.postMessage(sent);
          sent.push(3);   // a real Worker copies the message when posted
          return await done;
        }"""
    )
    assert got == [
        {"echo": "one", "seen": 1, "isArray": False},
        {"echo": {"n": 2}, "seen": 2, "isArray": False},
        {"echo": [1, 2], "seen": 3, "isArray": True},
    ]


# A worker using onmessage properties on both sides answers one ping (run from disk and over http).
PROPERTY_PING = """async () => {
  const w = new Worker("workers/property.js");
  const done = collect(w, 1, true);
  w.postMessage("ping");
  return await done;
}"""


def test_onmessage_properties_on_both_sides(page):
    got = page.evaluate(PROPERTY_PING)
    assert got == ["pong:ping"]


def test_import_scripts_runs_in_order(page):
    got = page.evaluate(
        """async () => {
          const w = new Worker("workers/listener.js");
          const done = collect(w, 1, false);
          w.postMessage({ cmd: "import" });
          return await done;
        }"""
    )
    assert got == [{"order": ["a", "b"]}]


def test_terminate_and_close_remove_the_iframe(page):
    result = page.evaluate(
        """async () => {
          const count = () => document.querySelectorAll("iframe").length;
          const a = new Worker("workers/listener.js");
          const b = new Worker("workers/listener.js");
          const before = count();
          a.terminate();
          a.postMessage("ignored");          // no error after terminate
          const answered = collect(b, 1, false);
          b.postMessage("hello");
          await answered;                    // b is loaded and running
          b.postMessage({ cmd: "close" });   // the worker closes itself
          await new Promise(r => setTimeout(r, 200));
          return [before, count()];
        }"""
    )
    assert result == [2, 0]


def test_missing_worker_script_fires_error(shim_dir, offline_page):
    page = offline_page.page
    page.goto((shim_dir / "index.html").as_uri())
    message = page.evaluate(
        """() => new Promise((resolve) => {
          const w = new Worker("workers/no-such-file.js");
          w.onerror = (event) => resolve(event.message);
          setTimeout(() => resolve("no error event"), 5000);
        })"""
    )
    assert "no-such-file.js" in message
    assert offline_page.page_errors == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_shim_does_nothing_over_http(shim_dir, browser):
    """Over http the browser's own Worker stays (served on 127.0.0.1 only)."""
    handler = functools.partial(_QuietHandler, directory=str(shim_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert page.evaluate("Worker.name") == "Worker"
        assert page.evaluate("'IFrameWorker' in window") is False
        got = page.evaluate(PROPERTY_PING)
        assert got == ["pong:ping"]
    finally:
        context.close()
        server.shutdown()
        server.server_close()
