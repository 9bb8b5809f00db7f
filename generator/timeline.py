"""Dates in article text, resolved against the article's own date (no NLP, no I/O).

News writes time relative to the day it is published: "on Wednesday", "yesterday",
"last Tuesday", "next Friday", "on 12 March". With the article's date these become
calendar days; without it only dates that carry their year can be placed, and the
rest is kept as written.

Rules, as news style guides use the words:
- a bare weekday is the most recent such day on or before the article's date, unless
  the sentence speaks of the future ("will", "is due to", "plans to"...), when it is the
  next such day on or after it; "last Tuesday" is always before, "next Friday" after;
- "yesterday", "last night" are the day before; "today", "tonight", "this morning"
  the day itself; "tomorrow" the day after;
- a day and month without a year ("12 March", "March 12") take the article's year,
  or the year before when that would put them more than six months after the article.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = {m: n for n, m in enumerate(MONTHS, start=1)} | {m[:3]: n for n, m in enumerate(MONTHS, start=1)} | {"sept": 9}
_MONTH_WORD = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORD + r"(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b((?i:last|next|this|on|early|late))?\s*\b(" + "|".join(w.title() for w in WEEKDAYS) + r")s?\b")
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|tomorrow|last night|this morning|this afternoon|this evening)\b",
                       re.IGNORECASE)
_FUTURE = re.compile(r"\b(will|is due|are due|is set to|are set to|plans? to|is scheduled|are scheduled|to be held|"
                     r"is expected to|are expected to|next)\b", re.IGNORECASE)
_RELATIVE_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0,
                  "this afternoon": 0, "this evening": 0, "tomorrow": 1}
HALF_YEAR = datetime.timedelta(days=183)
# Every pattern above needs one of these words (in any case) or an ISO date: a sentence without
# any has no date to find. Looking its words up costs a third of one regular expression with
# every alternative, which the timeline ran over every sentence of every article on each build.
_KEYWORDS = frozenset([*_MONTH, "sep", *WEEKDAYS, *(w + "s" for w in WEEKDAYS), "yesterday", "today", "tonight",
                       "tomorrow", "night", "morning", "afternoon", "evening"])
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True, order=True)
class DateMention:
    start: int  # offsets in the sentence text
    end: int
    text: str  # as written, e.g. "on Wednesday"
    date: str | None  # YYYY-MM-DD, or None when it cannot be placed


def _day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, published: datetime.date | None) -> datetime.date | None:
    if year:
        return _day(int(year), month, day)
    if published is None:
        return None
    candidate = _day(published.year, month, day)
    if candidate and candidate - published > HALF_YEAR:
        candidate = _day(published.year - 1, month, day)
    return candidate


def _weekday(name: str, qualifier: str, future: bool, published: datetime.date) -> datetime.date:
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if qualifier == "last":
        return published - datetime.timedelta(days=back or 7)
    if qualifier == "next":
        return published + datetime.timedelta(days=ahead or 7)
    if future:
        return published + datetime.timedelta(days=ahead)
    return published - datetime.timedelta(days=back)


def find_dates(sentence: str, article_date: str | None) -> list[DateMention]:
    """Every date expression in a sentence, with the day it means when that can be known."""
    if _KEYWORDS.isdisjoint(_LETTERS.findall(sentence.lower())) and ("-" not in sentence or not _ISO.search(sentence)):
        return []
    published = datetime.date.fromisoformat(article_date) if article_date else None
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, day: datetime.date | None) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(start, end, sentence[start:end], day.isoformat() if day else None))

    for match in _ISO.finditer(sentence):
        add(match.start(), match.end(), _day(int(match[1]), int(match[2]), int(match[3])))
    for match in _DAY_MONTH.finditer(sentence):
        add(match.start(), match.end(), _with_year(_MONTH[match[2].lower()], int(match[1]), match[3], published))
    for match in _MONTH_DAY.finditer(sentence):
        add(match.start(), match.end(), _with_year(_MONTH[match[1].lower().rstrip(".")], int(match[2]), match[3], published))
    future = bool(_FUTURE.search(sentence))
    for match in _WEEKDAY.finditer(sentence):
        qualifier = (match[1] or "").lower()
        start = match.start() if match[1] else match.start(2)
        day = _weekday(match[2], qualifier, future, published) if published else None
        add(start, match.end(), day)
    for match in _RELATIVE.finditer(sentence):
        day = published + datetime.timedelta(days=_RELATIVE_DAYS[match[1].lower()]) if published else None
        add(match.start(), match.end(), day)
    return sorted(found)
