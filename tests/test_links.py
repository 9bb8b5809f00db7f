"""Every link in the built site leads somewhere: the file exists and so does the #fragment.

The fixture seeds are built once for this module, as a user builds them
(`python -m generator build` in a project folder). Then every page in site/ is
parsed and each internal href/src is resolved on disk, the way a browser opening
site/index.html from a file:// URL resolves it.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.site import read_site_config
from tests.conftest import FIXTURE_SEEDS, make_project

# Links to these schemes leave the site; they are not checked.
EXTERNAL_SCHEMES = ("http", "https", "mailto", "data")
# Attributes that hold one URL.
URL_ATTRIBUTES = ("href", "src")
# MkDocs writes 404.html with URLs from the site root (it can be served at any path).
NOT_FOUND_PAGE = "404.html"


class PageParser(HTMLParser):
    """Collects a page's link targets (id/name) and its URLs with their line numbers.

    MkDocs Material also keeps two URLs in the page configuration, the JSON in
    `<script id="__config">`: `search`, the search worker (relative to the page),
    and `base`, the site root that search results link from. Search from disk
    depends on both, so they are checked too.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.urls: list[tuple[int, str, str, str]] = []  # (line, tag, attribute, url)
        self.config_base: tuple[int, str] | None = None  # (line, base)
        self._config_line: int | None = None
        self._config_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and ("id", "__config") in attrs:
            self._config_line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag in ("a", "map")):
                self.anchors.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append((self.getpos()[0], tag, name, value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._config_line is not None:
            self._config_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._config_line is not None:
            config = json.loads("".join(self._config_text))
            if config.get("search"):
                self.urls.append((self._config_line, "script id=__config", "search", config["search"]))
            if "base" in config:
                self.config_base = (self._config_line, config["base"])
            self._config_line = None


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def broken_links(site: Path, root_path: str = "/") -> tuple[list[str], int]:
    """Every broken internal link in `site` as 'page:line: <tag attr=url> reason', and how many resolved.

    `root_path` is the URL path the site is served from (the path of mkdocs.yml's
    `site_url`, "/" without one): 404.html's absolute URLs start with it.
    """
    root_path = "/" + root_path.strip("/") + "/" if root_path.strip("/") else "/"
    site = site.resolve()
    pages = {p.relative_to(site).as_posix(): parse_page(p) for p in sorted(site.rglob("*.html"))}
    anchors = {page: parsed.anchors for page, parsed in pages.items()}

    problems: list[str] = []
    checked = 0
    for page, parsed in pages.items():
        for line, tag, attribute, url in parsed.urls:
            where = f"{page}:{line}: <{tag} {attribute}={url!r}>"
            reason = check_url(site, page, url, anchors, root_path)
            if reason is not None:
                problems.append(f"{where} {reason}")
            elif not is_external(url):
                checked += 1
        if parsed.config_base is not None:
            line, base = parsed.config_base
            if page == NOT_FOUND_PAGE:
                at_root = base.rstrip("/") + "/" == root_path
            else:
                at_root = not base.startswith("/") and posixpath.normpath(posixpath.join(posixpath.dirname(page), base)) == "."
            if not at_root:
                problems.append(f"{page}:{line}: <script id=__config base={base!r}> is not the site root")
            else:
                checked += 1
    return problems, checked


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in EXTERNAL_SCHEMES or (not parts.scheme and url.strip().startswith("//"))


def check_url(site: Path, page: str, url: str, anchors: dict[str, set[str]], root_path: str = "/") -> str | None:
    """Why `url` on `page` is broken, or None when it resolves. `anchors`: each page's ids and names."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return "javascript: URL (not allowed anywhere in the site)"
    if is_external(url):
        return None
    if scheme:
        return f"unexpected {scheme}: URL"

    path = unquote(parts.path)
    if path.startswith("/"):
        if page != NOT_FOUND_PAGE:
            return "absolute path (breaks when the site is opened from disk or served below the domain root)"
        if not (path + "/").startswith(root_path):
            return f"not below the site root {root_path}"
        target = posixpath.normpath(path[len(root_path) :] or ".")
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = page  # "#fragment" or "?query" alone: this page
    if target == ".." or target.startswith("../"):
        return "points outside site/"

    file = site / target
    if not file.exists():
        return f"missing file site/{target}"
    if file.is_dir():
        return f"site/{target} is a folder (opened from disk it shows a file listing, not a page)"

    fragment = unquote(parts.fragment)
    if fragment and target in anchors and fragment not in anchors[target]:
        return f"no id or name {fragment!r} in site/{target}"
    return None


# --------------------------------------------------------------------------- the checker itself


def config_script(base: str, search: str) -> str:
    return f'<script id="__config" type="application/json">{json.dumps({"base": base, "search": search})}</script>'


def test_checker_finds_every_kind_of_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "x.css").write_text("", encoding="utf-8")
    (site / "assets" / "w.js").write_text("", encoding="utf-8")
    (site / "a" / "p.html").write_text(
        '<p id="here"><a name="old"></a>\n'
        '<a href="../index.html#top">ok</a> <a href="p.html#old">ok</a> <a href="#here">ok</a> <a href="">ok</a>\n'
        '<link href="../assets/x.css"> <a href="https://example.org/x#y">ext</a> <a href="mailto:a@b.c">m</a>\n'
        '<img src="data:image/png;base64,AAAA"> ' + config_script("..", "../assets/w.js") + "\n"
        '<a href="missing.html">1</a> <a href="../index.html#nowhere">2</a> <a href="javascript:alert(1)">3</a>\n'
        '<a href="/index.html">4</a> <a href="../../up.html">5</a> <a href="../assets/">6</a> <script src="y.js"></script>\n',
        encoding="utf-8",
    )
    (site / "index.html").write_text(
        '<h1 id="top">T</h1><a href="a/p.html#here">ok</a>\n' + config_script("a", "assets/gone.js"), encoding="utf-8"
    )
    (site / NOT_FOUND_PAGE).write_text(
        '<a href="/index.html#top">ok</a> <a href="/gone.html">7</a>' + config_script("/", "/assets/w.js"), encoding="utf-8"
    )

    problems, checked = broken_links(site)
    assert problems == [
        "404.html:1: <a href='/gone.html'> missing file site/gone.html",
        "a/p.html:5: <a href='missing.html'> missing file site/a/missing.html",
        "a/p.html:5: <a href='../index.html#nowhere'> no id or name 'nowhere' in site/index.html",
        "a/p.html:5: <a href='javascript:alert(1)'> javascript: URL (not allowed anywhere in the site)",
        "a/p.html:6: <a href='/index.html'> absolute path (breaks when the site is opened from disk or served below the domain root)",
        "a/p.html:6: <a href='../../up.html'> points outside site/",
        "a/p.html:6: <a href='../assets/'> site/assets is a folder (opened from disk it shows a file listing, not a page)",
        "a/p.html:6: <script src='y.js'> missing file site/a/y.js",
        "index.html:2: <script id=__config search='assets/gone.js'> missing file site/assets/gone.js",
        "index.html:2: <script id=__config base='a'> is not the site root",
    ]
    assert checked == 11

    # Served below the domain root (site_url https://example.org/news/), 404.html links from /news/.
    (site / NOT_FOUND_PAGE).write_text(
        '<a href="/news/index.html#top">ok</a> <a href="/index.html">8</a>' + config_script("/news/", "/news/assets/w.js"),
        encoding="utf-8",
    )
    problems, _ = broken_links(site, "/news")
    assert [p for p in problems if p.startswith(NOT_FOUND_PAGE)] == [
        "404.html:1: <a href='/index.html'> not below the site root /news/"
    ]


# --------------------------------------------------------------------------- the built fixture site


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """`briefing build` of the fixture seeds in a fresh project folder, as a clone has it."""
    project = tmp_path_factory.mktemp("links") / "project"
    make_project(project, FIXTURE_SEEDS)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-q"], cwd=project, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def served_path(config: Path) -> str:
    """The URL path of mkdocs.yml's `site_url` ("/" when it is empty)."""
    return urlsplit(read_site_config(config).url).path or "/"


def test_every_internal_link_and_fragment_in_the_site_resolves(built_site):
    problems, checked = broken_links(built_site, served_path(built_site.parent / "mkdocs.yml"))
    assert not problems, f"{len(problems)} broken link(s) in the built site:\n" + "\n".join(problems)
    # The check really looked at the generated pages: briefings, actors, locations, indexes.
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 40
    assert checked > 20 * len(pages)


def test_the_404_page_links_from_the_site_root(built_site):
    """404.html is served for any missing path, so its links must not be relative (MkDocs' design)."""
    parsed = parse_page(built_site / NOT_FOUND_PAGE)
    internal = [url for _, _, _, url in parsed.urls if not is_external(url)]
    root = served_path(built_site.parent / "mkdocs.yml")
    assert internal and all(url.startswith(root) or url.startswith("#") for url in internal), internal


def test_links_inside_the_maps_and_the_graph_are_checked_too(built_site):
    """The inline SVG pictures link with plain href (SVG 2), which the checker reads like any other."""
    home = {(tag, url) for _, tag, _, url in parse_page(built_site / "index.html").urls}
    assert ("image", "images/world-110m-land.svg") in home
    assert any(tag == "a" and url.startswith("locations/") and url.endswith(".html") for tag, url in home)
    place = {(tag, url) for _, tag, _, url in parse_page(built_site / "locations" / "paris-fr.html").urls}
    assert ("image", "../images/world-110m-land.svg") in place
    graph = [url for _, tag, _, url in parse_page(built_site / "graph.html").urls if tag == "a"]
    assert any(u.startswith("actors/") for u in graph) and any(u.startswith("locations/") for u in graph)


def test_the_pictures_stay_out_of_the_search_index(built_site):
    """Pin and node names are on the pages as text already: the maps and the graph are not indexed again."""
    layers = {p.name: p.read_text(encoding="utf-8") for p in (built_site / "search").glob("*.js")}
    assert '"Kyiv"' in layers["names.js"]  # the place is in the names layer
    index = "\n".join(layers.values())
    assert "(city, Ukraine): 1 briefing" not in index and "Map of" not in index
    assert "data-search-exclude" not in (built_site / "index.html").read_text(encoding="utf-8")
