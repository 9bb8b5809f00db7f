"""JSON shapes of extraction results: `briefing extract` lines and the site's data export."""

from __future__ import annotations

import json
from collections import defaultdict

from generator.model import Actor, Article, Location, Mention, SiteIndex


def mention_dict(mention: Mention) -> dict:
    return {"start": mention.start, "end": mention.end, "text": mention.text}


def actor_dict(actor: Actor) -> dict:
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "role": actor.role,
        "aliases": list(actor.aliases), "mentions": [mention_dict(m) for m in actor.mentions],
        "affiliation": actor.affiliation, "references": [mention_dict(m) for m in actor.references],
    }


def location_dict(location: Location) -> dict:
    return {
        "id": location.id, "name": location.name, "kind": location.kind, "country": location.country,
        "country_name": location.country_name, "lat": location.lat, "lon": location.lon, "aliases": list(location.aliases),
        "mentions": [mention_dict(m) for m in location.mentions],
    }


def article_dict(article: Article) -> dict:
    """One `briefing extract` record; offsets slice the file text to each mention's text."""
    source = article.source
    return {
        "source": source.path, "id": article.id, "title": source.title,
        "standfirst": source.standfirst, "date": source.date,
        "summary": list(article.summary),
        "actors": [actor_dict(a) for a in article.actors],
        "locations": [location_dict(l) for l in article.locations],
        "quotes": [{"speaker": q.speaker, "text": q.text, "start": q.start, "end": q.end} for q in article.quotes],
        "words": source.word_count,
        "warnings": list(source.warnings),
    }


EXPORT_PATH = "data/briefing.json"
EXPORT_FORMAT = 1  # bump when a field changes meaning or goes away


def _site_mentions(index: SiteIndex, key: str) -> dict[str, list[dict]]:
    """Site entity id → its mentions in every article (named, then role references), in article order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for sa in sorted(index.articles, key=lambda s: s.article.source.path):
        source = sa.article.source.path
        if key == "actors":
            for actor, site_id in sa.site_actors():
                for m in sorted({*actor.mentions, *actor.references}):
                    out[site_id].append({"source": source, "start": m.start, "end": m.end, "text": m.text})
        else:
            for location, site_id in sa.site_locations():
                for m in sorted(set(location.mentions)):
                    out[site_id].append({"source": source, "start": m.start, "end": m.end, "text": m.text})
    return out


def site_export(index: SiteIndex) -> dict:
    """The whole index as data: what the site shows, with every mention's exact offsets.

    `source` is the article file as read (e.g. "seeds/x.txt"); `start`/`end`
    slice that file's text (as Python reads it) to `text`.
    """
    actor_mentions = _site_mentions(index, "actors")
    location_mentions = _site_mentions(index, "locations")
    return {
        "format": EXPORT_FORMAT,
        "generator": "briefing",
        "articles": [
            {
                "id": sa.id, "page": f"briefings/{sa.id}.html", "source": sa.article.source.path,
                "title": sa.article.title, "date": sa.article.source.date, "summary": list(sa.article.summary),
                "actors": sorted({site_id for _, site_id in sa.site_actors()}),
                "locations": sorted({site_id for _, site_id in sa.site_locations()}),
            }
            for sa in index.articles
        ],
        "actors": [
            {
                "id": a.id, "page": f"actors/{a.id}.html", "name": a.name, "kind": a.kind, "roles": list(a.roles),
                "affiliations": list(a.affiliations), "aliases": list(a.aliases),
                "articles": [ap.article_id for ap in a.appearances], "mentions": actor_mentions.get(a.id, []),
            }
            for a in index.actors
        ],
        "locations": [
            {
                "id": l.id, "page": f"locations/{l.id}.html", "name": l.name, "kind": l.kind, "country": l.country,
                "lat": l.lat, "lon": l.lon, "aliases": list(l.aliases),
                "articles": [ap.article_id for ap in l.appearances], "mentions": location_mentions.get(l.id, []),
            }
            for l in index.locations
        ],
    }


def export_json(index: SiteIndex) -> str:
    return json.dumps(site_export(index), ensure_ascii=False, separators=(",", ":")) + "\n"
