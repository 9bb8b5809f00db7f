"""Relative pronouns that can only mean one person of the article.

"Mara Quill, who ..." (or "Mara Quill who", "Mara Quill, 33, who", "Mara Quill, Acme's chief
executive, who"): the person named just before. The pronoun
joins that person's references (mention counts, the timeline, the data
export). Personal pronouns (he, she, his, her...) are resolved with gender
agreement in `coref.py`, which runs after this.
"""

from __future__ import annotations

from generator.model import Mention

RELATIVE = {"who", "whom", "whose"}
# The longest description between commas that a relative pronoun reaches past ("the chief executive of Acme").
MAX_APPOSITION_TOKENS = 6


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
            if tok.lower_ not in RELATIVE or tok.i < 1:
                continue
            start = seg.offset + tok.idx
            end = start + len(tok.text)
            for before in _named_before(doc, tok.i):
                named_end = seg.offset + before.idx + len(before.text)
                owners = {n for s, e, n in spans if e == named_end}
                if len(owners) == 1:
                    persons[owners.pop()].references.append(Mention(start, end, text[start:end]))
                    break


def _named_before(doc, i: int) -> list:
    """Where the person a relative pronoun at `i` describes may end: right before it ("Mara Quill
    who"), before its comma ("Mara Quill, who"), or before an age or a short description set
    off by commas ("Mara Quill, 33, who", "Mara Quill, Acme's chief executive, who")."""
    if doc[i - 1].text != ",":
        return [doc[i - 1]] if doc[i - 1].pos_ == "PROPN" else []
    out = [doc[i - 2]] if i >= 2 else []
    for j in range(i - 3, max(-1, i - 3 - MAX_APPOSITION_TOKENS), -1):
        if doc[j].text == ",":
            between = doc[j + 1 : i - 1]
            if j > 0 and not any(t.pos_ in ("VERB", "AUX") or t.text in ",;:()" for t in between):
                out.append(doc[j - 1])
            break
    return out
