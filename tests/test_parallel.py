"""Parallel extraction (--jobs): the same pages byte for byte as one job."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.extract import BATCH_SIZE
from generator.extract.parallel import chunks, worker_count
from generator.pipeline import generate
from generator.settings import Settings
from tests.conftest import FIXTURE_COUNT, FIXTURE_SEEDS, ROOT, copy_hand_written_docs
from tests.test_golden import generated_files

COPIES = 5  # 5 fixture articles x 5 = 25 articles: two chunks, so two workers


def many_seeds(folder: Path) -> Path:
    folder.mkdir()
    for n in range(COPIES):
        for seed in sorted(FIXTURE_SEEDS.iterdir()):
            text = seed.read_text(encoding="utf-8").rstrip("\n")
            (folder / f"{n}_{seed.name}").write_text(f"{text}\n\nThis is copy number {n} of the article.\n", encoding="utf-8")
    return folder


def run(tmp_path: Path, name: str, seeds: Path, jobs: int, cache: Path | None = None):
    docs = copy_hand_written_docs(tmp_path / name)
    settings = Settings(seeds_dir=seeds, out_dir=docs, templates_dir=ROOT / "templates", progress=False, jobs=jobs, cache_dir=cache)
    return generate(settings), generated_files(docs)


def test_chunks_keep_input_order_and_worker_count_never_exceeds_the_chunks():
    assert chunks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert worker_count(8, 3) == 3 and worker_count(2, 10) == 2 and worker_count(4, 1) == 1 and worker_count(1, 0) == 1


def test_two_jobs_write_the_same_bytes_as_one(tmp_path, extractor, monkeypatch):
    seeds = many_seeds(tmp_path / "seeds")
    assert len(chunks(list(seeds.iterdir()), BATCH_SIZE)) == 2
    one, one_files = run(tmp_path, "one", seeds, jobs=1)
    assert len(one.index.articles) == FIXTURE_COUNT * COPIES

    monkeypatch.setattr("generator.extract.Extractor", NoModelHere)
    two, two_files = run(tmp_path, "two", seeds, jobs=2)
    assert two_files == one_files
    assert len(one_files) > FIXTURE_COUNT * COPIES


class NoModelHere:
    def __init__(self, *args) -> None:
        raise AssertionError("with two jobs the workers extract, not this process")


@pytest.mark.parametrize("edit", ["add", "change"])
def test_a_warm_run_with_a_few_new_articles_matches_a_cold_run(tmp_path, extractor, edit, monkeypatch):
    """Cached articles plus freshly extracted ones give the pages of a cold run of the same seeds; with two
    jobs the one new article is extracted by a worker (while this process loads the cached ones)."""
    seeds = many_seeds(tmp_path / "seeds")
    cache = tmp_path / "cache"
    run(tmp_path, "first", seeds, jobs=1, cache=cache)
    if edit == "add":
        shutil.copy(FIXTURE_SEEDS / "020_council-vote.txt", seeds / "zz_new.txt")
    else:
        victim = seeds / "3_020_council-vote.txt"
        victim.write_text(victim.read_text(encoding="utf-8").replace("tram", "bus"), encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr("generator.extract.Extractor", NoModelHere)
        warm, warm_files = run(tmp_path, "warm", seeds, jobs=2, cache=cache)
    assert warm.cached == FIXTURE_COUNT * COPIES - (edit == "change")
    _, cold_files = run(tmp_path, "cold", seeds, jobs=1)
    assert warm_files == cold_files
