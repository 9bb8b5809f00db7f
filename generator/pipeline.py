"""The whole generate step: read → extract → index → render → write.

Everything is gathered first and written last, so a failure before the write
phase leaves the docs folder as it was.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ConfigError, SeedError
from generator.export import EXPORT_PATH, export_json
from generator.model import Article, SiteIndex, Source
from generator.overrides import Overrides, parse_overrides
from generator.output import WriteReport, write_pages
from generator.pagememo import PageMemo, page_key
from generator.render import Page
from generator.render_cache import RUN_COUNTS
from generator.settings import Settings
from generator.site import SiteConfig, read_site_config
from generator.sources import discover, read_source

if TYPE_CHECKING:
    from generator.extract.cache import ExtractionCache
    from generator.render_cache import RenderCache

INTRO_PAGE = "intro.md"  # hand-written, shown at the top of the home page


@dataclass(frozen=True)
class GenerateResult:
    index: SiteIndex | None  # None when nothing changed since the last run (its pages were taken as they are)
    report: WriteReport | None  # None: nothing written (--strict with problems)
    refused: tuple[SeedError, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    seconds: float
    cached: int = 0  # articles taken from the extraction cache
    reused: int = 0  # pages taken unchanged from the last run (render cache)
    timings: dict = field(default_factory=dict, compare=False)  # seconds per stage: read, extract, index, render, write
    extracted_words: int = 0  # words of the articles extracted (not taken from the cache)
    counts: dict = field(default_factory=dict, compare=False)  # articles, actors, locations on the site


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a stage builds many long-lived objects and no cycles
    (reading, loading from the cache, indexing): otherwise it re-scans them again and again, a third
    of the time of a warm 1,000-article run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_sources(paths: list[Path]) -> tuple[list[Source], list[SeedError]]:
    sources, refused = [], []
    for path in paths:
        try:
            sources.append(read_source(path))
        except SeedError as error:
            refused.append(error)
    return sources, refused


def open_cache(settings: Settings) -> ExtractionCache | None:
    from generator.extract.cache import ExtractionCache

    return None if settings.cache_dir is None else ExtractionCache(settings.cache_dir)


def open_render_cache(settings: Settings) -> RenderCache | None:
    from generator.render_cache import RenderCache, render_salt

    if settings.render_cache_dir is None:
        return None
    return RenderCache(settings.render_cache_dir, render_salt(settings.templates_dir))


def extract_all(
    sources: list[Source], progress: Callable[[int, int, str], None] | None = None,
    cache: ExtractionCache | None = None, jobs: int = 1,
) -> list[Article]:
    """Articles in the order of `sources`: from the cache when it has them, else extracted (and cached)."""
    return ArticleLoad(sources, cache, jobs).collect(progress)


class ArticleLoad:
    """The articles of `sources`, begun: those missing from the cache start extracting at once (the
    model is loaded only then), in worker processes when there are two jobs or more, so that this
    process can meanwhile read the render cache and load the cached articles (loading the model
    takes as long as loading a thousand cached articles). `collect` gives them all; `close` stops
    the workers when they are not needed after all."""

    def __init__(self, sources: list[Source], cache: ExtractionCache | None, jobs: int) -> None:
        from generator.extract.parallel import Extraction, extract_sources

        self.sources, self.cache, self.jobs = sources, cache, jobs
        self.folder = cache.folder if cache is not None else None
        self.keys = [cache.key(source) for source in sources] if cache is not None else []  # hashed once
        self.absent = [i for i in range(len(sources)) if cache is None or not cache.has(self.keys[i])]
        self.present = sorted(set(range(len(sources))) - set(self.absent))
        self.running: Extraction = extract_sources(
            [sources[i] for i in self.absent], jobs, self.folder, background=bool(self.present))

    def close(self) -> None:
        self.running.close()

    def collect(self, progress: Callable[[int, int, str], None] | None = None) -> list[Article]:
        from generator.extract.parallel import Extraction, extract_sources

        sources, cache = self.sources, self.cache
        articles: list[Article | None] = [None] * len(sources)
        done = 0

        def finished(position: int, article: Article) -> None:
            nonlocal done
            articles[position] = article
            done += 1
            if progress is not None:
                progress(done, len(sources), article.source.path)

        def take(results: Extraction, positions: list[int]) -> None:
            """Articles as extracted, the n-th for sources[positions[n]]; cached unless there is no
            cache (then nothing was present, so nothing is late)."""
            try:
                for number, article in results:
                    finished(positions[number], article)
                    if cache is not None:
                        cache.store(article)
            finally:
                results.close()

        late: list[int] = []  # entries that were there but failed their checks
        try:
            with paused_gc():
                for position in self.present:
                    article = cache.load(sources[position], self.keys[position])
                    if article is None:
                        late.append(position)
                    else:
                        finished(position, article)
            take(self.running, self.absent)
        finally:
            self.close()  # take() closes it too; this covers a failure while loading the cached ones
        if late:
            take(extract_sources([sources[i] for i in late], self.jobs, self.folder), late)
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


def run_key(salt: str, sources: list[Source], environment: str, settings: Settings, intro: str, site: SiteConfig) -> str:
    """A hash of everything a run's pages are made from: the seeds as read, the extraction
    environment, entities.yml, the intro, the site settings, and (in the salt) the code and templates."""
    try:
        overrides: bytes | None = settings.overrides_file.read_bytes()
    except OSError:
        overrides = None
    return page_key(salt, "run", (sources, environment, overrides, intro, site))


def _unchanged_run(render_cache: RenderCache | None, memo: PageMemo | None, key: str | None) -> list[Page] | None:
    """The last run's pages when it had the same inputs and docs/ still holds every one of them as written."""
    if render_cache is None or memo is None or render_cache.run is None or render_cache.run["key"] != key:
        return None
    if memo.dropped or not memo.previous:
        return None
    return [Page(path, text) for path, (_, text) in sorted(memo.previous.items())]


def generate(settings: Settings, progress: Callable[[int, int, str], None] | None = None) -> GenerateResult:
    from generator.renderpool import render_pages

    started = clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    found = discover(settings.seeds_dir)
    with paused_gc():
        sources, refused = read_sources(list(found.paths))
    refused = list(found.refused) + refused
    notes = list(found.notes)
    intro_path = settings.out_dir / INTRO_PAGE
    intro = intro_path.read_text(encoding="utf-8") if intro_path.is_file() else ""
    site = read_site_config(settings.config_file)
    lap("read")
    cache = open_cache(settings)
    render_cache = open_render_cache(settings)
    # Extraction of new articles starts before the render cache is read: see ArticleLoad.
    # (It starts nothing when the cache has every article.)
    loading = ArticleLoad(sources, cache, settings.jobs)
    try:
        memo = render_cache.load(settings.out_dir) if render_cache is not None else None
        key = run_key(render_cache.salt, sources, cache.env_hash if cache else "", settings, intro, site) if render_cache else None
        pages = _unchanged_run(render_cache, memo, key)
    except BaseException:
        loading.close()
        raise
    if pages is not None:  # nothing changed since the last run: its pages, and what it reported
        loading.close()  # the articles are not needed (workers run only if the extraction cache was emptied by hand)
        run = render_cache.run
        counts = {name: run[name] for name in RUN_COUNTS}
        index, index_warnings, possible = None, tuple(run["warnings"]), tuple(run["possible_duplicates"])
        cached, hit_words = len(sources), sum(s.word_count for s in sources)
        for stage in ("extract", "index", "render"):
            lap(stage)
    else:
        articles = loading.collect(progress)
        if cache is not None:
            cache.prune()
            notes += cache.notes()
        cached, hit_words = (cache.hits, cache.hit_words) if cache is not None else (0, 0)
        lap("extract")
        from generator.index import build_index

        with paused_gc():
            index = build_index(articles, read_overrides(settings.overrides_file))
        counts = {"articles": len(index.articles), "actors": len(index.actors), "locations": len(index.locations)}
        index_warnings, possible = index.warnings, index.possible_duplicates
        lap("index")
    # The articles and the index live until the end: keep the collector from re-scanning them on every page.
    gc.freeze()
    try:
        if index is not None:
            pages = render_pages(settings.templates_dir, index, intro, settings.jobs, site, memo)
            pages.append(Page(EXPORT_PATH, export_json(index)))
            lap("render")
        warnings = tuple(w for s in sources for w in s.warnings) + index_warnings
        # Under --strict a refused file or a warning stops the build before anything is written.
        report = None if settings.strict and (refused or warnings) else write_pages(settings.out_dir, pages)
        if report is not None and render_cache is not None and index is not None:
            render_cache.save(memo, pages, dict(counts, key=key, warnings=list(index_warnings), possible_duplicates=list(possible)))
        if render_cache is not None and render_cache.note:
            notes.append(render_cache.note)
    finally:
        gc.unfreeze()
    lap("write")
    return GenerateResult(
        index=index, report=report, refused=tuple(sorted(refused, key=lambda e: e.path)),
        warnings=warnings, notes=tuple(notes) + duplicate_notes(possible), seconds=time.perf_counter() - started,
        cached=cached, reused=len(pages) if index is None else memo.hits if memo is not None else 0, timings=timings,
        extracted_words=sum(s.word_count for s in sources) - hit_words, counts=counts,
    )
