"""The prebuilt search index (generator/search_index.py): layers, folding, keys, shards.

The ranking itself runs in the browser (docs/javascripts/search.js): it is tested on
the small index below in tests/browser/test_search.py.
"""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from generator.model import Appearance, Article, Sentence, SiteActor, SiteArticle, SiteIndex, SiteLocation, Source
from generator.search_index import (
    ALIAS, NAME, NAMES_PATH, TITLES_PATH, WORD, derived_id, fold, front_coded, layer_sizes, name_keys, entities,
    encoded, frequency_class, search_pages, shards, short_id, postings,
)


def _article(number: int, title: str, body: str, date: str | None = None, page_id: str | None = None) -> SiteArticle:
    text = f"{title}\n\n{body}\n"
    source = Source(
        path=f"seeds/{number:03d}.txt", text=text, title=title, standfirst=None, date=date,
        body_start=len(title) + 2, paragraphs=(Sentence(len(title) + 2, len(title) + 2 + len(body), body),),
    )
    article = Article(source=source, id=derived_id(title), summary=(body.split(". ")[0] + ".",), actors=(), locations=(), quotes=())
    return SiteArticle(article, page_id or derived_id(title), {}, {})


def _seen(articles: list[SiteArticle], count: int) -> tuple[Appearance, ...]:
    return tuple(Appearance(a.id, a.article.title, None, "…", 1) for a in articles[:count])


def _actor(id: str, name: str, kind: str, aliases: tuple[str, ...], seen, roles=()) -> SiteActor:
    return SiteActor(id, name, kind, tuple(roles), (), aliases, seen, (), (), ())


def _place(id: str, name: str, kind: str, country: str | None, country_name: str | None, aliases, seen) -> SiteLocation:
    return SiteLocation(id, name, kind, country, country_name, None, None, aliases, seen, ())


def tiny_index() -> SiteIndex:
    """A handful of briefings, people and places that exercise every ranking rule."""
    articles = [
        _article(1, "Kyiv talks resume", "Negotiators met again. The talks were long.", "2025-03-12"),
        _article(2, "Markets rally", "Shares rose in Kyiv and London. Traders were cheerful in the rain.", "2025-03-11"),
        _article(3, "Zelensky’s visit to Paris", "The president travelled. He met ministers.", "2025-03-10"),
        _article(4, "São Paulo floods", "Rain fell for days. Roads closed. More rain is due.", None),
        _article(5, "Markets rally", "Another market story with the same headline.", None, page_id="markets-rally-abc123"),
    ]
    actors = (
        _actor("keir-starmer", "Keir Starmer", "person", ("Sir Keir", "Starmer"), _seen(articles, 2), ["Prime Minister"]),
        _actor("russia", "Russia", "state", (), _seen(articles, 2)),
        _actor("volodymyr-zelensky", "Volodymyr Zelensky", "person", ("President Zelensky", "Zelenskyy"), _seen(articles, 3),
               ["President"]),
        _actor("zelda-fitzgerald", "Zelda Fitzgerald", "person", (), _seen(articles, 1)),
    )
    locations = (
        _place("kyiv-ua", "Kyiv", "city", "UA", "Ukraine", ("Kiev",), _seen(articles, 2)),
        _place("kyivska-oblast-ua", "Kyivska Oblast", "region", "UA", "Ukraine", (), _seen(articles, 4)),
        _place("paris-fr", "Paris", "city", "FR", "France", (), _seen(articles, 1)),
        _place("russia", "Russia", "country", "RU", None, (), _seen(articles, 3)),
        _place("sao-paulo-br", "São Paulo", "city", "BR", "Brazil", ("Sao Paulo",), _seen(articles, 1)),
    )
    return SiteIndex(tuple(articles), actors, locations)


def layer(pages, path: str) -> dict:
    """The data a layer file hands to search.js."""
    content = next(p.content for p in pages if p.path == path)
    match = re.fullmatch(r'__briefingSearch\.add\("([a-z0-9-]+)",(.*)\);\n', content, re.DOTALL)
    assert match, content[:200]
    assert path.endswith(f"/{match.group(1)}.js")
    return json.loads(match.group(2))


def decoded_keys(names: dict) -> list[tuple[str, int]]:
    """names.js keys with the front coding undone (shared lengths in UTF-16 units, as JavaScript counts)."""
    out, previous = [], ""
    flat = names["keys"]
    for i in range(0, len(flat), 3):
        units = previous.encode("utf-16-le")[: 2 * flat[i]].decode("utf-16-le")
        previous = units + flat[i + 1]
        out.append((previous, flat[i + 2]))
    return out


# -- folding -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("Zelenskyy", "zelenskyy"),
    ("ZELENSKYY'S", "zelenskyy"),
    ("Zelenskyy’s", "zelenskyy"),
    ("São Paulo", "sao paulo"),
    ("SÃO PAULO", "sao paulo"),
    ("Kraków", "krakow"),
    ("Łódź", "lodz"),
    ("Straße", "strasse"),
    ("Øresund", "oresund"),
    ("U.S.", "us"),
    ("O’Brien", "obrien"),
    ("Secretary-General", "secretary general"),
    ("  Kyiv\t\n", "kyiv"),
    ("ﬁnance", "finance"),  # compatibility ligature
    ("Ｔｏｋｙｏ", "tokyo"),  # full-width
    ("İstanbul", "istanbul"),
    ("Москва", "москва"),
    ("snake_case", "snake case"),
    ("!!!", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_derived_id_is_the_slug_of_plain_titles():
    assert derived_id("Ad sales boost Time Warner profit") == "ad-sales-boost-time-warner-profit"


# -- the names layer ------------------------------------------------------------------------


def test_names_layer_lists_every_entity_and_alias_with_short_ids():
    index = tiny_index()
    pages = search_pages(index)
    names = layer(pages, NAMES_PATH)
    rows = [names["entities"][i:i + 5] for i in range(0, len(names["entities"]), 5)]
    assert len(rows) == len(index.actors) + len(index.locations)
    by_name = {(r[2], r[0]): r for r in rows}
    # The id is left out when the name gives it; places keep only their country suffix.
    assert by_name[("Keir Starmer", "p")] == ["p", "", "Keir Starmer", 2, "Prime Minister"]
    assert by_name[("Kyiv", "c")] == ["c", "+ua", "Kyiv", 2, "Ukraine"]
    assert by_name[("Russia", "s")][1] == "" and by_name[("Russia", "n")][1] == ""
    keys = decoded_keys(names)
    entity_of = {i: rows[i][2] for i in range(len(rows))}
    found = {(key, entity_of[ref >> 2], ref & 3) for key, ref in keys}
    assert ("zelenskyy", "Volodymyr Zelensky", ALIAS) in found
    assert ("president zelensky", "Volodymyr Zelensky", ALIAS) in found
    assert ("zelensky", "Volodymyr Zelensky", WORD) in found
    assert ("kiev", "Kyiv", ALIAS) in found
    assert ("kyiv", "Kyiv", NAME) in found
    assert ("sao paulo", "São Paulo", NAME) in found
    # "Sao Paulo" folds like the name: one key, the stronger flag.
    assert ("sao paulo", "São Paulo", ALIAS) not in found
    # Sorted as JavaScript compares strings, so search.js can binary-search them.
    assert [k for k, _ in keys] == sorted((k for k, _ in keys), key=lambda k: k.encode("utf-16-be"))


def test_front_coding_counts_utf16_units():
    keys = [("a😀b", 0), ("a😀c", 4), ("b", 8)]
    coded = front_coded(keys)
    assert coded == [0, "a😀b", 0, 3, "c", 4, 0, "b", 8]
    assert decoded_keys({"keys": coded}) == keys


def test_every_alias_is_a_key_of_its_entity():
    index = tiny_index()
    rows = entities(index)
    keys = name_keys(rows)
    for number, row in enumerate(rows):
        for alias in (row.name, *row.aliases):
            assert any(key == fold(alias) and ref >> 2 == number and ref & 3 in (NAME, ALIAS) for key, ref in keys), alias


# -- headlines, full text, snippets -------------------------------------------------------------


def test_titles_layer_in_article_order_with_ids_only_when_not_derived():
    index = tiny_index()
    titles = layer(search_pages(index), TITLES_PATH)["titles"]
    rows = [titles[i:i + 3] for i in range(0, len(titles), 3)]
    assert [r[0] for r in rows] == [sa.article.title for sa in index.articles]
    assert rows[0] == ["Kyiv talks resume", "", "2025-03-12"]
    assert rows[2][1] == ""  # "Zelensky’s visit to Paris" → zelensky-visit-to-paris, derived
    assert rows[4] == ["Markets rally", "+abc123", ""]


def test_text_shards_hold_every_word_once_in_order():
    index = tiny_index()
    pages = search_pages(index)
    firsts = layer(pages, NAMES_PATH)["shards"]
    seen = {}
    for number, first in enumerate(firsts):
        words = list(layer(pages, f"search/text-{number}.js")["words"].items())
        assert words[0][0] == first
        for word, coded in words:
            assert word not in seen
            seen[word] = [(sum(c >> 2 for c in coded[: i + 1]), coded[i] & 3) for i in range(len(coded))]
    # In JavaScript's string order, so that search.js binary-searches the first words.
    assert list(seen) == sorted(seen, key=lambda w: w.encode("utf-16-be"))
    assert seen["kyiv"] == [(0, 0), (1, 0)]  # a headline and a body, once each
    assert seen["talks"] == [(0, 1)]  # twice in the first briefing
    assert seen["zelensky"] == [(2, 0)]  # "Zelensky’s" without the possessive
    assert "s" not in seen  # one-letter words are not indexed


def test_shards_cut_the_sorted_words_into_runs_of_about_the_limit():
    posts = {f"w{i:03d}": [(n, 0) for n in range(0, 300, 3)] for i in range(40)}
    cost = len("w000") + 4 + len(json.dumps(encoded(posts["w000"]), separators=(",", ":")))  # the same for each
    groups = shards(posts, limit=2_000)
    assert [w for words in groups for w in words] == sorted(posts)
    per_shard = 2_000 // cost
    assert [len(words) for words in groups] == [per_shard] * (40 // per_shard) + ([40 % per_shard] if 40 % per_shard else [])
    assert shards({"big": [(n, 0) for n in range(2000)]}, limit=100) == [["big"]]  # a word is never split


def test_short_ids():
    assert short_id("keir-starmer", "Keir Starmer") == ""
    assert short_id("kyiv-ua", "Kyiv") == "+ua"
    assert short_id("markets-rally-abc123", "Markets rally") == "+abc123"
    assert short_id("x-0123456789", "???") == "x-0123456789"
    assert short_id("united-states", "U.S.") == "united-states"


def test_snippets_in_blocks_and_sizes_by_layer():
    index = tiny_index()
    pages = search_pages(index)
    assert layer(pages, "search/snip-0.js")["snippets"][0] == "Negotiators met again."
    sizes = layer_sizes(pages)
    assert set(sizes) == {"names", "titles", "text", "snip"}
    assert all(size > 0 for size in sizes.values())


def test_layers_are_ascii_and_deterministic():
    first, second = search_pages(tiny_index()), search_pages(tiny_index())
    assert [(p.path, p.content) for p in first] == [(p.path, p.content) for p in second]
    assert all(p.content.isascii() for p in first)


def test_postings_are_ascending_article_numbers_with_frequency_classes():
    posts = postings([Counter({"a1": 1, "b2": 3}), Counter({"a1": 8}), Counter({"b2": 4, "a1": 2})])
    assert posts == {"a1": [(0, 0), (1, 3), (2, 1)], "b2": [(0, 1), (2, 2)]}
    assert encoded(posts["a1"]) == [0, 7, 5]
    assert [frequency_class(n) for n in (1, 2, 3, 4, 7, 8, 100)] == [0, 1, 1, 2, 2, 3, 3]
