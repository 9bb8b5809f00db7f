"""JSON shapes of extraction results: `briefing extract` lines and the site's data export."""

from __future__ import annotations

from generator.model import Actor, Article, Location, Mention


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
