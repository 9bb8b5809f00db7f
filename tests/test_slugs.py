"""Page ids: transliterated, never empty, never a reserved name, unique across the site, stable."""

from __future__ import annotations

import pytest

from generator.index import page_ids
from generator.model import Article, Sentence, Source
from generator.slugs import short_hash, slug


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Ukraine talks: what's next?", "ukraine-talks-what-s-next"),
        ("北京举行会谈", "bei-jing-ju-xing-hui-tan"),
        ("محادثات في القاهرة", "mhdtht-fy-lqhr"),
        ("Привет мир", "privet-mir"),
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path", "abs-path"),
        ("C:\\x\\evil.md", "c-x-evil-md"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("Index", f"index-{short_hash('Index')}"),
        ("CON", f"con-{short_hash('CON')}"),
        ("lpt1", f"lpt1-{short_hash('lpt1')}"),
    ],
)
def test_slugs_are_plain_ascii_names(headline, expected):
    assert slug(headline, fallback_seed="a.txt") == expected


@pytest.mark.parametrize("headline", ["???", "🔥🚀", "   ", "\u0301\u0301", "!!!"])
def test_a_headline_with_nothing_to_slugify_gets_a_stable_hash_of_its_file(headline):
    assert slug(headline, fallback_seed="a.txt") == slug(headline, fallback_seed="a.txt") == "x-" + short_hash("a.txt", 10)
    assert slug(headline, fallback_seed="b.txt") != slug(headline, fallback_seed="a.txt")


def test_long_headlines_are_cut_at_a_word():
    value = slug("word " * 40)
    assert len(value) <= 80 and value.endswith("word") and not value.endswith("-")


def _article(path: str, headline: str) -> Article:
    text = f"{headline}\n\nBody.\n"
    source = Source(path=path, text=text, title=headline, standfirst=None, date=None, body_start=len(headline) + 2,
                    paragraphs=(Sentence(len(headline) + 2, len(headline) + 7, "Body."),))
    return Article(source=source, id=slug(headline, fallback_seed=source.name), summary=("Body.",), actors=(), locations=(), quotes=())


def test_duplicate_headlines_get_distinct_ids_that_do_not_depend_on_order():
    articles = [_article("seeds/b.txt", "Same"), _article("seeds/a.txt", "Same"), _article("seeds/c.txt", "Same")]
    ids = page_ids(articles)
    assert ids == {"seeds/a.txt": "same", "seeds/b.txt": f"same-{short_hash('seeds/b.txt')}", "seeds/c.txt": f"same-{short_hash('seeds/c.txt')}"}
    assert page_ids(reversed(articles)) == ids


def test_a_headline_that_looks_like_a_deduplicated_id_does_not_take_its_page():
    hashed = f"same-{short_hash('seeds/c.txt')}"
    ids = page_ids([_article("seeds/a.txt", "Same"), _article("seeds/b.txt", hashed), _article("seeds/c.txt", "Same")])
    assert ids["seeds/b.txt"] == hashed
    assert len(set(ids.values())) == 3
    assert ids["seeds/c.txt"] == f"same-{short_hash('seeds/c.txt+')}"
