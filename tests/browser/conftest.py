"""Fixtures for the headless-browser tests of the built site.

The tests open the site from disk (file://) in the system Chromium through
Playwright for Python, with every request that is not file:// (or data:/
about:/blob:) aborted and recorded.

They skip, with the reason, when Playwright, Chromium or the `briefing` command
is missing; with BRIEFING_REQUIRE_BROWSER=1 they fail instead (for CI, where
the browser tests must really run).

Environment:
    BRIEFING_REQUIRE_BROWSER=1  fail instead of skipping when something is missing
    BRIEFING_CHROMIUM=PATH      Chromium binary (default: chromium on PATH, /usr/bin/chromium)
    BRIEFING_SITE_DIR=DIR       test this already-built site instead of building one
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# One definition of the browser set-up, shared with the README screenshot tool.
from tools.screenshot import CHROMIUM_ARGS, LOCAL_SCHEMES, find_chromium

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# `briefing build` lists the pages it generated in docs/ in this file.
MANIFEST = ".briefing-manifest.json"

BUILD_TIMEOUT = 900  # seconds; the extractor can be slow on a cold start


def browser_required() -> bool:
    return os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when BRIEFING_REQUIRE_BROWSER=1."""
    if browser_required():
        pytest.fail(f"{reason} (BRIEFING_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)




@dataclass
class PageGuard:
    """A page plus what it did: console errors, page errors, requests."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        problems = []
        if self.blocked:
            problems.append(f"non-file requests (aborted): {self.blocked}")
        if self.console_errors:
            problems.append(f"console errors: {self.console_errors}")
        if self.page_errors:
            problems.append(f"uncaught page errors: {self.page_errors}")
        assert not problems, "; ".join(problems)


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, launched headless through Playwright."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install playwright)")
    chromium = find_chromium()
    if chromium is None:
        unavailable("no Chromium found (apt-get install chromium, or set BRIEFING_CHROMIUM)")

    manager = sync_playwright().start()
    try:
        try:
            browser = manager.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000
            )
        except PlaywrightError as err:
            unavailable(f"cannot launch {chromium}: {str(err).splitlines()[0]}")
        yield browser
        browser.close()
    finally:
        manager.stop()


@pytest.fixture
def guarded_page(browser):
    """A factory of fresh 1280x800 pages whose requests outside `allowed`
    (URL prefixes) are aborted and recorded. Tests call `guard.assert_clean()`."""
    contexts = []

    def make(allowed: tuple[str, ...] = LOCAL_SCHEMES) -> PageGuard:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
        contexts.append(context)
        guard = PageGuard(page=None)

        def route(r):
            url = r.request.url
            guard.requests.append(url)
            if url.startswith(allowed):
                r.continue_()
            else:
                guard.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda msg: guard.console_errors.append(f"{msg.text} @ {msg.location.get('url')}")
            if msg.type == "error"
            else None,
        )
        page.on("pageerror", lambda err: guard.page_errors.append(str(err)))
        guard.page = page
        return guard

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def offline_page(guarded_page):
    """A page that may load only file:// (and data:/about:/blob:) URLs."""
    return guarded_page()


def _briefing_command() -> str | None:
    """The `briefing` console script: on PATH, or beside this Python (a venv)."""
    beside = Path(sys.executable).parent / "briefing"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("briefing")


def _copy_hand_written_docs(dest: Path) -> None:
    """Copy docs/ less the pages that `briefing build` generated there (those
    listed in its manifest), so that the build into `dest` owns no stale page."""
    src = PROJECT_ROOT / "docs"
    generated: set[str] = set()
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
        generated = {p for p in manifest.get("files", []) if isinstance(p, str)}
    except (OSError, ValueError, AttributeError):
        pass
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.rglob("*")):
        relative = path.relative_to(src).as_posix()
        if not path.is_file() or relative == MANIFEST or relative in generated:
            continue
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest / relative)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A site built by `briefing build` from seeds/ into a temporary folder.

    BRIEFING_SITE_DIR=DIR uses an already-built site instead.
    """
    given = os.environ.get("BRIEFING_SITE_DIR")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"BRIEFING_SITE_DIR={given} has no index.html", pytrace=False)
        return site

    command = _briefing_command()
    if command is None:
        unavailable("the `briefing` console script is not installed (pip install -e .)")

    tmp = tmp_path_factory.mktemp("briefing-site")
    docs, site = tmp / "docs", tmp / "site"
    _copy_hand_written_docs(docs)
    result = subprocess.run(
        [command, "build", "--seeds", "seeds", "--out", str(docs), "--site", str(site)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(
            f"`briefing build` failed (exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return site
