"""Rendering a large site in several processes, with the same pages as one.

`Renderer.pages` is run in every process on the same index (forked, so
nothing is copied up front): process k of n renders only the template calls
numbered k modulo n and the parent puts the others' texts in place. Pages
are pure functions of the index, so the result is the same bytes; if a
helper process fails for any reason, the parent renders everything itself.
Forking is used on Linux only, and only for sites large enough to gain.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.model import SiteIndex
from generator.pagememo import PageMemo
from generator.render import DEFERRED, SEARCH_PACK, Page, Renderer, unpack_search
from generator.search_index import SearchInputs, search_layers
from generator.site import SiteConfig

T = TypeVar("T")

MIN_PAGES = 2000  # below this, starting processes costs more than it saves


def entity_pages(index: SiteIndex) -> int:
    return len(index.articles) + len(index.actors) + len(index.locations)


def render_pages(
    templates_dir: Path, index: SiteIndex, intro: str = "", jobs: int = 1, site: SiteConfig = SiteConfig(),
    memo: PageMemo | None = None,
) -> list[Page]:
    """The site's pages; `memo`: pages of the last run to reuse when their inputs are unchanged
    (it also collects this run's keys). Pages the memo is likely to give are not counted when
    deciding whether helpers would gain."""
    remembered = len(memo.previous) if memo is not None else 0
    processes = min(jobs, 1 + max(0, entity_pages(index) - remembered) // MIN_PAGES)
    if sys.platform != "linux":
        processes = 1
    if processes < 2:
        renderer = Renderer(templates_dir, memo)
        if jobs >= 2 and entity_pages(index) >= MIN_PAGES and sys.platform == "linux":
            # A few pages to render on a large site: the search layers, built again on any change
            # and the longest single job, are built by a forked helper meanwhile.
            renderer.search_layers = _layers_from_helper
        return renderer.pages(index, intro=intro, site=site)

    def rendered(k: int) -> dict[int, str]:  # a helper's work: render share k only
        renderer = Renderer(templates_dir, memo)
        renderer.share = (k, processes)
        renderer.pages(index, intro=intro, site=site)
        return renderer.rendered

    helpers = [_in_forked_helper(functools.partial(rendered, k)) for k in range(1, processes)]
    renderer = Renderer(templates_dir, memo)
    renderer.share = (0, processes)
    try:
        pages = renderer.pages(index, intro=intro, site=site)
    finally:
        texts = dict(renderer.rendered)
        shares = [helper() for helper in helpers]  # waits for every helper, even when this process failed
    if any(share is None for share in shares):
        if memo is not None:
            memo.keys.clear()
        return Renderer(templates_dir, memo).pages(index, intro=intro, site=site)
    for share in shares:
        texts.update(share)
    out = []
    for page in pages:
        if page.content.startswith(DEFERRED):
            text = texts[int(page.content[len(DEFERRED):])]
            if page.path == SEARCH_PACK:  # the search layers, built by another process
                layers = unpack_search(text)
                renderer._keyed(layers, renderer.search_key)
                out += layers
                continue
            page = Page(page.path, text)
        out.append(page)
    return sorted(out, key=lambda p: p.path)


def _layers_from_helper(inputs: SearchInputs) -> Callable[[], list[Page]]:
    """Start building the search layers of `inputs` in a forked process; the function returned
    gives them (built here instead if the helper fails for any reason)."""
    helper = _in_forked_helper(functools.partial(search_layers, inputs))

    def result() -> list[Page]:
        pages = helper()
        return search_layers(inputs) if pages is None else pages

    return result


def _in_forked_helper(work: Callable[[], T]) -> Callable[[], T | None]:
    """Start `work()` in a forked process; the function returned waits for it and gives its result,
    or None if the helper failed for any reason (the caller then does the work itself)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: work, send, and leave without running any cleanup of the parent's
        os.close(read_end)
        code = 1
        try:
            value = work()
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def result() -> T | None:
        try:
            with os.fdopen(read_end, "rb") as incoming:
                value = pickle.load(incoming)  # our own child, over a pipe it inherited
        except (EOFError, OSError, pickle.UnpicklingError):
            value = None
        _, status = os.waitpid(pid, 0)
        return value if os.waitstatus_to_exitcode(status) == 0 else None

    return result
