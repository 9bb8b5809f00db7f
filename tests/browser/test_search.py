"""Our search (docs/javascripts/search.js over the index generator/search_index.py
prebuilds), in Chromium: the seed site from disk and over http, the ranking rules on
a small index, and the same folding as Python."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.search_index import fold, search_pages
from tests.test_search_index import tiny_index

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEARCH_JS = PROJECT_ROOT / "docs" / "javascripts" / "search.js"


def _ready(page) -> None:
    page.wait_for_selector(".md-search[data-briefing-search=ready]", state="attached")


def _type(page, query: str) -> list[str]:
    """Focus the box with `/` (Material's habit), type `query`, wait for its complete results; their hrefs."""
    page.evaluate("""() => {
        window.__done = [];
        document.addEventListener("briefing-search", e => { if (e.detail.complete) window.__done.push(e.detail.query); });
    }""")
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "/ did not focus the search box"
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function("q => window.__done.includes(q)", arg=query)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")


def _relative(site: Path, hrefs: list[str]) -> list[str]:
    prefix = site.resolve().as_uri() + "/"
    return [h[len(prefix):] if h.startswith(prefix) else h for h in hrefs]


# -- the built seed site ---------------------------------------------------------------------

SEARCHES = [
    # (what a reader types, the page the first result and Enter must open, its heading)
    ("Starmer", "actors/keir-starmer.html", "Keir Starmer"),  # a person
    ("zelensky", "actors/volodymyr-zelensky.html", "Volodymyr Zelensky"),  # an alias on his page
    ("Kursk region", "locations/kursk-oblast-ru.html", "Kursk Oblast"),  # an alias of a place
    ("KYIV", "locations/kyiv-ua.html", "Kyiv"),  # a place, case folded
]


def test_aliases_searched_are_listed_on_their_pages(built_site: Path):
    """The aliases above are name variants the generated pages list under "Also written as"."""
    zelensky = (built_site / "actors" / "volodymyr-zelensky.html").read_text(encoding="utf-8")
    assert "Also written as" in zelensky and "Zelensky," in zelensky
    kursk = (built_site / "locations" / "kursk-oblast-ru.html").read_text(encoding="utf-8")
    assert "Kursk region" in kursk


@pytest.mark.parametrize("query, target, heading", SEARCHES)
def test_search_from_disk_lands_on_the_right_page(built_site: Path, offline_page, query, target, heading):
    page = offline_page.page
    page.goto((built_site / "index.html").as_uri())
    _ready(page)
    hrefs = _relative(built_site, _type(page, query))
    assert hrefs and hrefs[0] == target, hrefs
    first = page.locator(".md-search-result__item").first
    kind = "place" if target.startswith("locations/") else "person"
    assert first.locator(".md-tag").inner_text() == kind
    assert "briefing" in first.inner_text()  # the snippet: role or country, and the briefings
    page.keyboard.press("Enter")
    page.wait_for_url((built_site / target).as_uri())
    assert page.locator("h1").inner_text() == heading
    offline_page.assert_clean()


def test_briefings_show_a_snippet_and_full_text_matches(built_site: Path, offline_page):
    page = offline_page.page
    page.goto((built_site / "briefings" / "index.html").as_uri())  # from a page one folder down
    _ready(page)
    hrefs = _relative(built_site, _type(page, "remarkable breakthrough"))  # words of the body only
    assert len(hrefs) == 1 and hrefs[0].startswith("briefings/ukraine-ceasefire"), hrefs
    item = page.locator(".md-search-result__item").first
    assert item.locator(".md-tag").inner_text() == "briefing"
    page.wait_for_function("() => !document.querySelector('[data-snippet]')")
    assert "Starmer" in item.inner_text()  # the first key point
    assert item.locator("mark").count() >= 1  # query words highlighted
    offline_page.assert_clean()


def test_keyboard_arrows_enter_and_escape(built_site: Path, offline_page):
    page = offline_page.page
    page.goto((built_site / "index.html").as_uri())
    _ready(page)
    hrefs = _relative(built_site, _type(page, "Russia"))
    # The state and the country share the name: both first, then the rest.
    assert set(hrefs[:2]) == {"actors/russia.html", "locations/russia.html"}, hrefs
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href")
    assert _relative(built_site, [focused]) == [hrefs[1]]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")  # s opens search too
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url((built_site / hrefs[1]).as_uri())
    offline_page.assert_clean()


def test_search_over_http(built_site: Path, guarded_page):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        guard = guarded_page(allowed=(origin, "data:", "about:", "blob:"))
        page = guard.page
        page.goto(origin + "locations/index.html")
        _ready(page)
        hrefs = _type(page, "paris")
        assert hrefs[0] == origin + "locations/paris-fr.html", hrefs
        page.keyboard.press("Enter")
        page.wait_for_url(origin + "locations/paris-fr.html")
        assert page.locator("h1").inner_text() == "Paris"
        # Material's own search never starts: no request for its index or its worker.
        assert not [u for u in guard.requests if "search_index" in u or "workers/search" in u]
        guard.assert_clean()
    finally:
        server.shutdown()
        server.server_close()


# -- ranking rules on a small index ------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>search test</title></head><body>
<input type="checkbox" id="__search">
<div class="md-search" data-briefing-search="loading">
  <form class="md-search__form"><input type="text" class="md-search__input"></form>
  <div class="md-search-result__meta"></div>
  <ol class="md-search-result__list"></ol>
</div>
<script src="javascripts/search.js"></script>
</body></html>
"""


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """The small index's layers and search.js under a bare page (the markup search.js needs).
    Full-text shards of 60 bytes: a word's shard and a prefix's run of shards are looked up
    among many, as on a big site."""
    pages = search_pages(tiny_index(), shard_bytes=60)
    assert sum(p.path.startswith("search/text-") for p in pages) > 5
    for page in pages:
        target = tmp_path / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    (tmp_path / "javascripts").mkdir()
    shutil.copy(SEARCH_JS, tmp_path / "javascripts" / "search.js")
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    return tmp_path


RANKINGS = [
    # An alias goes to its canonical page, before anything else.
    ("zelenskyy", ["actors/volodymyr-zelensky.html"]),
    ("Kiev", ["locations/kyiv-ua.html"]),
    # Exact name, then names starting with it, then headlines, then the full text.
    ("kyiv", ["locations/kyiv-ua.html", "locations/kyivska-oblast-ua.html",
              "briefings/kyiv-talks-resume.html", "briefings/markets-rally.html"]),
    # Diacritics and case folded both ways.
    ("SÃO PAULO", ["locations/sao-paulo-br.html", "briefings/sao-paulo-floods.html"]),
    ("sao paulo", ["locations/sao-paulo-br.html", "briefings/sao-paulo-floods.html"]),
    # Prefixes: the entity in more briefings first; a later word of a name after names that start so.
    ("zel", ["actors/volodymyr-zelensky.html", "actors/zelda-fitzgerald.html",
             "briefings/zelensky-visit-to-paris.html"]),
    ("starm", ["actors/keir-starmer.html"]),
    # The same headline twice: both, newest first, the second with its own id.
    ("markets rally", ["briefings/markets-rally.html", "briefings/markets-rally-abc123.html"]),
    # Full text: where the word occurs more often first, then newest first.
    ("rain", ["briefings/sao-paulo-floods.html", "briefings/markets-rally.html"]),
    # A full-text word from its first three letters ("Negotiators")...
    ("negot", ["briefings/kyiv-talks-resume.html"]),
    # ... but two letters are a whole word there ("ra" is not "rain"), while names and headlines take prefixes.
    ("ra", ["briefings/markets-rally.html", "briefings/markets-rally-abc123.html"]),
    ("in", ["briefings/markets-rally.html"]),
    # Several words, all needed; a trailing space makes the last one whole.
    ("the talks ", ["briefings/kyiv-talks-resume.html"]),
]


@pytest.mark.parametrize("query, expected", RANKINGS)
def test_ranking_on_a_small_index(tiny_site: Path, offline_page, query, expected):
    page = offline_page.page
    page.goto((tiny_site / "index.html").as_uri())
    _ready(page)
    assert _relative(tiny_site, _type(page, query)) == expected
    offline_page.assert_clean()


# -- the same folding in Python and JavaScript -------------------------------------------------

STRINGS = [
    "Zelenskyy", "ZELENSKYY’S", "Zelenskyy's", "São Paulo", "Kraków", "Łódź", "Straße", "ẞ", "Øresund", "Æsir",
    "Œuvre", "Đakovo", "Þingvellir", "İstanbul", "ıi", "Ħamrun", "U.S.", "O’Brien", "ʼs", "Secretary-General",
    "ﬁnance", "Ｔｏｋｙｏ", "½ ²", "Москва", "ΟΔΟΣ", "Ἀθῆναι", "北京市", "Việt Nam", "Ångström", "naïve café",
    "e\u0301", "\u00e9", "Hello,\tworld!\n", "snake_case", "it's 5 o'clock", "“quoted”", "a.b.c", "9/11", "3.5%",
    "Ｒｕｓｓｉａ'ｓ", "ÇAĞRI", "Dvořák", "Škoda", "Nguyễn", "Kyiv—Kiev", "", "   ",
]
# Every character of Latin, Greek, Cyrillic, punctuation and symbol blocks long in Unicode, one string each.
RANGES = [(0x20, 0x2AF), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x2100, 0x218F),
          (0xFB00, 0xFB4F), (0xFF00, 0xFFEF)]


def test_fold_is_the_same_in_python_and_javascript(built_site: Path, offline_page):
    import unicodedata

    chars = [chr(c) for lo, hi in RANGES for c in range(lo, hi + 1) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    texts = STRINGS + chars + [f"x{c}y z" for c in chars] + [f"{c.upper()}'s" for c in chars]
    page = offline_page.page
    page.goto((built_site / "index.html").as_uri())
    folded = page.evaluate("texts => texts.map(t => window.__briefingSearch.fold(t))", texts)
    differ = [(t, f, fold(t)) for t, f in zip(texts, folded) if f != fold(t)]
    assert not differ, differ[:20]
    offline_page.assert_clean()
