"""The hostile corpus builds into a site: one clear line per refused, warned or ignored
file, a page for every readable article with the expected slug, no executable markup
from article text, nothing written outside docs/ and site/.

The corpus is tests/fixtures/hostile_corpus/ plus files made at test time; the
expected outcome of each is in tests/fixtures/hostile_corpus.yaml and
tests/hostile_corpus.py (MADE_AT_TEST_TIME).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
import yaml

from generator.sources import display_path, read_source
from tests.conftest import HAND_WRITTEN
from tests.hostile_corpus import (
    CONTENT_ELEMENTS, EXPECTED_FILE, HARMLESS, MADE_AT_TEST_TIME, audit_html, committed_files, expected_outcomes,
    make_corpus_project, run_cli, snapshot, visible,
)

EXPECTED = expected_outcomes()
PAGES = {name: outcome["page"] for name, outcome in EXPECTED.items() if "page" in outcome}
LINES = sorted(outcome["line"] for outcome in EXPECTED.values() if "line" in outcome)
REFUSED_LINES = sorted(o["line"] for o in EXPECTED.values() if "line" in o and "page" not in o and ": ignored" not in o["line"])


def _seed_path(project: Path, name: str) -> Path:
    """The real file of a display name (undoing the escapes of display_path)."""
    for path in (project / "seeds").rglob("*"):
        if display_path(path.relative_to(project)).removeprefix("seeds/") == name:
            return path
    raise AssertionError(f"no seed file shown as {name}")


def test_the_expectations_cover_every_corpus_file_and_the_corpus_is_big_enough():
    committed = committed_files()
    listed = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    assert sorted(listed) == committed, "tests/fixtures/hostile_corpus.yaml and the corpus folder disagree"
    assert len(committed) >= 30
    assert not set(MADE_AT_TEST_TIME) & set(committed)
    assert len(set(PAGES.values())) == len(PAGES), "two files expected on one page"


def test_build_exits_0_and_prints_one_line_per_problem_file(hostile_build):
    result = hostile_build["result"]
    assert result.code == 0, result.stderr
    assert sorted(result.lines) == LINES
    assert len(result.lines) == len(set(result.lines))
    # Refused files come first, then warnings, then notes; every line names the file.
    assert all(re.match(r"^seeds/[^:]+: \S", line) for line in result.lines)
    warnings = len([o for o in EXPECTED.values() if "line" in o and ": ignored" not in o["line"]])
    summary = re.sub(r"in \d+\.\d s", "in T s", result.stdout)
    assert summary.startswith(f"{len(PAGES)} articles, ")
    assert summary.endswith(f", {warnings} warnings in T s → docs/ → site/\n")


def test_every_readable_article_has_its_page_and_no_other_page_exists(hostile_build):
    docs = hostile_build["project"] / "docs"
    built = sorted(p.stem for p in (docs / "briefings").glob("*.md") if p.name != "index.md")
    assert built == sorted(PAGES.values())
    for name, page in PAGES.items():
        text = (docs / "briefings" / f"{page}.md").read_text(encoding="utf-8")
        meta = yaml.safe_load(text[4 : text.index("\n---\n", 4) + 1])
        assert meta["source"] == f"seeds/{name}", page
        assert meta["id"] == page
        assert (hostile_build["project"] / "site" / "briefings" / f"{page}.html").is_file()
    # The listing page is still the listing, not the article headlined "Index".
    assert "type: index" in (docs / "briefings" / "index.md").read_text(encoding="utf-8")
    # Nothing was executed by a YAML tag.
    assert not list(hostile_build["tmp"].rglob("PWNED"))


def test_nothing_is_written_outside_docs_and_site(hostile_build):
    tmp, project = hostile_build["tmp"], hostile_build["project"]
    # docs/ and site/ are the output; .cache/ the documented extraction cache (issue 8).
    after = snapshot(tmp, skip=(project / "docs", project / "site", project / ".cache"))
    before = {k: v for k, v in hostile_build["before"].items() if not k.startswith((str(project / "docs"), str(project / "site")))}
    assert after == before
    # Hand-written pages in docs/ are as they were.
    hand_written = [str(project / "docs" / name) for name in HAND_WRITTEN]
    docs_now = snapshot(project / "docs")
    kept = {k: v for k, v in hostile_build["before"].items() if k.startswith(tuple(hand_written))}
    assert len(kept) >= len(HAND_WRITTEN)
    assert {k: docs_now[k] for k in kept} == kept


def test_no_page_has_executable_markup_from_article_text(hostile_build):
    site = hostile_build["project"] / "site"
    baseline = audit_html((site / "briefings" / f"{PAGES[HARMLESS]}.html").read_text(encoding="utf-8"))
    assert len(baseline.scripts) >= 2 and baseline.problems == []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAGES)
    for page in pages:
        audit = audit_html(page.read_text(encoding="utf-8"))
        assert audit.problems == [], page
        if page.parent.name == "briefings":
            assert audit.scripts == baseline.scripts, f"{page}: scripts differ from a harmless page"
            assert audit.content_tags <= CONTENT_ELEMENTS, f"{page}: {audit.content_tags - CONTENT_ELEMENTS}"
            for href in audit.content_hrefs:
                assert re.fullmatch(r"(\.\./(actors|locations)/)?[a-z0-9-]+\.html|https?://\S+", href), (page, href)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_visible_text_is_the_original_text(hostile_build, name):
    """Headline, standfirst and every paragraph show exactly as written, markup characters included."""
    project = hostile_build["project"]
    source = read_source(_seed_path(project, name), f"seeds/{name}")
    page = project / "site" / "briefings" / f"{PAGES[name]}.html"
    audit = audit_html(page.read_text(encoding="utf-8"))
    for text in (source.title, source.standfirst or "", *(p.text for p in source.paragraphs)):
        assert visible(text) in audit.text, f"{page.name}: {text!r} not shown as written"
    # The theme's <title> and <meta description> carry the text, not markup.
    title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S).group(1)
    assert html.unescape(title) == f"{visible(source.title)} - Briefing"


def test_metadata_from_front_matter_is_text_too(hostile_build):
    site = hostile_build["project"] / "site"
    page = site / "briefings" / f"{PAGES['yaml-breakers.md']}.html"
    audit = audit_html(page.read_text(encoding="utf-8"))
    assert audit.meta["author"] == '"><script>alert("author")</script>'
    assert 'By: "><script>alert("author")</script>' in audit.text
    assert "Source: <img src=x onerror=alert(29)>" in audit.text  # the javascript: URL is not linked
    assert audit.content_hrefs == []


def test_quotes_and_names_on_entity_pages_are_text(hostile_build):
    site = hostile_build["project"] / "site"
    audit = audit_html((site / "actors" / "jane-smith.html").read_text(encoding="utf-8"))
    assert "“<script>alert('quote')</script> is what they typed”" in audit.text
    assert audit.problems == []


def test_check_lists_the_same_refused_lines_and_exits_1(hostile_build):
    project = hostile_build["project"]
    result = run_cli(project, "check")
    assert result.code == 1
    assert sorted(result.lines) == LINES
    readable = len(PAGES)
    warnings = len([o for o in EXPECTED.values() if "page" in o and "line" in o])
    assert result.stdout == f"{readable} seeds readable, {len(REFUSED_LINES)} refused, {warnings} warnings\n"


def test_a_second_build_changes_nothing(hostile_build):
    """Slugs (duplicates and hashes included) are stable across runs; unchanged pages keep their mtime."""
    docs = hostile_build["project"] / "docs"
    before = snapshot(docs)
    result = run_cli(hostile_build["project"], "generate", "-q")
    assert result.code == 0, result.stderr
    assert snapshot(docs) == before


def test_strict_build_fails_and_writes_nothing(tmp_path):
    project = make_corpus_project(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(project, "build", "--strict")
    assert result.code == 1
    notes = [line for line in LINES if ": ignored" in line]
    assert result.lines[-1] == f"briefing: {len(LINES) - len(notes)} warnings with --strict; site not built"
    assert sorted(result.lines[:-1]) == LINES
    # Only the extraction cache may have been filled (it is not output; issue 8).
    assert snapshot(tmp_path, skip=(project / ".cache",)) == before
    assert not (project / "site").exists()
