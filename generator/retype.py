"""Places that are actors elsewhere on the site: one page, not a person and a pin-less place.

NER labels a name by its local context: "Brackwater" (a university team) is a place
in one article and an organisation in four others; "Quennell" alone is taken for a
place where "Ada Quennell" is a person everywhere else. When a place was not
found in the gazetteer (kind "other": no country, no coordinates) and the same
name is an actor in another article of the site, in at least as many articles as
it is such a place, it is that actor: it becomes one in this article too, so
that resolution joins it with the others.

Names the gazetteer knows ("Paris" the city) are never changed: a place with
coordinates stays a place, whatever other articles call an actor. No NLP, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable

from generator.model import Actor, Article
from generator.resolve import ORG_KINDS, name_tokens
from generator.slugs import slug


def retype_unplaced(articles: Iterable[Article]) -> list[Article]:
    articles = list(articles)
    org_kinds: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # organisation name → kinds, by article
    org_articles: dict[tuple[str, ...], set[str]] = defaultdict(set)
    person_articles: dict[tuple[str, ...], set[str]] = defaultdict(set)  # full names and their last names
    for article in articles:
        for actor in article.actors:
            if actor.kind in ORG_KINDS:
                key = name_tokens(actor.name, actor.kind)
                org_kinds[key][actor.kind] += 1
                org_articles[key].add(article.source.path)
            elif actor.kind == "person":
                tokens = name_tokens(actor.name, "person")
                person_articles[tokens].add(article.source.path)
                if len(tokens) > 1:
                    person_articles[tokens[-1:]].add(article.source.path)
    unplaced: Counter = Counter()  # name → articles where it is a place the gazetteer does not know
    for article in articles:
        for key in {name_tokens(l.name, "organisation") for l in article.locations if _unplaced(l)}:
            unplaced[key] += 1
    out = []
    for article in articles:
        path = article.source.path
        moved: list[Actor] = []
        kept = []
        for location in article.locations:
            kind = None
            if _unplaced(location):
                org_key = name_tokens(location.name, "organisation")
                person_key = name_tokens(location.name, "person")
                # The label most articles of the site give the name wins ("Tolmere", a place in most
                # articles and an organisation in one, stays a place).
                if org_articles.get(org_key, set()) - {path} and len(org_articles[org_key]) >= unplaced[org_key]:
                    kind = min(org_kinds[org_key], key=lambda k: (-org_kinds[org_key][k], k))
                elif person_articles.get(person_key, set()) - {path} and len(person_articles[person_key]) >= unplaced[org_key]:
                    kind = "person"
            if kind is None:
                kept.append(location)
                continue
            moved.append(Actor(
                id=slug(location.name), name=location.name, kind=kind, role=None,
                aliases=location.aliases, mentions=location.mentions,
            ))
        if not moved:
            out.append(article)
            continue
        actors = {actor.id: actor for actor in article.actors}
        for actor in moved:
            same = actors.get(actor.id)
            if same is None:
                actors[actor.id] = actor
            else:  # the article also has the actor: one, with every mention
                actors[actor.id] = dataclasses.replace(
                    same, aliases=tuple(sorted(set(same.aliases) | set(actor.aliases))),
                    mentions=tuple(sorted(set(same.mentions) | set(actor.mentions))),
                )
        ordered = sorted(actors.values(), key=lambda a: (a.mentions[0].start if a.mentions else 0, a.id))
        out.append(dataclasses.replace(article, actors=tuple(ordered), locations=tuple(kept)))
    return out


def _unplaced(location) -> bool:
    return location.kind == "other" and location.lat is None and location.country is None
