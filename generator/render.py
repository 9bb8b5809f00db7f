"""Stage 4: the site index → Markdown pages (templates only: no NLP, no I/O).

Safety by default: every value a template prints is escaped so that article
text can never become HTML, script, Markdown syntax or template code. Only
values built here as `Markup` (links between our own pages, front matter
dumped by PyYAML, the editor's intro) are printed as they are.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import frontmatter, maps
from generator.model import SiteIndex
from generator.pagememo import PageMemo, page_key
from generator.site import SiteConfig
from generator.slugs import slug

HOME_LATEST = 10
HOME_TOP = 10
FEED_ITEMS = 50  # the newest briefings in feed.xml
FEED_PATH = "feed.xml"
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
KIND_TITLES = {"person": "People", "organisation": "Organisations", "state": "States", "group": "Groups"}
KIND_ORDER = ("person", "organisation", "state", "group")

# Characters with a meaning in Markdown, its extensions or HTML; written as numeric
# character references they display as themselves and mean nothing.
_SPECIAL = set("\\`*_{}[]()#+-!|~=:^$<>&\"'")
_ESCAPES = {ch: f"&#{ord(ch)};" for ch in _SPECIAL}
_SPECIAL_CHARACTER = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def md_text(value: object) -> str:
    """Plain text → inline Markdown that displays exactly that text and nothing else."""
    return _md_text(str(value))


@functools.lru_cache(maxsize=1 << 18)  # names and titles repeat on many pages: ~10 calls per distinct text
def _md_text(value: str) -> str:
    text = " ".join(value.split())
    escaped = _SPECIAL_CHARACTER.sub(lambda m: _ESCAPES[m.group()], text)
    # "1996. The ..." at the start of a line would become a numbered list.
    if not escaped[:1].isdigit():  # isdigit() accepts every digit that \d matches
        return escaped
    return _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"template printed {value!r}; test for it instead of printing it")
    if isinstance(value, (int, float)):
        return str(value)
    return md_text(value)


_LINK_TARGET = re.compile(r"[a-z0-9./_-]+\.md(#[a-z0-9-]+)?")


def link(text: object, path: str) -> Markup:
    """A link to one of our own pages; `path` is built from slugs only."""
    if not _LINK_TARGET.fullmatch(path):
        raise ValueError(f"unsafe link target {path!r}")
    return Markup(f"[{md_text(text)}]({path})")


def external_link(text: object, url: str | None) -> Markup:
    """An http(s) link from article metadata; anything else is shown as text."""
    if url and SAFE_URL.match(url):
        safe = url.replace("(", "%28").replace(")", "%29")
        return Markup(f"[{md_text(text)}](<{safe}>)")
    return Markup(md_text(text))


# Material prints these front-matter fields into HTML unescaped (<title>, header,
# <meta name="description">, <meta name="author">).
HTML_FIELDS = ("title", "description", "author")


# Every generated page is left out of Material's search index: our prebuilt index
# (generator/search_index.py, read by docs/javascripts/search.js) answers searches.
# Material would otherwise ship every page's full text to be indexed in the browser
# (64 MB at 10,000 articles). This replaces any `search:` a template sets.
SEARCH_META = {"exclude": True}


def front_matter(data: dict) -> Markup:
    """YAML front matter; `title`, `description` and `author` are HTML-escaped because the theme prints them raw."""
    data = {k: html.escape(v, quote=True) if k in HTML_FIELDS and isinstance(v, str) else v for k, v in data.items()}
    data["search"] = SEARCH_META
    dumped = frontmatter.dump(data)  # yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    return Markup(f"---\n{dumped}---\n")


def coordinates(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return "unknown"
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.4f}° {ns}, {abs(lon):.4f}° {ew}"


# Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_finalize(value: object) -> object:
    """Feed values: text without characters XML forbids (autoescape then escapes <, &, quotes)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"template printed {value!r}; test for it instead of printing it")
    return " ".join(_NOT_XML.sub("", str(value)).split())


def rfc822(date: str | None) -> str | None:
    """'2025-03-12' → 'Wed, 12 Mar 2025 00:00:00 +0000' (RSS dates); None stays None."""
    if not date:
        return None
    day = datetime.date.fromisoformat(date)
    return email.utils.format_datetime(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc))


_HEADING = re.compile(r"\n*(^#{1,6} .*$)\n*", re.MULTILINE)


def _tidy(markdown: str) -> str:
    """One blank line around every heading and at most one between blocks (after the front matter)."""
    head, sep, body = markdown.partition("\n---\n")
    body = _HEADING.sub(lambda m: f"\n\n{m.group(1)}\n\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n") + "\n"
    return f"{head}{sep}{body}"


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, POSIX
    content: str


class Renderer:
    def __init__(self, templates_dir: Path, memo: PageMemo | None = None) -> None:
        self.memo = memo  # pages of the last run, reused when their inputs did not change
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates are read once per run; no stat per page
        )
        self.env.filters.update(link=link, external_link=external_link, coordinates=coordinates, md=md_text)
        self.env.globals.update(front_matter=front_matter, kind_titles=KIND_TITLES)
        # The feed is XML: its own environment, escaping every value for XML.
        self.xml_env = jinja2.Environment(
            loader=self.env.loader, undefined=jinja2.StrictUndefined, autoescape=True,
            finalize=_xml_finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        )
        self.calls = 0
        self.rendered: dict[int, str] = {}

    # Rendering in several processes (generator/renderpool.py): each process runs `pages` with
    # `share = (k, n)` and renders only the calls numbered k modulo n, returning DEFERRED + number
    # for the others; `rendered` keeps what it did render, by call number.
    share: tuple[int, int] | None = None
    search_key: str | None = None
    # Set by the render pool: starts building the search layers elsewhere, and gives a function that returns them.
    search_layers: Callable | None = None

    def _render(self, template: str, **context) -> str:
        return self._own(lambda: self._template(template, context))

    def _own(self, make: Callable[[], str]) -> str:
        """`make()` when this process renders the next numbered call, else a placeholder the pool fills in
        (so that a process does only its share of the work, including what a page is computed from)."""
        self.calls += 1
        if self.share is not None and self.calls % self.share[1] != self.share[0]:
            return f"{DEFERRED}{self.calls}"
        text = make()
        if self.share is not None:
            self.rendered[self.calls] = text
        return text

    def _template(self, template: str, context: dict) -> str:
        try:
            return _tidy(self.env.get_template(template).render(**context))
        except jinja2.TemplateNotFound as error:
            from generator.errors import ConfigError

            raise ConfigError(f"templates/{error.name}: template not found; restore it from the repository") from error

    def _remembered(self, path: str, template: str, inputs: dict, context=None) -> Page:
        """The page `template` renders from `inputs` (or from `context()`, made only when needed,
        when the key is computed from smaller `inputs`); the last run's text when the memo has it."""
        if self.memo is not None:
            text = self.memo.text(path, self.memo.key(path, template, inputs))
            if text is not None:
                self.calls += 1  # the same numbering in every process of a render pool
                return Page(path, text)
        return Page(path, self._own(lambda: self._template(template, inputs if context is None else context())))

    def _search_pages(self, index: SiteIndex) -> Callable[[], list[Page]]:
        """The search layers (search/*.js), made together: all from the memo or all built again.
        Called first, it returns a function that gives them at the end, so that they can be built
        meanwhile: by a forked helper (`search_layers`, set by the render pool), or in a pool of
        renderers by one process, as one numbered call whose text is the layers packed as JSON."""
        from generator.search_index import SEARCH_DIR, search_inputs, search_layers  # it imports Page from here

        inputs = search_inputs(index)
        key = page_key(self.memo.salt, "search", inputs) if self.memo is not None else None
        if self.memo is not None:
            remembered = self.memo.group(SEARCH_DIR + "/", key)
            if remembered is not None:
                return lambda: [Page(path, text) for path, text in remembered]
        if self.share is None:
            build = functools.partial(search_layers, inputs) if self.search_layers is None else self.search_layers(inputs)
            return lambda: self._keyed(build(), key)
        packed = self._own(lambda: json.dumps([[p.path, p.content] for p in search_layers(inputs)]))
        if packed.startswith(DEFERRED):
            self.search_key = key  # for the pool, to record with the layers another process sends
            return lambda: [Page(SEARCH_PACK, packed)]
        pages = self._keyed(unpack_search(packed), key)
        return lambda: pages

    def _keyed(self, pages: list[Page], key: str | None) -> list[Page]:
        """`pages` (search layers), their key recorded in the memo."""
        if self.memo is not None:
            for page in pages:
                self.memo.keys[page.path] = key
        return pages

    def feed(self, index: SiteIndex, site: SiteConfig) -> Page:
        """RSS 2.0 of the newest briefings; absolute links once mkdocs.yml has a site_url."""
        items = []
        for sa in index.articles[:FEED_ITEMS]:
            path = f"briefings/{sa.id}.html"
            items.append({
                "title": sa.article.title,
                "link": site.url + path,
                "guid": site.url + path if site.url else path,
                "date": rfc822(sa.article.source.date),
                "description": " ".join(sa.article.summary) or sa.article.title,
            })
        dates = [sa.article.source.date for sa in index.articles if sa.article.source.date]
        try:
            content = self.xml_env.get_template("feed.xml.j2").render(
                site=site, items=items, updated=rfc822(max(dates)) if dates else None,
            )
        except jinja2.TemplateNotFound as error:
            from generator.errors import ConfigError

            raise ConfigError(f"templates/{error.name}: template not found; restore it from the repository") from error
        return Page(FEED_PATH, content)

    def timeline(self, index: SiteIndex) -> list[Page]:
        """timeline/index.md (months, newest first) and one page per month (days in order)."""
        days: dict[str, dict] = {}

        def day(date: str) -> dict:
            if date not in days:
                d = datetime.date.fromisoformat(date)
                days[date] = {"date": date, "title": f"{d:%A} {d.day} {d:%B %Y}", "published": [], "events": [],
                              "anchor": Markup(f"{{ #{date} }}")}
            return days[date]

        for sa in sorted(index.articles, key=lambda a: (a.article.source.date or "", a.id)):
            if sa.article.source.date:
                day(sa.article.source.date)["published"].append(sa)
        for event in index.events:
            day(event.date)["events"].append(event)
        months: dict[str, dict] = {}
        for date in sorted(days):
            first = datetime.date.fromisoformat(date)
            month = months.setdefault(date[:7], {"id": date[:7], "title": f"{first:%B %Y}", "days": [], "count": 0})
            month["days"].append(days[date])
            month["count"] += len(days[date]["published"]) + len(days[date]["events"])
        pages = [Page("timeline/index.md", self._render("timeline.md.j2", months=sorted(months.values(), key=lambda m: m["id"], reverse=True)))]
        for month in months.values():
            pages.append(Page(f"timeline/{month['id']}.md", self._render("timeline-month.md.j2", month=month)))
        return pages

    def graph_page(self, index: SiteIndex) -> Page:
        """graph.md: actors and places as nodes, linked when they appear in the same briefings."""
        from generator import graph  # numpy: imported only when a page is rendered

        built = graph.build_graph(index)
        return self._remembered(graph.GRAPH_PAGE, "graph.md.j2", {"graph": built},
                                lambda: {"graph": built, "figure": graph.graph_figure(built)})

    def map_page(self, index: SiteIndex) -> Page:
        """map.md: every place with coordinates on a world map, and the regions where they crowd."""
        return self._remembered(maps.MAP_PAGE, "map.md.j2", {"locations": index.locations},
                                lambda: {"figures": maps.map_page(index.locations)})

    def pages(self, index: SiteIndex, intro: str = "", site: SiteConfig = SiteConfig()) -> list[Page]:
        search = self._search_pages(index)  # first: they may be built elsewhere while this process renders
        actors = {a.id: a for a in index.actors}
        locations = {l.id: l for l in index.locations}
        pages = []
        for sa in index.articles:
            article = sa.article
            who = []
            seen = set()
            for actor, site_id in sa.site_actors():
                if site_id in seen:
                    continue
                seen.add(site_id)
                who.append({"id": site_id, "name": actors[site_id].name, "kind": actors[site_id].kind, "role": actor.role, "affiliation": actor.affiliation})
            quotes = [
                {"text": q.text, "speaker": sa.actor_ids.get(q.speaker) if q.speaker else None}
                for q in article.quotes
            ]
            # Only what the page shows of other entities, so that its key changes only when that does.
            where = [locations[i] for i in dict.fromkeys(i for _, i in sa.site_locations())]
            where = [{"id": l.id, "name": l.name, "kind": l.kind, "country_name": l.country_name} for l in where]
            speakers = {q["speaker"]: {"id": q["speaker"], "name": actors[q["speaker"]].name} for q in quotes if q["speaker"]}
            pages.append(self._remembered(f"briefings/{sa.id}.md", "article.md.j2", dict(
                page_id=sa.id, article=article, source=article.source, who=who, where=where,
                quotes=quotes, actors=speakers, events=sa.events,
            )))
        for actor in index.actors:
            shown, more, extra = self._appearance_pages("actors", actor.id, actor.name, actor.appearances)
            pages.append(self._remembered(f"actors/{actor.id}.md", "actor.md.j2", dict(
                actor=actor, appearances=shown, more=more, max_quotes=ENTITY_PAGE_MAX,
            )))
            pages += extra
        country_pages: dict[str, str] = {}  # country code -> the first country page with it (was a scan per place)
        for location in index.locations:
            if location.kind == "country":
                country_pages.setdefault(location.country, location.id)
        nearby = maps.co_mentioned(index)
        for location in index.locations:
            country_page = None
            if location.kind != "country" and location.country_name:
                country_page = country_pages.get(location.country)
            shown, more, extra = self._appearance_pages("locations", location.id, location.name, location.appearances)
            near = nearby.get(location.id, ())
            inputs = dict(location=location, country_page=country_page, appearances=shown, more=more,
                          nearby=maps.nearby_key(location, near))
            # The map is drawn only when the page is rendered; its key holds what the map shows of the neighbours.
            pages.append(self._remembered(f"locations/{location.id}.md", "location.md.j2", inputs, functools.partial(
                _with_map, inputs, near)))
            pages += extra
        pages += self._briefing_index_pages(index.articles)
        pages += self._actor_index_pages(sorted(index.actors, key=lambda a: (a.name.casefold(), a.id)))
        by_country = defaultdict(list)
        for location in sorted(index.locations, key=lambda l: (l.name.casefold(), l.id)):
            group = "Continents" if location.kind == "continent" else (location.country_name or "Elsewhere")
            by_country[group].append(location)
        ordered = sorted((g for g in by_country if g not in ("Continents", "Elsewhere")), key=str.casefold)
        ordered = [g for g in ("Continents",) if g in by_country] + ordered + [g for g in ("Elsewhere",) if g in by_country]
        pages += self._location_index_pages([(g, by_country[g]) for g in ordered])
        top_actors = sorted(index.actors, key=lambda a: (-len(a.appearances), -a.mention_count, a.name.casefold(), a.id))[:HOME_TOP]
        top_places = sorted(index.locations, key=lambda l: (-len(l.appearances), -l.mention_count, l.name.casefold(), l.id))[:HOME_TOP]
        pages.append(Page("index.md", self._render(
            "home.md.j2", intro=Markup(intro.strip()), latest=index.articles[:HOME_LATEST],
            article_count=len(index.articles), actor_count=len(index.actors), location_count=len(index.locations),
            top_actors=top_actors, top_places=top_places, overview_map=maps.overview_map(index.locations),
        )))
        pages.append(self.graph_page(index))
        pages.append(self.map_page(index))
        pages.append(self.feed(index, site))
        pages.extend(self.timeline(index))
        pages.extend(search())
        return sorted(pages, key=lambda p: p.path)

    # -- entity pages: at most ENTITY_PAGE_MAX briefings each; the rest on pages of their own --------

    def _appearance_pages(self, section: str, entity_id: str, name: str, appearances) -> tuple:
        """(appearances shown on the entity page, links to the other pages, those pages) for one actor or place."""
        chunks = [appearances[i : i + ENTITY_PAGE_MAX] for i in range(0, len(appearances), ENTITY_PAGE_MAX)] or [appearances]
        if len(chunks) == 1:
            return appearances, [], []
        more = [{"label": str(n), "path": f"{entity_id}/page-{n}.md"} for n in range(2, len(chunks) + 1)]
        parts = [{"label": "1", "path": f"../{entity_id}.md"}] + [
            {"label": str(n), "path": f"page-{n}.md"} for n in range(2, len(chunks) + 1)
        ]
        extra = []
        for n, chunk in enumerate(chunks[1:], start=2):
            first = (n - 1) * ENTITY_PAGE_MAX + 1
            extra.append(self._remembered(f"{section}/{entity_id}/page-{n}.md", "appearances.md.j2", dict(
                title=f"{name}: briefings, page {n}", name=name, entity_path=f"../{entity_id}.md",
                total=len(appearances), first=first, last=first + len(chunk) - 1, parts=parts, appearances=chunk,
            )))
        return chunks[0], more, extra

    # -- index pages: one page, or split when they list more than INDEX_PAGE_MAX entries --------

    def _briefing_index_pages(self, articles) -> list[Page]:
        """Newest first; past INDEX_PAGE_MAX briefings, pages of that many (briefings/pages/2.md, …)."""
        chunks = [articles[i : i + INDEX_PAGE_MAX] for i in range(0, len(articles), INDEX_PAGE_MAX)] or [articles]
        if len(chunks) == 1:
            return [Page("briefings/index.md", self._render(
                "briefings.md.j2", title="Briefings", articles=articles, total=len(articles), parts=[], prefix="",
            ))]
        paths = ["index.md"] + [f"pages/{n}.md" for n in range(2, len(chunks) + 1)]
        out = []
        for number, (chunk, path) in enumerate(zip(chunks, paths), start=1):
            prefix = "" if number == 1 else "../"
            parts = [{"label": str(n), "path": prefix + other, "count": None} for n, other in enumerate(paths, start=1)]
            out.append(Page(f"briefings/{path}", self._render(
                "briefings.md.j2", title="Briefings" if number == 1 else f"Briefings, page {number}",
                articles=chunk, total=len(articles), parts=parts, prefix=prefix,
            )))
        return out

    def _actor_index_pages(self, actors: list) -> list[Page]:
        """A to Z by kind; past INDEX_PAGE_MAX actors, one page per initial (actors/letters/a.md, …)."""

        def by_kind(members: list) -> list:
            groups = defaultdict(list)
            for actor in members:
                groups[actor.kind].append(actor)
            return [(k, groups[k]) for k in KIND_ORDER if groups[k]]

        if len(actors) <= INDEX_PAGE_MAX:
            return [Page("actors/index.md", self._render("actors.md.j2", title="Actors", groups=by_kind(actors), parts=[], prefix=""))]
        by_letter = defaultdict(list)
        for actor in actors:
            by_letter[initial(actor.name)].append(actor)
        letters = LETTERS  # always all of them, so that the navigation line stays the same when a letter appears
        label = {l: LETTER_LABELS.get(l, l.upper()) for l in letters}
        parts = [{"label": label[l], "path": f"letters/{l}.md", "count": len(by_letter[l])} for l in letters]
        out = [Page("actors/index.md", self._render("actors.md.j2", title="Actors", groups=[], parts=parts, prefix=""))]
        # Counts only on the top page: a new actor then rewrites one letter page, not all of them.
        siblings = [dict(part, path=part["path"].removeprefix("letters/"), count=None) for part in parts]
        for l in letters:
            out.append(Page(f"actors/letters/{l}.md", self._render(
                "actors.md.j2", title=f"Actors: {label[l]}", groups=by_kind(by_letter[l]), parts=siblings, prefix="../",
            )))
        return out

    def _location_index_pages(self, groups: list) -> list[Page]:
        """Grouped by country; past INDEX_PAGE_MAX places, one page per group (locations/countries/france.md, …)."""
        if sum(len(members) for _, members in groups) <= INDEX_PAGE_MAX:
            return [Page("locations/index.md", self._render("locations.md.j2", title="Locations", groups=groups, parts=[], prefix=""))]
        names, taken = [], set()
        for group, _ in groups:
            name = slug(group, fallback_seed=group)
            while name in taken:
                name += "-2"
            taken.add(name)
            names.append(name)
        parts = [{"label": group, "path": f"countries/{name}.md", "count": len(members)} for (group, members), name in zip(groups, names)]
        out = [Page("locations/index.md", self._render("locations.md.j2", title="Locations", groups=[], parts=parts, prefix=""))]
        siblings = [dict(part, path=part["path"].removeprefix("countries/"), count=None) for part in parts]
        for (group, members), name in zip(groups, names):
            out.append(Page(f"locations/countries/{name}.md", self._render(
                "locations.md.j2", title=f"Locations: {group}", groups=[(group, members)], parts=siblings, prefix="../",
            )))
        return out


ENTITY_PAGE_MAX = 100  # briefings listed on one actor or location page; more go to pages of their own
DEFERRED = "\x00deferred:"  # never in a page: seed files with NUL bytes are refused
SEARCH_PACK = "search/\x00pack"  # the place of the search layers in a pool process that left them to another
INDEX_PAGE_MAX = 500  # entries on one index page; longer indexes are split
LETTERS = tuple("abcdefghijklmnopqrstuvwxyz") + ("0-9", "other")
LETTER_LABELS = {"0-9": "0–9", "other": "Other"}


def _with_map(inputs: dict, nearby) -> dict:
    return dict(inputs, map=maps.location_map(inputs["location"], nearby))


def unpack_search(packed: str) -> list[Page]:
    return [Page(path, text) for path, text in json.loads(packed)]


def initial(name: str) -> str:
    """The index letter of a name: a-z (transliterated as in slugs: É → e, Ł → l), "0-9" or "other"."""
    from text_unidecode import unidecode  # python-slugify's transliteration table

    first = unidecode(name[:1])[:1].casefold()
    if "a" <= first <= "z":
        return first
    return "0-9" if first.isdigit() else "other"
