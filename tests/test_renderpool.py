"""Rendering in several processes gives the same pages as one; a failing helper falls back to one process."""

from __future__ import annotations

import sys

import pytest

from generator import renderpool
from generator.index import build_index
from generator.render import DEFERRED, Renderer
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked on Linux only")


@pytest.fixture(scope="module")
def index(fixture_articles):
    return build_index(fixture_articles.values())


@pytest.mark.parametrize("jobs", [2, 3])
def test_pages_from_several_processes_equal_one(index, monkeypatch, jobs):
    monkeypatch.setattr(renderpool, "MIN_PAGES", 1)
    one = Renderer(ROOT / "templates").pages(index, intro="Intro")
    many = renderpool.render_pages(ROOT / "templates", index, "Intro", jobs=jobs)
    assert [p.path for p in many] == [p.path for p in one]
    assert many == one
    assert not any(p.content.startswith(DEFERRED) for p in many)


def test_a_helper_that_fails_means_one_process_renders_everything(index, monkeypatch):
    monkeypatch.setattr(renderpool, "MIN_PAGES", 1)

    def broken(*args, **kwargs):
        raise OSError("no pipe today")

    monkeypatch.setattr(renderpool.pickle, "dump", broken)  # the forked helper inherits it
    one = Renderer(ROOT / "templates").pages(index)
    assert renderpool.render_pages(ROOT / "templates", index, "", jobs=2) == one


def test_small_sites_are_rendered_in_this_process(index, monkeypatch):
    def no_fork():
        raise AssertionError("a small site must not fork")

    monkeypatch.setattr(renderpool.os, "fork", no_fork)
    assert renderpool.render_pages(ROOT / "templates", index, "", jobs=8) == Renderer(ROOT / "templates").pages(index)


def test_helpers_with_a_render_memo_give_the_pages_of_one_process(index, monkeypatch):
    from generator.pagememo import PageMemo

    monkeypatch.setattr(renderpool, "MIN_PAGES", 1)
    first = PageMemo("salt")
    one = Renderer(ROOT / "templates", first).pages(index)
    texts = {p.path: p.content for p in one}
    # Every other page remembered, the rest rendered by the helpers (the search layers go together: none of them).
    half = dict([item for item in sorted(first.keys.items()) if not item[0].startswith("search/")][::2])
    memo = PageMemo("salt", {path: (key, texts[path]) for path, key in half.items()})
    monkeypatch.setattr(renderpool, "entity_pages", lambda index: 10_000)  # helpers despite the remembered pages
    assert renderpool.render_pages(ROOT / "templates", index, "", jobs=2, memo=memo) == one
    assert memo.hits == len(half) and memo.keys == first.keys


def _memo_without_search(index):
    """A memo holding every page of the last run but the search layers, as after a change of one word."""
    from generator.pagememo import PageMemo

    first = PageMemo("salt")
    one = Renderer(ROOT / "templates", first).pages(index)
    texts = {p.path: p.content for p in one}
    previous = {path: (key, texts[path]) for path, key in first.keys.items() if not path.startswith("search/")}
    return one, first.keys, lambda: PageMemo("salt", dict(previous))


@pytest.mark.parametrize("helper_fails", [False, True])
def test_a_large_site_with_few_changes_builds_its_search_layers_in_a_helper(index, monkeypatch, helper_fails):
    one, keys, memo_again = _memo_without_search(index)
    monkeypatch.setattr(renderpool, "MIN_PAGES", 1)
    forks = []
    real_fork = renderpool.os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(renderpool.os, "fork", counted_fork)
    if helper_fails:
        def broken(*args, **kwargs):
            raise OSError("no pipe today")

        monkeypatch.setattr(renderpool.pickle, "dump", broken)  # the forked helper inherits it
    memo = memo_again()
    assert renderpool.render_pages(ROOT / "templates", index, "", jobs=2, memo=memo) == one
    assert len(forks) == 1  # one helper, for the search layers only
    assert memo.keys == keys  # the layers' key recorded as if built here
    memo = memo_again()
    assert renderpool.render_pages(ROOT / "templates", index, "", jobs=1, memo=memo) == one
    assert len(forks) == 1  # one job: no helper
