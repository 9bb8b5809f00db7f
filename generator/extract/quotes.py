"""Finding direct quotations in the body text (pure text; attribution is done in `entities`).

Quotations are written in straight ("...") or curly (“...”) double quotes. A
quotation may run across a paragraph break, either without marks (the closing
mark comes in the next paragraph) or with the news convention of reopening the
quote at the start of each continued paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Sentence

MAX_PARAGRAPHS = 3  # a quotation left open longer than this is a stray mark, not a quote
MIN_WORDS = 2  # one quoted word is a scare quote or a title, not a quotation


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    text: str  # whitespace-normalised, continuation marks removed


def find_quotes(text: str, paragraphs: tuple[Sentence, ...]) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        pos = para.start
        while pos < para.end:
            ch = text[pos]
            if ch in "\"“":
                span = _close(text, paragraphs, index, pos + 1)
                if span is None:
                    pos += 1
                    continue
                quote, next_index, next_pos = span
                if quote is not None:
                    found.append(quote)
                if next_index != index:
                    index = next_index
                    para = paragraphs[index]
                pos = next_pos
                continue
            pos += 1
        index += 1
    return found


def _close(text: str, paragraphs: tuple[Sentence, ...], index: int, start: int):
    """From an opening mark at start-1, find the closing mark; returns (quote|None, paragraph index, resume offset)."""
    pieces: list[tuple[int, int]] = []
    seg_start = start
    for hop in range(MAX_PARAGRAPHS):
        if index + hop >= len(paragraphs):
            return None
        para = paragraphs[index + hop]
        pos = seg_start
        while pos < para.end:
            ch = text[pos]
            if ch in "\"”":
                pieces.append((seg_start, pos))
                return _make(text, pieces), index + hop, pos + 1
            if ch == "“" and pos > seg_start:
                # A new opening mark before any closing one: the first mark was stray.
                return None
            pos += 1
        pieces.append((seg_start, para.end))
        if index + hop + 1 < len(paragraphs):
            following = paragraphs[index + hop + 1]
            # Continued-quote convention: the next paragraph reopens with a mark.
            seg_start = following.start + 1 if text[following.start] in "\"“" else following.start
    return None


def _make(text: str, pieces: list[tuple[int, int]]) -> QuoteSpan | None:
    start, end = pieces[0][0], pieces[-1][1]
    while start < end and text[start].isspace():
        start += 1
    # '"We are ready," he said': the comma belongs to the attribution, not the quotation.
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if len(pieces) == 1:
        pieces = [(start, end)]
    else:
        pieces = [(start, pieces[0][1]), *pieces[1:-1], (pieces[-1][0], end)]
    words = " ".join(" ".join(text[s:e].split()) for s, e in pieces).split()
    if len(words) < MIN_WORDS:
        return None
    return QuoteSpan(start, end, " ".join(words))
