"""Incremental site builds give the same site, byte for byte, as a full MkDocs build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.settings import Settings
from generator.site import build_site, state_file
from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs, copy_site_config


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.seeds = root / "seeds"
        self.seeds.mkdir(parents=True)
        self.docs = copy_hand_written_docs(root / "docs")
        self.site = root / "site"
        self.config = root / "mkdocs.yml"
        copy_site_config(root)
        self.full_builds = 0

    def build(self) -> str:
        generate(Settings(seeds_dir=self.seeds, out_dir=self.docs, templates_dir=ROOT / "templates", progress=False,
                          cache_dir=self.root / "cache"))
        return build_site(self.config, self.docs, self.site)

    def full_site(self) -> dict[str, bytes]:
        self.full_builds += 1
        other = self.root / f"full-{self.full_builds}"
        assert build_site(self.config, self.docs, other, incremental=False) == "full"
        assert not state_file(self.config, other).exists()
        return site_files(other)


@pytest.fixture
def project(tmp_path, extractor):
    project = Project(tmp_path)
    for seed in sorted(FIXTURE_SEEDS.iterdir())[:3]:
        shutil.copy(seed, project.seeds)
    assert project.build() == "full"
    return project


def test_add_edit_delete_and_nothing_changed_build_incrementally_to_the_full_site(project):
    assert project.build() == "incremental"  # nothing changed
    assert site_files(project.site) == project.full_site()

    shutil.copy(FIXTURE_SEEDS / "030_headline-only-case.txt", project.seeds)  # one added
    assert project.build() == "incremental"
    assert site_files(project.site) == project.full_site()

    edited = project.seeds / "020_council-vote.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("tram", "bus"), encoding="utf-8")  # one edited
    assert project.build() == "incremental"
    assert site_files(project.site) == project.full_site()

    (project.seeds / "000_4ae5e4b150c21158.txt").unlink()  # one deleted, with many entity pages
    assert project.build() == "incremental"
    after = site_files(project.site)
    assert after == project.full_site()
    assert "actors/keir-starmer.html" not in after


def test_anything_else_changed_means_a_full_build(project):
    css = project.docs / "stylesheets" / "briefing.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert project.build() == "full"
    assert project.build() == "incremental"

    (project.site / "about.html").unlink()  # the site was changed by someone else
    assert project.build() == "full"
    assert site_files(project.site) == project.full_site()

    state = state_file(project.config, project.site)
    assert state.is_file() and state.is_relative_to(project.root / ".cache" / "site")
    state.write_text("{not json", encoding="utf-8")
    assert project.build() == "full"

    search = project.site / "search" / "search_index.json"
    search.write_text(search.read_text(encoding="utf-8").replace("Starmer", "Stormer"), encoding="utf-8")
    assert project.build() == "full"
    assert site_files(project.site) == project.full_site()


def test_a_new_article_changes_the_feed_and_the_export_and_still_builds_incrementally(project):
    shutil.copy(FIXTURE_SEEDS / "010_harbour-talks.md", project.seeds / "011_copy.md")
    assert project.build() == "incremental"
    site = site_files(project.site)
    assert site == project.full_site()
    assert site["feed.xml"] == (project.docs / "feed.xml").read_bytes()
    assert site["data/briefing.json"] == (project.docs / "data" / "briefing.json").read_bytes()


def test_a_new_site_url_or_theme_override_means_a_full_build(project, monkeypatch):
    monkeypatch.setenv("BRIEFING_SITE_URL", "https://example.org/news/")  # read by mkdocs.yml's !ENV tag
    assert project.build() == "full"
    assert project.build() == "incremental"
    override = project.root / "templates" / "theme" / "main.html"
    override.write_text(override.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    assert project.build() == "full"
