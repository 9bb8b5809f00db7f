"""`briefing serve`: a live preview.

Two loops, each doing one job. A watcher thread polls the inputs MkDocs does not
know about (seeds/, templates/, the hand-written intro and mkdocs.yml's feed
settings) and regenerates docs/ when one changes; MkDocs' own development
server watches docs/, rebuilds the site and reloads every open browser tab.
Because unchanged pages are never rewritten, one new article touches only the
pages it changes, and MkDocs rebuilds once.

Polling (not inotify) keeps it working on network and container filesystems;
a snapshot of a seeds folder of thousands of files costs milliseconds.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.errors import BriefingError, ConfigError
from generator.settings import Settings

POLL_SECONDS = 1.0

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: list[Path]) -> Snapshot:
    """(mtime, size) of every file at or below the given paths; missing paths give nothing."""
    state: Snapshot = {}
    for root in paths:
        if root.is_file():
            candidates = [root]
        elif root.is_dir():
            candidates = [p for p in root.rglob("*") if p.is_file()]
        else:
            continue
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next poll sees it gone
                continue
            state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


class InputWatcher(threading.Thread):
    """Calls `regenerate` after any file below `paths` is added, changed or removed."""

    def __init__(self, paths: list[Path], regenerate: Callable[[], None], interval: float = POLL_SECONDS) -> None:
        super().__init__(name="briefing-watch", daemon=True)
        self.paths = paths
        self.regenerate = regenerate
        self.interval = interval
        self.stopped = threading.Event()
        self.last = snapshot(paths)

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            now = snapshot(self.paths)
            if now == self.last:
                continue
            self.last = now
            try:
                self.regenerate()
            except BriefingError as error:  # a bad template or config: say so, keep serving the last good pages
                print(f"briefing: {error}", file=sys.stderr, flush=True)
            except Exception as error:  # noqa: BLE001 - the preview must outlive one bad edit
                print(f"briefing: regeneration failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        self.stopped.set()


def watched_inputs(settings: Settings, intro_page: str) -> list[Path]:
    return [settings.seeds_dir, settings.templates_dir, settings.out_dir / intro_page, settings.config_file]


def _show_mkdocs_log() -> None:
    """MkDocs' server reports through logging (its own CLI sets this up; we call its API)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_briefing", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._briefing = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(settings: Settings, regenerate: Callable[[], None], dev_addr: str, open_browser: bool = False) -> None:
    """Serve the site at dev_addr until interrupted, regenerating docs/ from the inputs as they change."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import ConfigurationError

    from generator.pipeline import INTRO_PAGE

    if not settings.config_file.is_file():
        raise ConfigError(f"{settings.config_file}: not found; run briefing from the project folder or pass --config")
    watcher = InputWatcher(watched_inputs(settings, INTRO_PAGE), regenerate)
    watcher.start()
    _show_mkdocs_log()
    try:
        # Not strict while previewing: a warning is shown and the page still served.
        mkdocs_serve(
            config_file=str(settings.config_file), livereload=True, watch_theme=True, open_in_browser=open_browser,
            dev_addr=dev_addr, docs_dir=str(settings.out_dir.resolve()), strict=False,
        )
    except ConfigurationError as error:
        raise ConfigError(f"{settings.config_file}: {error}") from error
    finally:
        watcher.stop()
