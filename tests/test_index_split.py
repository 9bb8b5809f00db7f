"""Index pages past INDEX_PAGE_MAX entries are split: actors by initial, places by country, briefings in pages;
entity pages list at most ENTITY_PAGE_MAX briefings and put the rest on pages of their own."""

from __future__ import annotations

import re
import shutil

import pytest

from generator import render
from generator.pipeline import generate
from generator.settings import Settings
from generator.site import build_site
from tests.conftest import FIXTURE_COUNT, FIXTURE_SEEDS, ROOT, copy_hand_written_docs, copy_site_config
from tests.test_links import broken_links

LINK = re.compile(r"\]\(([^)<>]+\.md)\)")


@pytest.fixture(scope="module")
def split_site(tmp_path_factory, extractor):
    """The fixture site generated with at most two entries per index page, and built with MkDocs (strict)."""
    tmp = tmp_path_factory.mktemp("split")
    docs = copy_hand_written_docs(tmp / "docs")
    patch = pytest.MonkeyPatch()
    patch.setattr(render, "INDEX_PAGE_MAX", 2)
    patch.setattr(render, "ENTITY_PAGE_MAX", 1)
    try:
        result = generate(Settings(seeds_dir=FIXTURE_SEEDS, out_dir=docs, templates_dir=ROOT / "templates", progress=False))
    finally:
        patch.undo()
    copy_site_config(tmp)  # the build record goes to tmp/.cache/site
    build_site(tmp / "mkdocs.yml", docs, tmp / "site")
    return result, docs, tmp / "site"


def listed(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("- [")]


def test_initial_letters():
    names = ("Keir", "émile", "Ørsted", "2Pac", "'t Hooft", "Łukasz", "")
    assert [render.initial(n) for n in names] == ["k", "e", "o", "0-9", "other", "l", "other"]


def test_every_entity_is_on_exactly_one_split_page_and_no_page_is_long(split_site):
    result, docs, _ = split_site
    index = result.index
    letter_pages = sorted((docs / "actors" / "letters").glob("*.md"))
    country_pages = sorted((docs / "locations" / "countries").glob("*.md"))
    briefing_pages = [docs / "briefings" / "index.md", *sorted((docs / "briefings" / "pages").glob("*.md"))]
    assert letter_pages and country_pages and len(briefing_pages) == (FIXTURE_COUNT + 1) // 2  # 2 briefings a page
    actors = [line for page in letter_pages for line in listed(page.read_text(encoding="utf-8"))]
    assert len(actors) == len(index.actors)
    places = [line for page in country_pages for line in listed(page.read_text(encoding="utf-8"))]
    assert len(places) == len(index.locations)
    briefings = [listed(page.read_text(encoding="utf-8")) for page in briefing_pages]
    assert [len(b) for b in briefings] == [2] * (FIXTURE_COUNT // 2) + [1] * (FIXTURE_COUNT % 2)
    assert listed((docs / "actors" / "index.md").read_text(encoding="utf-8")) == []  # the top page lists initials only
    top = (docs / "actors" / "index.md").read_text(encoding="utf-8")
    assert "[K](letters/k.md) (" in top


def test_split_pages_link_only_to_pages_that_exist_and_the_strict_build_agrees(split_site):
    _, docs, site = split_site
    for page in docs.rglob("*.md"):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().is_file(), (page, target)
    problems, checked = broken_links(site)
    assert checked and problems == []
    assert (site / "actors" / "letters" / "k.html").is_file()
    assert (site / "briefings" / "pages" / "2.html").is_file()
    assert (site / "actors" / "russia" / "page-2.html").is_file()


def test_entity_pages_list_at_most_entity_page_max_briefings_and_link_the_rest(split_site):
    result, docs, _ = split_site
    many = [a for a in result.index.actors if len(a.appearances) > 1]
    assert many
    for actor in many:
        main = (docs / "actors" / f"{actor.id}.md").read_text(encoding="utf-8")
        section = main.split("## Briefings", 1)[1].split("\n## ", 1)[0]
        assert len(listed(section)) == 1 and f"[2]({actor.id}/page-2.md)" in section
        rest = [listed((docs / "actors" / actor.id / f"page-{n}.md").read_text(encoding="utf-8")) for n in range(2, len(actor.appearances) + 1)]
        assert [len(r) for r in rest] == [1] * (len(actor.appearances) - 1)
        assert not (docs / "actors" / actor.id / f"page-{len(actor.appearances) + 1}.md").exists()
    quoted = [a for a in result.index.actors if len(a.quotes) > 1]
    assert quoted
    for actor in quoted:
        main = (docs / "actors" / f"{actor.id}.md").read_text(encoding="utf-8")
        more = len(actor.quotes) - 1
        assert main.count("\n> “") == 1
        assert (f"{more} more quotes are in the briefings." if more > 1 else "1 more quote is in the briefings.") in main


def test_adding_an_article_rewrites_only_the_split_pages_it_touches(tmp_path, extractor, monkeypatch):
    monkeypatch.setattr(render, "INDEX_PAGE_MAX", 2)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(FIXTURE_SEEDS.iterdir())[:3]:
        shutil.copy(seed, seeds)
    docs = copy_hand_written_docs(tmp_path / "docs")
    settings = Settings(seeds_dir=seeds, out_dir=docs, templates_dir=ROOT / "templates", progress=False)
    generate(settings)
    before = {p: p.read_bytes() for p in (docs / "actors" / "letters").glob("*.md")}
    shutil.copy(FIXTURE_SEEDS / "030_headline-only-case.txt", seeds)
    generate(settings)
    after = {p: p.read_bytes() for p in (docs / "actors" / "letters").glob("*.md")}
    unchanged = [p for p in before if after.get(p) == before[p]]
    assert len(before) == len(after) == 28  # a-z, 0-9, other: the same navigation on every one
    assert unchanged and len(unchanged) < len(before)
