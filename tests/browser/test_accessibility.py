"""axe-core on the built site: no serious or critical violations on the home,
briefing, actor, location, index, graph, map and 404 pages, in the light and dark palettes.

The site is served over http from a local server, as GitHub Pages serves it:
404.html links from the site root and only works that way."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

SEED_PAGE = "briefings/ukraine-ceasefire-proposal-receives-support-as-european-defence-talks-commence.html"
PAGES = [
    "index.html",
    SEED_PAGE,
    "actors/keir-starmer.html",
    "locations/paris-fr.html",
    "briefings/index.html",
    "actors/index.html",
    "locations/index.html",
    "graph.html",
    "map.html",
    "404.html",
]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        from tests.browser.conftest import unavailable

        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


@pytest.fixture(scope="module")
def site_origin(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("scheme, palette", [("light", "default"), ("dark", "slate")])
def test_no_serious_accessibility_violations(site_origin, browser, axe, scheme, palette):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = []
        for relative in PAGES:
            response = page.goto(site_origin + relative)
            assert response is not None and response.status == 200, relative
            # Material followed the reader's colour preference: the check covers that palette.
            page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{palette}'", timeout=5_000)
            results = axe.run(page)
            assert results.response["testEngine"]["name"] == "axe-core"
            # The rules really ran on this page (dozens pass on any Material page).
            assert len(results.response["passes"]) > 20, relative
            for violation in results.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    problems.append(f"{relative}: {violation['impact']} {violation['id']} ({violation['help']}) at {targets}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("scheme, palette", [("light", "default"), ("dark", "slate")])
def test_open_search_results_have_no_serious_violations(site_origin, browser, axe, scheme, palette):
    """The search box open with results (our markup in Material's classes, search.js)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_origin + "index.html")
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{palette}'", timeout=5_000)
        page.wait_for_selector(".md-search[data-briefing-search=ready]", state="attached")
        page.keyboard.press("/")
        page.keyboard.type("ru", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        # Material fades the results in: measure contrast once its transitions are over.
        page.wait_for_function("document.getAnimations().every(a => a.playState === 'finished')")
        results = axe.run(page)
        assert len(results.response["passes"]) > 20
        problems = [
            f"{v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in BLOCKING
        ]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
