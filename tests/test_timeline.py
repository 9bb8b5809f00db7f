"""Dates in article text resolved against the article's date, and the timeline pages."""

from __future__ import annotations

import pytest

from generator.timeline import find_dates

# 2025-03-12 is a Wednesday.
PUBLISHED = "2025-03-12"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The leaders met on Wednesday in Paris.", [("on Wednesday", "2025-03-12")]),
        ("The leaders met on Monday in Paris.", [("on Monday", "2025-03-10")]),
        ("He will travel to Kyiv on Friday.", [("on Friday", "2025-03-14")]),
        ("Talks are due to resume on Wednesday.", [("on Wednesday", "2025-03-12")]),
        ("Talks were held last Wednesday.", [("last Wednesday", "2025-03-05")]),
        ("Next Wednesday the court sits.", [("Next Wednesday", "2025-03-19")]),
        ("Tuesday's talks and yesterday's vote.", [("Tuesday", "2025-03-11"), ("yesterday", "2025-03-11")]),
        ("He spoke last night and will speak again tomorrow.", [("last night", "2025-03-11"), ("tomorrow", "2025-03-13")]),
        ("The vote on 12 March 2024 and on March 3 passed.", [("12 March 2024", "2024-03-12"), ("March 3", "2025-03-03")]),
        # Without a year and more than six months ahead of the article: last year.
        ("The storm of 20 November flooded the town.", [("20 November", "2024-11-20")]),
        ("Filed on 2025-02-28 and 31 February.", [("2025-02-28", "2025-02-28"), ("31 February", None)]),
        ("Sales in May rose, and markets may fall.", []),
    ],
)
def test_dates_are_placed_from_the_article_date(sentence, expected):
    assert [(d.text, d.date) for d in find_dates(sentence, PUBLISHED)] == expected
    for found in find_dates(sentence, PUBLISHED):
        assert sentence[found.start:found.end] == found.text


def test_no_date_expression_is_skipped_by_the_quick_word_check():
    """Sentences are first checked for a date word or an ISO date; every pattern's words pass it."""
    from generator import timeline

    words = [*timeline.MONTHS, "Jan.", "Sept.", *(w.title() for w in timeline.WEEKDAYS), "Sundays", "yesterday",
             "Today", "tonight", "TOMORROW", "last night", "this morning", "this afternoon", "this evening"]
    for word in words:
        sentence = f"It happened on 3 {word.title()} and (on {word}), said a spokesman."
        assert find_dates(sentence, "2025-03-12"), sentence
    assert find_dates("Filed 2025-03-10 by the desk.", None)[0].date == "2025-03-10"
    assert find_dates("The market marched on; a monologue, a wedding.", "2025-03-12") == []


def test_without_an_article_date_only_dates_with_a_year_are_placed():
    found = find_dates("On Wednesday, 12 March 2025, and on 3 March they met.", None)
    assert [(d.text, d.date) for d in found] == [("On Wednesday", None), ("12 March 2025", "2025-03-12"), ("3 March", None)]


def test_timeline_pages_events_and_actor_timelines(generated_docs):
    docs, result = generated_docs
    index = result.index
    assert [e.date for e in index.events] == sorted(e.date for e in index.events)
    # The harbour article (Wednesday 2 April 2025) says "on Tuesday".
    harbour = next(sa for sa in index.articles if sa.article.source.date == "2025-04-02")
    assert [(e.date, e.when) for e in harbour.events] == [("2025-04-01", "on Tuesday")]
    assert "hakan-fidan" in harbour.events[0].actor_ids
    month = (docs / "timeline" / "2025-04.md").read_text(encoding="utf-8")
    assert "## Tuesday 1 April 2025 { #2025-04-01 }" in month
    assert "## Wednesday 2 April 2025 { #2025-04-02 }" in month
    assert f"- Published: [Harbour city hosts talks on grain shipments](../briefings/{harbour.id}.md)" in month
    listing = (docs / "timeline" / "index.md").read_text(encoding="utf-8")
    assert listing.index("[April 2025](2025-04.md)") < listing.index("[March 2025](2025-03.md)")
    fidan = (docs / "actors" / "hakan-fidan.md").read_text(encoding="utf-8")
    assert "## Timeline { data-search-exclude }\n\n- [2025&#45;04&#45;01](../timeline/2025-04.md#2025-04-01): Ukrainian President" in fidan
    # An undated article keeps its "on Thursday" as written.
    markets = (docs / "briefings" / "markets-rally-as-central-bank-holds-rates.md").read_text(encoding="utf-8")
    assert "- “on Thursday”, as written (the article has no date): The Bank of England kept" in markets
