"""Incremental output: a warm regenerate after adding one article rewrites only the pages whose bytes change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.pipeline import generate
from generator.settings import Settings
from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs, FIXTURE_COUNT
from tests.test_golden import generated_files

OLD = 1_000_000_000  # an mtime long ago


def settings(seeds: Path, docs: Path, cache: Path | None) -> Settings:
    return Settings(seeds_dir=seeds, out_dir=docs, templates_dir=ROOT / "templates", progress=False, cache_dir=cache)


def test_adding_one_article_rewrites_only_the_changed_pages(tmp_path, extractor):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    added = "020_council-vote.txt"
    for seed in FIXTURE_SEEDS.iterdir():
        if seed.name != added:
            shutil.copy(seed, seeds)
    docs = copy_hand_written_docs(tmp_path / "docs")
    cache = tmp_path / "cache"
    generate(settings(seeds, docs, cache))
    before = generated_files(docs)
    for path in docs.rglob("*"):
        os.utime(path, (OLD, OLD))

    shutil.copy(FIXTURE_SEEDS / added, seeds)
    result = generate(settings(seeds, docs, cache))
    after = generated_files(docs)
    assert result.cached == FIXTURE_COUNT - 1

    # The same bytes as a cold run of all the articles.
    cold_docs = copy_hand_written_docs(tmp_path / "cold")
    generate(settings(seeds, cold_docs, None))
    assert after == generated_files(cold_docs)

    changed = {p for p in after if before.get(p) != after[p]} - {".briefing-manifest.json"}
    assert "briefings/city-council-approves-new-tram-line-after-long-debate.md" in changed
    assert {"index.md", "briefings/index.md"} <= changed
    assert result.report.written == len(changed)
    assert result.report.unchanged == len(after) - 1 - len(changed)  # all but the manifest and the changed pages
    assert len(changed) < len(after) / 2
    for relative in after:
        mtime = (docs / relative).stat().st_mtime
        if relative in changed or relative == ".briefing-manifest.json":
            assert mtime != OLD, relative
        else:
            assert mtime == OLD, relative  # untouched: same file, same mtime
    for hand_written in ("about.md", "intro.md"):
        assert (docs / hand_written).stat().st_mtime == OLD

    # Nothing changed: nothing is written but the manifest.
    for path in docs.rglob("*"):
        os.utime(path, (OLD, OLD))
    again = generate(settings(seeds, docs, cache))
    assert (again.report.written, again.report.removed, again.cached) == (0, 0, FIXTURE_COUNT)
    assert all((docs / p).stat().st_mtime == OLD for p in after if p != ".briefing-manifest.json")
