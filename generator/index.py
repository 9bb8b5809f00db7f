"""Stage 3: join articles into one site index (no NLP, no I/O).

Which actors of different articles are one site entity is decided by
`generator.resolve`; locations are one when the gazetteer gives them one id.
Listings are computed only after every article is read: entities induce a
graph, not a tree.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from generator.model import (
    Appearance, Article, Count, Event, SiteActor, SiteArticle, SiteIndex, SiteLocation, SiteQuote,
)
from generator.overrides import Overrides
from generator.resolve import Resolution, resolve
from generator.retype import retype_unplaced
from generator.slugs import short_hash
from generator.timeline import find_dates

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
        salt = article.source.path
        while page in taken:  # a headline can itself end in what looks like a hash
            page = f"{article.id}-{short_hash(salt)}"
            salt += "+"
        taken.add(page)
        out[article.source.path] = page
    return out


def build_index(articles: Iterable[Article], overrides: Overrides = Overrides()) -> SiteIndex:
    articles = sorted(retype_unplaced(articles), key=sort_key)
    ids = page_ids(articles)
    resolution = resolve(articles, overrides)

    site_articles: list[SiteArticle] = []
    for article in articles:
        path = article.source.path
        actor_ids, location_ids = resolution.actor_ids.get(path, {}), resolution.location_ids.get(path, {})
        events = _events(article, ids[path], actor_ids)
        site_articles.append(SiteArticle(article, ids[path], actor_ids, location_ids, events))

    dated = sorted((e for sa in site_articles for e in sa.events if e.date), key=lambda e: (e.date, e.article_id))
    by_actor: dict[str, list[Event]] = defaultdict(list)
    for event in dated:
        for actor_id in event.actor_ids:
            by_actor[actor_id].append(event)
    actors = _actors(site_articles, resolution, by_actor)
    locations = _locations(site_articles, {a.id: a for a in actors}, resolution)
    return SiteIndex(
        tuple(site_articles), actors, locations, resolution.possible_duplicates, resolution.warnings, tuple(dated),
    )


def _events(article: Article, article_id: str, actor_ids: dict) -> tuple[Event, ...]:
    """Each sentence that names a day, once per day it names, with the actors named in it."""
    spans = [
        (m.start, m.end, actor_ids[a.id])
        for a in article.actors if actor_ids.get(a.id)
        for m in (*a.mentions, *a.references)
    ]
    out, seen = [], set()
    for sentence in article.sentences:
        for found in find_dates(sentence.text, article.source.date):
            if (found.date or found.text, sentence.start) in seen:
                continue
            seen.add((found.date or found.text, sentence.start))
            named = sorted({site_id for start, end, site_id in spans if sentence.start <= start < sentence.end})
            out.append(Event(found.date, found.text, article_id, article.title, " ".join(sentence.text.split()), tuple(named)))
    return tuple(out)


def _appearance(site_article: SiteArticle, mentions) -> Appearance:
    article = site_article.article
    first = min(mentions, key=lambda m: m.start)
    sentence = article.sentence_at(first.start)
    text = sentence.text if sentence else article.title
    return Appearance(site_article.id, article.title, article.source.date, " ".join(text.split()), len(mentions))


def _actors(
    site_articles: list[SiteArticle], resolution: Resolution, events: dict[str, list[Event]],
) -> tuple[SiteActor, ...]:
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
        present = sorted({site_id for _, site_id in sa.site_actors()})
        here = {}  # site location id → its first location in the article
        for location, location_id in sa.site_locations():
            here.setdefault(location_id, location)
        by_site_id = defaultdict(list)
        for actor, site_id in sa.site_actors():
            by_site_id[site_id].append(actor)
            kinds[site_id][actor.kind] += 1
            if actor.role:
                roles[site_id][actor.role] += 1
            if actor.affiliation:
                affiliations[site_id][actor.affiliation] += 1
            aliases[site_id].update(actor.aliases)
            aliases[site_id].add(actor.name)
        location_ids = list(here)
        if by_site_id:
            for location_id, location in here.items():
                location_names[location_id] = resolution.location_names.get(location_id, location.name)
        for site_id, group in by_site_id.items():
            mentions = [m for a in group for m in (*a.mentions, *a.references)]
            if mentions:
                appearances[site_id].append(_appearance(sa, mentions))
            together = co_actors[site_id]
            together.update(present)  # every other actor of the article once (Counter.update counts in C)
            del together[site_id]
            places[site_id].update(location_ids)
        for quote in article.quotes:
            site_id = sa.actor_ids.get(quote.speaker) if quote.speaker else None
            if site_id:
                quotes[site_id].append((sa, quote.text))

    display = resolution.actor_names
    kind_of = {
        site_id: resolution.fields.get(site_id, {}).get("kind") or max(counter, key=lambda k: (counter[k], -KIND_ORDER[k]))
        for site_id, counter in kinds.items()
    }
    folded = {site_id: display[site_id].casefold() for site_id in kinds}
    out = []
    for site_id in sorted(kinds):
        fixed = resolution.fields.get(site_id, {})
        kind = kind_of[site_id]
        name = display[site_id]
        ranked_roles = tuple(r for r, _ in sorted(roles[site_id].items(), key=lambda x: (-x[1], x[0])))
        if fixed.get("role"):
            ranked_roles = (fixed["role"],) + tuple(r for r in ranked_roles if r != fixed["role"])
        out.append(SiteActor(
            id=site_id, name=name, kind=kind,
            roles=ranked_roles,
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
            events=tuple(events.get(site_id, ())),
        ))
    return tuple(out)


def _top(counter: Counter, display: dict, kind_of: dict, folded: dict) -> tuple[Count, ...]:
    ranked = heapq.nsmallest(MAX_RELATED, counter.items(), key=lambda x: (-x[1], folded[x[0]], x[0]))
    return tuple(Count(i, display[i], n, kind_of[i]) for i, n in ranked)


def _locations(
    site_articles: list[SiteArticle], site_actors: dict[str, SiteActor], resolution: Resolution,
) -> tuple[SiteLocation, ...]:
    first: dict[str, object] = {}
    aliases: dict[str, set] = defaultdict(set)
    appearances: dict[str, list] = defaultdict(list)
    actors: dict[str, Counter] = defaultdict(Counter)
    for sa in site_articles:
        by_site_id = defaultdict(list)
        for location, location_id in sa.site_locations():
            by_site_id[location_id].append(location)
        for location_id, group in by_site_id.items():
            first.setdefault(location_id, group[0])
            for location in group:
                aliases[location_id].update(location.aliases)
                aliases[location_id].add(location.name)
            appearances[location_id].append(_appearance(sa, [m for l in group for m in l.mentions]))
            for actor, site_id in sa.site_actors():
                if site_id == location_id and actor.kind == "state":
                    continue
                actors[location_id][site_id] += 1
    folded = {actor_id: actor.name.casefold() for actor_id, actor in site_actors.items()}
    out = []
    for location_id in sorted(first):
        loc = first[location_id]
        name = resolution.location_names.get(location_id, loc.name)
        kind = resolution.fields.get(location_id, {}).get("kind", loc.kind)
        out.append(SiteLocation(
            id=location_id, name=name, kind=kind, country=loc.country, country_name=loc.country_name,
            lat=loc.lat, lon=loc.lon,
            aliases=tuple(sorted(aliases[location_id] - {name}, key=lambda s: (s.casefold(), s))),
            appearances=tuple(appearances[location_id]),
            actors=tuple(
                Count(i, site_actors[i].name, n, site_actors[i].kind)
                for i, n in heapq.nsmallest(MAX_RELATED, actors[location_id].items(), key=lambda x: (-x[1], folded[x[0]], x[0]))
            ),
        ))
    return tuple(out)
