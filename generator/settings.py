"""One settings object, built by the CLI and passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path = Path("seeds")
    out_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    templates_dir: Path = Path("templates")
    config_file: Path = Path("mkdocs.yml")
    overrides_file: Path = Path("entities.yml")  # the editor's entity corrections; optional
    strict: bool = False
    progress: bool = True
    cache_dir: Path | None = None  # extraction cache folder; None: no cache (the CLI default is .cache/extract)
    render_cache_dir: Path | None = None  # render cache folder; None: none (the CLI default is .cache/render)
    jobs: int = 1  # extraction processes (the CLI default is every core)
