"""Pronouns join a person only when one person (of the pronoun's gender) is in view."""

from __future__ import annotations

import pytest

from generator.sources import read_source


def _references(extractor, tmp_path, text: str) -> dict[str, list[str]]:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    article = next(iter(extractor.extract([read_source(path)])))
    return {a.name: [m.text for m in a.references] for a in article.actors if a.kind == "person"}


def test_who_and_a_sentence_opening_he_join_the_one_person_in_view(extractor, tmp_path):
    refs = _references(extractor, tmp_path, (
        "Mayor re-elected\n\n"
        "The council thanked Maria Lopez, who won a third term on Sunday.\n"
        "She said the result was a surprise.\n"
        "Maria Lopez and Peter Grant spoke at the count.\n"
        "He left early.\n"
    ))
    assert refs["Maria Lopez"] == ["who", "She"]
    # Two people in the sentence before, but "She" said Maria Lopez is a woman: "He" is Peter Grant.
    assert refs["Peter Grant"] == ["He"]


@pytest.mark.parametrize("sentence", [
    "Doctors treated Maria Lopez, 33, who was taken ill on Sunday.",
    "Doctors treated Maria Lopez, the band's lead singer, who was taken ill on Sunday.",
    "The band will tour without Maria Lopez who was taken ill on Sunday.",
])
def test_who_is_the_person_named_before_it_past_an_age_or_a_description(extractor, tmp_path, sentence):
    refs = _references(extractor, tmp_path, f"Singer in hospital\n\n{sentence}\n")
    assert refs["Maria Lopez"] == ["who"]
