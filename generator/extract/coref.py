"""Within one article: pronouns and descriptions that point back to a named actor.

After names are clustered (entities.py) and the unambiguous pronouns joined
(pronouns.py), this step links what news writes *instead* of a name:

* descriptions the article itself gives a name: "actress Mara Quill" or "Mara
  Quill, the actress," make a later "the actress" that person, and "chipmaker
  Acme" makes "the chipmaker" Acme;
* general descriptions of a person ("the woman", "the teenager") join the one
  compatible person named in the last sentences, and of an organisation ("the
  company", "the team") the organisation the article names most among those
  named in the last sentences;
* "police" joins the one police force the article names ("Ashford Police");
* personal pronouns (he, him, his, she, her, herself) join a person named in
  the current or the two previous sentences when that person is the only one
  in view of the pronoun's gender: people of the other gender do not count,
  but someone the article does not name ("his wife", "the officer") does, and
  then nothing is joined. With several in view, a pronoun that is its
  sentence's subject, with nobody named before it in that sentence, continues
  the subject of the sentence before when the article has told that person's
  gender and it agrees ("Thorne told Quill... He said"); a pronoun inside a
  clause that a named person's verb governs ("Quill said her lawyer...") is
  that person on the same condition. Pronouns inside quotations are the
  speaker's and are left alone.

Gender is never guessed from a name: it comes from the article only (an
honorific such as "Mrs", a gendered description such as "actress" or
"spokesman", a pronoun already joined to that person, as the text goes on).

Measured on ECB+ (tools/score_coref.py): taking the most salient of several
people in view found more mentions (0.53 against 0.50) but joined wrongly often
enough to lower B-cubed F1 from 0.745 to 0.729; preferring the one person
known to have the pronoun's gender over others of unknown gender, 0.504 against
0.492 found but F1 0.740 against 0.746; "its" and "the 36-year-old" joined to
the nearest candidate lowered F1 too. None of these is done. Continuing the
previous subject with the gender unknown found 0.522 against 0.518 but joined
"She" to men; only with the gender told: 0.520, F1 unchanged (0.755). The same
holds inside a sentence: "Quill admitted she..." binds "she" to the subject of
the verb governing her clause only when Quill's gender is told.

Everything joined here is a *reference* (mention counts, quotes, the timeline,
the data export), never an alias: "the actress" must not join two articles.
The vocabulary below is general English (kinship, gendered nouns, kinds of
organisations), not names.
"""

from __future__ import annotations


from bisect import bisect_left, bisect_right

from generator.extract.lexicon import ROLE_HEADS
from generator.model import Mention

MALE, FEMALE = "m", "f"
PRONOUN_GENDER = {
    "he": MALE, "him": MALE, "his": MALE, "himself": MALE,
    "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE,
}
REFLEXIVE = {"himself", "herself", "itself"}
HONORIFIC_GENDER = {
    "mr": MALE, "sir": MALE, "lord": MALE, "mister": MALE, "monsieur": MALE, "herr": MALE, "baron": MALE,
    "father": MALE, "brother": MALE,
    "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "dame": FEMALE, "lady": FEMALE, "madam": FEMALE,
    "baroness": FEMALE, "sister": FEMALE,
}
# Nouns that say a person's gender (general English vocabulary).
GENDERED_NOUNS = {
    **dict.fromkeys(
        """man boy father son brother husband boyfriend grandfather grandson uncle nephew king prince
        spokesman chairman congressman businessman sportsman policeman fireman dad stepfather
        gentleman groom widower actor waiter""".split(), MALE),
    **dict.fromkeys(
        """woman girl mother daughter sister wife girlfriend grandmother granddaughter aunt niece queen
        princess spokeswoman chairwoman congresswoman businesswoman sportswoman policewoman mom mum
        stepmother lady bride widow actress waitress heiress starlet""".split(), FEMALE),
}
# Nouns that describe a person without a gender.
PERSON_NOUNS = frozenset(
    """teenager teen youngster child toddler baby victim suspect defendant inmate veteran rookie
    star singer player climber driver pilot""".split()
) | frozenset(GENDERED_NOUNS)
# Nouns that describe an organisation.
ORG_NOUNS = frozenset(
    """company firm corporation business group team club franchise agency organisation organization
    startup start-up giant maker manufacturer retailer vendor supplier carrier airline bank network
    magazine newspaper broadcaster league union party charity outfit chipmaker""".split()
)
DETERMINERS = {"the", "this", "that"}
# "police" alone, and the words that name a police force ("Ashford Police", "the State Patrol", "the
# County Sheriff's Office"; a force's acronym ends in PD). "officers" and "cops" are often some
# officers, not the force: joining them too found more on ECB+ (0.526) but lowered F1 to 0.752.
POLICE_NOUNS = frozenset({"police"})
POLICE_NAME_WORDS = frozenset({"police", "patrol", "sheriff", "sheriffs", "constabulary", "gendarmerie", "carabinieri"})
# How many heads up from a pronoun a named subject may bind it ("Quill said [that] her [lawyer] ...").
BINDING_STEPS = 4
# How far back (in sentences) a pronoun or a general description looks for its actor.
PRONOUN_WINDOW = 2
NOMINAL_WINDOW = 3
_NOBODY = object()  # no candidate at all in a window (a wider one may have one)


class _Entity:
    """A person cluster or an organisation entry, as this step sees it."""

    def __init__(self, kind: str, target, spans: list[tuple[int, int]]) -> None:
        self.kind = kind  # "person" | "org"
        self.target = target  # PersonCluster, or the org dict of entities.Found
        self.spans = sorted(spans)
        self.votes = {MALE: 0, FEMALE: 0}
        self.descriptors: set[str] = set()

    @property
    def gender(self) -> str | None:
        m, f = self.votes[MALE], self.votes[FEMALE]
        return MALE if m > f else FEMALE if f > m else None

    def add(self, start: int, end: int, text: str) -> None:
        mention = Mention(start, end, text[start:end])
        if self.target is None:  # someone the article does not name: nothing to join
            pass
        elif self.kind == "person":
            self.target.references.append(mention)
        else:
            self.target.setdefault("references", []).append(mention)
        self.spans.append((start, end))
        self.spans.sort()


def resolve_coreference(text: str, segments, found) -> None:
    """Add pronouns and descriptions to the `references` of the article's persons and organisations."""
    entities = [_Entity("person", c, [(s, e) for s, e, _ in c.names] + [(m.start, m.end) for m in c.references])
                for c in found.persons]
    entities += [_Entity("org", entry, [(m.start, m.end) for m in entry["mentions"]]) for entry in found.orgs.values()]
    if not entities:
        return
    taken = {span for entity in entities for span in entity.spans}
    sentences = []  # (file start, file end, segment, spaCy sentence), in text order
    for seg in segments:
        for sent in seg.doc.sents:
            sentences.append((seg.offset + sent.start_char, seg.offset + sent.end_char, seg, sent))
    sentences.sort(key=lambda item: item[0])
    tokens = _Tokens(segments)
    for entity in entities:
        _evidence(entity, tokens)

    nouns = PERSON_NOUNS | ORG_NOUNS | _all_descriptors(entities)
    forces = [e for e in entities if e.kind == "org" and _is_police(e.target["name"])]
    police = forces[0] if len(forces) == 1 else None
    for k, (s_start, s_end, seg, sent) in enumerate(sentences):
        window_start = sentences[max(0, k - PRONOUN_WINDOW)][0]
        nominal_start = sentences[max(0, k - NOMINAL_WINDOW)][0]
        for tok in sent:
            word = tok.lower_
            if word not in PRONOUN_GENDER and word not in nouns and word not in ROLE_HEADS and word not in POLICE_NOUNS:
                continue
            start = seg.offset + tok.idx
            end = start + len(tok.text)
            if any(s <= start < e for s, e in taken):
                continue
            if word in PRONOUN_GENDER and _inside_quotes(text, start):
                continue  # "he" inside a quotation is the speaker's, not the narrator's
            if word in PRONOUN_GENDER:
                chosen = _pronoun_antecedent(entities, tok, tokens, sentences, k, window_start, start)
                if chosen is not None and chosen.target is not None:
                    chosen.votes[PRONOUN_GENDER[word]] += 1  # what the article says of them, as it goes
            elif word in POLICE_NOUNS:
                if tok.ent_type_ or tok.tag_ not in ("NN", "NNS"):
                    continue
                chosen = police  # "police said": the one police force the article names
            elif tok.tag_ == "NN":
                span = _definite(tok, seg)
                chosen = None
                if span is not None:
                    chosen = _nominal_antecedent(entities, word, tokens, sentences, k, nominal_start, span[0])
                if chosen is None and not tok.ent_type_ and (word in PERSON_NOUNS or word in ROLE_HEADS):
                    # "his wife", "a mother of 12", "the officer": someone unnamed; a later "she" may mean them.
                    blocker = _Entity("person", None, [(start, end)])
                    if word in GENDERED_NOUNS:
                        blocker.votes[GENDERED_NOUNS[word]] = 9
                    entities.append(blocker)
                    continue
                if span is None:
                    continue
                start = span[0]
            else:
                continue
            if chosen is not None:
                chosen.add(start, end, text)
                taken.add((start, end))


def _is_police(name: str) -> bool:
    words = name.replace("'", " ").replace("’", " ").split()
    return any(w.casefold() in POLICE_NAME_WORDS for w in words) or (name.isupper() and name.endswith("PD") and len(name) <= 5)


def _all_descriptors(entities) -> set[str]:
    return set().union(*(e.descriptors for e in entities))


def _evidence(entity: _Entity, tokens: "_Tokens") -> None:
    """Gender votes and descriptions of one entity, from how the article writes it."""
    if entity.kind == "person":
        for honorific in entity.target.honorifics:
            if honorific in HONORIFIC_GENDER:
                entity.votes[HONORIFIC_GENDER[honorific]] += 2
        for word in (entity.target.role or "").lower().split():
            if word in GENDERED_NOUNS:
                entity.votes[GENDERED_NOUNS[word]] += 2
    for start, end in list(entity.spans):
        span = tokens.span(start, end)
        if span is None:
            continue
        for noun in _descriptions(span):
            entity.descriptors.add(noun)
            if entity.kind == "person" and noun in GENDERED_NOUNS:
                entity.votes[GENDERED_NOUNS[noun]] += 2


class _Tokens:
    """File offsets → spaCy spans, for every segment of the article (computed once)."""

    def __init__(self, segments) -> None:
        from spacy.attrs import IDX  # here, not at the top: a fully cached run never imports spaCy

        self.pieces = []  # (file start, file end, doc, token starts in the doc)
        for seg in segments:
            doc = seg.doc
            starts = doc.to_array(IDX).tolist()  # [tok.idx for tok in doc], without a Token per token
            length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
            self.pieces.append((seg.offset, seg.offset + length, doc, starts))

    def span(self, start: int, end: int):
        for offset, stop, doc, starts in self.pieces:
            if offset <= start and end <= stop:
                first = max(0, bisect_right(starts, start - offset) - 1)
                last = max(first + 1, bisect_left(starts, end - offset))
                return doc[first:last]
        return None


def _descriptions(span) -> list[str]:
    """Common nouns the text uses for the named span: "actress [Mara Quill]", "[Mara Quill], the actress"."""
    doc = span.doc
    out = []
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.tag_ == "NN" and before.is_lower and before.head.i in range(span.start, span.end):
        out.append(before.lower_)
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.tag_ == "NN" and child.is_lower:
            out.append(child.lower_)
    if root.dep_ == "appos" and root.head.tag_ == "NN" and root.head.is_lower:
        out.append(root.head.lower_)
    return out


def _definite(tok, seg) -> tuple[int, int] | None:
    """(start, end) of "the actress" when `tok` heads a definite description that names no one new."""
    det = [c for c in tok.children if c.dep_ == "det"]
    if len(det) != 1 or det[0].lower_ not in DETERMINERS or det[0].i > tok.i:
        return None
    for child in tok.children:
        if _set_off(child):
            continue  # "the actress, 26,", "the actress, who...": said of someone already known
        if child.dep_ in ("poss", "nummod", "appos", "relcl", "acl") or child.pos_ == "PROPN":
            return None
        if child.dep_ == "prep" and child.i > tok.i:
            return None  # "the president of the club": someone defined by what follows
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and (nxt.pos_ == "PROPN" or nxt.ent_type_):
        return None  # "the actress Mara Quill": a title before a name, not a reference
    if tok.ent_type_:
        return None
    return seg.offset + det[0].idx, seg.offset + tok.idx + len(tok.text)


def _set_off(child) -> bool:
    """An age or a relative clause between commas after the noun: it describes, it does not define."""
    doc = child.doc
    if child.dep_ == "relcl":
        first = min(t.i for t in child.subtree)
        return first > 0 and doc[first - 1].text == ","
    return child.dep_ in ("appos", "nummod") and child.like_num and child.i > 0 and doc[child.i - 1].text == ","


def _salient_org(entities, window_start: int, offset: int) -> _Entity | None:
    """The organisation named in the window that the article names most (then the nearest)."""
    best = None
    for entity in entities:
        if entity.kind != "org":
            continue
        last = max((s for s, _ in entity.spans if window_start <= s < offset), default=-1)
        if last < 0:
            continue
        key = (len(entity.spans), last)
        if best is None or key > best[0]:
            best = (key, entity)
    return best[1] if best else None


def _nominal_antecedent(entities, noun: str, tokens, sentences, k: int, window_start: int, offset: int):
    described = [e for e in entities if noun in e.descriptors and any(s < offset for s, _ in e.spans)]
    if len(described) == 1:
        return described[0]
    if described:
        return None
    if noun in ORG_NOUNS:
        return _salient_org(entities, window_start, offset)
    if noun in PERSON_NOUNS:
        gender = GENDERED_NOUNS.get(noun)
        people = [e for e in entities if e.kind == "person" and not (e.descriptors & PERSON_NOUNS - {noun})]
        chosen = _rank_people(people, gender, None, tokens, sentences, k, window_start, offset)
        return None if chosen is _NOBODY else chosen
    return None


def _pronoun_antecedent(entities, tok, tokens, sentences, k: int, window_start: int, offset: int):
    """The one person of the pronoun's gender in the nearest sentences that hold any: this sentence
    and the one before, else the window."""
    people = [e for e in entities if e.kind == "person"]
    near = sentences[max(0, k - 1)][0]
    for start in sorted({near, window_start}, reverse=True):
        chosen = _rank_people(people, PRONOUN_GENDER[tok.lower_], tok, tokens, sentences, k, start, offset)
        if chosen is None:
            gender = PRONOUN_GENDER[tok.lower_]
            return (_bound_subject(people, gender, tok, sentences, k)
                    or _continued_subject(people, gender, tok, sentences, k, offset))
        if chosen is not _NOBODY:
            return chosen
    return None


def _bound_subject(people, gender: str, tok, sentences, k: int):
    """Several people in view: a pronoun inside a clause that a named person's verb governs
    ("Quill admitted she had...", "Thorne escaped when he was...", "Quill said her lawyer...") is
    that person, when the article has told that person's gender and it is the pronoun's; the
    object of that person's own verb is someone else ("Quill praised her"). With the gender
    untold (measured on subject pronouns only), ECB+ found more (0.526 against 0.524) but F1 fell
    (0.756 against 0.757): "the lawyer Thorne said she..." is about someone else."""
    node = tok
    for _ in range(BINDING_STEPS):
        verb = node.head
        if verb is node:
            return None
        subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass") and t is not tok and t.i < tok.i]
        if verb.pos_ in ("VERB", "AUX") and subjects:
            if node is tok and tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
                return None  # "Quill praised her": an object of the subject's own verb is someone else
            if len(subjects) > 1 or any(c.dep_ == "conj" for c in subjects[0].children):
                return None  # "Quill and Thorne said she...": which one
            return _named_of_gender(people, gender, sentences[k][2].offset + subjects[0].idx)
        node = verb
    return None


def _continued_subject(people, gender: str, tok, sentences, k: int, offset: int):
    """Several people in view: a pronoun that is its sentence's subject ("He said..."), with nobody
    named before it in that sentence, continues the subject of the sentence before, when the
    article has told that person's gender and it is the pronoun's."""
    if k == 0 or tok.dep_ not in ("nsubj", "nsubjpass") or tok.head != tok.sent.root:
        return None
    if any(sentences[k][0] <= s < offset for e in people for s, _ in e.spans):
        return None  # someone named earlier in this sentence
    _, _, seg, previous = sentences[k - 1]
    subjects = [t for t in previous.root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return None
    return _named_of_gender(people, gender, seg.offset + subjects[0].idx)


def _named_of_gender(people, gender: str, offset: int):
    """The one named person written at file `offset`, when the article has told their gender and it is `gender`."""
    holders = [e for e in people if any(s <= offset < e2 for s, e2 in e.spans)]
    if len(holders) != 1 or holders[0].gender != gender or holders[0].target is None:
        return None
    return holders[0]


def _rank_people(people, gender, tok, tokens, sentences, k: int, window_start: int, offset: int):
    """The one person (or someone unnamed) of a compatible gender named in the window before `offset`;
    None when there are several, _NOBODY when there is none.

    Measured on ECB+: taking the most salient of several people (the subject of the nearest
    sentence) joined wrongly often enough to cost more than it found.
    """
    found = []
    for entity in people:
        if gender is not None and entity.gender not in (None, gender):
            continue
        spans = [(s, e) for s, e in entity.spans if window_start <= s < offset]
        if not spans:
            continue
        s, e = spans[-1]
        if tok is not None and s >= sentences[k][0] and tok.lower_ not in REFLEXIVE and tok.dep_ in ("dobj", "dative"):
            head = tokens.span(s, e)
            if head is not None and head.root.dep_ == "nsubj" and head.root.head == tok.head:
                continue  # "Thorne praised him": him is not Thorne (but "Thorne praised himself" is)
        found.append(entity)
    if not found:
        return _NOBODY
    return found[0] if len(found) == 1 else None


def _inside_quotes(text: str, offset: int) -> bool:
    """Inside a quotation of its paragraph: "he" there is the speaker's, not the narrator's."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly
