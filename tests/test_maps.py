"""Maps: the projection, the views around a place, and the SVG written into the pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import maps
from generator.model import SiteLocation
from tests.synthetic import synthetic_index
from tools.make_world_outline import decode_arcs, path_data, plane_rings, polygons

ROOT = Path(__file__).resolve().parent.parent
WORLD_SVG = ROOT / "docs" / maps.WORLD_IMAGE
HOSTILE = '<script>alert("x")</script> & "quotes" \'single\' ]]>'


def place(id: str, lat: float | None, lon: float | None, name: str = "", kind: str = "city", briefings: int = 1) -> SiteLocation:
    from generator.model import Appearance

    appearances = tuple(Appearance(f"a{i}", "T", None, "S.", 1) for i in range(briefings))
    return SiteLocation(id, name or id.title(), kind, "FR", "France", lat, lon, (), appearances, ())


def parse(markup: str) -> ET.Element:
    """The figure as XML: the SVG must be well formed, with every name escaped."""
    return ET.fromstring(str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


SVG = "{http://www.w3.org/2000/svg}"


def test_projection_puts_the_corners_of_the_view_at_the_corners_of_the_picture():
    view = maps.View(-10.0, 30.0, 60.0, 40.0)
    assert view.width == 800 and view.height == pytest.approx(400)
    assert view.project(60.0, -10.0) == (0, 0)
    assert view.project(40.0, 30.0) == pytest.approx((800, 400))
    assert view.project(50.0, 10.0) == pytest.approx((400, 200))
    world = maps.WORLD
    assert world.project(maps.WORLD_NORTH, -180) == (0, 0)
    assert world.height == pytest.approx(800 * 144 / 360)
    assert world.contains(0, 0) and not world.contains(-70, 0)


@pytest.mark.parametrize("lat, lon", [(48.85, 2.35), (64.1, -21.9), (-54.8, -68.3), (-18.1, 178.4), (71.0, -179.9), (0.0, 0.0)])
@pytest.mark.parametrize("kind", ["city", "country", "continent", "other"])
def test_a_view_around_a_place_contains_it_stays_in_the_world_and_is_twice_as_wide_as_high(lat, lon, kind):
    view = maps.view_around(lat, lon, maps.SPAN_BY_KIND.get(kind, maps.DEFAULT_SPAN))
    assert view.contains(lat, lon)
    assert -180 <= view.west < view.east <= 180
    assert maps.WORLD_SOUTH <= view.south < view.north <= maps.WORLD_NORTH
    assert view.east - view.west == pytest.approx(2 * (view.north - view.south))
    x, y = view.project(lat, lon)
    assert 0 <= x <= view.width and 0 <= y <= view.height


def test_a_view_grows_to_take_in_other_places_but_not_beyond_the_largest_span():
    paris, kyiv, washington = (48.85, 2.35), (50.45, 30.52), (38.9, -77.04)
    alone = maps.view_around(*paris, 20)
    assert not alone.contains(*kyiv)
    grown = maps.view_around(*paris, 20, [kyiv, washington])
    assert grown.contains(*paris) and grown.contains(*kyiv)
    assert not grown.contains(*washington)  # 79° further west: past MAX_SPAN
    assert grown.east - grown.west <= maps.MAX_SPAN


def test_location_map_marks_the_place_and_links_places_of_the_same_briefings():
    paris = place("paris-fr", 48.85, 2.35, "Paris")
    nearby = [(place("kyiv-ua", 50.45, 30.52, "Kyiv"), 2), (place("lima-pe", -12.05, -77.04, "Lima"), 1),
              (place("nowhere", None, None), 3)]
    figure = parse(maps.location_map(paris, nearby))
    svg = figure.find(f"{SVG}svg")
    assert svg.get("role") == "group" and svg.get("aria-label") == "Map of Paris and places from the same briefings"
    assert svg.find(f"{SVG}image").get("href") == "../images/world-110m-land.svg"
    links = {a.get("href"): a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")}
    assert links == {"../locations/kyiv-ua.html": "Kyiv (city, France)"}  # Lima is too far, nowhere unknown
    focus = svg.find(f"{SVG}g")
    assert focus.find(f"{SVG}title").text == "Paris (city, France)"  # counts only on the overview maps
    assert "briefing-map__pin--focus" in focus.find(f"{SVG}circle").get("class")
    assert maps.location_map(place("nowhere", None, None)) is None


def test_overview_map_has_a_pin_per_located_place_bigger_with_more_briefings():
    places = [place("a", 10, 10, "Alpha", briefings=5), place("b", -20, 100, "Beta"), place("c", None, None, "Gamma")]
    figure = parse(maps.overview_map(places))
    pins = {a.get("href"): float(a.find(f"{SVG}circle").get("r")) for a in figure.iter(f"{SVG}a")}
    assert pins == {"locations/a.html": 13.0, "locations/b.html": 4.5}
    assert figure.find(f"{SVG}svg").find(f"{SVG}image").get("href") == "images/world-110m-land.svg"
    assert "2 places" in figure.find("figcaption").text
    assert maps.overview_map([place("c", None, None)]) is None


def test_overview_map_shows_at_most_max_pins_and_says_so():
    index = synthetic_index(400, 20, maps.MAX_PINS + 50, per_article=30)
    located = [l for l in index.locations if maps.located(l)]
    assert len(located) > maps.MAX_PINS
    figure = parse(maps.overview_map(index.locations))
    assert len(list(figure.iter(f"{SVG}circle"))) == maps.MAX_PINS
    assert f"the {maps.MAX_PINS} most mentioned of {len(located)} places" in figure.find("figcaption").text


def test_names_from_articles_are_escaped_in_maps():
    hostile = place("x", 10, 10, HOSTILE)
    for markup in (maps.overview_map([hostile]), maps.location_map(hostile, [(place("y", 11, 11, HOSTILE), 1)])):
        text = str(markup)
        assert "<script>" not in text and "]]>" not in text
        figure = parse(markup)  # parses: nothing broke out of an attribute or element
        assert HOSTILE in [t.text for t in figure.iter(f"{SVG}title")][0]
        assert all(re.fullmatch(r"(\.\./)?(locations/[a-z0-9-]+\.html|images/world-110m-land\.svg)", e.get("href"))
                   for e in figure.iter() if e.get("href"))


def test_labels_never_overlap_and_stay_in_the_picture():
    index = synthetic_index(300, 10, 120, per_article=20, name="{kind} with a long name {i}")
    figure = parse(maps.overview_map(index.locations))
    boxes = []
    for text in figure.iter(f"{SVG}text"):
        size = maps.LABEL_SIZE
        width = len(text.text) * size * 0.62
        x = float(text.get("x")) - {None: 0, "end": width, "middle": width / 2}[text.get("text-anchor")]
        y = float(text.get("y"))
        boxes.append((x, y - size * 0.8, x + width, y + size * 0.25))
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= 800 and a[3] <= 320
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_maps_are_deterministic():
    index = synthetic_index(200, 10, 80)
    nearby = maps.co_mentioned(index)
    assert str(maps.overview_map(index.locations)) == str(maps.overview_map(synthetic_index(200, 10, 80).locations))
    first = index.locations[0]
    assert str(maps.location_map(first, nearby[first.id])) == str(maps.location_map(first, maps.co_mentioned(index)[first.id]))


def test_co_mentioned_counts_shared_briefings():
    index = synthetic_index(50, 5, 10, per_article=8)
    nearby = maps.co_mentioned(index)
    for location in index.locations:
        for other, count in nearby.get(location.id, ()):
            both = {a.article_id for a in location.appearances} & {a.article_id for a in other.appearances}
            assert count == len(both) > 0 and other.id != location.id


# --------------------------------------------------------------------------- the world outline


def test_the_committed_world_outline_is_small_and_covers_the_whole_world():
    data = WORLD_SVG.read_bytes()
    assert len(data) < 50_000
    root = ET.fromstring(data)
    assert root.get("viewBox") == "0 0 7200 3600"  # 360° × 180° at 1/20°: what maps.py places
    assert b"Natural Earth" in data
    path = root.find(f"{SVG}path").get("d")
    assert path.count("M") > 100  # continents and islands


def test_outline_decoding_of_a_tiny_topology():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [-180, -90]},
        "arcs": [[[180, 90], [10, 0], [0, 10]], [[190, 100], [-10, 0], [0, -10]]],
        "objects": {"land": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0, 1]]}]}},
    }
    assert decode_arcs(topology)[0] == [(0, 0), (10, 0), (10, 10)]
    ring = polygons(topology)[0][0]
    assert ring == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert path_data([ring]) == "M3600 1800l200 0 0-200-200 0z"


def test_rings_across_the_antimeridian_and_around_a_pole():
    # Fiji-like: 179° → -179° is a short step east on the sphere.
    island = [(179.0, -17.0), (-179.0, -17.0), (-179.0, -16.0), (179.0, -16.0)]
    rings = plane_rings(island)
    assert [r[1][0] for r in rings] == [181.0, -179.0]  # drawn on the right edge and again on the left
    # Antarctica-like: once around the south pole, closed along the bottom edge.
    polar = [(-180.0, -70.0), (-60.0, -65.0), (60.0, -68.0), (180.0, -70.0)]
    (ring,) = plane_rings(polar)
    assert ring[-2:] == [(180.0, -90.0), (-180.0, -90.0)]


def test_map_page_has_the_world_and_the_crowded_regions():
    europe = [place(f"e{i}", 45 + i, 2 + i, briefings=1 + i) for i in range(maps.MIN_REGION_PINS)]
    lonely = [place("lima", -12.05, -77.04), place("nowhere", None, None)]
    figures = maps.map_page(europe + lonely)
    assert [name for name, _ in figures] == ["World", "Europe"]
    world, region = (parse(f) for _, f in figures)
    assert len(list(world.iter(f"{SVG}circle"))) == maps.MIN_REGION_PINS + 1
    hrefs = {a.get("href") for a in region.iter(f"{SVG}a")}
    assert hrefs == {f"locations/e{i}.html" for i in range(maps.MIN_REGION_PINS)}
    # Pin sizes mean the same on every map of the page.
    radius = {a.get("href"): a.find(f"{SVG}circle").get("r") for f in (world, region) for a in f.iter(f"{SVG}a")}
    assert radius["locations/e5.html"] == "13"
    assert maps.map_page(lonely[1:]) == []


def test_a_place_the_editor_hid_is_left_out_of_the_places_of_the_same_briefings(fixture_articles):
    from generator.index import build_index
    from generator.overrides import parse_overrides

    index = build_index(fixture_articles.values(), parse_overrides("hide:\n  - Paris\n"))
    nearby = maps.co_mentioned(index)  # raised TypeError (None < str) before hidden places were skipped
    assert nearby and all(l.name != "Paris" for places in nearby.values() for l, _ in places)
    assert "paris-fr" not in nearby
