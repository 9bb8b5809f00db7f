"""Stage 2: extraction. The only stage that imports NLP.

`Extractor.extract(sources)` turns each `Source` into an `Article`: sentences,
key points, actors, locations and quotes, all with offsets into the file text.
Articles are independent of each other, so this stage is a pure per-article
function (batched through spaCy for speed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.extract.entities import EntityBuilder, Segment
from generator.extract.quotes import QuoteSpan, find_quotes
from generator.extract.summary import key_points
from generator.model import Actor, Article, Quote, Sentence, Source
from generator.slugs import slug

# Bump when extraction output changes for the same input (it keys the extraction cache,
# together with a hash of this package's code: see `extract.cache`).
EXTRACTOR_VERSION = "7"
# spaCy's memory grows with document length: long bodies are processed in chunks of paragraphs.
CHUNK_CHARACTERS = 20_000
# Articles per spaCy batch; parallel workers get chunks of the same size, so that
# batches are the same whatever the number of jobs.
BATCH_SIZE = 16
_PRONOUN = re.compile(r"\b(he|she|He|She)\b")


class Extractor:
    def __init__(self, cache_folder: Path | None = None) -> None:
        """`cache_folder`: the extraction cache's folder for this environment, where the built gazetteer is kept."""
        from generator import gazetteer
        from generator.extract.nlp import load_pipeline

        self.nlp = load_pipeline()
        self.gazetteer = gazetteer.load(cache_folder)
        self.builder = EntityBuilder(self.gazetteer)

    def extract(self, sources: Iterable[Source], batch_size: int = BATCH_SIZE) -> Iterator[Article]:
        """Articles in the order of `sources`; spaCy runs over batches of segments."""
        batch: list[Source] = []
        for source in sources:
            batch.append(source)
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, sources: list[Source]) -> list[Article]:
        plans = [list(_segments(source)) for source in sources]
        texts = [source.text[start:end] for source, plan in zip(sources, plans) for start, end, _ in plan]
        docs = iter(self.nlp.pipe(texts, batch_size=32))
        articles = []
        for source, plan in zip(sources, plans):
            segments = [Segment(next(docs), start, kind) for start, _, kind in plan]
            articles.append(self._article(source, segments))
        return articles

    def _article(self, source: Source, segments: list[Segment]) -> Article:
        text = source.text
        actors, locations = self.builder.build(text, segments, _headline(source))
        sentences = tuple(s for seg in segments if seg.kind != "headline" for s in _sentences(seg))
        body_sentences = tuple(s for s in sentences if s.start >= source.body_start)
        quotes = tuple(_attribute(q, sentences, actors, text) for q in find_quotes(text, source.paragraphs))
        return Article(
            source=source, id=slug(source.title, fallback_seed=source.name),
            summary=key_points(body_sentences), actors=tuple(actors), locations=tuple(locations),
            quotes=quotes, sentences=sentences,
        )


def extraction_input(source: Source) -> list:
    """Every `Source` field that extraction reads: the extraction cache is keyed by its hash.

    Extraction never reads the date, the metadata, the warnings or the folder of the file
    (tests/test_extract_cache.py checks this), so editing those never re-extracts an article.
    """
    return [
        source.name, source.format, source.title, source.standfirst, source.title_start,
        source.standfirst_start, source.body_start, [[p.start, p.end] for p in source.paragraphs], source.text,
    ]


def _headline(source: Source) -> tuple[int, int]:
    """Where the headline line is in the file; (0, 0) when the file has none."""
    text = source.text
    if source.format == "markdown" and not text.startswith(source.title, source.title_start):
        return (0, 0)  # the title lives in front matter, not at the top of the text
    if source.body_start <= source.title_start:
        return (0, 0)  # no headline line: the title is the first sentence of the body
    return (source.title_start, source.title_start + len(text[source.title_start :].split("\n", 1)[0]))


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _sentence_case(line: str) -> bool:
    """A headline written like a sentence ("Ad sales lift Acme profit"): capitals mark names, as in
    the body, so the tagger can read it. In Title Case or capitals every word looks like a name."""
    words = _WORD.findall(line)[1:]
    return len(words) >= 4 and 2 * sum(w[0].isupper() for w in words) < len(words)


def _segments(source: Source) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) pieces of the file to run through spaCy."""
    start, end = _headline(source)
    if end > start and _sentence_case(source.text[start:end]):
        yield start, end, "headline"
    if source.standfirst is not None and source.standfirst_start is not None:
        yield source.standfirst_start, source.standfirst_start + len(source.text[source.standfirst_start :].split("\n", 1)[0]), "standfirst"
    chunk_start = None
    chunk_end = None
    for para in source.paragraphs:
        if chunk_start is not None and para.end - chunk_start > CHUNK_CHARACTERS:
            yield from _split_long(source.text, chunk_start, chunk_end)
            chunk_start = None
        if chunk_start is None:
            chunk_start = para.start
        chunk_end = para.end
    if chunk_start is not None:
        yield from _split_long(source.text, chunk_start, chunk_end)


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """One paragraph longer than a chunk is cut at whitespace."""
    while end - start > CHUNK_CHARACTERS:
        cut = text.rfind(" ", start, start + CHUNK_CHARACTERS)
        if cut <= start:
            cut = start + CHUNK_CHARACTERS
        yield start, cut, "body"
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end, "body"


def _sentences(segment: Segment) -> Iterator[Sentence]:
    """spaCy's sentences, also cut at line breaks (a paragraph never continues a sentence)."""
    doc = segment.doc
    for sent in doc.sents:
        offset = sent.start_char
        for piece in sent.text.split("\n"):
            stripped = piece.strip()
            if stripped:
                start = segment.offset + offset + piece.index(stripped[0])
                yield Sentence(start, start + len(stripped), stripped)
            offset += len(piece) + 1


def _attribute(quote: QuoteSpan, sentences: tuple[Sentence, ...], actors: list[Actor], text: str) -> Quote:
    """The speaker is the named (or pronoun-resolved) actor closest to the quotation in its sentence(s)."""
    context = [s for s in sentences if s.start < quote.end and quote.start < s.end] or []
    if context:
        c_start, c_end = min(s.start for s in context), max(s.end for s in context)
    else:
        c_start, c_end = quote.start, quote.end
    # Attribution often follows in the next few words after a sentence-final quote ("...," he said.),
    # but never from the next paragraph.
    c_end = max(c_end, min(len(text), quote.end + 60))
    paragraph_end = text.find("\n", quote.end)
    if paragraph_end != -1:
        c_end = min(c_end, paragraph_end)

    def outside(start: int, end: int) -> bool:
        return end <= quote.start - 1 or start >= quote.end + 1

    def distance(start: int, end: int) -> int:
        return quote.start - end if end <= quote.start else start - quote.end

    best: tuple[int, int, str] | None = None  # (priority, distance, actor id)
    for actor in actors:
        priority = 0 if actor.kind == "person" else 2
        for m in (*actor.mentions, *actor.references):
            if c_start <= m.start and m.end <= c_end and outside(m.start, m.end):
                candidate = (priority, distance(m.start, m.end), actor.id)
                if best is None or candidate < best:
                    best = candidate
    for match in _PRONOUN.finditer(text, c_start, c_end):
        if not outside(match.start(), match.end()):
            continue
        previous = _last_person_before(actors, quote.start if match.start() > quote.start else match.start())
        if previous is not None:
            candidate = (1, distance(match.start(), match.end()), previous)
            if best is None or candidate < best:
                best = candidate
    return Quote(text=quote.text, start=quote.start, end=quote.end, speaker=best[2] if best else None)


def _last_person_before(actors: list[Actor], offset: int) -> str | None:
    best = None
    for actor in actors:
        if actor.kind != "person":
            continue
        for m in (*actor.mentions, *actor.references):
            if m.end <= offset and (best is None or m.end > best[0]):
                best = (m.end, actor.id)
    return best[1] if best else None
