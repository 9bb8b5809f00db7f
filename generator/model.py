"""The nouns of the pipeline, as frozen dataclasses.

Every stage takes and returns these; none of them holds behaviour beyond small
derived properties, so that each stage stays a pure function of its inputs.
Offsets (`start`, `end`) are character offsets into the seed file's text as
`open(path, encoding="utf-8").read()` returns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTOR_KINDS = ("person", "organisation", "state", "group")
LOCATION_KINDS = ("city", "region", "country", "continent", "other")


@dataclass(frozen=True, order=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """One seed file, read and split, before any NLP."""

    path: str  # as given on the command line or relative to the project, e.g. "seeds/x.txt"
    text: str  # the whole file text; offsets point into it
    title: str
    standfirst: str | None
    date: str | None  # YYYY-MM-DD, only when the file gives one
    body_start: int  # offset of the first body character in `text`
    paragraphs: tuple[Sentence, ...]  # body paragraphs with their offsets
    title_start: int = 0
    standfirst_start: int | None = None
    format: str = "text"  # "text" or "markdown"
    meta: tuple[tuple[str, str], ...] = ()  # source, url, author when given
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def meta_value(self, key: str) -> str | None:
        return dict(self.meta).get(key)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str  # one of ACTOR_KINDS
    role: str | None
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    affiliation: str | None = None
    # Unnamed references resolved to this actor ("the Prime Minister").
    references: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    kind: str  # one of LOCATION_KINDS
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    country_name: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None  # actor id within the same article


@dataclass(frozen=True)
class Article:
    """A source with everything extraction found in it."""

    source: Source
    id: str
    summary: tuple[str, ...]
    actors: tuple[Actor, ...]
    locations: tuple[Location, ...]
    quotes: tuple[Quote, ...]
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)

    @property
    def title(self) -> str:
        return self.source.title

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


# -- the site-wide index: what the render stage reads -------------------------


@dataclass(frozen=True)
class Appearance:
    """An entity seen in one article, with the first sentence that names it."""

    article_id: str
    title: str
    date: str | None
    sentence: str
    mentions: int


@dataclass(frozen=True)
class SiteQuote:
    article_id: str
    title: str
    date: str | None
    text: str
    speaker_id: str | None
    speaker_name: str | None


@dataclass(frozen=True)
class Event:
    """A sentence that says when something happened, placed on the calendar when it can be."""

    date: str | None  # YYYY-MM-DD; None when the article has no date to resolve "on Wednesday" against
    when: str  # the date as written: "on Wednesday", "12 March"
    article_id: str
    title: str
    sentence: str
    actor_ids: tuple[str, ...]  # site actors named in the sentence


@dataclass(frozen=True)
class Count:
    """A linked entity and how many articles it shares with the page's entity."""

    id: str
    name: str
    count: int
    kind: str


@dataclass(frozen=True)
class SiteActor:
    id: str
    name: str
    kind: str
    roles: tuple[str, ...]
    affiliations: tuple[str, ...]
    aliases: tuple[str, ...]
    appearances: tuple[Appearance, ...]
    quotes: tuple[SiteQuote, ...]
    co_actors: tuple[Count, ...]
    locations: tuple[Count, ...]
    events: tuple[Event, ...] = ()  # dated sentences naming the actor, oldest first

    @property
    def mention_count(self) -> int:
        return sum(a.mentions for a in self.appearances)


@dataclass(frozen=True)
class SiteLocation:
    id: str
    name: str
    kind: str
    country: str | None
    country_name: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]
    appearances: tuple[Appearance, ...]
    actors: tuple[Count, ...]

    @property
    def mention_count(self) -> int:
        return sum(a.mentions for a in self.appearances)


@dataclass(frozen=True)
class SiteArticle:
    """An article with its page id (unique across the site) and links resolved to site entities."""

    article: Article
    id: str
    actor_ids: dict = field(hash=False, compare=False)  # article-local actor id -> site actor id (None: hidden)
    location_ids: dict = field(hash=False, compare=False)  # article-local location id -> site location id (None: hidden)
    events: tuple = field(default=(), hash=False, compare=False)  # Event, in text order

    def site_actors(self) -> list[tuple[Actor, str]]:
        """The article's actors with their site ids, those the editor hid left out."""
        return [(a, self.actor_ids[a.id]) for a in self.article.actors if self.actor_ids.get(a.id)]

    def site_locations(self) -> list[tuple[Location, str]]:
        return [(l, self.location_ids[l.id]) for l in self.article.locations if self.location_ids.get(l.id)]


@dataclass(frozen=True)
class SiteIndex:
    articles: tuple[SiteArticle, ...]  # newest first; undated last, by title
    actors: tuple[SiteActor, ...]  # by id
    locations: tuple[SiteLocation, ...]  # by id
    possible_duplicates: tuple[str, ...] = ()  # joins resolution could not decide, for the build log
    warnings: tuple[str, ...] = ()  # problems with the editor's entities.yml
    events: tuple[Event, ...] = ()  # every dated event on the site, oldest first
