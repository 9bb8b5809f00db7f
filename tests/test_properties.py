"""Property-based tests (Hypothesis) of the reader and the page writer.

Reader: any bytes become a `Source` or a `SeedError`, never another exception;
any Unicode text saved as UTF-8 reads back as Python's text mode reads it.
Writer: any Unicode headline, standfirst, body, names and quotes become pages
whose front matter MkDocs reads back to the same values, whose Markdown holds no
raw HTML, and which MkDocs builds. Articles are made directly as dataclasses (no
NLP), so the examples are fast.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.errors import SeedError
from generator.index import build_index
from generator.model import Actor, Article, Location, Mention, Quote, Sentence, Source
from generator.output import write_pages
from generator.render import Renderer
from generator.slugs import slug
from generator.sources import MAX_HEADLINE_CHARACTERS, read_source
from tests.conftest import ROOT, copy_hand_written_docs, copy_site_config
from tests.hostile_corpus import CONTENT_ELEMENTS, audit_html, visible

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PAGES = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a seed file can hold once decoded: any code point but NUL (refused as binary) and lone surrogates.
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "[x](javascript:alert(1))", "![x](data:text/html,x)",
    "{{ config }}", "{% raw %}", "!!! danger", '=== "Tab"', '--8<-- "/etc/passwd"', "---", "...", ": ", "'", '"',
    "!!python/object:os.system", "# heading", "1996. list", "&lt;b&gt;", "&#60;", "\\", "`code`", "<!--", "]]>", "\u2028",
    "\ufeff", "\n", "\r\n", "\r", " ", "\t", "\x0b", "\x85", "\u200b", "\u202e", "\x1b[31m", "\U0001F525", "北京", "القاهرة",
])
TEXT = st.lists(st.one_of(st.text(CHARACTERS, max_size=20), HOSTILE), min_size=1, max_size=6).map("".join)
# One line with something on it besides spaces and BOMs, spaces normalised as the reader does.
LINE = TEXT.map(lambda s: " ".join(s.split())).filter(lambda s: s.replace("\ufeff", "").strip())
SUFFIX = st.sampled_from([".txt", ".md"])
ERROR_REASONS = (
    "binary file", "file is empty", "has a headline but no body text", "headline is", "front matter",
    "has front matter but no body text",
)


def _read(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"seed{suffix}"
        path.write_bytes(data)
        try:
            return read_source(path, f"seeds/seed{suffix}"), open(path, encoding="utf-8", errors="replace").read()
        except SeedError as error:
            return error, None


def _check_source(source: Source) -> None:
    assert "\r" not in source.text
    assert source.title and source.title == " ".join(source.title.split()) and len(source.title) <= MAX_HEADLINE_CHARACTERS
    assert source.paragraphs
    for paragraph in source.paragraphs:
        assert source.text[paragraph.start : paragraph.end] == paragraph.text
        assert "\n" not in paragraph.text and paragraph.text == paragraph.text.strip()
    assert all("\n" not in w and w.startswith("seeds/seed") for w in source.warnings)


@QUICK
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda b: b"---\n" + b),
        st.binary(max_size=300).map(lambda b: b"\xef\xbb\xbf" + b),
        TEXT.map(lambda s: s.encode("utf-8")),
        TEXT.map(lambda s: ("---\n" + s).encode("utf-8")),
        TEXT.map(lambda s: s.encode("utf-8", errors="replace")).map(lambda b: b.replace(b"e", b"\xe9")),
    ),
    suffix=SUFFIX,
)
def test_any_bytes_become_a_source_or_one_clear_error(data, suffix):
    result, _ = _read(data, suffix)
    if isinstance(result, SeedError):
        assert str(result).startswith(f"seeds/seed{suffix}: ")
        assert "\n" not in str(result)
        assert result.reason.startswith(ERROR_REASONS), result.reason
    else:
        _check_source(result)


@QUICK
@given(headline=LINE.filter(lambda s: len(s) <= MAX_HEADLINE_CHARACTERS), body=TEXT, newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_unicode_text_reads_back_as_text_mode_reads_it(headline, body, newline):
    text = newline.join([headline, "", body.replace("\r", "").replace("\n", " ") + " end", ""])
    source, text_mode = _read(text.encode("utf-8"), ".txt")
    assert not isinstance(source, SeedError), source
    assert source.text == text.replace("\r\n", "\n").replace("\r", "\n") == text_mode
    assert source.title == " ".join(re.sub(r"^[\s\ufeff]+", "", headline).split())  # a BOM never starts a headline
    _check_source(source)


@QUICK
@given(title=LINE, standfirst=st.none() | LINE, author=st.none() | LINE)
def test_front_matter_values_are_read_back(title, standfirst, author):
    meta = {"title": title, "standfirst": standfirst, "author": author}
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nThe body.\n"
    source, _ = _read(text.encode("utf-8"), ".md")
    if len(title) > MAX_HEADLINE_CHARACTERS:
        assert isinstance(source, SeedError) and "'title' is" in source.reason
        return
    assert not isinstance(source, SeedError), source
    assert (source.title, source.standfirst, source.meta_value("author")) == (title, standfirst, author)


# --- the page writer -----------------------------------------------------------


@st.composite
def articles(draw) -> Article:
    """An article as extraction would hand it over: a person, a place and a quote, any text in each."""
    title = draw(LINE.filter(lambda s: len(s) <= MAX_HEADLINE_CHARACTERS))
    standfirst = draw(st.none() | LINE)
    paragraphs = draw(st.lists(LINE, min_size=1, max_size=3))
    name, place, quote = draw(LINE), draw(LINE), draw(LINE)
    meta = tuple((k, v) for k, v in (("source", draw(st.none() | LINE)), ("author", draw(st.none() | LINE)),
                 ("url", draw(st.none() | st.sampled_from(["https://example.org/a?b=(c)", "javascript:alert(1)", "http://x y"])))) if v)
    text = f"{title}\n{standfirst or ''}\n" + "\n".join(paragraphs) + "\n"
    body_start = len(title) + 1 + len(standfirst or "") + 1
    sentences, offset = [], body_start
    for paragraph in paragraphs:
        sentences.append(Sentence(offset, offset + len(paragraph), paragraph))
        offset += len(paragraph) + 1
    first = Mention(body_start, body_start + 1, text[body_start])
    path = f"seeds/{draw(st.integers(0, 10**9))}.txt"
    source = Source(
        path=path, text=text, title=title, standfirst=standfirst, date=draw(st.none() | st.just("2025-01-02")),
        body_start=body_start, paragraphs=tuple(sentences), title_start=0,
        standfirst_start=len(title) + 1 if standfirst else None, meta=meta,
    )
    actor = Actor(
        id=slug(name, fallback_seed=path + "a"), name=name, kind=draw(st.sampled_from(["person", "organisation"])),
        role=draw(st.none() | LINE), aliases=(draw(LINE),), mentions=(first,), affiliation=draw(st.none() | LINE),
    )
    location = Location(
        id=slug(place, fallback_seed=path + "l") + "-loc", name=place, kind="city", country=None, lat=None, lon=None,
        mentions=(first,), aliases=(draw(LINE),), country_name=draw(st.none() | LINE),
    )
    return Article(
        source=source, id=slug(title, fallback_seed=source.name), summary=(paragraphs[0],),
        actors=(actor,), locations=(location,), quotes=(Quote(quote, body_start, body_start + 1, actor.id),),
        sentences=tuple(sentences),
    )


RENDERER = Renderer(ROOT / "templates")
MARKDOWN_EXTENSIONS = ["toc", "attr_list", "tables", "admonition"]  # as in mkdocs.yml
OUR_FIGURES = re.compile(r'<figure class="briefing-[a-z-]+"[^>]*>.*?</figure>', re.S)
EXTERNAL_LINK = re.compile(r"\]\(<https?://[^\s<>\"'`]+>\)")


def _split(page: str) -> tuple[dict, str]:
    """Front matter and Markdown, the way MkDocs reads them; checked against a plain YAML parse."""
    body, meta = get_data(page)
    assert page.startswith("---\n")
    head = page[4 : page.index("\n---\n", 4) + 1]
    assert yaml.safe_load(head) == meta and meta, "MkDocs reads other front matter than YAML does"
    return meta, body


def _html_of(body: str) -> str:
    return markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)


@PAGES
@given(article=articles())
def test_any_article_renders_to_pages_whose_front_matter_round_trips(article):
    index = build_index([article])
    pages = {page.path: page.content for page in RENDERER.pages(index)}
    source = article.source
    meta, body = _split(pages[f"briefings/{index.articles[0].id}.md"])
    assert html.unescape(meta["title"]) == source.title
    assert html.unescape(meta["description"]) == article.summary[0]
    assert meta["standfirst"] == source.standfirst and meta["date"] == source.date and meta["source"] == source.path
    assert (html.unescape(meta["author"]) if meta["author"] else None) == source.meta_value("author")
    # No raw HTML: every '<' is written as a character reference, but for a link to an http(s) URL.
    assert "<" not in EXTERNAL_LINK.sub("](", body)
    audit = audit_html(_html_of(body))
    assert audit.problems == [] and audit.scripts == []
    for text in (source.title, source.standfirst or "", *(p.text for p in source.paragraphs), article.quotes[0].text):
        assert visible(text) in audit.text
    # The feed is XML, whatever the article holds (characters XML cannot carry are dropped).
    import xml.etree.ElementTree as ET

    assert ET.fromstring(pages.pop("feed.xml").encode("utf-8")).find("channel/item/title") is not None
    # The search layers are scripts of JSON data (tests/test_search_index.py checks them).
    pages = {path: content for path, content in pages.items() if path.endswith(".md")}
    for path, content in pages.items():
        meta, body = _split(content)
        assert meta["title"] and meta["type"], path
        # Raw HTML only in the map and graph figures our code builds (names escaped there;
        # the audit below still checks the whole page for script, handlers and URLs).
        prose = OUR_FIGURES.sub("", body)
        assert "<" not in EXTERNAL_LINK.sub("](", prose), path
        assert audit_html(_html_of(body)).problems == [], path
    actor_meta, actor_body = _split(pages[f"actors/{index.actors[0].id}.md"])
    assert html.unescape(actor_meta["title"]) == article.actors[0].name
    assert visible(article.actors[0].name) in audit_html(_html_of(actor_body)).text


def test_rendered_pages_of_any_articles_build_with_mkdocs(tmp_path):
    """Examples drawn by Hypothesis, built together into one site by `mkdocs build --strict`."""
    from generator.site import build_site

    drawn: list[Article] = []

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(article=articles())
    def collect(article):
        drawn.append(article)

    collect()
    unique = {a.source.path: a for a in drawn}
    index = build_index(unique.values())
    docs = copy_hand_written_docs(tmp_path / "docs")
    write_pages(docs, RENDERER.pages(index))
    copy_site_config(tmp_path)
    build_site(tmp_path / "mkdocs.yml", docs, tmp_path / "site")
    built = sorted((tmp_path / "site" / "briefings").glob("*.html"))
    assert len(built) == len(index.articles) + 1
    for page in built:
        audit = audit_html(page.read_text(encoding="utf-8"))
        assert audit.problems == [], page
        assert audit.content_tags <= CONTENT_ELEMENTS, page


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
