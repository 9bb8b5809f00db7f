"""Stage 5: write the rendered pages into the docs folder, all or nothing.

The generator owns exactly the files listed in its manifest
(``docs/.briefing-manifest.json``); hand-written pages are never changed or
deleted, and nothing is ever written outside the docs folder.

A write is a small transaction, so that a build killed or failing half-way
leaves the previous pages complete:

1. **stage**: every page whose bytes changed, and the new manifest, are written
   into ``docs/.briefing-staging/files/``. Unchanged pages are not touched (they
   keep their bytes and mtime). A kill or error here leaves ``docs/`` exactly as
   it was; the leftover staging folder is removed by the next run.
2. **commit**: ``docs/.briefing-staging/journal.json`` is written (atomically)
   listing the pages to move in and the stale pages to remove.
3. **apply**: the staged files are renamed into place (same filesystem, so each
   rename is atomic and nothing is copied), stale pages are removed, the
   manifest goes last, then the staging folder is deleted. Ctrl-C and SIGTERM
   wait until this short step is over. If the process dies anyway, the next run
   finds the journal and finishes the step before doing anything else.

Only the journal is fsynced, not every page (that would cost seconds on a big
site), so the guarantee is for a killed or failing process, not for a power cut.

The staging folder lives inside ``docs/``: the same filesystem (a rename, never
a copy), nothing outside the output folder, and MkDocs skips dot-folders, so a
leftover never reaches the site.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import ConfigError
from generator.render import Page

MANIFEST = ".briefing-manifest.json"
STAGING = ".briefing-staging"
JOURNAL = "journal.json"
_FILES = "files"


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def _target(out_dir: Path, relative: str) -> Path:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or not pure.parts or any(part in ("..", ".") or part.startswith(".") for part in pure.parts):
        raise ConfigError(f"refusing to write {relative!r}: outside the output folder or a hidden name")
    if "\\" in relative or ":" in relative:
        raise ConfigError(f"refusing to write {relative!r}: not a plain relative path")
    target = out_dir.joinpath(*pure.parts)
    if not target.resolve().is_relative_to(out_dir.resolve()):
        raise ConfigError(f"refusing to write {relative!r}: it resolves outside {out_dir}")
    return target


def _targets(out_dir: Path, relatives: list[str]) -> dict[str, Path]:
    """`_target` of many pages, each folder resolved once: a plain path (no empty, dot or hidden
    part, no backslash or colon) in a folder that resolves inside out_dir stays inside unless the
    page itself is a symlink, which is then resolved in full. Anything else goes through `_target`."""
    root = str(out_dir.resolve())
    base = str(out_dir)
    folders: dict[str, bool] = {}  # folder → it resolves inside out_dir
    out: dict[str, Path] = {}
    for relative in relatives:
        if "\\" in relative or ":" in relative or any(not part or part[0] == "." for part in relative.split("/")):
            out[relative] = _target(out_dir, relative)  # refused, with the reason
            continue
        folder = os.path.dirname(relative)
        if folder not in folders:
            real = os.path.realpath(os.path.join(base, folder)) if folder else root
            folders[folder] = real == root or real.startswith(root + os.sep)
        path = os.path.join(base, relative)
        if not folders[folder] or os.path.islink(path):
            out[relative] = _target(out_dir, relative)
        else:
            out[relative] = Path(path)
    return out


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


def _write_atomic(target: Path, data: bytes, sync: bool = False) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the docs folder is shared and published
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stage_file(staging: Path, relative: str, data: bytes) -> None:
    """One page into the staging folder (a plain write: the folder is ours and discarded on failure)."""
    path = staging.joinpath(_FILES, *PurePosixPath(relative).parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def write_pages(out_dir: Path, pages: list[Page]) -> WriteReport:
    """Make the generated pages in `out_dir` exactly `pages`, as one transaction (see the module doc)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        recover(out_dir)
        return _write(out_dir, pages)


def _write(out_dir: Path, pages: list[Page]) -> WriteReport:
    owned = read_manifest(out_dir)
    targets = _targets(out_dir, [page.path for page in pages])
    if len(targets) < len(pages):
        twice = next(p for p, n in Counter(page.path for page in pages).items() if n > 1)
        raise ConfigError(f"two pages would be written to {twice}; this is a bug in briefing, please report it")
    for page in pages:
        target = targets[page.path]
        if page.path not in owned and (target.exists() or target.is_symlink()):
            raise ConfigError(
                f"{target}: exists but was not written by briefing; move it, "
                "or remove it to let briefing generate it"
            )
    seen = set(targets)
    changed: list[tuple[str, bytes]] = []
    for page in pages:
        data = page.content.encode("utf-8")
        if _current_bytes(targets[page.path]) != data:
            changed.append((page.path, data))
    stale = [path for path in sorted(owned - seen) if _owned_file(out_dir, path)]
    manifest = (json.dumps({"generator": "briefing", "files": sorted(seen)}, indent=1) + "\n").encode("utf-8")
    unchanged = len(pages) - len(changed)
    if not changed and not stale and _current_bytes(out_dir / MANIFEST) == manifest:
        return WriteReport(0, unchanged, 0)

    staging = out_dir / STAGING
    try:
        staging.mkdir()
        for relative, data in changed:
            _stage_file(staging, relative, data)
        _stage_file(staging, MANIFEST, manifest)
        journal = {"generator": "briefing", "write": [relative for relative, _ in changed], "remove": stale}
        _write_atomic(staging / JOURNAL, (json.dumps(journal, indent=1) + "\n").encode("utf-8"), sync=True)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise ConfigError(
                f"{out_dir}: cannot write the pages ({error.strerror or error}); nothing was changed; "
                "free some space or fix the folder's permissions and run again"
            ) from error
        raise
    removed = _apply(out_dir, staging, journal)
    return WriteReport(len(changed), unchanged, removed)


def _owned_file(out_dir: Path, relative: str) -> bool:
    """A page listed in the manifest that is still there (a damaged entry is never followed)."""
    try:
        return _target(out_dir, relative).is_file()
    except ConfigError:
        return False


def _apply(out_dir: Path, staging: Path, journal: dict) -> int:
    """`_move_into_place` with Ctrl-C held back, and an error that says what to do."""
    with _signals_deferred():
        try:
            return _move_into_place(out_dir, staging, journal)
        except OSError as error:
            raise ConfigError(
                f"{error.filename or out_dir}: cannot move the new pages into place ({error.strerror or error}); "
                "fix this and run again: the next run finishes the update"
            ) from error


def _move_into_place(out_dir: Path, staging: Path, journal: dict) -> int:
    """Move the staged pages into place and remove stale ones; safe to run again after a crash."""
    files = staging / _FILES
    for relative in journal["write"]:
        source = files.joinpath(*PurePosixPath(relative).parts)
        if source.is_file():  # otherwise moved already, before a crash
            target = _target(out_dir, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    removed = 0
    for relative in journal["remove"]:
        target = _target(out_dir, relative)
        if target.is_file():
            target.unlink()
            removed += 1
        prune_empty_dirs(target.parent, out_dir)
    manifest = files / MANIFEST
    if manifest.is_file():
        os.replace(manifest, out_dir / MANIFEST)
    (staging / JOURNAL).unlink()  # the transaction is over
    shutil.rmtree(staging)
    return removed


def recover(out_dir: Path) -> str | None:
    """Finish or discard a write that a killed run left behind. Returns what was done, or None."""
    staging = out_dir / STAGING
    if not staging.exists() and not staging.is_symlink():
        return None
    if staging.is_symlink() or not staging.is_dir():
        raise ConfigError(f"{staging}: not a folder briefing made; remove it and run again")
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        valid = isinstance(journal, dict) and all(
            isinstance(journal.get(key), list) and all(isinstance(p, str) for p in journal[key]) for key in ("write", "remove")
        )
    except (OSError, ValueError):
        valid = False
    if not valid:  # killed before the commit: docs/ was never touched
        shutil.rmtree(staging)
        return "discarded"
    _apply(out_dir, staging, journal)
    return "completed"


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One writer per docs folder: a second run fails instead of discarding the first one's staging."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise ConfigError(f"{out_dir}: another briefing run is writing here; wait for it to finish") from error
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP wait until the block is over, then act as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is None:  # not set from Python: leave it alone
            continue
        previous[number] = signal.signal(number, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            signal.raise_signal(received[0])


def prune_empty_dirs(directory: Path, root: Path) -> None:
    """Remove `directory` and its parents while they are empty, stopping at `root` (kept)."""
    root = root.resolve()
    directory = directory.resolve()
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
