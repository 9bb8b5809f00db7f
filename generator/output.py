"""Stage 5: write the rendered pages into the docs folder.

The generator owns exactly the files listed in its manifest
(``docs/.briefing-manifest.json``); hand-written pages are never changed or
deleted. Pages whose bytes did not change are not rewritten (their mtime
stays), each write goes to a temporary file first and is renamed into place,
and nothing is ever written outside the docs folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import ConfigError
from generator.render import Page

MANIFEST = ".briefing-manifest.json"


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def _target(out_dir: Path, relative: str) -> Path:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ConfigError(f"refusing to write {relative!r}: outside the output folder")
    target = out_dir.joinpath(*pure.parts)
    if not target.resolve().is_relative_to(out_dir.resolve()):
        raise ConfigError(f"refusing to write {relative!r}: it resolves outside {out_dir}")
    return target


def read_manifest(out_dir: Path) -> set[str]:
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {p for p in data.get("files", []) if isinstance(p, str)}
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, AttributeError):
        # A damaged manifest: we cannot know what we own, so we delete nothing.
        return set()


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(out_dir: Path, pages: list[Page]) -> WriteReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(out_dir)
    new = {page.path for page in pages}
    for page in pages:
        target = _target(out_dir, page.path)
        if page.path not in owned and target.exists():
            raise ConfigError(
                f"{target}: exists but was not written by briefing; move it, "
                "or remove it to let briefing generate it"
            )
    written = unchanged = 0
    for page in pages:
        target = _target(out_dir, page.path)
        data = page.content.encode("utf-8")
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _write_atomic(target, data)
        written += 1
    removed = 0
    for stale in sorted(owned - new):
        target = _target(out_dir, stale)
        if target.is_file():
            target.unlink()
            removed += 1
        _prune_empty_dirs(target.parent, out_dir)
    manifest = json.dumps({"generator": "briefing", "files": sorted(new)}, indent=1) + "\n"
    _write_atomic(out_dir / MANIFEST, manifest.encode("utf-8"))
    return WriteReport(written, unchanged, removed)


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    root = root.resolve()
    directory = directory.resolve()
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
