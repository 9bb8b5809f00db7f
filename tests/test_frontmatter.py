"""The fast front-matter writer gives exactly yaml.safe_dump's bytes."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import frontmatter
from generator.frontmatter import OPTIONS, _simple, dump, plain

# Characters that change PyYAML's choices: indicators, spaces, breaks, quotes, non-ASCII, BOM, NEL.
TRICKY = list(":#-?,[]{}&*!|>'\"%@` \t\n\r.~=") + ["\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "é", "£", "’", "😀", "\x00", "\x7f"]
WORDS = ["yes", "No", "true", "null", "~", "1", "0x1F", "1.5", "1e3", ".inf", "2025-04-02", "<<", "=", "---", "...", "Ukraine", "Sir Keir"]
text = st.one_of(
    st.text(alphabet=st.sampled_from(TRICKY + list("abcXYZ019 ")), max_size=12),
    st.lists(st.sampled_from(WORDS + TRICKY), max_size=4).map(" ".join),
    st.lists(st.sampled_from(WORDS + TRICKY), max_size=4).map("".join),
    st.text(max_size=20),
)
scalar = st.one_of(text, st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(), st.floats(-180, 180))
value = st.one_of(scalar, st.lists(text, max_size=4), st.dictionaries(st.sampled_from(["boost", "exclude"]), scalar, max_size=2))
front = st.dictionaries(st.sampled_from(["title", "description", "type", "id", "aliases", "articles", "search", "lat"]), value, max_size=8)


@settings(max_examples=3000, deadline=None)
@given(front)
def test_dump_equals_pyyaml(data):
    assert dump(data) == yaml.safe_dump(data, **OPTIONS)


@settings(max_examples=2000, deadline=None)
@given(text)
def test_simple_strings_are_written_plain_or_single_quoted_as_pyyaml_does(value):
    if _simple(value):
        expected = value if plain(value) else "'" + value.replace("'", "''") + "'"
        assert yaml.safe_dump({"k": value}, **OPTIONS) == f"k: {expected}\n"
        assert yaml.safe_dump({"k": [value]}, **OPTIONS) == f"k:\n- {expected}\n"


def test_typical_pages_take_the_fast_path():
    data = {
        "title": "Keir Starmer", "description": "Sir Keir Starmer said the talks &quot;went well&quot;, in Paris.",
        "type": "actor", "id": "keir-starmer", "kind": "person", "roles": ["Prime Minister"], "aliases": [],
        "articles": ["a-b", "c-d"], "search": {"boost": 2}, "date": None, "lat": None,
    }
    assert frontmatter._fast(data) is not None
    assert dump(data) == yaml.safe_dump(data, **OPTIONS)


def test_quoted_strings_and_floats_take_the_fast_path_too():
    for data in ({"lat": 48.85, "lon": -2.0}, {"title": "Talks: day two"}, {"title": "2025-04-02"}, {"title": "it's"}, {"a": ""}):
        assert frontmatter._fast(data) is not None, data
        assert dump(data) == yaml.safe_dump(data, **OPTIONS)


def test_long_or_odd_strings_go_to_pyyaml():
    for data in ({"title": "x " * 3000}, {"title": "tab\there"}, {"title": "line\nbreak"}, {"lat": float("nan")}, {}):
        assert frontmatter._fast(data) is None, data
        assert dump(data) == yaml.safe_dump(data, **OPTIONS)
