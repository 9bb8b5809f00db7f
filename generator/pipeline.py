"""The whole generate step: read → extract → index → render → write.

Everything is gathered first and written last, so a failure before the write
phase leaves the docs folder as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError, SeedError
from generator.export import EXPORT_PATH, export_json
from generator.model import Article, SiteIndex, Source
from generator.overrides import Overrides, parse_overrides
from generator.output import WriteReport, write_pages
from generator.settings import Settings
from generator.site import read_site_config
from generator.sources import discover, read_source

INTRO_PAGE = "intro.md"  # hand-written, shown at the top of the home page


@dataclass(frozen=True)
class GenerateResult:
    index: SiteIndex
    report: WriteReport | None  # None: nothing written (--strict with problems)
    refused: tuple[SeedError, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    seconds: float


def read_sources(paths: list[Path]) -> tuple[list[Source], list[SeedError]]:
    sources, refused = [], []
    for path in paths:
        try:
            sources.append(read_source(path))
        except SeedError as error:
            refused.append(error)
    return sources, refused


def extract_all(sources: list[Source], progress: Callable[[int, int, str], None] | None = None) -> list[Article]:
    from generator.extract import Extractor

    if not sources:
        return []
    extractor = Extractor()
    articles = []
    for done, article in enumerate(extractor.extract(sources), start=1):
        articles.append(article)
        if progress is not None:
            progress(done, len(sources), article.source.path)
    return articles


MAX_DUPLICATE_NOTES = 20


def duplicate_notes(possible: tuple[str, ...]) -> tuple[str, ...]:
    """Joins entity resolution left undecided, for the build log (the first few, then a count)."""
    notes = [f"possible duplicate: {text}; decide in entities.yml" for text in possible[:MAX_DUPLICATE_NOTES]]
    if len(possible) > MAX_DUPLICATE_NOTES:
        notes.append(f"… and {len(possible) - MAX_DUPLICATE_NOTES} more possible duplicates")
    return tuple(notes)


def read_overrides(path: Path) -> Overrides:
    """entities.yml when the project has one; no corrections otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Overrides(path=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error}); fix or remove the file") from error
    return parse_overrides(text, str(path))


def generate(settings: Settings, progress: Callable[[int, int, str], None] | None = None) -> GenerateResult:
    from generator.index import build_index
    from generator.render import Page, Renderer

    started = time.perf_counter()
    found = discover(settings.seeds_dir)
    sources, refused = read_sources(list(found.paths))
    refused = list(found.refused) + refused
    articles = extract_all(sources, progress)
    index = build_index(articles, read_overrides(settings.overrides_file))
    intro_path = settings.out_dir / INTRO_PAGE
    intro = intro_path.read_text(encoding="utf-8") if intro_path.is_file() else ""
    site = read_site_config(settings.config_file)
    pages = Renderer(settings.templates_dir).pages(index, intro=intro, site=site)
    pages.append(Page(EXPORT_PATH, export_json(index)))
    warnings = tuple(w for s in sources for w in s.warnings) + index.warnings
    # Under --strict a refused file or a warning stops the build before anything is written.
    report = None if settings.strict and (refused or warnings) else write_pages(settings.out_dir, pages)
    return GenerateResult(
        index=index, report=report, refused=tuple(sorted(refused, key=lambda e: e.path)),
        warnings=warnings, notes=found.notes + duplicate_notes(index.possible_duplicates), seconds=time.perf_counter() - started,
    )
