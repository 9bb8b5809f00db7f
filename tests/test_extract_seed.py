"""What a reader of the seed briefing must find (see ../shared/eval/seed-gold.yaml)."""

from __future__ import annotations

import pytest

SEED = "000_4ae5e4b150c21158.txt"


@pytest.fixture(scope="module")
def seed(fixture_articles):
    return fixture_articles[SEED]


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Keir Starmer", "Prime Minister"),
        ("Healey", "Defence Secretary"),
        ("Trump", "President"),
        ("Vladimir Putin", "President"),
        ("Volodymyr Zelensky", "President"),
        ("Marco Rubio", "Secretary of State"),
        ("Steve Witkoff", "special envoy"),
        ("Mark Rutte", "Secretary-General"),
    ],
)
def test_people_with_roles(seed, name, role):
    people = {a.name: a for a in seed.actors if a.kind == "person"}
    assert name in people
    assert people[name].role == role


def test_exactly_the_eight_people(seed):
    assert len([a for a in seed.actors if a.kind == "person"]) == 8


def test_aliases_are_merged(seed):
    starmer = next(a for a in seed.actors if a.name == "Keir Starmer")
    assert {"Sir Keir Starmer", "Sir Keir", "the Prime Minister"} <= set(starmer.aliases)
    healey = next(a for a in seed.actors if a.name == "Healey")
    assert "Mr. Healey" in healey.aliases


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Paris", "city", "FR"),
        ("Kyiv", "city", "UA"),
        ("Moscow", "city", "RU"),
        ("Washington", "city", "US"),
        ("Kursk Oblast", "region", "RU"),
        ("Saudi Arabia", "country", "SA"),
        ("Europe", "continent", None),
    ],
)
def test_places_with_coordinates(seed, name, kind, country):
    places = {l.name: l for l in seed.locations}
    assert name in places
    place = places[name]
    assert (place.kind, place.country) == (kind, country)
    assert place.lat is not None and place.lon is not None


def test_washington_dc_is_one_place(seed):
    washington = next(l for l in seed.locations if l.name == "Washington")
    assert [m.text for m in washington.mentions] == ["Washington, D.C."]


def test_no_junk_entities(seed):
    names = {a.name for a in seed.actors} | {l.name for l in seed.locations}
    assert not names & {"Defence", "State", "Kyiv Person", seed.title}
    assert "Kyiv" not in {a.name for a in seed.actors}


def test_quotes_and_speakers(seed):
    speakers = {q.text: q.speaker for q in seed.quotes}
    assert speakers["remarkable breakthrough"] == "keir-starmer"
    assert speakers["the ball is now in the Russian court"] == "keir-starmer"
    assert speakers["coalition of the willing"] == "keir-starmer"
    trump = next(t for t in speakers if t.startswith("If we can get Russia"))
    assert trump.endswith("lots of people.") and speakers[trump] == "trump"


def test_offsets_slice_the_file_text(fixture_articles):
    for article in fixture_articles.values():
        text = article.source.text
        for entity in (*article.actors, *article.locations):
            for mention in entity.mentions:
                assert text[mention.start : mention.end] == mention.text
        for quote in article.quotes:
            assert " ".join(text[quote.start : quote.end].split()).replace('"', "").replace("“", "") == quote.text.replace('"', "")


def test_summary_is_copied_sentences_in_order(fixture_articles):
    for article in fixture_articles.values():
        assert 1 <= len(article.summary) <= 5
        flat = " ".join(article.source.text.split())
        positions = [flat.index(point) for point in article.summary]
        assert positions == sorted(positions)
