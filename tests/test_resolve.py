"""Cross-article entity resolution and the editor's entities.yml."""

from __future__ import annotations

import pytest

from generator.errors import ConfigError
from generator.index import build_index
from generator.model import Actor, Article, Location, Mention, Sentence, Source
from generator.overrides import Overrides, parse_overrides
from generator.resolve import fold_spelling, name_tokens, resolve, same_person
from generator.slugs import slug


def _article(path: str, *entities: tuple, places: tuple = ()) -> Article:
    """An article whose text is the names, one per line; entities are (name, kind) or (name, kind, aliases)."""
    names = [e[0] for e in entities] + [p[0] for p in places]
    text = "Title\n\n" + "\n".join(names) + "\n"
    offset = len("Title\n\n")
    actors, locations = [], []
    for entity in entities:
        name, kind = entity[0], entity[1]
        aliases = tuple(entity[2]) if len(entity) > 2 else ()
        actors.append(Actor(slug(name), name, kind, None, aliases, (Mention(offset, offset + len(name), name),)))
        offset += len(name) + 1
    for name, place_id in places:
        locations.append(Location(place_id, name, "city", "GB", 51.5, -0.1, (Mention(offset, offset + len(name), name),)))
        offset += len(name) + 1
    source = Source(path=path, text=text, title="Title", standfirst=None, date=None, body_start=7,
                    paragraphs=(Sentence(7, len(text) - 1, text[7:-1]),))
    return Article(source=source, id=slug(path), summary=(), actors=tuple(actors), locations=tuple(locations), quotes=())


def _site_id(resolution, path: str, name: str) -> str | None:
    return resolution.actor_ids[path][slug(name)]


@pytest.mark.parametrize(
    "name, kind, tokens",
    [
        ("U.S. Geological Survey", "organisation", ("us", "geological", "survey")),
        ("Advanced Micro Devices Inc.", "organisation", ("advanced", "micro", "devices")),
        ("Betty Ford Centre", "organisation", ("betty", "ford", "center")),
        ("Arcade Joseph Comeaux Jr.", "person", ("arcade", "joseph", "comeaux")),
        ("Kimani 'Kiki' Gray", "person", ("kimani", "gray")),
        ("Zelenskyy's", "person", ("zelenskyy",)),
        ("José Ángel Núñez", "person", ("jose", "angel", "nunez")),
    ],
)
def test_name_tokens_keep_only_what_identifies(name, kind, tokens):
    assert name_tokens(name, kind) == tokens


def test_transliteration_variants_fold_alike_and_first_names_must_agree():
    assert fold_spelling("zelensky") == fold_spelling("zelenskyy") == fold_spelling("zelenskiy")
    assert same_person(("george", "w", "bush"), ("george", "bush"))
    assert same_person(("christopher", "kenyon", "simpson"), ("christopher", "simpson"))
    assert not same_person(("george", "bush"), ("jeb", "bush"))
    assert not same_person(("boris", "johnson"), ("dustin", "johnson"))
    assert not same_person(("mark", "jay", "heller"), ("mark", "paul", "heller"))


def test_one_person_written_four_ways_is_one_entity():
    articles = [
        _article("a.txt", ("Volodymyr Zelensky", "person")),
        _article("b.txt", ("Volodymyr Zelenskyy", "person")),
        _article("c.txt", ("Zelenskiy", "person")),
        _article("d.txt", ("Volodymyr Zelenskyy", "person"), ("Zelenskyy", "person")),
    ]
    resolution = resolve(articles)
    ids = {_site_id(resolution, a.source.path, a.actors[0].name) for a in articles}
    assert len(ids) == 1
    assert _site_id(resolution, "d.txt", "Zelenskyy") in ids
    assert resolution.possible_duplicates == ()


def test_two_people_sharing_a_surname_stay_apart_and_the_surname_follows_the_context():
    articles = [
        _article("a.txt", ("Boris Johnson", "person"), ("Conservative Party", "organisation")),
        _article("b.txt", ("Dustin Johnson", "person"), ("PGA Tour", "organisation")),
        _article("c.txt", ("Johnson", "person"), ("PGA Tour", "organisation")),
        _article("d.txt", ("Johnson", "person"), ("City Council", "organisation")),
    ]
    resolution = resolve(articles)
    boris, dustin = _site_id(resolution, "a.txt", "Boris Johnson"), _site_id(resolution, "b.txt", "Dustin Johnson")
    assert boris != dustin
    assert _site_id(resolution, "c.txt", "Johnson") == dustin
    # Nothing points either way: left alone and reported.
    assert _site_id(resolution, "d.txt", "Johnson") not in (boris, dustin)
    assert resolution.possible_duplicates == ("d.txt: 'Johnson' could be Boris Johnson or Dustin Johnson",)


def test_a_surname_never_chains_two_full_names_together():
    articles = [
        _article("a.txt", ("Boris Johnson", "person"), ("Johnson", "person", ["Boris Johnson"])),
        _article("b.txt", ("Dustin Johnson", "person"), ("Johnson", "person", ["Dustin Johnson"])),
    ]
    resolution = resolve(articles)
    assert _site_id(resolution, "a.txt", "Boris Johnson") != _site_id(resolution, "b.txt", "Dustin Johnson")


def test_organisations_join_by_acronym_head_word_and_company_form():
    articles = [
        _article("a.txt", ("North Atlantic Treaty Organization", "organisation"), ("Indianapolis Colts", "organisation")),
        _article("b.txt", ("NATO", "organisation"), ("Colts", "organisation"), ("COLTS", "organisation")),
        _article("c.txt", ("Advanced Micro Devices Inc", "organisation"), ("Betty Ford Centre", "organisation")),
        _article("d.txt", ("Advanced Micro Devices", "organisation"), ("Betty Ford Center", "person")),
    ]
    r = resolve(articles)
    assert _site_id(r, "a.txt", "North Atlantic Treaty Organization") == _site_id(r, "b.txt", "NATO")
    assert _site_id(r, "a.txt", "Indianapolis Colts") == _site_id(r, "b.txt", "Colts") == _site_id(r, "b.txt", "COLTS")
    assert _site_id(r, "c.txt", "Advanced Micro Devices Inc") == _site_id(r, "d.txt", "Advanced Micro Devices")
    # One organisation NER labelled a person in one article.
    assert _site_id(r, "c.txt", "Betty Ford Centre") == _site_id(r, "d.txt", "Betty Ford Center")


def test_an_abbreviation_inside_a_name_gives_all_its_letters_to_the_acronym():
    articles = [
        _article("a.txt", ("UK Space Agency", "organisation")),
        _article("b.txt", ("UKSA", "organisation")),
    ]
    r = resolve(articles)
    assert _site_id(r, "a.txt", "UK Space Agency") == _site_id(r, "b.txt", "UKSA")


def test_an_acronym_with_two_expansions_is_reported_not_guessed():
    articles = [
        _article("a.txt", ("Democratic Unionist Party", "organisation")),
        _article("b.txt", ("Dental Users Panel", "organisation")),
        _article("c.txt", ("DUP", "organisation")),
    ]
    r = resolve(articles)
    assert len({_site_id(r, "a.txt", "Democratic Unionist Party"), _site_id(r, "b.txt", "Dental Users Panel"),
                _site_id(r, "c.txt", "DUP")}) == 3
    assert r.possible_duplicates == ("'DUP' could be Democratic Unionist Party or Dental Users Panel",)


def test_a_person_and_a_state_with_one_name_get_two_pages():
    r = resolve([_article("a.txt", ("Jordan", "person")), _article("b.txt", ("Jordan", "state"))])
    a, b = _site_id(r, "a.txt", "Jordan"), _site_id(r, "b.txt", "Jordan")
    assert a != b and {a, b} & {"jordan"}


OVERRIDES = """
merge:
  - [Bev Craig, Councillor Craig]
split:
  - [Boris Johnson, Johnson]
rename:
  keir-starmer: Sir Keir Starmer
set:
  nato: {kind: group, role: alliance}
  Manchester: {kind: region}
hide:
  - Defence
  - Odesa
  - Nobody We Know
"""


def test_overrides_merge_split_rename_set_and_hide():
    articles = [
        _article("a.txt", ("Bev Craig", "person"), ("Keir Starmer", "person"), ("Defence", "organisation"),
                 places=(("Manchester", "manchester-gb"), ("Odesa", "odesa-ua"))),
        _article("b.txt", ("Councillor Craig", "person"), ("Boris Johnson", "person"), ("NATO", "organisation")),
        _article("c.txt", ("Johnson", "person"), ("NATO", "organisation")),
    ]
    overrides = parse_overrides(OVERRIDES, "entities.yml")
    index = build_index(articles, overrides)
    actors = {a.id: a for a in index.actors}
    assert set(actors) == {"bev-craig", "boris-johnson", "johnson", "keir-starmer", "nato"}
    assert actors["keir-starmer"].name == "Sir Keir Starmer"
    assert "Keir Starmer" in actors["keir-starmer"].aliases
    assert actors["bev-craig"].aliases == ("Councillor Craig",)
    assert (actors["nato"].kind, actors["nato"].roles) == ("group", ("alliance",))
    locations = {l.id: l for l in index.locations}
    assert set(locations) == {"manchester-gb"} and locations["manchester-gb"].kind == "region"
    assert index.warnings == (
        "entities.yml: hide: 'Nobody We Know' names no actor or place on the site; check the spelling or remove it",
    )
    # Hidden entities are gone from the articles too.
    first = next(sa for sa in index.articles if sa.article.source.path == "a.txt")
    assert [site_id for _, site_id in first.site_actors()] == ["bev-craig", "keir-starmer"]
    assert [site_id for _, site_id in first.site_locations()] == ["manchester-gb"]


def test_without_overrides_the_surname_joins_the_one_full_name():
    articles = [_article("b.txt", ("Boris Johnson", "person")), _article("c.txt", ("Johnson", "person"))]
    assert {a.id for a in build_index(articles).actors} == {"boris-johnson"}
    split = parse_overrides("split:\n  - [Boris Johnson, Johnson]\n")
    assert {a.id for a in build_index(articles, split).actors} == {"boris-johnson", "johnson"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("- a\n", "entities.yml: top level: must be a mapping with the sections merge, split, rename, set, hide"),
        ("joins: []\n", "entities.yml: joins: unknown section (the sections are merge, split, rename, set, hide)"),
        ("merge:\n  - [Only One]\n", "entities.yml: merge[0]: must be a list of at least two names or ids"),
        ("set:\n  nato: {colour: blue}\n", "entities.yml: set[nato]: cannot set 'colour' (only kind, role)"),
        ("set:\n  nato: {kind: planet}\n", "entities.yml: set[nato].kind: 'planet' is not one of"),
        ("hide: Defence\n", "entities.yml: hide: must be a list of names or ids"),
        ("rename:\n  x: '???'\n", "entities.yml: rename[x]: '???' is not a name or id"),
        ("merge: [a, b\n", "entities.yml: not valid YAML"),
    ],
)
def test_a_bad_overrides_file_names_the_section_and_the_fix(text, message):
    with pytest.raises(ConfigError) as error:
        parse_overrides(text, "entities.yml")
    assert str(error.value).startswith(message)


def test_an_empty_overrides_file_changes_nothing():
    assert parse_overrides("", "entities.yml") == Overrides(path="entities.yml")
    assert parse_overrides("# nothing yet\n", "entities.yml") == Overrides(path="entities.yml")


def test_the_readme_example_and_the_repository_file_parse():
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Correcting entities"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    parsed = parse_overrides(example, "entities.yml")
    assert parsed.merge == (("Volodymyr Zelensky", "Zelenskyy"),)
    assert parsed.hide == ("Defence",)
    shipped = (ROOT / "entities.yml").read_text(encoding="utf-8")
    assert parse_overrides(shipped) == Overrides()  # examples only, as comments
    # Below its two lines of introduction, the shipped file is the README's example, commented out.
    uncommented = "\n".join(line[2:] for line in shipped.splitlines()[3:])
    assert parse_overrides(uncommented) == parsed


def test_a_lone_word_tagged_a_person_that_is_an_organisation_name_joins_the_organisation():
    r = resolve([_article("a.txt", ("Bluejays", "organisation")), _article("b.txt", ("Bluejays", "person"))])
    assert _site_id(r, "a.txt", "Bluejays") == _site_id(r, "b.txt", "Bluejays")


def test_a_given_name_alone_joins_the_full_name_only_when_the_context_points_there():
    articles = [
        _article("a.txt", ("Lena Marvik", "person"), ("Acme Films", "organisation")),
        _article("b.txt", ("Lena", "person"), ("Acme Films", "organisation")),
        _article("c.txt", ("Lena", "person"), ("City Council", "organisation")),
    ]
    r = resolve(articles)
    assert _site_id(r, "b.txt", "Lena") == _site_id(r, "a.txt", "Lena Marvik")
    assert _site_id(r, "c.txt", "Lena") != _site_id(r, "a.txt", "Lena Marvik")


def test_an_acronym_tagged_a_person_is_not_a_surname_spelt_like_it():
    articles = [
        _article("a.txt", ("Rana B. Otti", "person")),
        _article("b.txt", ("OTI", "person")),
        _article("c.txt", ("OTI", "organisation")),
    ]
    r = resolve(articles)
    assert _site_id(r, "b.txt", "OTI") == _site_id(r, "c.txt", "OTI") != _site_id(r, "a.txt", "Rana B. Otti")


def test_an_organisation_name_written_as_one_word_or_two_is_one_organisation():
    r = resolve([_article("a.txt", ("NovaTek", "organisation")), _article("b.txt", ("Nova Tek", "organisation")),
                 _article("c.txt", ("Nova-Tek Inc", "organisation")), _article("d.txt", ("Nova", "organisation"))])
    assert _site_id(r, "a.txt", "NovaTek") == _site_id(r, "b.txt", "Nova Tek") == _site_id(r, "c.txt", "Nova-Tek Inc")
    assert _site_id(r, "d.txt", "Nova") != _site_id(r, "a.txt", "NovaTek")


def test_a_surname_tagged_an_organisation_joins_the_person_the_context_points_to():
    person = _article("a.txt", ("Orla Quennell", "person"), ("Ashford Council", "organisation"))
    r = resolve([person, _article("b.txt", ("Quennell", "organisation"), ("Ashford Council", "organisation"))])
    assert _site_id(r, "b.txt", "Quennell") == _site_id(r, "a.txt", "Orla Quennell")
    # Nothing in common: an organisation of that name may be another entity altogether.
    r = resolve([person, _article("c.txt", ("Quennell", "organisation"), ("Dunmore Rovers", "organisation"))])
    assert _site_id(r, "c.txt", "Quennell") != _site_id(r, "a.txt", "Orla Quennell")


def _prose(path: str, text: str, people: tuple[str, ...] = (), organisations: tuple[str, ...] = ()) -> Article:
    """An article of one paragraph; each named actor is mentioned wherever its name occurs."""
    import re

    body_start = len("Title\n\n")
    full = "Title\n\n" + text + "\n"
    actors = []
    for name, kind in [(n, "person") for n in people] + [(n, "organisation") for n in organisations]:
        spans = [m.start() for m in re.finditer(re.escape(name) + r"\b(?! [A-Z])", full)]
        mentions = tuple(Mention(s, s + len(name), name) for s in spans)
        actors.append(Actor(slug(name), name, kind, None, (), mentions))
    source = Source(path=path, text=full, title="Title", standfirst=None, date=None, body_start=body_start,
                    paragraphs=(Sentence(body_start, len(full) - 1, text),))
    return Article(source=source, id=slug(path), summary=(), actors=tuple(actors), locations=(), quotes=())


def test_a_name_written_as_a_place_one_goes_to_joins_the_facility_of_that_name():
    facility = [
        _prose("a.txt", "Rowan Hale Center opened a wing.", organisations=("Rowan Hale Center",)),
        _prose("b.txt", "Rowan Hale Center said it was full.", organisations=("Rowan Hale Center",)),
        _prose("c.txt", "Rowan Hale Clinic is in the desert.", organisations=("Rowan Hale Clinic",)),
    ]
    went = _prose("d.txt", "The singer checked into Rowan Hale on Monday and stays at Rowan Hale.", people=("Rowan Hale",))
    r = resolve(facility + [went])
    assert _site_id(r, "d.txt", "Rowan Hale") == _site_id(r, "a.txt", "Rowan Hale Center")
    assert _site_id(r, "c.txt", "Rowan Hale Clinic") != _site_id(r, "a.txt", "Rowan Hale Center")
    # Written as a person is ("Rowan Hale said"), the name stays a person's.
    spoke = _prose("e.txt", "Rowan Hale said she was proud. Rowan Hale thanked the staff.", people=("Rowan Hale",))
    r = resolve(facility + [spoke])
    assert _site_id(r, "e.txt", "Rowan Hale") != _site_id(r, "a.txt", "Rowan Hale Center")


def test_words_of_an_organisation_written_as_their_initials_are_one_organisation():
    articles = [
        _article("a.txt", ("United Kingdom Space Agency", "organisation")),
        _article("b.txt", ("UK Space Agency", "organisation")),
        _article("c.txt", ("UKSA", "organisation")),
    ]
    r = resolve(articles)
    # Without it, "UKSA" could be either name, and is left apart as a possible duplicate.
    assert len({_site_id(r, "a.txt", "United Kingdom Space Agency"), _site_id(r, "b.txt", "UK Space Agency"),
                _site_id(r, "c.txt", "UKSA")}) == 1
    assert r.possible_duplicates == ()
