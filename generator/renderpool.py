"""Rendering a large site in several processes, with the same pages as one.

`Renderer.pages` is run in every process on the same index (forked, so
nothing is copied up front): process k of n renders only the template calls
numbered k modulo n and the parent puts the others' texts in place. Pages
are pure functions of the index, so the result is the same bytes; if a
helper process fails for any reason, the parent renders everything itself.
Forking is used on Linux only, and only for sites large enough to gain.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from generator.model import SiteIndex
from generator.pagememo import PageMemo
from generator.render import DEFERRED, Page, Renderer
from generator.site import SiteConfig

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
    if processes < 2 or sys.platform != "linux":
        renderer = Renderer(templates_dir, memo)
        if jobs < 2 or sys.platform != "linux" or entity_pages(index) < MIN_PAGES:
            return renderer.pages(index, intro=intro, site=site)
        helper = renderer.search_pages = SearchHelper(templates_dir, index, memo)
        try:
            return renderer.pages(index, intro=intro, site=site)
        finally:
            helper.close()
    helpers = []  # (pid, read end)
    for k in range(1, processes):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # a helper: render share k, send it, and leave without running any cleanup of the parent's
            os.close(read_end)
            code = 1
            try:
                renderer = Renderer(templates_dir, memo)
                renderer.share = (k, processes)
                renderer.pages(index, intro=intro, site=site)
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(renderer.rendered, out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        helpers.append((pid, read_end))
    renderer = Renderer(templates_dir, memo)
    renderer.share = (0, processes)
    try:
        pages = renderer.pages(index, intro=intro, site=site)
    finally:
        texts = dict(renderer.rendered)
        complete = True
        for pid, read_end in helpers:
            try:
                with os.fdopen(read_end, "rb") as incoming:
                    texts.update(pickle.load(incoming))  # our own child, over a pipe it inherited
            except (EOFError, OSError, pickle.UnpicklingError):
                complete = False
            _, status = os.waitpid(pid, 0)
            complete = complete and os.waitstatus_to_exitcode(status) == 0
    if not complete:
        if memo is not None:
            memo.keys.clear()
        return Renderer(templates_dir, memo).pages(index, intro=intro, site=site)
    out = []
    for page in pages:
        if page.content.startswith(DEFERRED):
            page = Page(page.path, texts[int(page.content[len(DEFERRED):])])
        out.append(page)
    return out



class SearchHelper:
    """The search layers built in a forked helper while this process renders the rest (most pages come
    from the memo, and the layers are the biggest part left). `Renderer.pages` calls it for the layers;
    if the helper fails in any way, they are built here. `close` reaps a helper nobody asked."""

    def __init__(self, templates_dir: Path, index: SiteIndex, memo: PageMemo | None) -> None:
        self.templates_dir, self.memo = templates_dir, memo
        self.hits_at_fork = memo.hits if memo is not None else 0
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: build, send, leave without running any cleanup of the parent's
            os.close(read_end)
            code = 1
            try:
                pages = Renderer(templates_dir, memo)._search_pages(index)
                result = (pages, memo.keys if memo is not None else {}, memo.hits if memo is not None else 0)
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.incoming = os.fdopen(read_end, "rb")

    def __call__(self, index: SiteIndex) -> list[Page]:
        try:
            pages, keys, hits = pickle.load(self.incoming)  # our own child, over a pipe it inherited
            ok = True
        except (EOFError, OSError, pickle.UnpicklingError, ValueError):
            ok = False
        ok = self.close() and ok
        if not ok:
            return Renderer(self.templates_dir, self.memo)._search_pages(index)
        if self.memo is not None:  # the helper started from this memo: take what it added
            self.memo.keys.update(keys)
            self.memo.hits += hits - self.hits_at_fork
        return pages

    def close(self) -> bool:
        """Wait for the helper (stopping it if it is still at work); True when it ended well."""
        if self.pid is None:
            return False
        self.incoming.close()  # a helper still writing gets a broken pipe and stops
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status) == 0
