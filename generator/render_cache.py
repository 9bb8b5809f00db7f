"""The render cache: which inputs each generated page was made from, so that a warm run reuses it.

One file, ``.cache/render/pages.json`` by default (``DEFAULT_RENDER_CACHE``)::

    {"format": "briefing-render-cache", "version": 1, "salt": "…", "sha256": "…"}   ← header line
    {"pages": {"actors/keir-starmer.md": ["<key>", "<sha256 of the page>"], …}}

The key of a page is `pagememo.page_key` of its inputs; the salt is a hash of
the code and templates that render pages and of the libraries they use
(`render_salt`): another salt means another renderer, and nothing is reused.
The texts are not stored twice: a page is taken from ``docs/`` when the file
there still has the SHA-256 recorded here, so a page edited or damaged in
``docs/`` is rendered again. The header's SHA-256 covers the rest of the file;
a file that fails any check (truncated, edited, of another format) is ignored
with one quiet note and replaced after the run. JSON only: reading it never
runs code. Written to a temporary file, then renamed, after the pages are written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.pagememo import PageMemo

if TYPE_CHECKING:
    from generator.render import Page

DEFAULT_RENDER_CACHE = Path(".cache") / "render"
FILE_NAME = "pages.json"
FORMAT, VERSION = "briefing-render-cache", 1
# Libraries whose version can change a rendered page.
PACKAGES = ("jinja2", "markupsafe", "pyyaml", "numpy", "python-slugify", "text-unidecode")
_PACKAGE_DIR = Path(__file__).resolve().parent
_HEX = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")
_KEY = re.compile(r"^$|^[0-9a-f]{40}$")  # "" for a page the renderer makes every time


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def render_salt(templates_dir: Path) -> str:
    """A hash of everything besides a page's inputs that its text depends on: the generator's
    modules (extraction aside: its results are inputs), every file of the templates folder,
    the versions of the libraries in PACKAGES and of Python."""
    digest = hashlib.sha256(f"{FORMAT}/{VERSION}\0".encode())
    for path in sorted(_PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    templates = Path(templates_dir)
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps({name: _version(name) for name in PACKAGES}, sort_keys=True).encode())
    digest.update(("%d.%d.%d" % sys.version_info[:3]).encode())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plain(path: str) -> bool:
    """A path as the generator writes pages: relative, no '..', no hidden part."""
    pure = PurePosixPath(path)
    return bool(pure.parts) and not pure.is_absolute() and "\\" not in path and not any(
        part in ("..", ".") or part.startswith(".") for part in pure.parts)


RUN_COUNTS = ("articles", "actors", "locations")


def _valid_run(run: object) -> bool:
    """{"key": hex, "articles"/"actors"/"locations": int, "warnings"/"possible_duplicates": [str]}."""
    return (
        isinstance(run, dict) and isinstance(run.get("key"), str) and bool(_KEY.match(run["key"]))
        and all(isinstance(run.get(name), int) for name in RUN_COUNTS)
        and all(isinstance(run.get(name), list) and all(isinstance(v, str) for v in run[name])
                for name in ("warnings", "possible_duplicates"))
    )


class RenderCache:
    """Load the last run's pages for the renderer, and save this run's keys."""

    def __init__(self, root: Path, salt: str) -> None:
        self.root = Path(root)
        self.file = self.root / FILE_NAME
        self.salt = salt
        self.note: str | None = None  # one quiet line when the file was damaged or could not be written
        self.run: dict | None = None  # the last run's record (see `save`), once `load` has read it

    def _entries(self) -> dict[str, list]:
        """path → [key, sha256] from the file; {} when it is missing, of another salt, or damaged (with a note)."""
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            self.note = f"{self.file}: render cache not readable ({error}); pages rendered again"
            return {}
        try:
            head, newline, body = raw.partition(b"\n")
            try:
                header = json.loads(head)
            except ValueError:
                header = None
            if not newline or not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
                raise ValueError("not a render cache of this version")
            if header.get("salt") != self.salt:
                return {}  # another version of the code or templates: stale, not damaged
            if header.get("sha256") != _sha256(body):
                raise ValueError("its checksum does not match")
            data = json.loads(body)
            pages, run = (data.get("pages"), data.get("run")) if isinstance(data, dict) else (None, None)
            if not isinstance(pages, dict) or not all(
                isinstance(path, str) and _plain(path) and isinstance(entry, list) and len(entry) == 2
                and all(isinstance(v, str) for v in entry) and _KEY.match(entry[0]) and _HEX.match(entry[1])
                for path, entry in pages.items()
            ) or not _valid_run(run):
                raise ValueError("an entry has the wrong shape")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            self.note = f"{self.file}: render cache damaged ({error}); pages rendered again"
            return {}
        self.run = run
        return pages

    def load(self, out_dir: Path) -> PageMemo:
        """A memo of the last run's pages that ``out_dir`` still holds byte for byte."""
        previous, dropped = {}, set()
        base = str(out_dir)
        for path, (key, digest) in self._entries().items():
            try:
                with open(os.path.join(base, path), "rb") as handle:
                    data = handle.read()
                if _sha256(data) == digest:
                    previous[path] = (key, data.decode("utf-8"))
                    continue
            except (OSError, UnicodeDecodeError):
                pass
            dropped.add(path)
        return PageMemo(self.salt, previous, frozenset(dropped))

    def save(self, memo: PageMemo, pages: list[Page], run: dict) -> None:
        """Record every page of this run (after they are written): its key ("" when the renderer
        makes it every time) and checksum; and `run`: the key of all the run's inputs
        (`pipeline.run_key`) and what the run reports besides its pages."""
        entries = {page.path: [memo.keys.get(page.path, ""), _sha256(page.content.encode("utf-8"))] for page in pages}
        body = json.dumps({"pages": entries, "run": run}, separators=(",", ":"), sort_keys=True).encode()
        header = json.dumps({"format": FORMAT, "version": VERSION, "salt": self.salt, "sha256": _sha256(body)}).encode()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header + b"\n" + body)
                os.replace(tmp, self.file)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            self.note = f"{self.root}: render cache not written ({error}); check the folder's permissions and free space, or pass --no-cache"
