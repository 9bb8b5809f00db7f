"""What a project folder holds besides the generated pages (used by the benchmarks and the tests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

# The hand-written part of docs/ in a fresh clone: pages, the world outline, our scripts and styles.
HAND_WRITTEN_DOCS = ("about.md", "intro.md", "images", "javascripts", "stylesheets")


def copy_hand_written_docs(source: Path, target: Path, names: Iterable[str] = HAND_WRITTEN_DOCS) -> Path:
    """A docs folder `target` holding only the hand-written files `names` of the docs folder `source`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target
