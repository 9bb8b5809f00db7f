"""Stage 1: find seed files and read each into a `Source` (no NLP here).

Two input formats:

* plain text: line 1 headline, line 2 standfirst (blank: none), then one
  paragraph per line; blank lines between paragraphs are allowed.
* Markdown (``.md``) with YAML front matter: ``title``, optional
  ``standfirst``, ``date`` (YYYY-MM-DD), ``source``, ``url``, ``author``.

Offsets are kept relative to the text exactly as
``open(path, encoding="utf-8").read()`` returns it (universal newlines), so a
mention's ``text == file_text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import SeedError
from generator.model import Sentence, Source

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
SEED_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES
FRONT_MATTER_FIELDS = {"title", "standfirst", "date", "source", "url", "author"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so that we validate them (and name the field)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Discovery:
    """What a walk of the seeds folder found."""

    paths: tuple[Path, ...]  # seed files to read, sorted
    notes: tuple[str, ...]  # files skipped, one line each
    refused: tuple[SeedError, ...]  # files that can never be read (e.g. symlinks out)


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        relative = Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.startswith("..") else relative


def discover(seeds_dir: Path) -> Discovery:
    """Every seed file under `seeds_dir`, sorted, hidden files skipped."""
    if not seeds_dir.is_dir():
        raise SeedError(display_path(seeds_dir), "seeds folder not found; create it or pass --seeds DIR")
    root = seeds_dir.resolve()
    paths: list[Path] = []
    notes: list[str] = []
    refused: list[SeedError] = []
    for dirpath, dirnames, filenames in os.walk(seeds_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            path = Path(dirpath) / filename
            shown = display_path(path)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                refused.append(SeedError(shown, "symlink to a file outside the seeds folder; copy the file in instead"))
                continue
            if path.suffix.lower() not in SEED_SUFFIXES:
                notes.append(f"{shown}: ignored, not a seed file (use .txt or .md)")
                continue
            paths.append(path)
    return Discovery(tuple(sorted(paths)), tuple(notes), tuple(refused))


def decode(data: bytes, shown: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text the way Python's text mode reads them; a recorded fallback for legacy encodings."""
    if b"\x00" in data:
        raise SeedError(shown, "binary file, not text; save the article as UTF-8 text")
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "Latin-1"
        warnings = (
            f"{shown}: not UTF-8 (byte {error.start}); read as {encoding}, "
            f"offsets refer to that decoding; re-save the file as UTF-8",
        )
    # Universal newlines, as open(..., encoding="utf-8").read() does.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def read_source(path: Path, shown: str | None = None) -> Source:
    """Read one seed file or raise `SeedError` naming the file and the fix."""
    shown = shown or display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SeedError(shown, f"cannot be read ({error.strerror or error})") from error
    text, warnings = decode(data, shown)
    if not text.strip():
        raise SeedError(shown, "file is empty; put the headline on line 1 and paragraphs below it")
    if path.suffix.lower() in MARKDOWN_SUFFIXES and _starts_with_front_matter(text):
        return _read_markdown(text, shown, warnings)
    return _read_plain(text, shown, warnings, "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text")


def _lines_with_offsets(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    offset = start
    for line in text[start:].split("\n"):
        yield offset, line
        offset += len(line) + 1


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str, start: int) -> tuple[Sentence, ...]:
    out = []
    for offset, line in _lines_with_offsets(text, start):
        s, e = _strip_span(text, offset, offset + len(line))
        if s < e:
            out.append(Sentence(s, e, text[s:e]))
    return tuple(out)


def _read_plain(text: str, shown: str, warnings: tuple[str, ...], fmt: str) -> Source:
    lines = list(_lines_with_offsets(text))
    # The headline is the first non-blank line (a BOM is not part of it).
    index = 0
    while index < len(lines) and not lines[index][1].strip(" \t\ufeff"):
        index += 1
    title_offset, title_line = lines[index]
    t_start, t_end = _strip_span(text, title_offset, title_offset + len(title_line))
    if text[t_start] == "\ufeff":
        t_start, t_end = _strip_span(text, t_start + 1, t_end)
    title = " ".join(text[t_start:t_end].split())
    standfirst = None
    standfirst_start = None
    body_index = index + 1
    if body_index < len(lines):
        offset, line = lines[body_index]
        if line.strip():
            s, e = _strip_span(text, offset, offset + len(line))
            standfirst, standfirst_start = " ".join(text[s:e].split()), s
        body_index += 1
    body_start = lines[body_index][0] if body_index < len(lines) else len(text)
    paragraphs = _paragraphs(text, body_start)
    if not paragraphs:
        raise SeedError(shown, "has a headline but no body text; put paragraphs on the lines after the standfirst")
    if len(title) > 300:
        raise SeedError(shown, f"headline is {len(title)} characters long; line 1 must be the headline (at most 300 characters)")
    return Source(
        path=shown, text=text, title=title, standfirst=standfirst, date=None,
        body_start=body_start, paragraphs=paragraphs, title_start=t_start,
        standfirst_start=standfirst_start, format=fmt, warnings=warnings,
    )


def _starts_with_front_matter(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---\n")


def _read_markdown(text: str, shown: str, warnings: tuple[str, ...]) -> Source:
    head_start = text.index("---\n") + 4
    closing = re.search(r"^(---|\.\.\.)[ \t]*$", text[head_start:], flags=re.MULTILINE)
    if closing is None:
        raise SeedError(shown, "front matter is not closed; end it with a line containing only ---")
    raw = text[head_start : head_start + closing.start()]
    body_start = head_start + closing.end() + 1
    try:
        meta = yaml.load(raw, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise SeedError(shown, f"front matter is not valid YAML{where}; quote values that contain ': ' or '#'") from error
    if not isinstance(meta, dict):
        raise SeedError(shown, "front matter must be a mapping of fields such as 'title: ...'")
    for key, value in meta.items():
        if key in FRONT_MATTER_FIELDS and key != "date" and value is not None and not isinstance(value, str):
            raise SeedError(shown, f"front matter field '{key}' must be text, not {type(value).__name__}; quote it")
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise SeedError(shown, "front matter has no 'title'; add 'title: Your headline'")
    date = _parse_date(meta.get("date"), shown)
    paragraphs = _paragraphs(text, min(body_start, len(text)))
    if not paragraphs:
        raise SeedError(shown, "has front matter but no body text; write the article below the closing ---")
    standfirst = " ".join(str(meta.get("standfirst") or "").split()) or None
    extra = tuple((k, " ".join(str(meta[k]).split())) for k in ("source", "url", "author") if meta.get(k))
    return Source(
        path=shown, text=text, title=title, standfirst=standfirst, date=date,
        body_start=min(body_start, len(text)), paragraphs=paragraphs, title_start=0,
        standfirst_start=None, format="markdown", meta=extra, warnings=warnings,
    )


def _parse_date(value: object, shown: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise SeedError(shown, f"front matter field 'date' is {value!r}; write it as YYYY-MM-DD")
