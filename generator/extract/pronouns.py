"""Relative pronouns that can only mean one person of the article.

"Mara Quill, who ..." (or "Mara Quill, 33, who"): the person named just before the comma. The pronoun
joins that person's references (mention counts, the timeline, the data
export). Personal pronouns (he, she, his, her...) are resolved with gender
agreement in `coref.py`, which runs after this.
"""

from __future__ import annotations

from generator.model import Mention

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
        for tok in doc:
            # "Mara Quill, who": the person named right before the comma.
            if tok.lower_ not in RELATIVE or tok.i < 2 or doc[tok.i - 1].text != ",":
                continue
            start = seg.offset + tok.idx
            end = start + len(tok.text)
            before = doc[tok.i - 2]
            if before.like_num and tok.i >= 4 and doc[tok.i - 3].text == ",":
                before = doc[tok.i - 4]  # "Mara Quill, 33, who": past the age
            named_end = seg.offset + before.idx + len(before.text)
            owners = {n for s, e, n in spans if e == named_end}
            if len(owners) == 1:
                persons[owners.pop()].references.append(Mention(start, end, text[start:end]))
