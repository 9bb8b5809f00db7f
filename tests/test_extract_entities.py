"""Entity fix-ups after NER, on small articles written for these tests."""

from __future__ import annotations

import pytest

from generator.sources import read_source


def _extract(extractor, tmp_path, text: str):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return next(iter(extractor.extract([read_source(path)])))


def _by_kind(article) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for actor in article.actors:
        out.setdefault(actor.kind, {})[actor.name] = [m.text for m in actor.mentions]
    for location in article.locations:
        out.setdefault("place", {})[location.name] = [m.text for m in location.mentions]
    return out


RESULTS = (
    "Football results\n\n"
    "Results of league matches on Saturday:\n"
    "Exeter 2 Preston 1\n"
    "Carlisle 0 Lincoln 3\n"
    "France 2 Wales 1\n"
    "Standings:\n"
    "Exeter 4 3 1 0 9 4 10\n"
    "Lincoln 4 2 1 1 7 5 7\n"
    "Preston scored first through Tom Baker, but Exeter came back to win.\n"
    "The fans celebrated in Lincoln after the match.\n"
)


@pytest.fixture(scope="module")
def results(extractor, tmp_path_factory):
    return _by_kind(_extract(extractor, tmp_path_factory.mktemp("results"), RESULTS))


def test_a_town_beside_a_score_is_a_club(results):
    orgs = results["organisation"]
    assert {"Exeter", "Preston", "Carlisle", "Lincoln"} <= set(orgs)
    # Every mention of the club in the article, also in the report under the table.
    assert orgs["Exeter"] == ["Exeter", "Exeter", "Exeter"]
    assert orgs["Preston"] == ["Preston", "Preston"]


def test_national_sides_stay_places(results):
    assert "France" in results["place"] and "Wales" in results["place"]
    assert "France" not in results["organisation"] and "Wales" not in results["organisation"]


def test_a_town_after_in_is_where_it_happened(results):
    assert results["place"]["Lincoln"] == ["Lincoln"]
    assert results["person"]["Tom Baker"] == ["Tom Baker"]


def test_dates_figures_and_fixtures_make_no_teams(extractor, tmp_path):
    found = _by_kind(_extract(extractor, tmp_path, (
        "Cricket tour\n\n"
        "LONDON 2026-05-01\n"
        "Bowling: Smith 10-0-43-2, Jones 8-1-30-1, Brown 6-0-22-0.\n"
        "May 15 v Exeter (at the county ground)\n"
        "June 2 v Preston\n"
    )))
    orgs = set(found.get("organisation", {}))
    assert not orgs & {"Smith", "Jones", "Brown", "May", "June", "London", "LONDON"}


def test_fixture_at_a_venue(extractor, tmp_path):
    found = _by_kind(_extract(extractor, tmp_path, (
        "Baseball schedule\n\n"
        "Games on Sunday:\n"
        "BOSTON AT DENVER\n"
        "ATLANTA AT PHOENIX\n"
    )))
    assert {"BOSTON", "ATLANTA"} <= set(found["organisation"])
    assert not {"DENVER", "PHOENIX"} & set(found["organisation"])


def test_an_organisation_ends_at_its_last_capitalised_word(extractor, tmp_path):
    found = _by_kind(_extract(extractor, tmp_path, (
        "Talks resume\n\n"
        "The talks resumed on Monday, the Tass news agency reported.\n"
        "Tass said later that no deal had been signed.\n"
    )))
    assert found["organisation"]["Tass"] == ["Tass", "Tass"]


def test_label_vote_takes_the_majority_label():
    from generator.extract.entities import EntityBuilder

    builder = EntityBuilder.__new__(EntityBuilder)
    builder._votes = {"ruchco": {"ORG": 3, "PERSON": 1}, "lena": {"PERSON": 2, "ORG": 1}}
    assert builder._voted_label("Ruchco", "PERSON") == "ORG"
    assert builder._voted_label("Lena", "ORG") == "PERSON"
    assert builder._voted_label("Unknown", "PERSON") == "PERSON"
    assert builder._voted_label("Ruchco", "GPE") == "GPE"


def test_people_in_results_lists_and_line_ups(extractor, tmp_path):
    found = _by_kind(_extract(extractor, tmp_path, (
        "Athletics results\n\n"
        "Men's 800 metres:\n"
        "1. Tomas Verkal ( Norway ) 1:44.10\n"
        "2. Piet Brandow ( Belgium ) 1:44.52\n"
        "Line-up: 1 - Oskar Lindqvist , 4 - Emil Varga , 9 - Tarek Hollis\n"
        "Ashford 240 ( K. Marlowe 88 , T. Pennick 51 ) , Dunmore 198-6 .\n"
    )))
    people = set(found["person"])
    assert {"Tomas Verkal", "Piet Brandow", "Oskar Lindqvist", "Emil Varga", "Tarek Hollis"} <= people
    assert {"K. Marlowe", "T. Pennick"} <= people
    assert {"Norway", "Belgium"} <= set(found["place"])


def test_sentence_case_headline_is_read_by_the_tagger(extractor, tmp_path):
    # The full name is written only in the headline; the body has the surname alone.
    article = _extract(extractor, tmp_path, (
        "Coach says Daniel Marwick will miss the rest of the season\n\n"
        "Marwick hurt his knee in training on Tuesday and will not play again this year.\n"
        "The club said Marwick would have surgery next week.\n"
    ))
    people = _by_kind(article)["person"]
    assert people == {"Daniel Marwick": ["Daniel Marwick", "Marwick", "Marwick"]}
    # The headline is not a sentence of the article: the key points come from the body.
    assert all(s.start >= article.source.body_start for s in article.sentences)


def test_title_case_headline_is_not_tagged(extractor, tmp_path):
    # In Title Case every word looks like a name; only what the body names is found there.
    article = _extract(extractor, tmp_path, (
        "Coach Says Daniel Marwick Will Miss The Rest Of The Season\n\n"
        "Marwick hurt his knee in training on Tuesday and will not play again this year.\n"
    ))
    assert "Daniel Marwick" not in _by_kind(article).get("person", {})


def test_headline_people_need_a_full_name_and_places_a_known_big_one(extractor, tmp_path):
    article = _extract(extractor, tmp_path, (
        "Tsunami debt deal agreed as Euro talks open in Paris\n\n"
        "Finance ministers agreed on Tuesday to freeze the debts of the countries hit.\n"
    ))
    found = _by_kind(article)
    assert "person" not in found  # "Euro" alone is no one
    assert found["place"] == {"Paris": ["Paris"]}  # not "Tsunami" as a small town


@pytest.mark.parametrize(("line", "expected"), [
    ("Ad sales boost Acme profit", True),
    ("Coach says Daniel Marwick will miss the season", True),
    ("Ad Sales Boost Acme Profit", False),
    ("AD SALES BOOST ACME PROFIT", False),
    ("Acme wins", False),  # too short to tell
])
def test_sentence_case(line, expected):
    from generator.extract import _sentence_case

    assert _sentence_case(line) is expected


def test_a_town_in_a_clubs_name_is_the_club_unless_written_as_a_place(extractor, tmp_path):
    article = _extract(extractor, tmp_path, (
        "Lions win again\n\n"
        "The Ashford Lions beat the Dunmore Owls 24-17 on Sunday.\n"
        "The win lifts Ashford to second place, and the Lions play Kestrel Bay next.\n"
        "Fans in Ashford celebrated.\n"
    ))
    found = _by_kind(article)
    assert sorted(found["organisation"]["Lions"]) == ["Ashford", "Ashford Lions", "Lions", "Lions"]
    assert found["place"] == {"Ashford": ["Ashford"]}  # "in Ashford": the town


def test_a_surname_that_is_a_foreign_citys_other_name_stays_a_person(extractor, tmp_path):
    # "Manning" is listed among the other names of a big city abroad; the article names no country.
    article = _extract(extractor, tmp_path, (
        "Arrest made\n\n"
        "Police said Manning was arrested on Friday.\n"
    ))
    assert article.locations == ()
    assert _by_kind(article)["person"] == {"Manning": ["Manning"]}


def test_a_first_name_the_tagger_takes_for_a_place_is_the_person(extractor, tmp_path):
    # "Dakota" alone is tagged a place; the gazetteer has no place of that name, the article a Dakota Renn.
    article = _extract(extractor, tmp_path, "Arrest made\n\nDakota Renn was arrested. Dakota was held overnight.\n")
    assert _by_kind(article) == {"person": {"Dakota Renn": ["Dakota Renn", "Dakota"]}}


def test_a_first_name_written_with_an_apostrophe_is_part_of_the_name(extractor, tmp_path):
    # The tagger reads "Marie Quill" as the name and leaves "Ta'Leah" out.
    article = _extract(extractor, tmp_path, (
        "Trial set\n\n"
        "Rowan Hale of Fort Dale is accused of fatally shooting Ta'Leah Marie Quill of Harlow, Ark.\n"
    ))
    people = _by_kind(article)["person"]
    assert people["Ta'Leah Marie Quill"] == ["Ta'Leah Marie Quill"]
    assert "Marie Quill" not in people


def test_a_word_that_begins_one_organisation_is_that_organisation_written_short(extractor, tmp_path):
    # The tagger reads "Morwick" alone as some other kind of name; the article means the centre.
    article = _extract(extractor, tmp_path, (
        "Actress leaves rehab\n\n"
        "The actress Ada Quill checked into the Morwick Treatment Centre in Harlow on Monday, her publicist said. "
        "Her lawyer said she left Morwick on Thursday.\n"
    ))
    kinds = _by_kind(article)
    (centre,) = [mentions for name, mentions in kinds["organisation"].items() if name.startswith("Morwick Treatment Centre")]
    assert "Morwick" in centre
    assert not any("Morwick" in name for kind in ("person", "place") for name in kinds.get(kind, {}))


def test_a_town_written_as_a_place_is_not_the_organisation_named_after_it(extractor, tmp_path):
    article = _extract(extractor, tmp_path, (
        "Man held\n\nA man was arrested in Harlow on Monday, the Harlow Police Department said. He was held overnight.\n"
    ))
    assert _by_kind(article)["place"] == {"Harlow": ["Harlow"]}


@pytest.mark.parametrize(("body", "organisations"), [
    # A team's nickname alone is the team whose name is a place and that word.
    ("Coach Mara Quill of the Harlow Otters said on Sunday that the Otters had to improve. Otters fans booed.",
     {"Harlow Otters": ["Harlow Otters", "Otters", "Otters"]}),
    # Not a plural word ending a firm's name that is no place.
    ("Shares in Brenmoor Industries rose on Monday. Analysts said Industries shares had lagged.",
     {"Brenmoor Industries": ["Brenmoor Industries"]}),
])
def test_a_teams_nickname_alone_is_the_team(extractor, tmp_path, body, organisations):
    article = _extract(extractor, tmp_path, f"Results\n\n{body}\n")
    assert _by_kind(article)["organisation"] == organisations


def test_a_name_before_administration_is_a_leader_not_a_town(extractor, tmp_path):
    # Jackson, Mississippi has 150,000 people; "the Jackson administration" is a president's.
    article = _extract(extractor, tmp_path, (
        "Rules overturned\n\nA judge on Friday overturned rules the Jackson administration had written in its last weeks.\n"
    ))
    assert _by_kind(article) == {"person": {"Jackson": ["Jackson"]}}
