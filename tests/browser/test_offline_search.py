"""The built site works from disk: search finds Keir Starmer with no network."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

SEARCH_JS = "javascripts/search.js"
QUERY = "Starmer"


def _file_of(url: str) -> Path:
    """The file a file:// URL points at (query and fragment dropped)."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


def _search(page, query: str):
    """Type a query the way a person does and return the result links."""
    box = page.locator(".md-search__input")
    assert box.is_visible(), "search box hidden"
    box.click()
    box.press_sequentially(query, delay=30)
    links = page.locator(".md-search-result__item > a")
    links.first.wait_for(state="visible")
    return links


def test_every_page_loads_our_search_and_no_cdn(built_site: Path):
    """Each page has a <script> for our search whose relative path resolves, nothing
    refers to a CDN, and Material's own search index holds no generated page."""
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]
    assert pages
    pattern = re.compile(r'<script src="([^"]*' + re.escape(SEARCH_JS) + r')"')
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, f"{page}: refers to a CDN"
        found = pattern.findall(html)
        assert found, f"{page}: no <script> for {SEARCH_JS}"
        assert (page.parent / found[0]).resolve().is_file(), f"{page}: {found[0]} missing"
    assert (built_site / "search" / "names.js").is_file()
    material = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {doc["location"].split("#")[0] for doc in material["docs"]} <= {"about.html"}


def test_search_from_file_url_finds_starmer(built_site: Path, offline_page, tmp_path):
    page = offline_page.page
    page.goto((built_site / "index.html").as_uri())
    page.screenshot(path=str(tmp_path / "home.png"))

    links = _search(page, QUERY)
    page.screenshot(path=str(tmp_path / "search.png"))
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        target = _file_of(str(page.evaluate("h => new URL(h, location.href).href", href)))
        assert target.is_file(), f"search result {href} is not a file of the site"
    assert QUERY in links.first.inner_text()

    links.first.click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "result.png"))
    assert "Keir Starmer" in page.title()
    offline_page.assert_clean()


def test_search_works_on_a_nested_page(built_site: Path, offline_page):
    """From a page one folder down, the search still loads its index."""
    nested = sorted(p for p in built_site.glob("*/*.html") if p.parent.name != "search")
    assert nested, "no page in a subfolder"
    page = offline_page.page
    page.goto(nested[0].as_uri())
    links = _search(page, QUERY)
    target = page.evaluate("a => a.href", links.first.element_handle())
    assert _file_of(target).is_file(), target
    offline_page.assert_clean()
