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


def extract_sources(sources: list[Source], jobs: int = 1, cache_folder: Path | None = None) -> Iterator[tuple[int, Article]]:
    """(position in `sources`, article) pairs as they are done, using up to `jobs` processes.

    `cache_folder`: where the built gazetteer is kept (the extraction cache's environment folder).
    """
    from generator.extract import BATCH_SIZE

    if not sources:
        return
    parts = chunks(sources, BATCH_SIZE)
    workers = worker_count(jobs, len(parts))
    if workers == 1:
        from generator.extract import Extractor

        yield from enumerate(Extractor(cache_folder).extract(sources, batch_size=BATCH_SIZE))
        return
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(cache_folder,)) as pool:
            pending = {pool.submit(_extract_chunk, part): number for number, part in enumerate(parts)}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=pending.get):
                    number = pending.pop(future)
                    yield from enumerate(future.result(), start=number * BATCH_SIZE)
    except BrokenProcessPool as error:
        raise ConfigError(
            f"an extraction worker stopped unexpectedly ({error}); the machine may be out of memory: "
            "run again with fewer jobs, e.g. --jobs 1"
        ) from error
