"""Shared fixtures: one spaCy load and one generated fixture site per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.project import HAND_WRITTEN_DOCS
from generator.project import copy_hand_written_docs as copy_docs

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SEEDS = ROOT / "tests" / "fixtures" / "seeds"
FIXTURE_COUNT = sum(1 for p in FIXTURE_SEEDS.iterdir() if p.suffix in (".txt", ".md"))  # articles in FIXTURE_SEEDS
HAND_WRITTEN = HAND_WRITTEN_DOCS


def copy_hand_written_docs(target: Path) -> Path:
    """A docs folder holding only the project's hand-written pages, as a fresh clone has."""
    return copy_docs(ROOT / "docs", target)


def copy_site_config(project: Path) -> Path:
    """mkdocs.yml and the theme overrides it names (templates/theme), as a clone has them; returns the config."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "templates" / "theme", project / "templates" / "theme", dirs_exist_ok=True)
    return project / "mkdocs.yml"


def make_project(project: Path, seeds: Path) -> Path:
    """A project folder as a fresh clone has it (templates, mkdocs.yml, hand-written docs) with `seeds` as its seeds/."""
    project.mkdir(parents=True)
    shutil.copytree(seeds, project / "seeds")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    copy_hand_written_docs(project / "docs")
    return project


@pytest.fixture(scope="session")
def extractor():
    from generator.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def fixture_articles(extractor):
    from generator.pipeline import read_sources
    from generator.sources import discover

    sources, refused = read_sources(list(discover(FIXTURE_SEEDS).paths))
    assert not refused
    return {a.source.name: a for a in extractor.extract(sources)}


@pytest.fixture(scope="session")
def generated_docs(tmp_path_factory, extractor):
    """`briefing generate` of the fixture seeds into a fresh docs folder."""
    from generator.pipeline import generate
    from generator.settings import Settings

    docs = copy_hand_written_docs(tmp_path_factory.mktemp("site") / "docs")
    settings = Settings(seeds_dir=FIXTURE_SEEDS, out_dir=docs, templates_dir=ROOT / "templates", progress=False)
    result = generate(settings)
    return docs, result


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """`briefing build` of the hostile corpus (tests/hostile_corpus.py) in a fresh project, run once."""
    from tests.hostile_corpus import make_corpus_project, run_cli, snapshot

    tmp = tmp_path_factory.mktemp("hostile")
    project = make_corpus_project(tmp)
    before = snapshot(tmp)
    result = run_cli(project, "build")
    return {"tmp": tmp, "project": project, "before": before, "result": result}
