"""Gazetteer data and place choice, on small articles and places written for these tests."""

from __future__ import annotations

import pytest

from generator.extract.places import choose
from generator.gazetteer import Place
from generator.sources import read_source


@pytest.fixture(scope="module")
def gazetteer(extractor):
    return extractor.gazetteer


def _places(extractor, tmp_path, text: str) -> dict[str, object]:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    article = next(iter(extractor.extract([read_source(path)])))
    return {m.text: loc for loc in article.locations for m in loc.mentions}


def test_first_level_regions_have_centre_points(gazetteer):
    region = next(c for c in gazetteer.candidates("Queensland") if c.kind == "region")
    assert region.country == "AU" and -29 < region.lat < -10 and 137 < region.lon < 154


def test_a_region_is_also_known_without_its_kind_word(gazetteer):
    # GeoNames writes "Anhui Sheng"; English prose writes "Anhui".
    region = next(c for c in gazetteer.candidates("Anhui") if c.kind == "region")
    assert region.country == "CN" and region.lat is not None


def test_generic_words_are_not_regions(gazetteer):
    assert not [c for c in gazetteer.candidates("Central") if c.kind == "region" and c.key.startswith("admin")]


def test_districts_have_centre_points(gazetteer):
    county = next(c for c in gazetteer.candidates("Suffolk") if c.country == "GB")
    assert county.kind == "region" and 51.5 < county.lat < 53 and 0 < county.lon < 2


def test_a_country_sits_in_its_main_territory(gazetteer):
    usa = gazetteer.country("US")
    # Not pulled north-west by Alaska nor south-west by Hawaii: inside the contiguous states.
    assert 36 < usa.lat < 43 and -105 < usa.lon < -92


def _place(key: str, name: str, kind: str, country: str, population: int) -> Place:
    return Place(key=key, name=name, kind=kind, country=country, lat=0.0, lon=0.0, population=population)


def test_a_place_of_that_very_name_beats_an_alternate_name():
    own = _place("geonames:1", "Greenford", "city", "US", 300_000)
    alias = _place("geonames:2", "Markton", "city", "PH", 700_000)  # lists "Greenford" among old names
    assert choose([alias, own], frozenset(), name="Greenford") == own
    assert choose([alias, own], frozenset()) == alias


def test_a_district_named_like_a_town_of_its_country_is_the_town():
    town = _place("geonames:3", "Lakeport", "city", "AU", 400_000)
    district = _place("admin2:AU:x:lakeport", "Lakeport", "region", "AU", 900_000)
    assert choose([town, district], frozenset({"AU"}), name="Lakeport") == town


def test_lists_and_chains_of_places(extractor, tmp_path):
    places = _places(extractor, tmp_path, (
        "Exports rise\n\n"
        "Orders came from Chile, China, Norway and Peru this year.\n"
        "Officials in Kalamazoo, Michigan, USA welcomed the figures.\n"
    ))
    assert places["China"].kind == "country" and places["China"].country == "CN"
    assert places["Kalamazoo"].kind == "city" and places["Kalamazoo"].country == "US"
    assert places["Michigan"].kind == "region"


def test_a_region_written_with_its_kind_word(extractor, tmp_path):
    places = _places(extractor, tmp_path, (
        "Floods spread\n\n"
        "Rivers burst their banks in the Sichuan province on Monday.\n"
    ))
    region = places["Sichuan province"]
    assert region.kind == "region" and region.country == "CN" and region.lat is not None


def test_a_kind_word_the_tagger_took_into_the_name(extractor, tmp_path):
    # The tagger reads "Henan province" as one name; the region of "Henan" is meant, with its centre.
    places = _places(extractor, tmp_path, "Floods spread\n\nFloods hit Henan province on Monday, officials in China said.\n")
    region = places["Henan province"]
    assert (region.kind, region.country, region.name) == ("region", "CN", "Henan Province")
    assert region.lat is not None


def test_a_region_has_one_page_however_it_is_written(extractor, tmp_path):
    # GeoNames lists "Guizhou Sheng"; "Guizhou province" is shown as "Guizhou Province", and "Guizhou"
    # alone as listed: one place, so one page id whichever spelling an article uses.
    with_word = _places(extractor, tmp_path, "Roads close\n\nSnow closed roads in Guizhou province, officials in China said.\n")
    alone = _places(extractor, tmp_path, "Roads close\n\nSnow closed roads across Guizhou, officials in China said.\n")
    assert with_word["Guizhou province"].name == "Guizhou Province"
    assert with_word["Guizhou province"].id == alone["Guizhou"].id == "guizhou-sheng-cn"


def test_a_dateline_names_where_the_story_was_filed(extractor, tmp_path):
    places = _places(extractor, tmp_path, (
        "Port reopens\n\n"
        "Jane Example\n"
        "LISBON 2026-03-02\n"
        "The port reopened on Monday after a two-day strike.\n"
    ))
    assert places["LISBON"].country == "PT" and places["LISBON"].kind == "city"


def test_a_dateline_with_its_country(extractor, tmp_path):
    places = _places(extractor, tmp_path, (
        "Port reopens\n\n"
        "PORTO , Portugal 2026-03-02\n"
        "The port reopened on Monday after a two-day strike.\n"
    ))
    assert places["PORTO"].country == "PT" and places["Portugal"].kind == "country"


def test_a_national_capital_beats_the_region_of_its_name():
    # Invented places: a state and the country's capital share a name; the capital is meant.
    state = Place(key="region:XX:AA", name="Marrowby", kind="region", country="XX", lat=1.0, lon=1.0, population=9_000_000, admin1="AA")
    capital = Place(key="geonames:1", name="Marrowby", kind="city", country="XX", lat=2.0, lon=2.0, population=600_000, admin1="BB", capital=True)
    town = Place(key="geonames:2", name="Marrowby", kind="city", country="XX", lat=3.0, lon=3.0, population=600_000, admin1="AA")
    assert choose([state, capital], frozenset(), name="Marrowby") == capital
    assert choose([state, town], frozenset(), name="Marrowby") == state  # an ordinary town does not


def test_capital_and_qualified_capital_are_one_place(extractor, tmp_path):
    places = _places(extractor, tmp_path, "Talks resume\n\nEnvoys flew to Washington on Monday. Officials in Washington, D.C. said the talks would go on.\n")
    assert places["Washington"].id == places["Washington, D.C."].id
    assert places["Washington"].kind == "city" and 38 < places["Washington"].lat < 40


def test_two_places_of_one_name_in_one_country_get_two_ids(gazetteer):
    springfields = [p for p in gazetteer.candidates("Springfield") if p.country == "US" and p.kind == "city" and p.name == "Springfield"]
    ids = [gazetteer.place_id(p) for p in springfields]
    assert len(springfields) >= 3 and len(set(ids)) == len(ids)
    assert ids[0] == "springfield-us"  # the largest keeps the plain id
    assert all(i.startswith("springfield-") and i.endswith("-us") for i in ids)


def test_a_state_named_like_its_capital_has_its_own_id(gazetteer):
    capital = next(p for p in gazetteer.candidates("Washington") if p.capital)
    state = next(p for p in gazetteer.candidates("Washington") if p.kind == "region" and p.country == "US")
    assert gazetteer.place_id(capital) == "washington-us"
    assert gazetteer.place_id(state) == "washington-wa-us"


def test_a_region_tagged_a_person_is_a_place_when_the_article_names_its_country(extractor, tmp_path):
    # The tagger calls the region a person ("Guerrero" is a surname too); the article names Mexico.
    places = _places(extractor, tmp_path, (
        "Troops sent south\n\n"
        "Violence in Mexico has spread, and Guerrero is the worst hit.\n"
    ))
    assert places["Guerrero"].kind == "region" and places["Guerrero"].country == "MX"
    # Without its country, a surname stays a person.
    places = _places(extractor, tmp_path, "Coach praised\n\nThe coach said Guerrero played well on Sunday.\n")
    assert "Guerrero" not in places


def test_a_country_is_known_by_the_end_of_its_formal_name_when_its_people_are_named_after_it(gazetteer):
    # "United States of America" and the demonym "American": "America" alone is the country.
    america = choose(gazetteer.candidates("America"), frozenset(), name="America")
    assert (america.kind, america.country) == ("country", "US")
    # "Isle of Man" ends with a common word, and its people are not "Mann": no country called "Man".
    assert all(c.kind != "country" for c in gazetteer.candidates("Man"))
