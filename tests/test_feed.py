"""feed.xml (RSS 2.0) and the mkdocs.yml settings it is built from."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.errors import ConfigError
from generator.index import build_index
from generator.model import Article, Sentence, Source
from generator.render import FEED_ITEMS, Renderer, rfc822
from generator.site import SiteConfig, read_site_config
from tests.conftest import ROOT


def _channel(xml_text: str) -> ET.Element:
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    return channel


def test_feed_lists_the_briefings_newest_first(generated_docs):
    docs, result = generated_docs
    channel = _channel((docs / "feed.xml").read_text(encoding="utf-8"))
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [sa.article.title for sa in result.index.articles]
    assert [i.findtext("link") for i in items] == [f"briefings/{sa.id}.html" for sa in result.index.articles]
    for item, sa in zip(items, result.index.articles):
        assert item.findtext("description") == " ".join(sa.article.summary)
        assert item.findtext("pubDate") == rfc822(sa.article.source.date)
        assert (docs / "briefings" / f"{sa.id}.md").is_file()
    dated = sorted(sa.article.source.date for sa in result.index.articles if sa.article.source.date)
    assert channel.findtext("lastBuildDate") == rfc822(dated[-1])
    # Without a site_url the links are relative to the site root and not permalinks.
    assert channel.findtext("link") == "index.html"
    assert {i.find("guid").get("isPermaLink") for i in items} == {"false"}


def _article(title: str, summary: tuple[str, ...], date: str | None, path: str) -> Article:
    text = f"{title}\n\n{' '.join(summary)}\n"
    return Article(
        source=Source(path=path, text=text, title=title, standfirst=None, date=date,
                      body_start=len(title) + 2, paragraphs=(Sentence(len(title) + 2, len(text) - 1, " ".join(summary)),)),
        id="x", summary=summary, actors=(), locations=(), quotes=(),
    )


def test_feed_escapes_article_text_and_drops_characters_xml_cannot_carry():
    hostile = '<script>alert("x")</script> & ]]> \x00\x07\x1b\ufffe done'
    index = build_index([_article(hostile, (hostile,), "2025-03-12", "seeds/a.txt")])
    page = Renderer(ROOT / "templates").feed(index, SiteConfig(name="News & <Views>", url="https://example.org/news/"))
    channel = _channel(page.content)  # parses: nothing broke the XML
    assert "<script>" not in page.content
    item = channel.find("item")
    assert item.findtext("title") == '<script>alert("x")</script> & ]]> done'
    assert item.findtext("description") == '<script>alert("x")</script> & ]]> done'
    assert channel.findtext("title") == "News & <Views>"
    # With a site_url every link is absolute and the guid is a permalink.
    assert channel.findtext("link") == "https://example.org/news/"
    assert item.findtext("link").startswith("https://example.org/news/briefings/")
    assert item.find("guid").get("isPermaLink") == "true"
    assert item.findtext("pubDate") == "Wed, 12 Mar 2025 00:00:00 +0000"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://example.org/news/feed.xml" and self_link.get("rel") == "self"


def test_feed_keeps_only_the_newest_items():
    articles = [_article(f"Story {n:03d}", ("Text.",), f"2024-01-{1 + n % 28:02d}", f"seeds/{n:03d}.txt") for n in range(FEED_ITEMS + 7)]
    channel = _channel(Renderer(ROOT / "templates").feed(build_index(articles), SiteConfig()).content)
    dates = [item.findtext("pubDate") for item in channel.findall("item")]
    assert len(dates) == FEED_ITEMS
    assert dates[0] == "Sun, 28 Jan 2024 00:00:00 +0000"


def test_site_url_comes_from_the_environment_tag(tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_name: "My news"\nsite_url: !ENV [BRIEFING_SITE_URL, ""]\n', encoding="utf-8")
    monkeypatch.delenv("BRIEFING_SITE_URL", raising=False)
    assert read_site_config(config) == SiteConfig(name="My news", description="", url="")
    monkeypatch.setenv("BRIEFING_SITE_URL", "https://me.github.io/news")
    assert read_site_config(config).url == "https://me.github.io/news/"


def test_the_project_config_reads_and_a_missing_one_gives_defaults(tmp_path):
    assert read_site_config(ROOT / "mkdocs.yml").name == "Briefing"
    assert read_site_config(tmp_path / "absent.yml") == SiteConfig()


@pytest.mark.parametrize(
    "text, message",
    [
        ("site_url: ftp://example.org/\n", "site_url 'ftp://example.org/' must start with https://"),
        ("- a list\n", "not a mapping of settings"),
        ("site_name: [1, 2]\n", "site_name must be a string"),
        ("site_url: 'unclosed\n", "not valid YAML"),
    ],
)
def test_bad_site_settings_name_the_file_and_the_fix(tmp_path, text, message):
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_site_config(config)
    assert str(error.value).startswith(f"{config}: ")
    assert message in str(error.value)
