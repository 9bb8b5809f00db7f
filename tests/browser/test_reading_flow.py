"""A reader's path through the site opened from disk, with no network:
search for a person → their page → a briefing → a place → back."""
from __future__ import annotations

from tests.browser.test_offline_search import _search

SEED_SLUG = "ukraine-ceasefire-proposal-receives-support-as-european-defence-talks-commence"


def test_search_actor_article_location_and_back(built_site, offline_page):
    page = offline_page.page
    page.goto((built_site / "index.html").as_uri())

    links = _search(page, "Starmer")
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url.split("?")[0] == (built_site / "actors" / "keir-starmer.html").as_uri()
    assert page.locator("h1").inner_text() == "Keir Starmer"

    page.locator(f'article a[href$="briefings/{SEED_SLUG}.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url == (built_site / "briefings" / f"{SEED_SLUG}.html").as_uri()
    assert page.locator("h1").inner_text().startswith("Ukraine Ceasefire Proposal")

    page.locator('article a[href$="locations/paris-fr.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url == (built_site / "locations" / "paris-fr.html").as_uri()
    assert page.locator("h1").inner_text() == "Paris"
    # The place page links back to the briefing that mentions it.
    assert page.locator(f'article a[href$="briefings/{SEED_SLUG}.html"]').count() >= 1

    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == (built_site / "briefings" / f"{SEED_SLUG}.html").as_uri()
    offline_page.assert_clean()
