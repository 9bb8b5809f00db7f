"""Key points: sentences taken from the article, in article order, never rewritten.

News is written in inverted-pyramid order, so the lead sentences carry the
story (Lead-3 is the strong baseline on news summarisation). We take up to
three lead sentences, skip fragments (bylines, one-word lines), and never show
a sentence that opens with an unresolved reference ("He", "But", "However")
unless the sentence before it is shown too.
"""

from __future__ import annotations

from generator.model import Sentence

MAX_POINTS = 3
MIN_WORDS = 6
DANGLING_OPENERS = frozenset(
    """he she they it his her their its this that these those but however and also
    yet so meanwhile instead still though although nevertheless""".split()
)


def key_points(sentences: tuple[Sentence, ...], max_points: int = MAX_POINTS) -> tuple[str, ...]:
    chosen: list[int] = []
    for index, sentence in enumerate(sentences):
        words = sentence.text.split()
        if len(words) < MIN_WORDS:
            continue
        opener = words[0].strip("\"“‘'(").casefold().rstrip(",")
        if opener in DANGLING_OPENERS and (not chosen or chosen[-1] != index - 1):
            continue
        chosen.append(index)
        if len(chosen) == max_points:
            break
    if not chosen:  # a very short article: show what there is
        chosen = list(range(min(len(sentences), max_points)))
    return tuple(" ".join(sentences[i].text.split()) for i in chosen)
