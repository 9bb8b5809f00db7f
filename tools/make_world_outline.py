#!/usr/bin/env python3
"""Convert Natural Earth's 1:110m land outline into the site's world map image.

    npm pack world-atlas@2.0.2          # the npm registry's world-atlas package
    python tools/make_world_outline.py world-atlas-2.0.2.tgz [OUT.svg]

Reads `land-110m.json` (TopoJSON) from the package archive (or that file given
directly), decodes it with our own code below, projects it equirectangularly
(x = longitude + 180, y = 90 - latitude, in 1/STEP degree units) and writes one
SVG path with relative, rounded coordinates: by default
docs/images/world-110m-land.svg, a static asset of the site that the map
generator (generator/maps.py) places under every map with an <image> element.
Run once; the output is committed. The same input always gives the same bytes.

Data: Natural Earth (public domain), 1:110m physical vectors, land; TopoJSON
conversion by the world-atlas package (ISC licence, © Michael Bostock).
"""
from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "images" / "world-110m-land.svg"
MEMBER = "package/land-110m.json"
STEP = 20  # coordinates are rounded to 1/STEP degree (0.05° ≈ 5.5 km; sharp enough for zoomed maps)
FILL = "#8d99a6"  # a neutral grey; the site's stylesheet tunes it per palette with CSS filters


def read_topology(path: Path) -> dict:
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as archive:
            handle = archive.extractfile(MEMBER)
            if handle is None:
                raise SystemExit(f"{path}: no {MEMBER} inside")
            return json.load(handle)
    return json.loads(path.read_text(encoding="utf-8"))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs → lists of (lon, lat); quantized arcs are delta-encoded."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One ring from its arc indexes (~i is arc i reversed); shared end points appear once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(topology: dict, name: str = "land") -> list[list[list[tuple[float, float]]]]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            out.append([ring_points(r, arcs) for r in geometry["arcs"]])
        elif geometry["type"] == "MultiPolygon":
            out.extend([ring_points(r, arcs) for r in polygon] for polygon in geometry["arcs"])
    return out


def plane_rings(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring of the sphere as rings of the plane, for the equirectangular projection.

    TopoJSON rings may cross the antimeridian (179° → -180° is a short step on the
    sphere, a jump across the whole map in the plane): longitudes are unwrapped
    to stay continuous, and a ring that then sticks out of [-180, 180] is drawn
    again shifted by 360° (the image's edges clip both). A ring around a pole
    (Antarctica) is closed along the map's edge at that pole.
    """
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        lon += 360 * round((previous - lon) / 360)
        unwrapped.append((lon, lat))
    first_lon, first_lat = unwrapped[0]
    last_lon = unwrapped[-1][0]
    closing = first_lon + 360 * round((last_lon - first_lon) / 360)
    if closing != first_lon:  # the ring goes once around a pole
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        unwrapped += [(closing, first_lat), (closing, pole), (first_lon, pole)]
    out = [unwrapped]
    lons = [lon for lon, _ in unwrapped]
    if min(lons) < -180:
        out.append([(lon + 360, lat) for lon, lat in unwrapped])
    if max(lons) > 180:
        out.append([(lon - 360, lat) for lon, lat in unwrapped])
    return out


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data: each ring as M x y then relative l steps, repeated points dropped, closed with z."""
    parts = []
    for ring in rings:
        grid = [(round((lon + 180) * STEP), round((90 - lat) * STEP)) for lon, lat in ring]
        kept = [grid[0]]
        for point in grid[1:]:
            if point != kept[-1]:
                kept.append(point)
        if len(kept) > 1 and kept[-1] == kept[0]:
            kept.pop()
        if len(kept) < 3:
            continue
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(kept, kept[1:]))
        parts.append(f"M{kept[0][0]} {kept[0][1]}l{steps}z")
    # "l1 -2 3 4": a minus sign separates numbers by itself.
    return "".join(parts).replace(" -", "-")


def outline_svg(topology: dict) -> str:
    rings = [plane for polygon in polygons(topology) for ring in polygon for plane in plane_rings(ring)]
    width, height = 360 * STEP, 180 * STEP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="720" height="360">\n'
        "<!-- Land outline: Natural Earth 1:110m (public domain, naturalearthdata.com), TopoJSON by "
        "world-atlas 2.0.2 (ISC, Michael Bostock); equirectangular, 1/"
        f"{STEP} degree units, made by tools/make_world_outline.py -->\n"
        f'<path fill="{FILL}" fill-rule="evenodd" d="{path_data(rings)}"/>\n'
        "</svg>\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world-atlas-*.tgz (from `npm pack world-atlas`) or land-110m.json")
    parser.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUT, help=f"default {DEFAULT_OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    svg = outline_svg(read_topology(args.source))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(svg, encoding="utf-8", newline="\n")
    print(f"{args.out} ({len(svg.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
