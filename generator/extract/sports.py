"""Team names on the sports pages: a place name beside a score is a team.

News agencies print results, standings and fixtures as lines of names and
numbers ("Ashford 2 Dunmore 1", "Ashford 4 3 1 0 9 4 10", "ASHFORD AT DUNMORE").
There a town or county names the club that plays for it, an organisation, while
a country names the national side and stays a place (the convention of news
text and of the CoNLL annotation). This module finds those lines and returns the
team names written in them; the entity builder then labels every occurrence
of such a name in the article as an organisation ("Ashford got a solid
start" in the report above the table).

Only the shape of the line is used (names followed by scores), no list of
teams or sports.

In running text a club is often a town and a plural nickname ("the Ashford
Kestrels"); `town_clubs` finds those, and the builder then takes the town
alone for the club where the text does not write it as a place ("Ashford
won", but "fans in Ashford").
"""

from __future__ import annotations

import re

import numpy as np

from generator.extract.lexicon import CALENDAR_WORDS

# Scores after a name: "2", "429-7", "13.36", ".596", "1/2", each ended by a space, comma or the line's
# end; not a date ("1996-08-30"), a time ("15:08.79") or bowling figures ("8-0-39-3"). A bracket
# may stand between the name and its score ("Ashford ( Utopia ) 92").
_SCORES = re.compile(r"(?:[ \t]*\([^()\n]{1,40}\))?((?:[ \t]+(?:\d{1,3}(?:[-/]\d{1,3})?(?:\.\d+)?|\.\d+)(?=[ \t,;)]|$|\n))+)")
# An initial alone ("K."), as results write a first name.
_INITIAL = re.compile(r"^[A-Z]\.$")
# Words that join the parts of a team name ("Queen of the Hills", "Ashford and Dunmore").
_JOINERS = frozenset({"of", "de", "la", "del", "and", "&", "'s", "St", "St."})
# "v", "vs", "at" between two names make a fixture line ("Ashford v Dunmore").
_FIXTURE_WORDS = frozenset({"v", "v.", "vs", "vs.", "at", "AT"})


def results_lines(doc, text: str) -> list[tuple[list, list[tuple[list, int]]]]:
    """(tokens, name chunks) of each line of `doc` (its text `text`): what `team_names` and
    `listed_people` read, worked out once for both."""
    return [(line, _name_chunks(line, text)) for line in _lines(doc)]


def team_names(lines, text: str, is_place, is_country, is_person_span) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(teams, national sides): (start, end, text) of the names written in the results lines of
    a doc (`lines` from `results_lines`; offsets are character offsets into the doc's `text`).

    `is_country(text)` tells a country or continent (a national side: not a team here);
    `is_place(text)` a town or region (a club named after it); `is_person_span(tokens)`
    a person ("K. Marlowe 69" is a batsman's score, not a team's).
    """
    teams: list[tuple[int, int, str]] = []
    nations: list[tuple[int, int, str]] = []
    for line, chunks in lines:
        scored = [(c, n) for c, n in chunks if n >= 1]
        standings = len(chunks) >= 1 and chunks[0][0][0].i == line[0].i and chunks[0][1] >= 3
        fixture = _fixture(line, chunks)
        if not (len(scored) >= 2 or standings or fixture):
            continue
        candidates = [c for c, n in chunks if n >= 1 or fixture]
        if fixture and _venue_fixture(line, chunks):
            candidates = candidates[:1]  # "ASHFORD AT DUNMORE": the second name is where they play
        for chunk in candidates:
            written = _text(chunk, text)
            if len(written) < 2 or not any(ch.isalpha() for ch in written):
                continue
            name = written.title() if written.isupper() and len(written) > 3 else written
            span = (chunk[0].idx, chunk[0].idx + len(written), written)
            if is_country(name):
                nations.append(span)
            elif is_person_span(chunk):
                continue
            elif is_place(name) or not (_has_person_ent(chunk) or (standings and not len(scored) >= 2 and _person_token(chunk))):
                teams.append(span)
    return teams, nations


def _lines(doc):
    """Token lists of the doc's lines (results tables are one line per result)."""
    line = []
    for tok in doc:
        if "\n" in tok.text:
            if line:
                yield line
            line = []
            continue
        if tok.is_space:
            continue
        line.append(tok)
    if line:
        yield line


def _name_chunks(line, text: str) -> list[tuple[list, int]]:
    """(capitalised token run, how many scores follow it) for each run in the line."""
    out = []
    i = 0
    while i < len(line):
        tok = line[i]
        if not _name_token(tok):
            i += 1
            continue
        chunk = [tok]
        j = i + 1
        while j < len(line) and (_name_token(line[j]) or (line[j].text in _JOINERS and j + 1 < len(line) and _name_token(line[j + 1]))):
            chunk.append(line[j])
            j += 1
        end = chunk[-1].idx + len(chunk[-1].text)
        match = _SCORES.match(text, end)
        scores = len(match.group(1).split()) if match else 0
        out.append((chunk, scores))
        i = j
    return out


def _name_token(tok) -> bool:
    text = tok.text
    return (
        text[:1].isupper() and any(ch.isalpha() for ch in text) and text not in _FIXTURE_WORDS
        and tok.lower_.rstrip(".") not in CALENDAR_WORDS
    )


def _fixture(line, chunks) -> bool:
    """A line that is only "Name v Name" or "NAME AT NAME" (a fixture list)."""
    if len(chunks) != 2:
        return False
    (first, _), (second, _) = chunks
    between = [t for t in line if first[-1].i < t.i < second[0].i]
    return (
        len(between) == 1 and between[0].text in _FIXTURE_WORDS and first[0].i == line[0].i
        and second[-1].i == line[-1].i
    )


def _person_token(chunk) -> bool:
    return any(t.ent_type_ == "PERSON" for t in chunk)


def _venue_fixture(line, chunks) -> bool:
    return any(t.lower_ == "at" for t in line if chunks[0][0][-1].i < t.i < chunks[1][0][0].i)


def _has_person_ent(chunk) -> bool:
    return any(t.ent_type_ == "PERSON" for t in chunk) and len(chunk) >= 2


def _text(chunk, text: str) -> str:
    return text[chunk[0].idx : chunk[-1].idx + len(chunk[-1].text)]


def listed_people(doc, lines, is_country) -> list[list]:
    """Token runs of people named in results lists and line-ups, whatever the tagger made of them:

    * "Tomas Verkal ( Utopia ) 62.00", "Piet Brandow ( Utopia ) 6-4": two to four capitalised
      words followed by a country in brackets (an athlete and the country they compete for);
    * "9 - Emil Varga , 8 - Tarek Hollis": two to four capitalised words after a shirt number;
    * "K. Marlowe 69": an initial and a surname.

    `lines`: the doc's `results_lines`.
    """
    out = []
    for _, chunks in lines:
        for chunk, _ in chunks:
            if not 2 <= len(chunk) <= 4 or not all(t.text[:1].isupper() and t.is_alpha for t in chunk):
                continue
            if any(t.ent_type_ in ("GPE", "LOC", "NORP") and is_country(t.text) for t in chunk):
                continue
            after = chunk[-1].i + 1
            bracketed = (
                after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")"
                and is_country(doc[after + 1].text)
            ) or (
                after + 3 < len(doc) and doc[after].text == "(" and doc[after + 3].text == ")"
                and is_country(doc[after + 1].text + " " + doc[after + 2].text)
            )
            before = chunk[0].i
            numbered = (
                before >= 2 and doc[before - 1].text in ("-", "–") and doc[before - 2].like_num
                and (before < 3 or doc[before - 3].text in (",", ";", "(", ":") or "\n" in doc[before - 3].text
                     or doc[before - 3].is_space)
            )
            if bracketed or numbered:
                out.append(chunk)
    out += _initialled_names(doc, is_country)
    return out


def _initialled_names(doc, is_country) -> list[list]:
    """"K. Marlowe", "T. Pennick": an initial and a surname (not a middle initial: "John Q.
    Public" is the tagger's to find), as scorecards and agency copy write players and officials."""
    out = []
    for tok in doc:
        if not _INITIAL.match(tok.text) or tok.i + 1 >= len(doc):
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.text[:1].isupper() and prev.is_alpha:
            continue
        surname = doc[tok.i + 1]
        if not (surname.text[:1].isupper() and surname.text[1:2].islower() and surname.is_alpha) or is_country(surname.text):
            continue
        out.append([tok, surname])
    return out


def town_clubs(doc, is_place) -> list[tuple[int, int, str, str]]:
    """(start, end, club, town) of club names made of a town and a plural nickname ("Ashford Kestrels",
    "Port Tolmere Grey Herons"), with offsets into `doc`'s text. The town alone is then the club where
    the text does not write it as a place ("Ashford won", not "in Ashford")."""
    from spacy.attrs import ORTH, TAG  # here: a fully cached run never imports spaCy

    out = []
    if not len(doc):
        return out
    # A plural name ("the Kestrels"): the tagger says so of some of its occurrences, not all. Found
    # on arrays of the doc: this runs over every token of every article.
    nnp, nnps = doc.vocab.strings["NNP"], doc.vocab.strings["NNPS"]
    tags, words = doc.to_array([TAG, ORTH]).T
    plurals = np.unique(words[tags == nnps])
    if not len(plurals):
        return out
    for i in np.nonzero(np.isin(words, plurals) & ((tags == nnp) | (tags == nnps)))[0].tolist():
        tok = doc[i]
        if not tok.text[:1].isupper() or tok.ent_type_ == "PERSON":
            continue
        for nick_words in (1, 2):
            first = tok.i - nick_words + 1
            if first < 1 or not all(t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper() for t in doc[first : tok.i + 1]):
                break
            town = next(
                (doc[first - n : first] for n in (3, 2, 1)
                 if first - n >= 0
                 and all(t.tag_ == "NNP" and t.text[:1].isupper() and t.ent_type_ != "PERSON"
                         and t.lower_ not in CALENDAR_WORDS for t in doc[first - n : first])
                 and is_place(doc[first - n : first].text)),
                None,
            )
            if town is not None:
                start, end = town[0].idx, tok.idx + len(tok.text)
                out.append((start, end, doc.text[start:end], town.text))
                break
    return out
