"""Extraction over several processes, with the same result as one.

Sources are cut into chunks of `BATCH_SIZE` in input order; each worker process
loads the model once and extracts whole chunks, and results are put back in
input order. A chunk is exactly the batch one process would give spaCy, so the
output does not depend on the number of jobs. Workers are started with
``spawn`` (no state inherited from the parent, the same on every platform).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.errors import ConfigError
from generator.model import Article, Source

_extractor = None  # one per worker process


def default_jobs() -> int:
    return os.cpu_count() or 1


def _init_worker(cache_folder: Path | None) -> None:
    global _extractor
    from generator.extract import Extractor

    _extractor = Extractor(cache_folder)


def _extract_chunk(sources: list[Source]) -> list[Article]:
    return list(_extractor.extract(sources, batch_size=len(sources)))


def chunks(sources: list[Source], size: int) -> list[list[Source]]:
    return [sources[i : i + size] for i in range(0, len(sources), size)]


def worker_count(jobs: int, chunk_count: int) -> int:
    """Processes worth starting: never more than the jobs asked for, nor idle ones (1: extract in this process)."""
    return max(1, min(jobs, chunk_count))


def extract_sources(sources: list[Source], jobs: int = 1, cache_folder: Path | None = None,
                    background: bool = False) -> Extraction:
    """(position in `sources`, article) pairs as they are done, using up to `jobs` processes.

    `cache_folder`: where the built gazetteer is kept (the extraction cache's environment folder).
    Worker processes start at once; with `background` (and two jobs or more) even a single
    chunk goes to a worker, so that this process can load cached articles while the model loads.
    """
    from generator.extract import BATCH_SIZE

    parts = chunks(sources, BATCH_SIZE)
    workers = worker_count(jobs, len(parts))
    if not sources or (workers == 1 and not (background and jobs >= 2)):
        return Extraction(None, {}, sources, cache_folder)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(cache_folder,))
    return Extraction(pool, {pool.submit(_extract_chunk, part): number for number, part in enumerate(parts)}, sources, cache_folder)


class Extraction:
    """Articles being extracted: iterate for (position, article) pairs as they are done; `close` stops the workers."""

    def __init__(self, pool: ProcessPoolExecutor | None, pending: dict, sources: list[Source], cache_folder: Path | None) -> None:
        self.pool, self.pending, self.sources, self.cache_folder = pool, pending, sources, cache_folder

    def __iter__(self) -> Iterator[tuple[int, Article]]:
        from generator.extract import BATCH_SIZE, Extractor

        if self.pool is None:  # one process: this one
            if self.sources:
                yield from enumerate(Extractor(self.cache_folder).extract(self.sources, batch_size=BATCH_SIZE))
            return
        try:
            while self.pending:
                finished, _ = wait(self.pending, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=self.pending.get):
                    number = self.pending.pop(future)
                    yield from enumerate(future.result(), start=number * BATCH_SIZE)
        except BrokenProcessPool as error:
            raise ConfigError(
                f"an extraction worker stopped unexpectedly ({error}); the machine may be out of memory: "
                "run again with fewer jobs, e.g. --jobs 1"
            ) from error
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
