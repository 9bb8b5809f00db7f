"""Pronouns and descriptions join the one named actor they can mean (generator/extract/coref.py)."""

from __future__ import annotations

from generator.sources import read_source


def _references(extractor, tmp_path, text: str) -> dict[str, list[str]]:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    article = next(iter(extractor.extract([read_source(path)])))
    return {a.name: [m.text for m in a.references] for a in article.actors}


def test_a_description_the_article_gave_a_name_joins_that_name(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Star checks into clinic\n\n"
        "The actress Jane Holloway checked into a clinic in Oregon on Friday.\n"
        "Doctors said the actress was resting and would stay for a month.\n"
    ))
    assert refs["Jane Holloway"] == ["the actress"]


def test_an_age_or_a_clause_between_commas_does_not_make_a_new_person(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Star checks into clinic\n\n"
        "The actress Jane Holloway checked into a clinic in Oregon on Friday.\n"
        "The actress, 33, was resting, doctors said.\n"
        "The actress, who won an award in 2019, will stay for a month.\n"
    ))
    assert refs["Jane Holloway"] == ["The actress", "The actress"]


def test_the_company_is_the_organisation_named_just_before(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Chip deal\n\n"
        "Orvane Microsystems agreed to buy a small server maker on Tuesday.\n"
        "The company said the deal would close in March.\n"
    ))
    assert refs["Orvane Microsystems"] == ["The company"]


def test_a_pronoun_joins_the_one_person_of_its_gender_in_view(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Council vote\n\n"
        "Mrs. Helen Marsh and Tom Becker chaired the meeting on Monday.\n"
        "The vote went his way, and the members thanked Marsh.\n"
    ))
    assert refs["Tom Becker"] == ["his"]
    assert refs["Helen Marsh"] == []


def test_someone_unnamed_of_that_gender_in_view_blocks_the_join(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Inmate attacked visitor\n\n"
        "Tom Becker stabbed his wife during a prison visit in 1999.\n"
        "She survived the attack.\n"
    ))
    assert refs["Tom Becker"] == ["his"]


def test_two_people_of_unknown_gender_in_view_leave_the_pronoun_alone(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Talks in Oslo\n\n"
        "Alex Moreno met Sam Whitfield in Oslo on Monday.\n"
        "The talks went well, and he left for Berlin.\n"
    ))
    assert refs["Alex Moreno"] == [] and refs["Sam Whitfield"] == []


def test_a_pronoun_inside_a_quotation_is_left_alone(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Coach speaks\n\n"
        "Tom Becker spoke to reporters after the game on Sunday.\n"
        "\"He played well and he deserved the win,\" Becker said of his striker.\n"
    ))
    assert "He" not in refs["Tom Becker"] and "he" not in refs["Tom Becker"]


def test_descriptions_and_pronouns_are_references_never_aliases(extractor, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Star checks into clinic\n\nThe actress Jane Holloway checked into a clinic on Friday.\n"
        "Doctors said the actress was resting.\n", encoding="utf-8")
    article = next(iter(extractor.extract([read_source(path)])))
    actor = next(a for a in article.actors if a.name == "Jane Holloway")
    assert "the actress" not in actor.aliases


def test_a_subject_pronoun_continues_the_subject_before_when_several_are_in_view(extractor, tmp_path):
    text = (
        "Council vote\n\n"
        "Mr. Tom Becker and Mr. Alan Price met on Monday.\n"
        "Becker told Price the talks had gone well.\n"
        "He said a deal could follow within weeks.\n"
    )
    refs = _references(extractor, tmp_path, text)
    assert refs["Tom Becker"] == ["He"]  # the subject of the sentence before; both are men
    assert refs["Alan Price"] == []
    refs = _references(extractor, tmp_path, text.replace("Becker told Price", "Price told Becker"))
    assert refs["Alan Price"] == ["He"] and refs["Tom Becker"] == []


def test_a_pronoun_in_a_clause_is_the_named_subject_governing_it(extractor, tmp_path):
    text = (
        "Council vote\n\n"
        "Mr. Tom Becker and Mr. Alan Price met on Monday.\n"
        "Becker admitted he had misjudged the vote.\n"
        "Price said his plan would pass.\n"
        "Becker thanked him.\n"
    )
    refs = _references(extractor, tmp_path, text)
    # "him", the object of Becker's own verb, is not Becker: the other man in view.
    assert refs["Tom Becker"] == ["he"] and refs["Alan Price"] == ["his", "him"]
    # Gender untold: "the lawyer said she..." is often about someone else; "he" and "his" are left alone.
    refs = _references(extractor, tmp_path, text.replace("Mr. ", ""))
    assert refs["Tom Becker"] == [] and refs["Alan Price"] == ["him"]


def test_police_is_the_one_police_force_the_article_names(extractor, tmp_path):
    text = (
        "Shooting inquiry\n\n"
        "The Ashford Police Department opened an inquiry on Monday.\n"
        "Police said two men were held overnight.\n"
    )
    refs = _references(extractor, tmp_path, text)
    assert refs["Ashford Police Department"] == ["Police"]
    # Two forces: nobody can tell which.
    refs = _references(extractor, tmp_path, text.replace("on Monday", "with the Dunmore Police Department"))
    assert refs["Ashford Police Department"] == [] and refs["Dunmore Police Department"] == []


def test_a_pronoun_under_two_subjects_is_left_alone(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Council vote\n\n"
        "Mrs. Ada Quill and Mrs. Jane Holt met on Monday.\n"
        "Quill and Holt said she would stand again.\n"
    ))
    assert refs["Ada Quill"] == [] and refs["Jane Holt"] == []
