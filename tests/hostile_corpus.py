"""The hostile corpus: a project made from tests/fixtures/hostile_corpus/ plus the
files that are made at test time, the expected outcome of every file, the CLI run
in-process, and an audit of built HTML pages for anything that could run script.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.conftest import ROOT, make_project

CORPUS = ROOT / "tests" / "fixtures" / "hostile_corpus"
EXPECTED_FILE = ROOT / "tests" / "fixtures" / "hostile_corpus.yaml"
HARMLESS = "harmless.txt"

# Made by `make_corpus_project`; their display names (as the build prints them) → outcome.
MADE_AT_TEST_TIME = {
    "binary.txt": {"line": "seeds/binary.txt: binary file, not text; save the article as UTF-8 text"},
    "huge-20mb.txt": {"line": "seeds/huge-20mb.txt: is 20,000,000 bytes, more than the 1,000,000 bytes one article may have; split it into several files"},
    "one-5mb-line.txt": {"line": "seeds/one-5mb-line.txt: is 5,000,000 bytes, more than the 1,000,000 bytes one article may have; split it into several files"},
    "long-line.txt": {"page": "one-very-long-paragraph-line"},  # a 57 kB line under the limit
    "link-out.txt": {"line": "seeds/link-out.txt: symlink to a file outside the seeds folder; copy the file in instead"},
    "link-passwd.txt": {"line": "seeds/link-passwd.txt: symlink to a file outside the seeds folder; copy the file in instead"},
    "link-dangling.txt": {"line": "seeds/link-dangling.txt: symlink to a file that does not exist; remove the link or restore its target"},
    "link-loop-a.txt": {"line": "seeds/link-loop-a.txt: symlink that loops back on itself; remove the link"},
    "link-loop-b.txt": {"line": "seeds/link-loop-b.txt: symlink that loops back on itself; remove the link"},
    "link-inside.txt": {"page": "windows-line-endings-106180"},  # a second copy of crlf.txt
    "linked-folder-out": {"line": "seeds/linked-folder-out: symlink to a folder outside the seeds folder; copy the folder in instead"},
    "linked-folder-in": {"line": "seeds/linked-folder-in: ignored, a symlink to a folder inside the seeds folder"},
    "pipe.txt": {"line": "seeds/pipe.txt: not a regular file (a pipe, socket or device); put the article in a plain file"},
    "name\\nwith-newline.txt": {"page": "a-file-name-with-a-newline"},
    "caf\\xe9-latin1-name.txt": {"page": "a-file-name-that-is-not-utf-8"},
}


def expected_outcomes() -> dict[str, dict]:
    """Display name relative to seeds/ → {"page": id} and/or {"line": exact line}."""
    committed = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    return {**{name: dict(outcome or {}) for name, outcome in committed.items()}, **MADE_AT_TEST_TIME}


def committed_files() -> list[str]:
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())


def make_corpus_project(tmp: Path) -> Path:
    """tmp/project with the corpus as seeds/, the odd files added; tmp/outside* are link targets."""
    project = make_project(tmp / "project", CORPUS)
    seeds = project / "seeds"
    (seeds / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    line = b"Words and more words, all on one line. "
    (seeds / "huge-20mb.txt").write_bytes(b"A huge article\n\n" + (line * (20_000_000 // len(line) + 1))[: 20_000_000 - 16])
    (seeds / "one-5mb-line.txt").write_bytes((line * (5_000_000 // len(line) + 1))[:5_000_000])
    (seeds / "long-line.txt").write_text("One very long paragraph line\n\n" + "The talks went on. " * 3000 + "\n", encoding="utf-8")
    (tmp / "outside.txt").write_text("Outside\n\nA file outside the seeds folder.\n", encoding="utf-8")
    (seeds / "link-out.txt").symlink_to(tmp / "outside.txt")
    (seeds / "link-passwd.txt").symlink_to("../../../../../../../../etc/passwd")
    (seeds / "link-dangling.txt").symlink_to("does-not-exist.txt")
    (seeds / "link-loop-a.txt").symlink_to("link-loop-b.txt")
    (seeds / "link-loop-b.txt").symlink_to("link-loop-a.txt")
    (seeds / "link-inside.txt").symlink_to("crlf.txt")
    (tmp / "outside-folder").mkdir()
    (tmp / "outside-folder" / "article.txt").write_text("Outside folder\n\nNot to be read.\n", encoding="utf-8")
    (seeds / "linked-folder-out").symlink_to(tmp / "outside-folder")
    (seeds / "linked-folder-in").symlink_to("subfolder")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "name\nwith-newline.txt").write_text("A file name with a newline\n\nIts body.\n", encoding="utf-8")
    (seeds / os.fsdecode(b"caf\xe9-latin1-name.txt")).write_text("A file name that is not UTF-8\n\nIts body.\n", encoding="utf-8")
    return project


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """The problem lines (the extraction cache's count of reused articles is not one)."""
        return [line for line in self.stderr.splitlines() if not line.startswith("extraction cache ")]


def run_cli(project: Path, *args: str) -> CliRun:
    """`briefing ARGS` in `project`, in this process (the spaCy model is loaded once per session)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliRun(code, out.getvalue(), err.getvalue())


def snapshot(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every path under `root` (symlinks not followed): files with their bytes and mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in dirnames + filenames:
            path = here / name
            if path in skip:
                continue
            info = path.lstat()
            if path.is_symlink():
                out[str(path)] = ("link", os.readlink(path))
            elif path.is_dir():
                out[str(path)] = ("dir",)  # its mtime changes when docs/ or site/ appear in it
            elif path.is_file() and not path.name.startswith(("huge", "one-5mb")):
                out[str(path)] = ("file", path.read_bytes(), info.st_mtime_ns)
            else:
                out[str(path)] = ("other", info.st_mode, info.st_size, info.st_mtime_ns)
    return out


# --- HTML audit ---------------------------------------------------------------

# Elements that run or embed code, or change where the page's URLs go.
EXECUTABLE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "template", "noscript"}
# What our templates put inside the article (Markdown of headings, lists, links, quotes).
CONTENT_ELEMENTS = {"h1", "h2", "p", "ul", "li", "a", "em", "strong", "blockquote"}
URL_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Audit:
    scripts: list[tuple[str, str]] = field(default_factory=list)  # ("src", url) or ("inline", text)
    problems: list[str] = field(default_factory=list)
    content_tags: set[str] = field(default_factory=set)
    content_hrefs: list[str] = field(default_factory=list)
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self, audit: Audit) -> None:
        super().__init__(convert_charrefs=True)
        self.audit = audit
        self.stack: list[str] = []
        self.content_depth: int | None = None  # stack depth of <article>, when inside it
        self.script: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return  # void elements: no end tag
        if tag == "article" and self.content_depth is None:
            self.content_depth = len(self.stack)
        self.stack.append(tag)
        if tag == "script":
            src = dict(attrs).get("src")
            if src is not None:
                self.audit.scripts.append(("src", src))
            else:
                self.script = []

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def _element(self, tag, attrs):
        audit = self.audit
        inside = self.content_depth is not None and tag != "article"
        if inside:
            audit.content_tags.add(tag)
        if tag in EXECUTABLE_ELEMENTS - {"script"}:
            audit.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                audit.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("srcdoc", "formaction", "action", "style") and inside:
                audit.problems.append(f"{name}={value!r} on <{tag}> in the article")
            if value and URL_SCHEMES.match(INVISIBLE.sub("", value)):
                audit.problems.append(f"executable URL {name}={value!r} on <{tag}>")
            if inside and tag == "a" and name == "href":
                audit.content_hrefs.append(value or "")
        attrs_dict = dict(attrs)
        if tag == "meta" and attrs_dict.get("http-equiv", "").lower() == "refresh":
            audit.problems.append("<meta http-equiv=refresh>")
        if tag == "meta" and attrs_dict.get("name"):
            audit.meta[attrs_dict["name"]] = attrs_dict.get("content") or ""

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.audit.scripts.append(("inline", "".join(self.script)))
            self.script = None
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        if self.content_depth is not None and len(self.stack) <= self.content_depth:
            self.content_depth = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)
        elif not self.stack or self.stack[-1] != "style":
            self.text.append(data)


def audit_html(html: str) -> Audit:
    audit = Audit()
    parser = _Parser(audit)
    parser.feed(html)
    parser.close()
    audit.text = " ".join(" ".join(parser.text).split())
    return audit


def visible(text: str) -> str:
    """Text as it must appear on the page: whitespace runs as one space.

    Python-Markdown deletes STX and ETX (\\x02, \\x03: its own placeholder marks) from
    its input, so that text cannot fake a placeholder; they are invisible anyway.
    """
    return " ".join(text.replace("\x02", "").replace("\x03", "").split())
