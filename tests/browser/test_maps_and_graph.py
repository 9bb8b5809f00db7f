"""The maps (home page, a location page) and the graph page of the seed site,
opened from disk with every network request refused: the pictures show, the
world outline loads, every pin and node links to an existing page, and a click
on one lands there."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

OUTLINE = "images/world-110m-land.svg"

# Whether an SVG <image>'s picture really loaded: the same URL drawn by an <img> has a size.
IMAGE_LOADED = """async (image) => {
  const url = new URL(image.href.baseVal, document.baseURI).href;
  const probe = new Image();
  probe.src = url;
  try { await probe.decode(); } catch (error) { return {url, width: 0}; }
  return {url, width: probe.naturalWidth, box: image.getBBox().width};
}"""


def _open(guard, path: Path):
    page = guard.page
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, failed


def _targets(page, selector: str) -> list[Path]:
    """The files that the links in `selector` point to, resolved like the browser does."""
    urls = page.eval_on_selector_all(selector, "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
    return [Path(unquote(urlsplit(url).path)) for url in urls]


def _check_picture(page, failed: list[str], figure: str) -> None:
    svg = page.locator(f"{figure} svg").first
    svg.wait_for(state="visible")
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150, box


def _check_outline(page, failed: list[str], guard) -> None:
    image = page.locator(".briefing-map svg image").first
    loaded = image.evaluate(IMAGE_LOADED)
    assert loaded["url"].endswith(OUTLINE) and loaded["width"] > 0 and loaded["box"] > 0, loaded
    assert any(url.endswith(OUTLINE) for url in guard.requests), "the page itself did not load the outline"
    assert not failed, failed


def _follow(page, selector: str, target, heading: str) -> None:
    """Click a pin or node: the browser must land on `target` (a file of the built site) with that heading."""
    page.locator(selector).click()
    page.wait_for_load_state("load")
    assert page.url == target.as_uri()
    assert page.locator("h1").inner_text() == heading


def test_home_page_map_loads_offline_and_its_pins_lead_to_location_pages(built_site, offline_page):
    page, failed = _open(offline_page, built_site / "index.html")
    _check_picture(page, failed, ".briefing-map")
    _check_outline(page, failed, offline_page)
    targets = _targets(page, ".briefing-map svg a")
    assert len(targets) >= 10
    assert all(t.parent == built_site / "locations" and t.is_file() for t in targets), targets
    # Every pin names its place for a pointer and for a screen reader.
    titles = page.eval_on_selector_all(".briefing-map svg a > title", "ts => ts.map(t => t.textContent)")
    assert len(titles) == len(targets) and all("briefing" in t for t in titles)

    _follow(page, '.briefing-map svg a[href="locations/paris-fr.html"] circle', built_site / "locations" / "paris-fr.html", "Paris")
    offline_page.assert_clean()


def test_map_page_is_linked_from_home_and_shows_the_world_and_crowded_regions(built_site, offline_page):
    page, failed = _open(offline_page, built_site / "index.html")
    page.locator("article a", has_text="All places on the map").click()
    page.wait_for_load_state("load")
    assert page.url == (built_site / "map.html").as_uri()
    _check_picture(page, failed, ".briefing-map")
    _check_outline(page, failed, offline_page)
    assert page.locator("article h2").all_inner_texts()[:2] == ["World", "Europe"]
    assert page.locator(".briefing-map svg").count() >= 2
    targets = _targets(page, ".briefing-map svg a")
    assert targets and all(t.is_file() for t in targets)
    offline_page.assert_clean()


def test_location_page_map_marks_the_place_and_links_its_neighbours(built_site, offline_page):
    page, failed = _open(offline_page, built_site / "locations" / "paris-fr.html")
    _check_picture(page, failed, ".briefing-map")
    _check_outline(page, failed, offline_page)
    focus = page.locator(".briefing-map__pin--focus")
    assert focus.count() == 1 and focus.is_visible()
    assert page.locator(".briefing-map svg a .briefing-map__pin--focus").count() == 0  # the page's own place: no link
    targets = _targets(page, ".briefing-map svg a")
    assert targets and all(t.is_file() for t in targets)

    _follow(page, '.briefing-map svg a[href="../locations/kyiv-ua.html"] circle', built_site / "locations" / "kyiv-ua.html", "Kyiv")
    offline_page.assert_clean()


def test_graph_page_shows_actors_and_places_linked_to_their_pages(built_site, offline_page):
    page, failed = _open(offline_page, built_site / "graph.html")
    _check_picture(page, failed, ".briefing-graph")
    nodes = page.locator(".briefing-graph svg > a")
    assert nodes.count() >= 20
    targets = _targets(page, ".briefing-graph svg a")
    folders = {t.parent.name for t in targets}
    assert folders == {"actors", "locations"}
    assert all(t.is_file() for t in targets)
    # Colours by kind, with a legend that names them.
    assert page.locator(".briefing-graph__node--person").count() >= 5
    assert "People" in page.locator(".briefing-graph figcaption").inner_text()
    assert not failed

    _follow(page, '.briefing-graph svg > a[href="actors/keir-starmer.html"] circle', built_site / "actors" / "keir-starmer.html", "Keir Starmer")
    offline_page.assert_clean()


def test_graph_is_in_the_navigation(built_site, offline_page):
    page, _ = _open(offline_page, built_site / "index.html")
    page.locator(".md-tabs a", has_text="Graph").click()
    page.wait_for_load_state("load")
    assert page.url == (built_site / "graph.html").as_uri()
    assert page.locator("h1").inner_text() == "Graph of actors and places"
    offline_page.assert_clean()
