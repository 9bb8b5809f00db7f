"""The site's search index, prebuilt at generate time (pure: SiteIndex → Pages, no I/O).

Material's own search builds a lunr index in the browser from the full text on
every page load: at 10,000 articles 59 s and 2 GB of heap (DESIGN.md §1). Here
`briefing generate` writes a compact index in layers, so that the first results
need only a small part of it. Each layer is a JavaScript file that hands its data
to `docs/javascripts/search.js` (our own code), because a page opened from disk
(file://) may load <script> files but not fetch JSON:

    search/names.js    every actor and place with its aliases: the sorted, folded
                       name keys (front-coded) and one short row per entity. The
                       layer that answers names, loaded after each page has loaded.
    search/titles.js   every headline (article number = position, newest first).
    search/text-N.js   full-text postings: folded word → article numbers with how
                       often the word occurs there (FREQUENCY_BITS); the words, in
                       order, cut into shards of about SHARD_BYTES (names.js lists the
                       first word of each), loaded when a query needs them.
    search/snip-N.js   one-line snippets of SNIPPET_BLOCK briefings, loaded for the
                       results in view.

Page addresses are not stored when they can be derived: an entity's page is
`actors/ID.html` or `locations/ID.html` by its kind code, and IDs are written
short (`short_id`): empty when the name gives the ID, "+ua" for "kyiv-ua".

`fold` must give exactly what `fold` in search.js gives (tested in Chromium).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import SiteIndex
from generator.render import Page

FORMAT = 1  # bump with search.js when a layer changes shape
SEARCH_DIR = "search"
NAMES_PATH = f"{SEARCH_DIR}/names.js"
TITLES_PATH = f"{SEARCH_DIR}/titles.js"
GLOBAL = "__briefingSearch"  # the object search.js defines; each layer calls its add()

SNIPPET_BLOCK = 100  # briefings per snippet file
SNIPPET_CHARS = 160
SHARD_BYTES = 32_000  # about this many bytes of full-text postings per file
MAX_TOKEN = 32  # longer "words" (URLs, hashes) are not indexed
# A posting is (gap to the previous article number) * 4 + frequency class of the word
# in the article: 0 once, 1 two or three times, 2 four to seven, 3 more.
FREQUENCY_BITS = 2

# Kind codes: the letter in names.js → (folder of the page, kind). search.js has the same table.
ACTOR_CODES = {"person": "p", "organisation": "o", "state": "s", "group": "g"}
LOCATION_CODES = {"city": "c", "region": "r", "country": "n", "continent": "k", "other": "x"}

# Reference flags in names.js: key ref = entity number * 4 + flag.
NAME, ALIAS, WORD = 0, 1, 2  # the full name; an alias; a later word of the name ("zelensky" in "volodymyr zelensky")

# -- folding: the same in Python (here) and JavaScript (search.js) ----------------

# Letters NFKD leaves whole; both sides map them after lower-casing.
SPECIAL_LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ħ": "h"}
_POSSESSIVE = re.compile(r"['’ʼ]s(?![^\W_])")  # "Quill's" → "Quill"
_DROPPED = re.compile(r"['’ʼ.]")  # "U.S." → "us", "O'Dowd" → "odowd"
_WORD = re.compile(r"[^\W_]+")  # letters and digits; search.js: /[\p{L}\p{N}]+/gu


class _FoldTable(dict):
    """str.translate table: every combining mark (category M*, as \\p{M} in JS) dropped, special
    letters spelled out. Filled one code point at a time as texts need them: building it for all of
    Unicode up front took most of a second on every run."""

    def __missing__(self, cp: int) -> str | None:
        char = chr(cp)
        value = SPECIAL_LETTERS.get(char, None if unicodedata.category(char).startswith("M") else char)
        self[cp] = value
        return value


_FOLD_TABLE = _FoldTable()


def _table() -> dict[int, str | None]:
    return _FOLD_TABLE


def fold(text: str) -> str:
    """Search key of a text: compatibility-decomposed (NFKD), lower case, without
    accents, possessive 's, apostrophes and dots; words of letters and digits
    joined by single spaces. "Zelinskyy's" → "zelinskyy", "São Paulo" → "sao paulo",
    "U.S." → "us", "Secretary-General" → "secretary general"."""
    text = unicodedata.normalize("NFKD", text).lower()
    if not text.isascii():
        text = text.translate(_table())
    text = _DROPPED.sub("", _POSSESSIVE.sub("", text))
    return " ".join(_WORD.findall(text))


def derived_id(text: str) -> str:
    """The page id search.js derives from a name or headline: folded words joined by '-'."""
    return fold(text).replace(" ", "-")


def short_id(page_id: str, text: str) -> str:
    """A page id as the layers store it: "" when `text` gives it, "+rest" when it is
    that and "-rest" ("kyiv-ua", a second "markets-rally-abc123"), else in full.
    Ids are slugs ([a-z0-9-]), so "+" cannot begin one."""
    derived = derived_id(text)
    if page_id == derived:
        return ""
    if derived and page_id.startswith(derived + "-"):
        return "+" + page_id[len(derived) + 1:]
    return page_id


# -- the layers --------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    code: str  # kind code (ACTOR_CODES / LOCATION_CODES)
    id: str
    name: str
    count: int  # briefings that mention it: ties are ranked by it
    hint: str  # role, or the country of a place
    aliases: tuple[str, ...]


def entities(index: SiteIndex) -> list[Entity]:
    out = [
        Entity(ACTOR_CODES[a.kind], a.id, a.name, len(a.appearances), a.roles[0] if a.roles else "", a.aliases)
        for a in index.actors
    ]
    out += [
        Entity(LOCATION_CODES.get(l.kind, "x"), l.id, l.name, len(l.appearances),
               l.country_name if l.country_name and l.kind != "country" else "", l.aliases)
        for l in index.locations
    ]
    return out


def _utf16(key: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units), for binary search in search.js."""
    return key.encode("utf-16-be")


def name_keys(rows: list[Entity]) -> list[tuple[str, int]]:
    """(folded key, entity number * 4 + flag), sorted as JavaScript compares strings.

    Every name and alias is a key (flag NAME or ALIAS); so is each later part of
    the name from a word on (flag WORD), so that "zelinsky" finds "Mykola
    Zelinsky" even where no article writes him so. One entry per (key, entity),
    the strongest flag kept."""
    best: dict[tuple[str, int], int] = {}

    def put(key: str, number: int, flag: int) -> None:
        if key and best.get((key, number), 9) > flag:
            best[(key, number)] = flag

    for number, row in enumerate(rows):
        name = fold(row.name)
        put(name, number, NAME)
        for alias in row.aliases:
            put(fold(alias), number, ALIAS)
        words = name.split(" ")
        for start in range(1, len(words)):
            put(" ".join(words[start:]), number, WORD)
    return sorted(((key, number * 4 + flag) for (key, number), flag in best.items()), key=lambda kr: (_utf16(kr[0]), kr[1]))


def front_coded(keys: list[tuple[str, int]]) -> list:
    """Flat [shared prefix length, rest of the key, ref, ...]: sorted keys share long prefixes.
    Lengths count UTF-16 code units, as JavaScript's string indices do."""
    out: list = []
    previous = ""
    for key, ref in keys:
        shared = 0
        limit = min(len(previous), len(key))
        while shared < limit and previous[shared] == key[shared]:
            shared += 1
        # Count the shared part in UTF-16 units (astral characters are two).
        units = len(key[:shared].encode("utf-16-le")) // 2
        out += [units, key[shared:], ref]
        previous = key
    return out


@dataclass(frozen=True)
class Briefing:
    """What the layers use of one briefing."""

    id: str
    title: str
    date: str  # "" when unknown
    text: str  # headline, standfirst and body, joined by spaces
    snippet: str


@dataclass(frozen=True)
class SearchInputs:
    """Everything the layers are built from (the render cache keys them by it)."""

    entities: tuple[Entity, ...]
    briefings: tuple[Briefing, ...]


def search_inputs(index: SiteIndex) -> SearchInputs:
    briefings = []
    for sa in index.articles:
        source = sa.article.source
        text = " ".join([source.title, source.standfirst or "", *(p.text for p in source.paragraphs)])
        briefings.append(Briefing(sa.id, sa.article.title, source.date or "", text, snippet(sa)))
    return SearchInputs(tuple(entities(index)), tuple(briefings))


def article_tokens(briefings: Iterable[Briefing]) -> list[Counter]:
    """The folded words of each briefing (headline, standfirst, body) and their counts, in article order."""
    return [Counter(t for t in fold(b.text).split(" ") if 2 <= len(t) <= MAX_TOKEN) for b in briefings]


def frequency_class(count: int) -> int:
    """1 → 0, 2-3 → 1, 4-7 → 2, 8 or more → 3."""
    return min((1 << FREQUENCY_BITS) - 1, count.bit_length() - 1)


_TOP_CLASS = (1 << FREQUENCY_BITS) - 1
_CLASSES = tuple(frequency_class(n) if n else 0 for n in range(1 << _TOP_CLASS))  # counts below 8, looked up


def postings(token_counts: list[Counter]) -> dict[str, list[tuple[int, int]]]:
    """Word → (article number, frequency class), by article number."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    classes, top, small = _CLASSES, _TOP_CLASS, len(_CLASSES)
    for number, counts in enumerate(token_counts):
        for token, count in counts.items():
            out[token].append((number, classes[count] if count < small else top))
    return dict(out)


def encoded(posts: list[tuple[int, int]]) -> list[int]:
    """Postings as small integers: gap from the previous article number, times 4, plus the frequency class."""
    out, previous = [], 0
    for number, klass in posts:
        out.append(((number - previous) << FREQUENCY_BITS) | klass)
        previous = number
    return out


def shards(posts: dict[str, list[tuple[int, int]]], limit: int = SHARD_BYTES) -> list[list[str]]:
    """Every word, sorted as JavaScript compares strings, cut into runs of about `limit`
    bytes: the shards. names.js lists each shard's first word; search.js finds a word's
    shard by binary search, and all the words with a prefix in one run of shards."""
    out: list[list[str]] = [[]]
    size = 0
    for word in sorted(posts, key=_utf16):
        numbers = encoded(posts[word])
        # len(json.dumps(numbers, separators=(",", ":"))) for these non-negative integers, without the encoder
        cost = len(word) + 4 + max(2, 1 + sum(len(str(n)) + 1 for n in numbers))
        if out[-1] and size + cost > limit:
            out.append([])
            size = 0
        out[-1].append(word)
        size += cost
    return [words for words in out if words]


def snippet(sa) -> str:
    """One line under a briefing's headline: its first key point, else standfirst, else opening."""
    article = sa.article
    source = article.source
    text = (article.summary[0] if article.summary else "") or source.standfirst or (
        source.paragraphs[0].text if source.paragraphs else "")
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def _script(layer: str, data: dict) -> str:
    """A layer file: one call handing the data to search.js. ASCII only (\\u escapes),
    so it reads the same whatever charset a server announces."""
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f'{GLOBAL}.add("{layer}",{body});\n'


def search_pages(index: SiteIndex, shard_bytes: int = SHARD_BYTES) -> list[Page]:
    """Every layer of the index, as pages for the docs folder (deterministic bytes)."""
    return search_layers(search_inputs(index), shard_bytes)


def search_layers(inputs: SearchInputs, shard_bytes: int = SHARD_BYTES) -> list[Page]:
    """The layers of `search_pages`, from what they are made of only."""
    rows = list(inputs.entities)
    keys = name_keys(rows)
    posts = postings(article_tokens(inputs.briefings))
    groups = shards(posts, shard_bytes)
    pages = [Page(NAMES_PATH, _script("names", {
        "format": FORMAT,
        "articles": len(inputs.briefings),
        "block": SNIPPET_BLOCK,
        # Flat rows of five: kind code, short id, name, briefings, hint.
        "entities": [v for r in rows for v in (r.code, short_id(r.id, r.name), r.name, r.count, r.hint)],
        "keys": front_coded(keys),
        "shards": [words[0] for words in groups],
    }))]
    titles = []
    for briefing in inputs.briefings:
        titles += [briefing.title, short_id(briefing.id, briefing.title), briefing.date]
    pages.append(Page(TITLES_PATH, _script("titles", {"titles": titles})))
    for number, words in enumerate(groups):
        pages.append(Page(f"{SEARCH_DIR}/text-{number}.js", _script(f"text-{number}", {
            "words": {w: encoded(posts[w]) for w in words},
        })))
    for block in range(0, len(inputs.briefings), SNIPPET_BLOCK):
        number = block // SNIPPET_BLOCK
        pages.append(Page(f"{SEARCH_DIR}/snip-{number}.js", _script(f"snip-{number}", {
            "snippets": [b.snippet for b in inputs.briefings[block:block + SNIPPET_BLOCK]],
        })))
    return pages


def layer_sizes(pages: Iterable[Page]) -> dict[str, int]:
    """Bytes per layer (names, titles, text, snip) of the search pages, for the benchmark."""
    sizes: dict[str, int] = defaultdict(int)
    for page in pages:
        if page.path.startswith(f"{SEARCH_DIR}/"):
            name = page.path[len(SEARCH_DIR) + 1:].split("-")[0].removesuffix(".js")
            sizes[name] += len(page.content.encode("utf-8"))
    return dict(sizes)
