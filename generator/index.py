"""Stage 3: join articles into one site index (no NLP, no I/O).

Actors and locations found in different articles become one site entity when
they share an id (the slug of their canonical name), and a person written only
by surname ("Putin") joins the one full name on the site that ends with it.
Listings are computed only after every article is read: entities induce a
graph, not a tree.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from generator.model import (
    Appearance, Article, Count, SiteActor, SiteArticle, SiteIndex, SiteLocation, SiteQuote,
)
from generator.slugs import short_hash

KIND_ORDER = {"person": 0, "organisation": 1, "state": 2, "group": 3}
MAX_RELATED = 12  # co-actors and places listed on an entity page


def sort_key(article: Article) -> tuple:
    """Newest first; undated after dated, by title; the source path breaks ties."""
    date = article.source.date
    return (date is None, _negate(date) if date else "", article.title.casefold(), article.source.path)


def _negate(date: str) -> str:
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in date)


def page_ids(articles: Iterable[Article]) -> dict[str, str]:
    """Source path → unique page id. The first (by path) keeps the plain slug; later ones get a hash of their path."""
    taken: set[str] = set()
    out = {}
    for article in sorted(articles, key=lambda a: a.source.path):
        page = article.id
        if page in taken:
            page = f"{article.id}-{short_hash(article.source.path)}"
        taken.add(page)
        out[article.source.path] = page
    return out


def build_index(articles: Iterable[Article]) -> SiteIndex:
    articles = sorted(articles, key=sort_key)
    ids = page_ids(articles)
    surname_map = _surname_merges(articles)

    site_articles: list[SiteArticle] = []
    for article in articles:
        actor_ids = {a.id: surname_map.get(a.id, a.id) if a.kind == "person" else a.id for a in article.actors}
        site_articles.append(SiteArticle(article, ids[article.source.path], actor_ids, {l.id: l.id for l in article.locations}))

    actors = _actors(site_articles)
    locations = _locations(site_articles, {a.id: a for a in actors})
    return SiteIndex(tuple(site_articles), actors, locations)


def _surname_merges(articles: list[Article]) -> dict[str, str]:
    """Single-name persons ("Trump") → the only full-name person on the site ending with that name."""
    full_by_last: dict[str, set[str]] = defaultdict(set)
    singles: set[str] = set()
    for article in articles:
        for actor in article.actors:
            if actor.kind != "person":
                continue
            parts = actor.name.split()
            if len(parts) > 1:
                full_by_last[parts[-1].casefold()].add(actor.id)
            else:
                singles.add(actor.id)
    merges = {}
    for article in articles:
        for actor in article.actors:
            if actor.kind == "person" and actor.id in singles:
                targets = full_by_last.get(actor.name.casefold(), set())
                if len(targets) == 1:
                    merges[actor.id] = next(iter(targets))
    return merges


def _appearance(site_article: SiteArticle, mentions) -> Appearance:
    article = site_article.article
    first = min(mentions, key=lambda m: m.start)
    sentence = article.sentence_at(first.start)
    text = sentence.text if sentence else article.title
    return Appearance(site_article.id, article.title, article.source.date, " ".join(text.split()), len(mentions))


def _actors(site_articles: list[SiteArticle]) -> tuple[SiteActor, ...]:
    names: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, Counter] = defaultdict(Counter)
    affiliations: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set] = defaultdict(set)
    appearances: dict[str, list] = defaultdict(list)
    quotes: dict[str, list] = defaultdict(list)
    co_actors: dict[str, Counter] = defaultdict(Counter)
    places: dict[str, Counter] = defaultdict(Counter)
    location_names: dict[str, str] = {}

    for sa in site_articles:
        article = sa.article
        present = sorted({sa.actor_ids[a.id] for a in article.actors})
        by_site_id = defaultdict(list)
        for actor in article.actors:
            site_id = sa.actor_ids[actor.id]
            by_site_id[site_id].append(actor)
            names[site_id][actor.name] += 1
            kinds[site_id][actor.kind] += 1
            if actor.role:
                roles[site_id][actor.role] += 1
            if actor.affiliation:
                affiliations[site_id][actor.affiliation] += 1
            aliases[site_id].update(actor.aliases)
            aliases[site_id].add(actor.name)
        location_ids = [location.id for location in article.locations]
        if by_site_id:
            for location in article.locations:
                location_names[location.id] = location.name
        for site_id, group in by_site_id.items():
            mentions = [m for a in group for m in (*a.mentions, *a.references)]
            if mentions:
                appearances[site_id].append(_appearance(sa, mentions))
            together = co_actors[site_id]
            together.update(present)  # every other actor of the article once (Counter.update counts in C)
            del together[site_id]
            places[site_id].update(location_ids)
        for quote in article.quotes:
            if quote.speaker is None:
                continue
            site_id = sa.actor_ids.get(quote.speaker, quote.speaker)
            quotes[site_id].append((sa, quote.text))

    display = {}
    for site_id, counter in names.items():
        # The fullest name used, then the most frequent.
        display[site_id] = max(counter, key=lambda n: (len(n.split()), counter[n], n))
    kind_of = {site_id: max(counter, key=lambda k: (counter[k], -KIND_ORDER[k])) for site_id, counter in kinds.items()}
    folded = {site_id: name.casefold() for site_id, name in display.items()}
    out = []
    for site_id in sorted(names):
        kind = kind_of[site_id]
        name = display[site_id]
        out.append(SiteActor(
            id=site_id, name=name, kind=kind,
            roles=tuple(r for r, _ in sorted(roles[site_id].items(), key=lambda x: (-x[1], x[0]))),
            affiliations=tuple(r for r, _ in sorted(affiliations[site_id].items(), key=lambda x: (-x[1], x[0]))),
            aliases=tuple(sorted(aliases[site_id] - {name}, key=lambda s: (s.casefold(), s))),
            appearances=tuple(appearances[site_id]),
            quotes=tuple(
                SiteQuote(sa.id, sa.article.title, sa.article.source.date, text, site_id, name)
                for sa, text in quotes[site_id]
            ),
            co_actors=_top(co_actors[site_id], display, kind_of, folded),
            locations=tuple(
                Count(lid, location_names[lid], n, "location")
                for lid, n in sorted(places[site_id].items(), key=lambda x: (-x[1], location_names[x[0]], x[0]))[:MAX_RELATED]
            ),
        ))
    return tuple(out)


def _top(counter: Counter, display: dict, kind_of: dict, folded: dict) -> tuple[Count, ...]:
    ranked = heapq.nsmallest(MAX_RELATED, counter.items(), key=lambda x: (-x[1], folded[x[0]], x[0]))
    return tuple(Count(i, display[i], n, kind_of[i]) for i, n in ranked)


def _locations(site_articles: list[SiteArticle], site_actors: dict[str, SiteActor]) -> tuple[SiteLocation, ...]:
    first: dict[str, object] = {}
    aliases: dict[str, set] = defaultdict(set)
    appearances: dict[str, list] = defaultdict(list)
    actors: dict[str, Counter] = defaultdict(Counter)
    for sa in site_articles:
        article = sa.article
        for location in article.locations:
            first.setdefault(location.id, location)
            aliases[location.id].update(location.aliases)
            appearances[location.id].append(_appearance(sa, location.mentions))
            for actor in article.actors:
                site_id = sa.actor_ids[actor.id]
                if site_id == location.id and actor.kind == "state":
                    continue
                actors[location.id][site_id] += 1
    folded = {actor_id: actor.name.casefold() for actor_id, actor in site_actors.items()}
    out = []
    for location_id in sorted(first):
        loc = first[location_id]
        out.append(SiteLocation(
            id=location_id, name=loc.name, kind=loc.kind, country=loc.country, country_name=loc.country_name,
            lat=loc.lat, lon=loc.lon,
            aliases=tuple(sorted(aliases[location_id] - {loc.name}, key=lambda s: (s.casefold(), s))),
            appearances=tuple(appearances[location_id]),
            actors=tuple(
                Count(i, site_actors[i].name, n, site_actors[i].kind)
                for i, n in heapq.nsmallest(MAX_RELATED, actors[location_id].items(), key=lambda x: (-x[1], folded[x[0]], x[0]))
            ),
        ))
    return tuple(out)
