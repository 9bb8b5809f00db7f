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
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml.constructor

from generator.errors import SeedError
from generator.model import Sentence, Source

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
SEED_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES
FRONT_MATTER_FIELDS = {"title", "standfirst", "date", "source", "url", "author"}
MAX_HEADLINE_CHARACTERS = 300
# A long news article is ~100 kB; extraction takes about a minute and ~2 GB of memory per
# megabyte of text (measured: 1 MB, 147k words, 60 s, 1.9 GB RSS), so larger files are refused.
MAX_ARTICLE_BYTES = 1_000_000
# A file without a headline line: its first paragraph gives the headline (see headline_from).
HEADLESS_TITLE_CHARACTERS = 150
MIN_PARAGRAPH_WORDS = 8
_CLOSERS = "\"'”’)]"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?](?=[\"'”’)\]]*\s+[\"'“‘(\[]?[A-Z0-9])")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPENING = re.compile(r"\A\ufeff?---[ \t]*\n")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


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
    """The path as the user should see it: relative to the working directory when inside it.

    Always one printable line of valid UTF-8: control characters (a newline in a file
    name) and bytes that are not UTF-8 are written as escapes (``\\n``, ``\\xe9``).
    """
    try:
        relative = Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        relative = ".."
    shown = path.as_posix() if relative.startswith("..") else relative
    return _UNPRINTABLE.sub(_escape_character, shown)


def _escape_character(match: re.Match) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        try:  # a byte of the file name that is not UTF-8, kept by os.fsdecode
            return "".join(f"\\x{b:02x}" for b in os.fsencode(char))
        except UnicodeEncodeError:
            return f"\\u{ord(char):04x}"
    return char.encode("unicode_escape").decode("ascii")


def discover(seeds_dir: Path) -> Discovery:
    """Every seed file under `seeds_dir`, sorted, hidden files skipped.

    Symlinks are followed only when they stay inside the seeds folder; folders
    reached through a symlink are not walked (a link back up would loop).
    """
    if not seeds_dir.is_dir():
        raise SeedError(display_path(seeds_dir), "seeds folder not found; create it or pass --seeds DIR")
    root = seeds_dir.resolve()
    paths: list[Path] = []
    notes: list[str] = []
    refused: list[SeedError] = []
    for dirpath, dirnames, filenames in os.walk(seeds_dir):
        for dirname in sorted(dirnames):
            path = Path(dirpath) / dirname
            if dirname.startswith(".") or not path.is_symlink():
                continue
            problem = _link_problem(path, root)
            if problem:
                refused.append(SeedError(display_path(path), problem.replace("file", "folder")))
            else:
                notes.append(f"{display_path(path)}: ignored, a symlink to a folder inside the seeds folder")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            path = Path(dirpath) / filename
            shown = display_path(path)
            if path.is_symlink():
                problem = _link_problem(path, root)
                if problem:
                    refused.append(SeedError(shown, problem))
                    continue
            if path.suffix.lower() not in SEED_SUFFIXES:
                notes.append(f"{shown}: ignored, not a seed file (use .txt or .md)")
                continue
            paths.append(path)
    return Discovery(tuple(sorted(paths)), tuple(notes), tuple(refused))


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symlink in the seeds folder cannot be followed, or None when it can."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "symlink to a file that does not exist; remove the link or restore its target"
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return "symlink that loops back on itself; remove the link"
    if not target.is_relative_to(root):
        return "symlink to a file outside the seeds folder; copy the file in instead"
    return None


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
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
            raise SeedError(shown, "not a regular file (a pipe, socket or device); put the article in a plain file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise SeedError(shown, _too_large(info.st_size))
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise SeedError(shown, f"cannot be read ({error.strerror or error}); check that the file exists and is readable") from error
    if len(data) > MAX_ARTICLE_BYTES:  # grew while being read, or stat() did not know its size
        raise SeedError(shown, _too_large(len(data)))
    text, warnings = decode(data, shown)
    if not text.replace("\ufeff", "").strip():
        raise SeedError(shown, "file is empty; put the headline on line 1 and paragraphs below it")
    if path.suffix.lower() in MARKDOWN_SUFFIXES and _OPENING.match(text):
        return _read_markdown(text, shown, warnings)
    return _read_plain(text, shown, warnings, "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text")


def _too_large(size: int) -> str:
    return f"is {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} bytes one article may have; split it into several files"


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


def _blank(line: str) -> bool:
    return not line.replace("\ufeff", "").strip()


def _read_plain(text: str, shown: str, warnings: tuple[str, ...], fmt: str) -> Source:
    lines = list(_lines_with_offsets(text))
    # The headline is the first non-blank line (a BOM is not part of it).
    index = 0
    while _blank(lines[index][1]):  # read_source refused text that is all blank
        index += 1
    title_offset, title_line = lines[index]
    t_start, t_end = _strip_span(text, title_offset, title_offset + len(title_line))
    while text[t_start] == "\ufeff":
        t_start, t_end = _strip_span(text, t_start + 1, t_end)
    title = " ".join(text[t_start:t_end].split())
    rest = [line for _, line in lines[index + 1 :] if not _blank(line)]
    if _reads_as_paragraph(title, alone=not rest):
        # No headline line: the text starts with its first paragraph ("An Australian climber who
        # ... escaped."). Every line is a paragraph; the headline shown is the first sentence.
        paragraphs = _paragraphs(text, title_offset)
        return Source(
            path=shown, text=text, title=headline_from(title), standfirst=None, date=None,
            body_start=t_start, paragraphs=paragraphs, title_start=t_start,
            standfirst_start=None, format=fmt, warnings=_one_line(shown, warnings),
        )
    if len(title) > MAX_HEADLINE_CHARACTERS:
        raise SeedError(
            shown, f"headline is {len(title):,} characters long; line 1 must be the headline "
            f"(at most {MAX_HEADLINE_CHARACTERS} characters)",
        )
    standfirst = None
    standfirst_start = None
    body_index = index + 1
    if body_index < len(lines):
        offset, line = lines[body_index]
        if not _blank(line):
            s, e = _strip_span(text, offset, offset + len(line))
            standfirst, standfirst_start = " ".join(text[s:e].split()), s
        body_index += 1
    body_start = lines[body_index][0] if body_index < len(lines) else len(text)
    paragraphs = _paragraphs(text, body_start)
    if not paragraphs:
        raise SeedError(shown, "has a headline but no body text; put paragraphs on the lines after the standfirst")
    return Source(
        path=shown, text=text, title=title, standfirst=standfirst, date=None,
        body_start=body_start, paragraphs=paragraphs, title_start=t_start,
        standfirst_start=standfirst_start, format=fmt, warnings=_one_line(shown, warnings),
    )


def _reads_as_paragraph(line: str, alone: bool) -> bool:
    """Is line 1 the article's first paragraph rather than its headline?

    Only when it cannot be a headline: longer than a headline may be, or the only line
    of the file, and in both cases written as prose, ending with a full stop (a headline
    rarely does). A short line alone ("Only a headline") is still a headline with no body.
    """
    if not _SENTENCE_END.search(line):
        return False
    if len(line) > MAX_HEADLINE_CHARACTERS:
        return True
    return alone and line.rstrip(_CLOSERS).endswith(".") and len(line.split()) >= MIN_PARAGRAPH_WORDS


def headline_from(paragraph: str) -> str:
    """The headline of an article without one: its first sentence, at most HEADLESS_TITLE_CHARACTERS."""
    cut = len(paragraph)
    for match in _SENTENCE_BREAK.finditer(paragraph):
        before = paragraph[: match.start()].rsplit(" ", 1)[-1].rstrip(".!?")
        # "Mr. Thorne", "U.S. forces", "Calif. man": a short capitalised word with a dot is an abbreviation.
        if before[:1].isupper() and len(before.replace(".", "")) <= 3:
            continue
        cut = match.start() + 1
        break
    first = paragraph[:cut].rstrip()
    if len(first) > HEADLESS_TITLE_CHARACTERS:
        first = first[: HEADLESS_TITLE_CHARACTERS].rsplit(" ", 1)[0].rstrip(",;:-–—") + "…"
    return first


def _one_line(shown: str, warnings: tuple[str, ...]) -> tuple[str, ...]:
    """All warnings about one file on one line: `seeds/FILE: reason; reason`."""
    if len(warnings) <= 1:
        return warnings
    prefix = f"{shown}: "
    return (prefix + "; ".join(w.removeprefix(prefix) for w in warnings),)


def _read_markdown(text: str, shown: str, warnings: tuple[str, ...]) -> Source:
    head_start = _OPENING.match(text).end()
    closing = re.search(r"^(---|\.\.\.)[ \t]*$", text[head_start:], flags=re.MULTILINE)
    if closing is None:
        raise SeedError(shown, "front matter is not closed; end it with a line containing only ---")
    raw = text[head_start : head_start + closing.start()]
    body_start = min(head_start + closing.end() + 1, len(text))
    meta = _load_front_matter(raw, shown)
    for key, value in meta.items():
        if key in FRONT_MATTER_FIELDS and key != "date" and value is not None and not isinstance(value, str):
            raise SeedError(shown, f"front matter field '{key}' must be text, not {_type_name(value)}; quote it")
    unknown = sorted(str(key) for key in meta if key not in FRONT_MATTER_FIELDS)
    if unknown:
        fields = ", ".join(f"'{_short(key)}'" for key in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        known = ", ".join(sorted(FRONT_MATTER_FIELDS))
        warnings += (f"{shown}: front matter field{'s' if len(unknown) > 1 else ''} {fields} ignored; the fields are {known}",)
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        raise SeedError(shown, "front matter has no 'title'; add 'title: Your headline'")
    if len(title) > MAX_HEADLINE_CHARACTERS:
        raise SeedError(shown, f"front matter field 'title' is {len(title):,} characters long; at most {MAX_HEADLINE_CHARACTERS}")
    date = _parse_date(meta.get("date"), shown)
    paragraphs = _paragraphs(text, body_start)
    if not paragraphs:
        raise SeedError(shown, "has front matter but no body text; write the article below the closing ---")
    standfirst = " ".join(str(meta.get("standfirst") or "").split()) or None
    extra = tuple((k, " ".join(str(meta[k]).split())) for k in ("source", "url", "author") if meta.get(k))
    return Source(
        path=shown, text=text, title=title, standfirst=standfirst, date=date,
        body_start=body_start, paragraphs=paragraphs, title_start=0,
        standfirst_start=None, format="markdown", meta=extra, warnings=_one_line(shown, warnings),
    )


def _load_front_matter(raw: str, shown: str) -> dict:
    try:
        meta = yaml.load(raw, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.constructor.ConstructorError as error:  # !!python/object and other tags
        raise SeedError(
            shown, f"front matter has a YAML tag that is not allowed{_where(error)}; remove the '!' tag or quote the value",
        ) from error
    except yaml.YAMLError as error:
        raise SeedError(shown, f"front matter is not valid YAML{_where(error)}; quote values that contain ': ' or '#'") from error
    if meta is None:
        raise SeedError(shown, "front matter is empty; add 'title: Your headline'")
    if not isinstance(meta, dict):
        raise SeedError(shown, f"front matter must be a mapping of fields such as 'title: ...', not {_type_name(meta)}")
    return meta


def _where(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f" (line {mark.line + 2})" if mark is not None else ""  # +1: counted from 1, +1: the opening ---


def _type_name(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__,
    )


def _short(value: object, limit: int = 40) -> str:
    """A value for an error message: one line, at most `limit` characters."""
    text = _UNPRINTABLE.sub(_escape_character, str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    raise SeedError(shown, f"front matter field 'date' is {_short(repr(value))}; write it as YYYY-MM-DD")
