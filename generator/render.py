"""Stage 4: the site index → Markdown pages (templates only: no NLP, no I/O).

Safety by default: every value a template prints is escaped so that article
text can never become HTML, script, Markdown syntax or template code. Only
values built here as `Markup` (links between our own pages, front matter
dumped by PyYAML, the editor's intro) are printed as they are.
"""

from __future__ import annotations

import datetime
import email.utils
import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from generator.model import SiteIndex
from generator.site import SiteConfig

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
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def md_text(value: object) -> str:
    """Plain text → inline Markdown that displays exactly that text and nothing else."""
    text = " ".join(str(value).split())
    escaped = "".join(f"&#{ord(ch)};" if ch in _SPECIAL else ch for ch in text)
    # "1996. The ..." at the start of a line would become a numbered list.
    return _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"template printed {value!r}; test for it instead of printing it")
    if isinstance(value, (int, float)):
        return str(value)
    return md_text(value)


def link(text: object, path: str) -> Markup:
    """A link to one of our own pages; `path` is built from slugs only."""
    if not re.fullmatch(r"[a-z0-9./_-]+\.md(#[a-z0-9-]+)?", path):
        raise ValueError(f"unsafe link target {path!r}")
    return Markup(f"[{md_text(text)}]({path})")


def external_link(text: object, url: str | None) -> Markup:
    """An http(s) link from article metadata; anything else is shown as text."""
    if url and SAFE_URL.match(url):
        safe = url.replace("(", "%28").replace(")", "%29")
        return Markup(f"[{md_text(text)}](<{safe}>)")
    return Markup(md_text(text))


# Material prints these front-matter fields into HTML unescaped (<title>, header, meta).
HTML_FIELDS = ("title", "description")


# Every generated page is left out of Material's search index: our prebuilt index
# (generator/search_index.py, read by docs/javascripts/search.js) answers searches.
# Material would otherwise ship every page's full text to be indexed in the browser
# (64 MB at 10,000 articles). This replaces any `search:` a template sets.
SEARCH_META = {"exclude": True}


def front_matter(data: dict) -> Markup:
    """YAML front matter; `title` and `description` are HTML-escaped because the theme prints them raw."""
    data = {k: html.escape(v, quote=True) if k in HTML_FIELDS and isinstance(v, str) else v for k, v in data.items()}
    data["search"] = SEARCH_META
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
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
    def __init__(self, templates_dir: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(link=link, external_link=external_link, coordinates=coordinates, md=md_text)
        self.env.globals.update(front_matter=front_matter, kind_titles=KIND_TITLES)
        # The feed is XML: its own environment, escaping every value for XML.
        self.xml_env = jinja2.Environment(
            loader=self.env.loader, undefined=jinja2.StrictUndefined, autoescape=True,
            finalize=_xml_finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        )

    def _render(self, template: str, **context) -> str:
        try:
            return _tidy(self.env.get_template(template).render(**context))
        except jinja2.TemplateNotFound as error:
            from generator.errors import ConfigError

            raise ConfigError(f"templates/{error.name}: template not found; restore it from the repository") from error

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

    def pages(self, index: SiteIndex, intro: str = "", site: SiteConfig = SiteConfig()) -> list[Page]:
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
            pages.append(Page(f"briefings/{sa.id}.md", self._render(
                "article.md.j2", page_id=sa.id, article=article, source=article.source, who=who,
                where=[locations[i] for i in dict.fromkeys(i for _, i in sa.site_locations())],
                quotes=quotes, actors=actors, events=sa.events,
            )))
        for actor in index.actors:
            pages.append(Page(f"actors/{actor.id}.md", self._render("actor.md.j2", actor=actor, locations=locations)))
        for location in index.locations:
            country_page = None
            if location.kind != "country" and location.country_name:
                candidate = next((l for l in index.locations if l.kind == "country" and l.country == location.country), None)
                country_page = candidate.id if candidate else None
            pages.append(Page(f"locations/{location.id}.md", self._render(
                "location.md.j2", location=location, country_page=country_page, actors=actors,
            )))
        pages.append(Page("briefings/index.md", self._render("briefings.md.j2", articles=index.articles)))
        by_kind = defaultdict(list)
        for actor in sorted(index.actors, key=lambda a: (a.name.casefold(), a.id)):
            by_kind[actor.kind].append(actor)
        pages.append(Page("actors/index.md", self._render(
            "actors.md.j2", groups=[(k, by_kind[k]) for k in KIND_ORDER if by_kind[k]],
        )))
        by_country = defaultdict(list)
        for location in sorted(index.locations, key=lambda l: (l.name.casefold(), l.id)):
            group = "Continents" if location.kind == "continent" else (location.country_name or "Elsewhere")
            by_country[group].append(location)
        ordered = sorted((g for g in by_country if g not in ("Continents", "Elsewhere")), key=str.casefold)
        ordered = [g for g in ("Continents",) if g in by_country] + ordered + [g for g in ("Elsewhere",) if g in by_country]
        pages.append(Page("locations/index.md", self._render(
            "locations.md.j2", groups=[(g, by_country[g]) for g in ordered],
        )))
        top_actors = sorted(index.actors, key=lambda a: (-len(a.appearances), -a.mention_count, a.name.casefold(), a.id))[:HOME_TOP]
        top_places = sorted(index.locations, key=lambda l: (-len(l.appearances), -l.mention_count, l.name.casefold(), l.id))[:HOME_TOP]
        pages.append(Page("index.md", self._render(
            "home.md.j2", intro=Markup(intro.strip()), latest=index.articles[:HOME_LATEST],
            article_count=len(index.articles), actor_count=len(index.actors), location_count=len(index.locations),
            top_actors=top_actors, top_places=top_places,
        )))
        pages.append(self.feed(index, site))
        pages.extend(self.timeline(index))
        from generator.search_index import search_pages  # it imports Page from here

        pages.extend(search_pages(index))
        return sorted(pages, key=lambda p: p.path)
