"""`briefing serve`: a new seed file shows up in the open browser tab by itself."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import FIXTURE_SEEDS, make_project

NEW_SEED = "New mayor sworn in after harbour vote\n\nJane Porter was sworn in as mayor of the harbour city on Friday.\n"
NEW_TITLE = "New mayor sworn in after harbour vote"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer within {seconds} s")
        time.sleep(0.5)


def test_serve_regenerates_and_reloads_the_browser(tmp_path, guarded_page):
    project = make_project(tmp_path / "project", FIXTURE_SEEDS)
    port = _free_port()
    origin = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-q", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        _wait_for(origin + "index.html", 180)
        guard = guarded_page(allowed=(origin, "data:", "about:", "blob:"))
        page = guard.page
        page.goto(origin + "index.html")
        assert NEW_TITLE not in page.content()
        page.evaluate("window.__beforeReload = true")

        (project / "seeds" / "050_new-mayor.txt").write_text(NEW_SEED, encoding="utf-8")

        # MkDocs' live reload replaces the page: our marker is gone and the new headline is listed.
        page.wait_for_function("() => window.__beforeReload === undefined", timeout=90_000)
        page.wait_for_load_state("load")
        page.get_by_role("link", name=NEW_TITLE).click()
        page.wait_for_load_state("load")
        assert page.url == origin + "briefings/new-mayor-sworn-in-after-harbour-vote.html"
        assert NEW_TITLE in page.title()
        guard.assert_clean()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
    assert server.returncode == 0, err
    lines = [line for line in out.splitlines() if line]
    # One summary line for the first generation and one for the regeneration.
    assert len(lines) == 2, out
    assert lines[0].startswith("5 articles, ") and lines[0].endswith(" → docs/")
    assert lines[1].startswith("6 articles, ") and lines[1].endswith(" → docs/")
    assert "Reloading browsers" in err
