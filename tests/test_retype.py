"""A place the gazetteer does not know that is an actor elsewhere on the site becomes that actor."""

from __future__ import annotations

from generator.index import build_index
from generator.model import Actor, Article, Location, Mention, Sentence, Source
from generator.retype import retype_unplaced
from generator.slugs import slug


def _article(path: str, actors=(), places=()) -> Article:
    """Names one per line; actors are (name, kind), places are (name, placed)."""
    names = [n for n, _ in actors] + [n for n, _ in places]
    text = "Title\n\n" + "\n".join(names) + "\n"
    offset = len("Title\n\n")
    out_actors, out_places = [], []
    for name, kind in actors:
        out_actors.append(Actor(slug(name), name, kind, None, (), (Mention(offset, offset + len(name), name),)))
        offset += len(name) + 1
    for name, placed in places:
        coords = (51.5, -0.1) if placed else (None, None)
        out_places.append(Location(slug(name), name, "city" if placed else "other", "GB" if placed else None,
                                   *coords, (Mention(offset, offset + len(name), name),)))
        offset += len(name) + 1
    source = Source(path=path, text=text, title="Title", standfirst=None, date=None, body_start=7,
                    paragraphs=(Sentence(7, len(text) - 1, text[7:-1]),))
    return Article(source=source, id=slug(path), summary=(), actors=tuple(out_actors), locations=tuple(out_places), quotes=())


def test_an_unplaced_place_named_as_an_organisation_elsewhere_joins_it():
    articles = [
        _article("a.txt", actors=[("Orvane Bluejays", "organisation")]),
        _article("b.txt", actors=[("Orvane Bluejays", "organisation")]),
        _article("c.txt", places=[("Orvane Bluejays", False), ("Leeds", True)]),
    ]
    index = build_index(articles)
    bluejays = [a for a in index.actors if a.name == "Orvane Bluejays"]
    assert len(bluejays) == 1 and len(bluejays[0].appearances) == 3
    assert [l.name for l in index.locations] == ["Leeds"]


def test_a_surname_taken_for_a_place_joins_the_person():
    articles = [
        _article("a.txt", actors=[("Lena Marvik", "person")]),
        _article("b.txt", places=[("Marvik", False)]),
    ]
    index = build_index(articles)
    assert [(a.name, len(a.appearances)) for a in index.actors] == [("Lena Marvik", 2)]
    assert index.locations == ()


def test_places_the_gazetteer_knows_and_names_mostly_written_as_places_stay_places():
    articles = [
        _article("a.txt", actors=[("Leeds", "organisation"), ("Stonecrest", "organisation")]),
        _article("b.txt", places=[("Leeds", True), ("Stonecrest", False)]),
        _article("c.txt", places=[("Stonecrest", False)]),
    ]
    retyped = retype_unplaced(articles)
    assert [l.name for l in retyped[1].locations] == ["Leeds", "Stonecrest"]
    assert [l.name for l in retyped[2].locations] == ["Stonecrest"]
    assert retyped[0] is articles[0]


def test_an_article_with_both_the_actor_and_the_place_keeps_one_actor_with_every_mention():
    articles = [
        _article("a.txt", actors=[("Orvane Bluejays", "organisation")]),
        _article("b.txt", actors=[("Orvane Bluejays", "organisation")], places=[("Orvane Bluejays", False)]),
    ]
    retyped = retype_unplaced(articles)
    assert retyped[1].locations == ()
    assert [(a.name, len(a.mentions)) for a in retyped[1].actors] == [("Orvane Bluejays", 2)]
