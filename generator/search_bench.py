"""`briefing bench-search`: the site's search measured in headless Chromium.

For each size N (default 1,000 and 10,000 articles) it

1. writes N seed files from the BBC corpus (``../shared/corpus/bbc``, 2,225
   articles; beyond that the same texts again, in new files, which the site
   gives their own page ids) into a work folder outside the repository;
2. runs ``briefing build`` on them (or, with ``--reuse``, keeps a site an earlier
   run built there);
3. opens the home page from disk (file://) and over a local http server in the
   system Chromium, with every other request refused, and records: time from the
   page's load event to search ready (the names layer loaded and indexed), time
   from each keystroke to results in the list, the JavaScript heap (after a
   garbage collection; the share of search is the heap less that of the same page
   with the search layers blocked), bytes of index loaded for the first query,
   and the rank of the right page for 50 name queries drawn from the generated
   actor and place pages (names and aliases that name exactly one page), typed
   as a reader types them;
4. writes the rows into its own section of BENCHMARKS.md, between markers, so
   that other sections of that file are left as they are.

Nothing of the corpus is copied into the repository. Needs Playwright and the
system Chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.project import copy_hand_written_docs
from generator.search_index import SEARCH_DIR, fold

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
DEFAULT_WORK = Path("/tmp/briefing-search-bench")
DEFAULT_OUT = ROOT / "BENCHMARKS.md"
START = "<!-- bench-search:start (written by `briefing bench-search`; edit outside these markers) -->"
END = "<!-- bench-search:end -->"
NAME_QUERIES = 50
TEXT_QUERIES = 10
LOADS = 5  # page loads per mode for the time to search ready
TYPING_DELAY_MS = 80  # between keystrokes: a fast typist
SEED = 7


# -- the corpus and the builds --------------------------------------------------------


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(p for p in corpus.glob("*/*.txt") if p.is_file())
    if not files:
        raise SystemExit(f"briefing bench-search: no articles in {corpus} (expected CATEGORY/NNN.txt)")
    return files


def write_seeds(corpus: Path, count: int, seeds: Path) -> None:
    """`count` seed files: the corpus in order, then again as new files (copy 01, 02, ...)."""
    files = corpus_files(corpus)
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    for i in range(count):
        source = files[i % len(files)]
        copy = i // len(files)
        (seeds / f"{copy:02d}-{source.parent.name}-{source.name}").write_bytes(source.read_bytes())


def build(corpus: Path, count: int, work: Path, reuse: bool) -> dict:
    """Seeds, docs and site for `count` articles under `work`; returns what the build took."""
    site = work / "site"
    if reuse and (site / "index.html").is_file() and (work / "docs" / "data" / "briefing.json").is_file():
        return {"reused": True, "seconds": None, "summary": "reused an earlier build"}
    write_seeds(corpus, count, work / "seeds")
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    copy_hand_written_docs(ROOT / "docs", docs)
    command = [sys.executable, "-m", "generator", "build", "-q",
               "--seeds", str(work / "seeds"), "--out", str(docs), "--site", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"briefing bench-search: the build of {count} articles failed:\n{result.stderr[-3000:]}")
    return {"reused": False, "seconds": seconds, "summary": result.stdout.strip().splitlines()[-1]}


def layer_bytes(site: Path) -> dict[str, int]:
    """Bytes per search layer in the built site, and Material's own (now tiny) index."""
    out: dict[str, int] = {"names": 0, "titles": 0, "text": 0, "snip": 0}
    for path in (site / SEARCH_DIR).glob("*.js"):
        kind = path.stem.split("-")[0]
        if kind in out:
            out[kind] += path.stat().st_size
    material = site / SEARCH_DIR / "search_index.json"
    out["material"] = material.stat().st_size if material.is_file() else 0
    out["files"] = len(list((site / SEARCH_DIR).glob("*.js")))
    return out


# -- the queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    page: str  # the right page, relative to the site: actors/x.html
    what: str  # "actor name", "place alias", ...


def name_queries(export: dict, count: int = NAME_QUERIES, seed: int = SEED) -> tuple[list[Query], dict]:
    """Names and aliases that name exactly one page, sampled: half names, half aliases,
    actors and places in proportion. Returns them and how many keys were ambiguous."""
    pages_of: dict[str, set[str]] = {}
    candidates: dict[str, list[Query]] = {"name": [], "alias": []}
    entities = [("actor", a) for a in export["actors"]] + [("place", l) for l in export["locations"]]
    for _, entity in entities:
        for text in [entity["name"], *entity["aliases"]]:
            pages_of.setdefault(fold(text), set()).add(entity["page"])
    for what, entity in entities:
        seen = set()
        for which, text in [("name", entity["name"]), *(("alias", a) for a in entity["aliases"])]:
            key = fold(text)
            if len(key) < 2 or key in seen or len(pages_of[key]) != 1:
                continue
            seen.add(key)
            candidates[which].append(Query(text, entity["page"], f"{what} {which}"))
    rng = random.Random(seed)
    half = count // 2
    aliases = rng.sample(candidates["alias"], min(half, len(candidates["alias"])))
    names = rng.sample(candidates["name"], min(count - len(aliases), len(candidates["name"])))
    chosen = names + aliases
    rng.shuffle(chosen)
    ambiguous = sum(1 for pages in pages_of.values() if len(pages) > 1)
    return chosen, {"keys": len(pages_of), "ambiguous": ambiguous}


def text_queries(site_docs: Path, count: int = TEXT_QUERIES, seed: int = SEED) -> list[str]:
    """Single words of 5+ letters from the text of random briefings (full-text layer)."""
    export = json.loads((site_docs / "data" / "briefing.json").read_text(encoding="utf-8"))
    rng = random.Random(seed + 1)
    out = []
    while len(out) < count:
        article = rng.choice(export["articles"])
        words = [w for w in re.findall(r"[A-Za-z]{5,}", " ".join(article["summary"]))]
        if words:
            word = rng.choice(words).lower()
            if word not in out:
                out.append(word)
    return out


# -- the browser ---------------------------------------------------------------------------

# Runs in the page before anything else: keystroke and result times on one clock.
INSTRUMENT = """
(() => {
  const bench = window.__bench = { keys: {}, results: [], lastKey: null };
  window.addEventListener("keydown", e => { bench.lastKey = e.timeStamp; }, true);
  window.addEventListener("input", e => {
    if (e.target.classList && e.target.classList.contains("md-search__input")) bench.keys[e.target.value] = bench.lastKey;
  }, true);
  document.addEventListener("briefing-search", e => {
    const now = performance.now();
    const d = e.detail;
    const entry = { query: d.query, complete: d.complete, results: d.results, dom: now - (bench.keys[d.query] ?? now) };
    bench.results.push(entry);
    requestAnimationFrame(() => setTimeout(() => { entry.frame = performance.now() - (bench.keys[d.query] ?? now); }, 0));
  });
})();
"""


def _heap_mb(page) -> float:
    session = page.context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    used = session.send("Runtime.getHeapUsage")["usedSize"]
    session.detach()
    return used / 1e6


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


class Server:
    """The site over http on a free local port, as GitHub Pages serves it."""

    def __init__(self, site: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class ModeResult:
    mode: str
    ready_ms: list[float] = field(default_factory=list)  # load event → search ready, per page load
    titles_ms: list[float] = field(default_factory=list)  # load event → headlines layer ready
    name_keys: list[dict] = field(default_factory=list)  # per keystroke
    text_keys: list[dict] = field(default_factory=list)
    ranks: list[tuple[Query, int | None]] = field(default_factory=list)
    first_query_layers: list[str] = field(default_factory=list)
    first_text_layers: list[str] = field(default_factory=list)
    all_layers: list[str] = field(default_factory=list)
    heap_ready_mb: float = 0.0
    heap_after_mb: float = 0.0
    heap_without_search_mb: float = 0.0
    material_requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _context(browser, allowed: tuple[str, ...], result: ModeResult, block_search: bool = False):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")

    def route(r):
        url = r.request.url
        if "/search/search_index" in url or "/workers/search" in url:
            result.material_requests.append(url)
        if block_search and f"/{SEARCH_DIR}/" in url:
            r.abort()
        elif url.startswith(allowed):
            r.continue_()
        else:
            result.refused.append(url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script(INSTRUMENT)
    return context


def _page(context, result: ModeResult, record_errors: bool = True):
    page = context.new_page()
    page.set_default_timeout(120_000)
    if record_errors:
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.errors.append(str(e)))
    return page


def _wait_ready(page) -> None:
    page.wait_for_selector(".md-search[data-briefing-search=ready]", state="attached")


def _ready_times(page) -> tuple[float, float | None]:
    page.wait_for_function("window.__briefingSearch.stats.titles !== undefined")
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    stats = page.evaluate("window.__briefingSearch.stats")
    return stats["ready"] - load, stats["titles"] - load


def _type(page, query: str) -> list[dict]:
    """Clear the box, type `query` key by key, wait for its complete results; one row per keystroke."""
    page.evaluate("window.__bench.results = []; window.__bench.keys = {}")
    box = page.locator(".md-search__input")
    if not page.evaluate("document.activeElement && document.activeElement.classList.contains('md-search__input')"):
        page.keyboard.press("/")  # Material's habit: / focuses the search box
    box.fill("")
    page.keyboard.type(query, delay=TYPING_DELAY_MS)
    page.wait_for_function(
        "q => window.__bench.results.some(r => r.query === q && r.complete && r.frame !== undefined)", arg=query)
    rows = page.evaluate("window.__bench.results")
    # The latest answer for each prefix typed: first (names, headlines) and complete (with full text).
    per_prefix: dict[str, dict] = {}
    for row in rows:
        entry = per_prefix.setdefault(row["query"], {"query": row["query"]})
        entry["complete" if row["complete"] else "first"] = row["dom"]
        if row["complete"] and "frame" in row:
            entry["frame"] = row["frame"]
    return list(per_prefix.values())


def _hrefs(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")


def measure_mode(browser, mode: str, base: str, site: Path, queries: list[Query], words: list[str]) -> ModeResult:
    result = ModeResult(mode)
    allowed = ("file:", "data:", "about:", "blob:") if mode == "file" else (base, "data:", "about:", "blob:")
    for _ in range(LOADS):
        context = _context(browser, allowed, result)
        page = _page(context, result)
        page.goto(base + "index.html")
        _wait_ready(page)
        ready, titles = _ready_times(page)
        result.ready_ms.append(ready)
        result.titles_ms.append(titles)
        context.close()

    # The heap of the same page with the search layers blocked: what search adds is the difference.
    context = _context(browser, allowed, result, block_search=True)
    page = _page(context, result, record_errors=False)
    page.goto(base + "index.html")
    page.wait_for_selector(".md-search[data-briefing-search=error]", state="attached")
    result.heap_without_search_mb = _heap_mb(page)
    context.close()

    context = _context(browser, allowed, result)
    page = _page(context, result)
    page.goto(base + "index.html")
    _wait_ready(page)
    _ready_times(page)
    result.heap_ready_mb = _heap_mb(page)
    for number, query in enumerate(queries):
        result.name_keys += _type(page, query.text)
        if number == 0:
            result.first_query_layers = page.evaluate("window.__briefingSearch.stats.layers.slice()")
        hrefs = _hrefs(page)
        target = base + query.page
        result.ranks.append((query, hrefs.index(target) + 1 if target in hrefs else None))
    before = set(page.evaluate("window.__briefingSearch.stats.layers"))
    for number, word in enumerate(words):
        result.text_keys += _type(page, word)
        if number == 0:
            result.first_text_layers = sorted(set(page.evaluate("window.__briefingSearch.stats.layers")) - before)
    result.all_layers = page.evaluate("window.__briefingSearch.stats.layers.slice()")
    result.heap_after_mb = _heap_mb(page)
    context.close()
    return result


def _browser_setup():
    """The Chromium flags and finder the browser tests use (tools/screenshot.py, beside the package)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools.screenshot import CHROMIUM_ARGS, find_chromium

    return CHROMIUM_ARGS, find_chromium


def measure(site: Path, queries: list[Query], words: list[str]) -> tuple[list[ModeResult], str]:
    """Both modes in one browser; the results and the browser's version."""
    from playwright.sync_api import sync_playwright

    CHROMIUM_ARGS, find_chromium = _browser_setup()

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("briefing bench-search: no Chromium found (apt-get install chromium, or set BRIEFING_CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            version = browser.version
            results = [measure_mode(browser, "file", site.resolve().as_uri() + "/", site, queries, words)]
            with Server(site) as base:
                results.append(measure_mode(browser, "http", base, site, queries, words))
        finally:
            browser.close()
    return results, version


# -- the report ------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _bytes_of(site: Path, layers: list[str]) -> int:
    return sum((site / SEARCH_DIR / f"{name}.js").stat().st_size for name in layers)


def _split(site: Path, layers: list[str]) -> str:
    """"names 817 KB, titles 693 KB, 3 text files 40 KB, 1 snip file 12 KB"."""
    parts = []
    for kind in ("names", "titles", "text", "snip"):
        mine = [name for name in layers if name.split("-")[0] == kind]
        if mine:
            count = "" if kind in ("names", "titles") else f"{len(mine)} {kind} file{'s' if len(mine) > 1 else ''} "
            parts.append(f"{count or kind + ' '}{_kb(_bytes_of(site, mine))}")
    return ", ".join(parts)


def summarize(size: int, built: dict, site: Path, sizes: dict, keys: dict, mode: ModeResult, articles: int) -> dict:
    first = [k["first"] for k in mode.name_keys if "first" in k]
    complete = [k["complete"] for k in mode.name_keys + mode.text_keys if "complete" in k]
    frames = [k["frame"] for k in mode.name_keys + mode.text_keys if "frame" in k]
    text_complete = [k["complete"] for k in mode.text_keys if "complete" in k]
    firsts = sum(1 for _, rank in mode.ranks if rank == 1)
    return {
        "size": size, "mode": mode.mode, "articles": articles,
        "ready_median": statistics.median(mode.ready_ms), "ready_max": max(mode.ready_ms),
        "titles_median": statistics.median(mode.titles_ms),
        "first_p50": _pct(first, 0.5), "first_p95": _pct(first, 0.95),
        "complete_p50": _pct(complete, 0.5), "complete_p95": _pct(complete, 0.95), "complete_max": max(complete),
        "text_p95": _pct(text_complete, 0.95), "frame_p95": _pct(frames, 0.95),
        "keystrokes": len(complete),
        "heap_ready": mode.heap_ready_mb, "heap_after": mode.heap_after_mb,
        "heap_search": mode.heap_after_mb - mode.heap_without_search_mb,
        "first_bytes": _bytes_of(site, mode.first_query_layers), "first_split": _split(site, mode.first_query_layers),
        "text_bytes": _bytes_of(site, mode.first_text_layers),
        "loaded_bytes": _bytes_of(site, mode.all_layers), "loaded_files": len(mode.all_layers),
        "rank1": firsts, "queries": len(mode.ranks), "first_query": mode.ranks[0][0].text if mode.ranks else "",
        "misses": [(q.text, q.page, rank) for q, rank in mode.ranks if rank != 1],
        "material_requests": mode.material_requests, "refused": mode.refused, "errors": mode.errors,
        "sizes": sizes, "keys": keys, "built": built,
    }


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def report(rows: list[dict], meta: dict) -> str:
    lines = [
        START,
        "## Search (`briefing bench-search`)",
        "",
        f"One run started {meta['date']}: {meta['machine']}. {meta['load']}".rstrip(),
        f"Headless Chromium {meta['chromium']}, the home page of each site opened from disk (file://) and over a",
        "local http server, every other request refused. Times in milliseconds; heap after a garbage collection.",
        "Targets: ready ≤ 1,000 ms after the page's load event, keystroke → results ≤ 100 ms, search heap ≤ 150 MB,",
        "the right page first for ≥ 98 % of 50 exact name and alias queries, no network.",
        "",
        "| articles | from | load → search ready (median / max) | load → headlines ready | keystroke → first results p50 / p95 | keystroke → complete results p50 / p95 / max | full-text words, complete p95 | JS heap: page / of which search | index loaded for the first query | right page first |",
        "|---:|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['mode']} | {r['ready_median']:.0f} / {r['ready_max']:.0f} | {r['titles_median']:.0f} | "
            f"{r['first_p50']:.1f} / {r['first_p95']:.1f} | {r['complete_p50']:.1f} / {r['complete_p95']:.1f} / {r['complete_max']:.0f} | "
            f"{r['text_p95']:.1f} | {r['heap_after']:.1f} MB / {r['heap_search']:.1f} MB | {_kb(r['first_bytes'])} | "
            f"{r['rank1']}/{r['queries']} ({100 * r['rank1'] / r['queries']:.0f} %) |"
        )
    lines += ["", "Index size (bytes in the built site):", "",
              "| articles | names layer | headlines | full text (files) | snippets | per article, all layers | Material's own index | build (`briefing build`, whole) |",
              "|---:|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["mode"] != "file":
            continue
        s = r["sizes"]
        total = s["names"] + s["titles"] + s["text"] + s["snip"]
        built = r["built"]
        took = "reused an earlier build" if built["reused"] else f"{built['seconds'] / 60:.1f} min: {built['summary']}"
        lines.append(
            f"| {r['size']:,} | {_kb(s['names'])} | {_kb(s['titles'])} | {_kb(s['text'])} ({s['files']} files in all) | {_kb(s['snip'])} | "
            f"{total / r['articles']:,.0f} B | {s['material']:,} B | {took} |")
    lines += ["", "Notes:", ""]
    for r in rows:
        misses = ", ".join(f"{text!r} → {page} at {rank or 'not listed'}" for text, page, rank in r["misses"]) or "none"
        lines.append(
            f"- {r['size']:,} {r['mode']}: {r['keystrokes']} keystrokes measured; names not first: {misses}; "
            f"the first query ({r['first_query']!r}) loaded {r['first_split']}; "
            f"the first full-text word loaded {_kb(r['text_bytes'])} more; after every query {r['loaded_files']} index files "
            f"({_kb(r['loaded_bytes'])}) had been loaded; heap when search was ready {r['heap_ready']:.1f} MB; "
            f"requests refused: {len(r['refused'])}; console errors: {len(r['errors'])}; "
            f"requests for Material's search index or worker: {len(r['material_requests'])}.")
    shared = "; ".join(
        f"{r['keys']['ambiguous']:,} of {r['keys']['keys']:,} at {r['size']:,} articles" for r in rows if r["mode"] == "file")
    lines += [
        f"- The 50 name queries are names and aliases that name exactly one page, sampled (seed {SEED}) half names,",
        "  half aliases, typed as written (case and accents as on the page) at "
        f"{TYPING_DELAY_MS} ms between keys. Names shared by several pages",
        "  (Russia the state and Russia the country, two people with one name) are left out: their pages come",
        f"  first together, ordered by briefings. Folded names and aliases shared by several pages: {shared}.",
        "- “First results” are the names and headlines layers' answer, drawn at once; “complete” adds the full-text",
        "  layer (its shards loaded on demand). Full-text words: 10 words of 5+ letters from random briefings.",
        "- Before (DESIGN.md §1, Material's lunr search on the same kind of site): ready after 59 s (file://) / 56 s",
        "  (http) at 10,000 articles, 2.1 GB heap. Here Material's own search never starts (no request for its",
        "  index or worker) and its index holds only the hand-written pages.",
        f"- Load during the run: {meta['load_detail']}",
        END,
    ]
    return "\n".join(line for line in lines if line is not None) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace our section of BENCHMARKS.md (between the markers), or append it; the rest stays."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    loads = [os.getloadavg()]
    rows = []
    version = "?"
    started = time.strftime("%Y-%m-%d %H:%M")
    for size in sizes:
        work = args.work / str(size)
        print(f"bench-search: {size} articles: building in {work} …", file=sys.stderr, flush=True)
        built = build(args.corpus, size, work, args.reuse)
        loads.append(os.getloadavg())
        site = work / "site"
        export = json.loads((work / "docs" / "data" / "briefing.json").read_text(encoding="utf-8"))
        queries, keys = name_queries(export)
        words = text_queries(work / "docs")
        print(f"bench-search: {size} articles: measuring in Chromium …", file=sys.stderr, flush=True)
        modes, version = measure(site, queries, words)
        for mode in modes:
            # Every keystroke's times, for a closer look (outside the repository).
            (work / f"bench-{mode.mode}.json").write_text(json.dumps({
                "ready_ms": mode.ready_ms, "names": mode.name_keys, "text": mode.text_keys,
                "ranks": [(q.text, q.page, rank) for q, rank in mode.ranks], "layers": mode.all_layers,
            }, indent=1), encoding="utf-8")
            rows.append(summarize(size, built, site, layer_bytes(site), keys, mode, len(export["articles"])))
        loads.append(os.getloadavg())
    cores = os.cpu_count()
    meta = {
        "date": started,
        "machine": f"{cores} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "chromium": version,
        "load": args.note or "",
        "load_detail": "1-minute load average " + ", ".join(f"{l[0]:.1f}" for l in loads)
        + f" (before, after each build and each measurement; {cores} cores).",
    }
    section = report(rows, meta)
    write_section(args.out, section)
    print(section)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the BBC corpus folder (default: ../shared/corpus/bbc)")
    parser.add_argument("--sizes", default="1000,10000", help="site sizes in articles, comma-separated (default: 1000,10000)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help=f"where seeds, docs and sites are built (default: {DEFAULT_WORK}; never the repository)")
    parser.add_argument("--reuse", action="store_true", help="measure the sites an earlier run built in --work")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the benchmarks file to write our section into")
    parser.add_argument("--note", default="", help="a sentence on the machine's state (e.g. shared with other builds)")


def main(args: argparse.Namespace) -> int:
    return run(args)


if __name__ == "__main__":  # python -m generator.search_bench
    _parser = argparse.ArgumentParser(prog="briefing bench-search", description=__doc__.split("\n\n")[0])
    add_arguments(_parser)
    sys.exit(main(_parser.parse_args()))
