"""Choosing one gazetteer place for a name written in an article.

Disambiguation uses, in order: an explicit qualifier ("Paris, Texas"), the
countries the article itself names, and population.
"""

from __future__ import annotations

import math

from generator.gazetteer import Gazetteer, Place, fold

# A bare name tagged as a person is taken as a place only when the place is this big.
PERSON_AS_PLACE_MIN_POPULATION = 100_000
# In all-caps or Title-Case headlines we trust only well-known places.
HEADLINE_MIN_POPULATION = 500_000


def choose(candidates: list[Place], article_countries: frozenset[str], within: Place | None = None,
           name: str | None = None) -> Place | None:
    """The likeliest place; `name` (as written) favours places whose own name it is over those that
    only list it among alternate names (a city of that name, not a district once called so)."""
    if within is not None:
        candidates = [c for c in candidates if _inside(c, within)]
    if not candidates:
        return None
    for place in candidates:
        if place.kind in ("continent", "country"):
            return place
    # A GeoNames region or district named after its main town yields to the town: prose names the
    # region with its kind word ("X province"), which is handled before this. A town
    # that holds a tenth of the region's people or more is its main town. (US states, from their own
    # table, are left alone: a state named like a city is, in the news, the state as often as not.)
    def named_after_town(region: Place) -> bool:
        return region.key.startswith(("admin1:", "admin2:")) and any(
            c.kind == "city" and c.country == region.country and c.population * 10 >= region.population
            for c in candidates
        )

    candidates = [c for c in candidates if not named_after_town(c)] or candidates

    key = fold(name) if name else None

    def score(place: Place) -> tuple:
        in_article = 1 if place.country in article_countries else 0
        own_name = 1 if key is not None and fold(place.name) == key else 0
        return (in_article * 3 + own_name + math.log10(max(place.population, 1)) / 2, place.kind == "city", place.key)

    best = max(candidates, key=score)
    if best.kind == "region":
        # "Washington" alone: a national capital beats the region of its country that shares its
        # name; news names the seat of government far more often than the province or state.
        capital = next((c for c in candidates if c.capital and c.country == best.country and fold(c.name) == fold(best.name)), None)
        if capital is not None:
            return capital
    return best


def _inside(place: Place, container: Place) -> bool:
    if container.kind == "country":
        return place.country == container.country and place.kind != "country"
    if container.kind == "region":
        return place.country == container.country and place.admin1 is not None and place.admin1 == container.admin1
    return False


def resolve_name(gazetteer: Gazetteer, name: str, article_countries: frozenset[str]) -> Place | None:
    return choose(gazetteer.candidates(name), article_countries, name=name)
