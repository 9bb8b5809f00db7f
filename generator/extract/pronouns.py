"""Pronouns that can only mean one person of the article.

Two forms, the ones news writes most reliably: "Tara Reid, who ..." (the person
named just before the comma) and a sentence that opens with "He"/"She" when
exactly one person was named in the sentence before. The pronoun joins that
person's references (mention counts, the timeline, the data export). Other
pronouns ("his", "her", "him" mid-sentence) are left alone: measured on ECB+,
adding them found more mentions but joined too many wrongly, and a wrong join is
worse than a missing one. Gender is not guessed: there is no list of names here.
"""

from __future__ import annotations

from generator.model import Mention

PERSONAL = {"he", "she"}  # only as the first word of a sentence
RELATIVE = {"who", "whom", "whose"}


def resolve_pronouns(text: str, segments, persons) -> None:
    """Add unambiguous pronouns to the `references` of the PersonClusters in `persons`."""
    spans = []  # (start, end, cluster index) of every named or role mention
    for n, cluster in enumerate(persons):
        spans += [(s, e, n) for s, e, _ in cluster.names]
        spans += [(m.start, m.end, n) for m in cluster.references]
    if not spans:
        return
    spans.sort()
    for seg in segments:
        doc = seg.doc
        sentences = list(doc.sents)
        for k, sentence in enumerate(sentences):
            here = seg.offset + sentence.start_char
            before = seg.offset + sentences[k - 1].start_char if k else here
            for tok in sentence:
                word = tok.lower_
                if word not in RELATIVE and not (word in PERSONAL and tok.i == sentence.start):
                    continue
                start = seg.offset + tok.idx
                end = start + len(tok.text)
                if word in RELATIVE:
                    # "Tara Reid, who": the person named right before the comma.
                    if tok.i < 2 or doc[tok.i - 1].text != ",":
                        continue
                    named_end = seg.offset + doc[tok.i - 2].idx + len(doc[tok.i - 2].text)
                    owners = {n for s, e, n in spans if e == named_end}
                else:
                    owners = {n for s, e, n in spans if before <= s and e <= here}
                if len(owners) == 1:
                    persons[owners.pop()].references.append(Mention(start, end, text[start:end]))
