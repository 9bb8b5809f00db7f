"""Maps as static SVG written into the pages (no JavaScript, no tile server, works from file://).

Projection: equirectangular (longitude and latitude as x and y), the simplest
that keeps a point's place obvious. The land outline is one shared image,
docs/images/world-110m-land.svg (Natural Earth 1:110m, made once by
tools/make_world_outline.py); each map is a small inline SVG that shows the part
of it in view through an <image> element and adds the pins, each an <a> link to
the place's page with a <title> tooltip. Pure functions of the site index: no I/O.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import SiteIndex, SiteLocation
from generator.svg import LabelPlacer, esc, num, page_href

WORLD_IMAGE = "images/world-110m-land.svg"  # relative to docs/; covers 180°W–180°E, 90°N–90°S
WIDTH = 800  # nominal width of every map, in SVG units (≈ CSS px at that width)
# The world map leaves out the far north and Antarctica's interior, where no one files news.
WORLD_NORTH, WORLD_SOUTH = 84.0, -60.0
# Longitude span of a location map around one place, by its kind; maps are twice as wide as high.
SPAN_BY_KIND = {"city": 20.0, "region": 24.0, "country": 40.0, "continent": 90.0}
DEFAULT_SPAN = 30.0
MAX_SPAN = 100.0  # a location map grows to show places of the same briefings up to this span
MAX_NEARBY = 12  # other places shown on a location map
MAX_PINS = 300  # pins on the home page's overview map (the most mentioned places)
MAP_PAGE = "map.md"  # every place on a world map, and maps of the regions where they crowd
MAP_PAGE_PINS = 1500
MIN_REGION_PINS = 6  # a region gets its own map on the map page from this many places
# Regions of the map page: name, west, east, north, south.
REGIONS = (
    ("Europe", -25.0, 45.0, 72.0, 34.0),
    ("Middle East", 25.0, 65.0, 43.0, 12.0),
    ("Africa", -20.0, 55.0, 38.0, -36.0),
    ("North America", -130.0, -60.0, 58.0, 14.0),
    ("South America", -85.0, -32.0, 14.0, -56.0),
    ("South and East Asia", 60.0, 150.0, 52.0, -12.0),
    ("Oceania", 110.0, 180.0, 0.0, -48.0),
)
MAX_LABELS = 40  # labels tried on the overview map, biggest pins first
LABEL_SIZE = 14  # ≈ 12 px at the usual width of the page's column (the stylesheet sets the same)


@dataclass(frozen=True)
class View:
    """A longitude/latitude rectangle drawn `width` units wide."""

    west: float
    east: float
    north: float
    south: float
    width: float = WIDTH

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self.west) * self.scale, (self.north - lat) * self.scale)

    def contains(self, lat: float, lon: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


WORLD = View(-180.0, 180.0, WORLD_NORTH, WORLD_SOUTH)


def view_around(lat: float, lon: float, span: float, others: Iterable[tuple[float, float]] = ()) -> View:
    """A 2:1 view centred on (lat, lon) `span` degrees wide, grown to take in `others`
    (in order, while the view stays within MAX_SPAN), kept inside the world map."""
    south, north, west, east = lat, lat, lon, lon  # the box of the places taken in
    for other_lat, other_lon in others:
        box = (min(south, other_lat), max(north, other_lat), min(west, other_lon), max(east, other_lon))
        if _span_for(*box, span) <= MAX_SPAN:
            south, north, west, east = box
    span = _span_for(south, north, west, east, span)
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    west = min(max(centre_lon - span / 2, -180.0), 180.0 - span)
    north = max(min(centre_lat + span / 4, WORLD_NORTH), WORLD_SOUTH + span / 2)
    return View(west, west + span, north, north - span / 2)


def _span_for(south: float, north: float, west: float, east: float, least: float) -> float:
    """The longitude span of a 2:1 view that shows a box with a margin around it."""
    margin = 0.15
    return max(least, (east - west) * (1 + 2 * margin), 2 * (north - south) * (1 + 2 * margin))


def pin_radius(briefings: int, most: int) -> float:
    """Pin size on the overview map: its area grows with the briefings, up to the most any place has."""
    if most <= 1:
        return 5.0
    return 4.5 + 8.5 * math.sqrt((briefings - 1) / (most - 1))


def located(location: SiteLocation) -> bool:
    return location.lat is not None and location.lon is not None


def tooltip(location: SiteLocation, counted: bool = True) -> str:
    where = location.kind if location.kind == "country" or not location.country_name else f"{location.kind}, {location.country_name}"
    if not counted:
        return f"{location.name} ({where})"
    count = len(location.appearances)
    return f"{location.name} ({where}): {count} briefing{'s' if count != 1 else ''}"


def co_mentioned(index: SiteIndex) -> dict[str, tuple[tuple[SiteLocation, int], ...]]:
    """Location id → the other located places of its briefings, most shared briefings first."""
    by_id = {l.id: l for l in index.locations}
    shared: dict[str, Counter] = defaultdict(Counter)
    for sa in index.articles:
        ids = sorted({site_id for _, site_id in sa.site_locations()})  # not the places the editor hid
        for a in ids:
            for b in ids:
                if a != b and located(by_id[b]):
                    shared[a][b] += 1
    return {
        lid: tuple((by_id[o], n) for o, n in sorted(counter.items(), key=lambda x: (-x[1], by_id[x[0]].name.casefold(), x[0])))
        for lid, counter in shared.items()
    }


# Drawing order of pins of the same size: areas under points.
_LAYER = {"continent": 0, "country": 1, "region": 2, "other": 3, "city": 4}


@dataclass(frozen=True)
class Pin:
    location: SiteLocation
    radius: float
    focus: bool = False
    label: bool = True
    counted: bool = True  # the tooltip gives the place's number of briefings


def render_map(view: View, pins: Sequence[Pin], root: str, caption: str, label: str) -> Markup:
    """A <figure> with the inline SVG map and its caption; `root` leads from the page to the site root ("" or "../")."""
    height = view.height
    image = page_href(root + WORLD_IMAGE)
    placer = LabelPlacer(view.width, height, LABEL_SIZE)
    points = []
    for pin in pins:
        x, y = view.project(pin.location.lat, pin.location.lon)
        points.append((pin, x, y))
        placer.block(x, y, pin.radius)
    # Focus first, then the biggest pins get labels where they fit.
    labels = {}
    for pin, x, y in sorted(points, key=lambda p: (not p[0].focus, -p[0].radius)):
        if pin.label:
            labels[pin.location.id] = placer.place(x, y, pin.radius, pin.location.name)
    lines = [
        # Material's search leaves the picture out of its index (and drops the attribute).
        '<figure class="briefing-map" data-search-exclude="true">',
        f'<svg class="briefing-map__svg" viewBox="0 0 {num(view.width)} {num(height)}" role="group" aria-label="{esc(label)}">',
        f'<rect class="briefing-map__sea" width="{num(view.width)}" height="{num(height)}"/>',
        f'<image class="briefing-map__land" href="{image}" x="{num((-180 - view.west) * view.scale)}" '
        f'y="{num((view.north - 90) * view.scale)}" width="{num(360 * view.scale)}" height="{num(180 * view.scale)}" '
        'preserveAspectRatio="none"/>',
    ]
    # Big pins below small ones, a country's below its towns', the focus on top, so that every pin can be
    # clicked (a country's centre can fall next to its capital).
    for pin, x, y in sorted(points, key=lambda p: (p[0].focus, -p[0].radius, _LAYER.get(p[0].location.kind, 3))):
        # The place of the page itself is marked, not linked.
        start, end = ("<g>", "</g>") if pin.focus else (f'<a href="{page_href(f"{root}locations/{pin.location.id}.html")}">', "</a>")
        css = "briefing-map__pin briefing-map__pin--focus" if pin.focus else "briefing-map__pin"
        text = labels.get(pin.location.id)
        lines.append(
            f"{start}<title>{esc(tooltip(pin.location, pin.counted))}</title>"
            f'<circle class="{css}" cx="{num(x)}" cy="{num(y)}" r="{num(pin.radius)}"/>'
            + (text.svg("briefing-map__label") if text else "")
            + end
        )
    lines += ["</svg>", f"<figcaption>{esc(caption)}</figcaption>", "</figure>"]
    return Markup("\n".join(lines))


def _ranked(locations: Iterable[SiteLocation]) -> list[SiteLocation]:
    places = [l for l in locations if located(l)]
    return sorted(places, key=lambda l: (-len(l.appearances), -l.mention_count, l.name.casefold(), l.id))


def _world(places: list[SiteLocation], limit: int, root: str) -> Markup:
    shown = places[:limit]
    most = len(shown[0].appearances)
    pins = [Pin(l, pin_radius(len(l.appearances), most), label=i < MAX_LABELS) for i, l in enumerate(shown)]
    count = f"the {len(shown)} most mentioned of {len(places)} places" if len(shown) < len(places) else f"{len(places)} place{'s' if len(places) != 1 else ''}"
    caption = f"Map of {count} in the briefings; a bigger pin, more briefings. Select a pin for the place's page."
    return render_map(WORLD, pins, root, caption, f"World map of {count} in the briefings")


def overview_map(locations: Iterable[SiteLocation], root: str = "") -> Markup | None:
    """The world with a pin per located place (pin size by briefings); None when no place has coordinates."""
    places = _ranked(locations)
    return _world(places, MAX_PINS, root) if places else None


def map_page(locations: Iterable[SiteLocation], root: str = "") -> list[tuple[str, Markup]]:
    """The map page's figures: the whole world, then each region with at least MIN_REGION_PINS places."""
    places = _ranked(locations)
    if not places:
        return []
    figures = [("World", _world(places, MAP_PAGE_PINS, root))]
    most = len(places[0].appearances)
    for name, west, east, north, south in REGIONS:
        view = View(west, east, north, south)
        inside = [l for l in places[:MAP_PAGE_PINS] if view.contains(l.lat, l.lon)]
        if len(inside) < MIN_REGION_PINS:
            continue
        pins = [Pin(l, pin_radius(len(l.appearances), most)) for l in inside]
        count = f"{len(inside)} places"
        figures.append((name, render_map(view, pins, root, f"{name}: {count}.", f"Map of {name} with {count} of the briefings")))
    return figures


def _around(location: SiteLocation, nearby: Sequence[tuple[SiteLocation, int]]) -> tuple[View, list[SiteLocation]]:
    """The view of a place's map and the neighbours shown on it (of the places of the same briefings that fit)."""
    others = [l for l, _ in nearby if located(l) and l.id != location.id]
    view = view_around(location.lat, location.lon, SPAN_BY_KIND.get(location.kind, DEFAULT_SPAN), ((l.lat, l.lon) for l in others))
    return view, [l for l in others if view.contains(l.lat, l.lon)][:MAX_NEARBY]


def nearby_key(location: SiteLocation, nearby: Sequence[tuple[SiteLocation, int]]) -> tuple:
    """All that `location_map` draws besides the place itself: the view, and what each pin shows of its
    place. A page's map changes only when this does (a new briefing of a neighbour does not count)."""
    if not located(location):
        return ()
    view, shown = _around(location, nearby)
    return (view, tuple((l.id, l.name, l.kind, l.country_name, l.lat, l.lon) for l in shown))


def location_map(location: SiteLocation, nearby: Sequence[tuple[SiteLocation, int]] = (), root: str = "../") -> Markup | None:
    """A map around one place, with the places of the same briefings that fit; None without coordinates."""
    if not located(location):
        return None
    view, shown = _around(location, nearby)
    # No briefing counts in these tooltips: a new briefing of a country would otherwise change the
    # map on the page of every place near it (two hundred pages for one article at 1,000 articles).
    pins = [Pin(location, 8.0, focus=True, counted=False)] + [Pin(l, 5.5, counted=False) for l in shown]
    caption = f"{location.name} on the map" + (", with places from the same briefings." if shown else ".")
    return render_map(view, pins, root, caption, f"Map of {location.name}" + (" and places from the same briefings" if shown else ""))
