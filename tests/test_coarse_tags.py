"""generator/extract/coarse_tags.py gives the tokens the tags the model's own attribute ruler gives."""

from __future__ import annotations

import pytest

# Sentences that reach every kind of rule: the tag map, words ("that" as a pronoun, "not"),
# dependency labels ("there is", auxiliaries, "but" as an adverb), two-token rules and whitespace.
TEXTS = [
    "The minister said that the talks, which began in Ashford, would not end before Friday.",
    "There is nothing that they can do, but he did it anyway; she has had enough.",
    "I'm gonna say it:  we  got ta leave.\n\nLet's go, y'all!\n",
    "Ms. Quill (Example Wire) told reporters: \"It isn't over.\"  \n  Then she left.",
    "\n",
    "",
]


@pytest.fixture(scope="module")
def pipelines(extractor):
    import spacy

    from generator.extract.nlp import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        try:
            reference = spacy.load(name, exclude=["lemmatizer"])
            break
        except OSError:
            continue
    return extractor.nlp, reference


def test_the_component_replaces_the_ruler(pipelines):
    ours, reference = pipelines
    assert "attribute_ruler" in reference.pipe_names
    assert "attribute_ruler" not in ours.pipe_names and "briefing_coarse_tags" in ours.pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_same_tags_as_the_ruler(pipelines, text):
    ours, reference = pipelines
    got, want = ours(text), reference(text)
    assert [(t.text, t.pos_, t.tag_, t.dep_, t.head.i) for t in got] == [(t.text, t.pos_, t.tag_, t.dep_, t.head.i) for t in want]
    assert [(e.start, e.end, e.label_) for e in got.ents] == [(e.start, e.end, e.label_) for e in want.ents]


def test_rules_beyond_the_component_keep_the_ruler():
    from spacy.lang.en import English

    from generator.extract import coarse_tags

    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN", "OP": "+"}]], {"POS": "NOUN"})
    assert coarse_tags.compile_rules(ruler) is None
    assert coarse_tags.install(nlp) is False and "attribute_ruler" in nlp.pipe_names
    # A rule that only sets a lemma is beyond it too, but changes nothing it sets: it is skipped.
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"REGEX": "^gon$"}}]], {"LEMMA": "go"})
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    assert len(coarse_tags.compile_rules(ruler)) == 1
