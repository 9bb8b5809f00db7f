"""The render cache: pages reused from the last run are the bytes a cold run writes; damage is noticed and rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.index import build_index
from generator.pagememo import PageMemo, page_key
from generator.pipeline import generate
from generator.render import Renderer
from generator.render_cache import FILE_NAME, render_salt
from generator.settings import Settings
from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs
from tests.test_golden import generated_files

ADDED = "020_council-vote.txt"
EDITED = "040_london-summit.md"


def run(seeds: Path, docs: Path, caches: Path | None, templates: Path = ROOT / "templates"):
    """`briefing generate` with both caches under `caches` (None: no cache at all, a cold run)."""
    return generate(Settings(
        seeds_dir=seeds, out_dir=docs, templates_dir=templates, progress=False,
        cache_dir=caches / "extract" if caches else None, render_cache_dir=caches / "render" if caches else None,
    ))


def cold_files(tmp_path: Path, seeds: Path, templates: Path = ROOT / "templates") -> dict[str, bytes]:
    cold = copy_hand_written_docs(tmp_path / f"cold-{len(list(tmp_path.iterdir()))}")
    run(seeds, cold, None, templates)
    return generated_files(cold)


@pytest.fixture
def project(tmp_path, extractor):
    """Seeds without ADDED, a docs folder built once with both caches: (seeds, docs, caches)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in FIXTURE_SEEDS.iterdir():
        if seed.name != ADDED:
            shutil.copy(seed, seeds)
    docs = copy_hand_written_docs(tmp_path / "docs")
    caches = tmp_path / "caches"
    first = run(seeds, docs, caches)
    assert first.reused == 0 and (caches / "render" / FILE_NAME).is_file()
    return seeds, docs, caches


def test_warm_runs_write_the_bytes_of_a_cold_run_after_each_change(project, tmp_path):
    seeds, docs, caches = project
    again = run(seeds, docs, caches)  # nothing changed: the last run's pages, neither indexed nor rendered
    assert again.report.written == 0 and again.index is None
    assert again.counts == {"articles": 4, "actors": len(first_index(docs)), "locations": again.counts["locations"]}
    remembered = again.reused
    assert remembered == len(generated_files(docs)) - 1  # every page but the manifest

    shutil.copy(FIXTURE_SEEDS / ADDED, seeds)  # one added
    added = run(seeds, docs, caches)
    assert generated_files(docs) == cold_files(tmp_path, seeds)
    assert 0 < added.reused < remembered + 10 and added.report.written > 0

    edited = seeds / EDITED  # one edited: a sentence more in its body
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe talks will resume in Geneva on Friday.\n", encoding="utf-8")
    run(seeds, docs, caches)
    assert generated_files(docs) == cold_files(tmp_path, seeds)

    (seeds / ADDED).unlink()  # one deleted
    run(seeds, docs, caches)
    assert generated_files(docs) == cold_files(tmp_path, seeds)


def first_index(docs: Path) -> list[str]:
    return [p.name for p in (docs / "actors").glob("*.md") if p.name != "index.md"]


@pytest.mark.parametrize("change", ["intro", "entities", "site name"])
def test_a_change_besides_the_seeds_is_not_taken_for_nothing_changed(project, tmp_path, change):
    seeds, docs, caches = project
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Briefing\n", encoding="utf-8")
    overrides = tmp_path / "entities.yml"

    def generate_both() -> tuple:
        warm = generate(Settings(seeds_dir=seeds, out_dir=docs, templates_dir=ROOT / "templates", progress=False,
                                 config_file=config, overrides_file=overrides,
                                 cache_dir=caches / "extract", render_cache_dir=caches / "render"))
        cold = copy_hand_written_docs(tmp_path / f"cold-{change}-{len(list(tmp_path.iterdir()))}")
        if (docs / "intro.md").is_file():
            shutil.copy(docs / "intro.md", cold / "intro.md")
        generate(Settings(seeds_dir=seeds, out_dir=cold, templates_dir=ROOT / "templates", progress=False,
                          config_file=config, overrides_file=overrides))
        return warm, generated_files(docs), generated_files(cold)

    warm, before, cold = generate_both()
    assert before == cold
    assert generate_both()[0].index is None  # the same inputs again: nothing changed
    if change == "intro":
        (docs / "intro.md").write_text("A new introduction for the readers.\n", encoding="utf-8")
    elif change == "entities":
        name = sorted(first_index(docs))[0].removesuffix(".md")
        overrides.write_text(f"hide:\n  - {name}\n", encoding="utf-8")
    else:
        config.write_text("site_name: Another name\nsite_url: https://example.org/news/\n", encoding="utf-8")
    warm, after, cold = generate_both()
    assert warm.index is not None and warm.report.written > 0
    assert after == cold and after != before


def test_a_page_changed_in_docs_is_rendered_again(project):
    seeds, docs, caches = project
    expected = generated_files(docs)
    page = next(p for p in sorted(expected) if p.startswith("actors/") and p != "actors/index.md")
    (docs / page).write_text("edited by hand\n", encoding="utf-8")
    result = run(seeds, docs, caches)
    assert result.report.written == 1
    assert generated_files(docs) == expected


@pytest.mark.parametrize("how", ["deleted", "edited"])
def test_a_search_layer_missing_or_changed_in_docs_rebuilds_the_layers(project, how):
    seeds, docs, caches = project
    expected = generated_files(docs)
    layers = sorted(p for p in expected if p.startswith("search/"))
    assert len(layers) >= 4
    layer = docs / layers[-1]
    layer.unlink() if how == "deleted" else layer.write_text("edited\n", encoding="utf-8")
    result = run(seeds, docs, caches)
    assert result.report.written == 1 and result.index is not None  # a page missing: not "nothing changed"
    assert generated_files(docs) == expected
    assert result.reused == sum(result.counts.values()) + 2  # every entity page, the graph and the map; not the layers


def _damage(file: Path, how: str) -> None:
    raw = file.read_bytes()
    head, _, body = raw.partition(b"\n")
    if how == "truncated":
        file.write_bytes(raw[: len(raw) // 2])
    elif how == "edited":  # a key changed: the checksum no longer matches
        data = json.loads(body)
        path = sorted(data["pages"])[-1]
        data["pages"][path][0] = "0" * 40
        file.write_bytes(head + b"\n" + json.dumps(data).encode())
    elif how == "wrong shape":  # checksum recomputed, but an entry is not [key, sha256]
        header = json.loads(head)
        body = json.dumps({"pages": {"index.md": "not a pair"}, "run": json.loads(body)["run"]}).encode()
        import hashlib

        header["sha256"] = hashlib.sha256(body).hexdigest()
        file.write_bytes(json.dumps(header).encode() + b"\n" + body)
    else:
        file.write_bytes(b"\x00\xff not json at all")


@pytest.mark.parametrize("how", ["truncated", "edited", "wrong shape", "garbage"])
def test_a_damaged_render_cache_is_noted_ignored_and_rewritten(project, how):
    seeds, docs, caches = project
    expected = generated_files(docs)
    file = caches / "render" / FILE_NAME
    _damage(file, how)
    result = run(seeds, docs, caches)
    assert result.reused == 0
    assert result.report.written == 0
    assert generated_files(docs) == expected
    assert [n for n in result.notes if "render cache" in n] == [
        f"{file}: render cache damaged ({_reason(how)}); pages rendered again"]
    healed = run(seeds, docs, caches)
    assert healed.reused > 20 and not [n for n in healed.notes if "render cache" in n]


def _reason(how: str) -> str:
    return {
        "truncated": "its checksum does not match", "edited": "its checksum does not match",
        "wrong shape": "an entry has the wrong shape",
    }.get(how, "not a render cache of this version")


def test_an_edited_template_renders_every_page_again(project, tmp_path):
    seeds, docs, caches = project
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    actor = templates / "actor.md.j2"
    actor.write_text(actor.read_text(encoding="utf-8").replace("- **Kind:**", "- **Kind of actor:**"), encoding="utf-8")
    result = run(seeds, docs, caches, templates)
    assert result.reused == 0
    assert generated_files(docs) == cold_files(tmp_path, seeds, templates)
    assert b"Kind of actor" in next(v for k, v in generated_files(docs).items() if k.startswith("actors/") and k != "actors/index.md")


def test_a_remembered_page_is_used_only_for_the_same_inputs(fixture_articles):
    articles = list(fixture_articles.values())
    index = build_index(articles)
    first = PageMemo("salt")
    pages = {p.path: p.content for p in Renderer(ROOT / "templates", first).pages(index)}
    assert first.keys and set(first.keys) <= set(pages)

    # The same inputs: the remembered text is what the renderer returns.
    again = PageMemo("salt", {path: (key, "REMEMBERED\n") for path, key in first.keys.items()})
    reused = {p.path: p.content for p in Renderer(ROOT / "templates", again).pages(index)}
    assert {p for p, text in reused.items() if text == "REMEMBERED\n"} == set(first.keys)
    assert again.hits == len(first.keys)

    # Another salt (code or templates) or other inputs: rendered again.
    salted = PageMemo("other salt", dict(again.previous))
    assert "REMEMBERED\n" not in [p.content for p in Renderer(ROOT / "templates", salted).pages(index)]
    fewer = build_index([a for a in articles if a.source.name != ADDED])
    mixed = PageMemo("salt", dict(again.previous))
    rendered = {p.path: p.content for p in Renderer(ROOT / "templates", mixed).pages(fewer)}
    cold = {p.path: p.content for p in Renderer(ROOT / "templates").pages(fewer)}
    for path, text in rendered.items():
        assert text == cold[path] or (text == "REMEMBERED\n" and mixed.keys[path] == first.keys[path]), path
    assert 0 < mixed.hits < len(first.keys)  # some pages have other inputs without that article


def test_the_key_follows_the_inputs_and_the_salt():
    assert page_key("s", "a.md.j2", {"x": 1}) == page_key("s", "a.md.j2", {"x": 1})
    assert len({page_key("s", "a.md.j2", {"x": 1}), page_key("s", "a.md.j2", {"x": 2}),
                page_key("t", "a.md.j2", {"x": 1}), page_key("s", "b.md.j2", {"x": 1})}) == 4


def test_the_salt_follows_every_template_file(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    before = render_salt(templates)
    assert render_salt(templates) == before
    (templates / "theme" / "partials" / "search.html").write_text("changed", encoding="utf-8")
    assert render_salt(templates) != before


WARM_RUN = """
import sys
from generator.cli import main
assert main(sys.argv[1:]) == 0
print(sorted(m for m in ("spacy", "thinc", "generator.index", "generator.graph") if m in sys.modules))
"""


def test_warm_generates_never_import_spacy_and_nothing_changed_does_not_even_index(tmp_path):
    import subprocess
    import sys

    docs = copy_hand_written_docs(tmp_path / "docs")
    entities = tmp_path / "entities.yml"
    args = ["generate", "-q", "--seeds", str(FIXTURE_SEEDS), "--out", str(docs), "--templates", str(ROOT / "templates"),
            "--entities", str(entities), "--cache", str(tmp_path / "cache" / "extract"), "--jobs", "1"]

    def modules_loaded() -> str:
        done = subprocess.run([sys.executable, "-c", WARM_RUN, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-1]

    assert modules_loaded() == "['generator.graph', 'generator.index', 'spacy', 'thinc']"  # cold
    assert (tmp_path / "cache" / "render" / FILE_NAME).is_file()  # the render cache sits next to the extraction cache
    assert modules_loaded() == "[]"  # nothing changed: no model, no index, no rendering
    entities.write_text("hide:\n  - Paris\n", encoding="utf-8")
    assert modules_loaded() == "['generator.graph', 'generator.index']"  # entities.yml changed: indexed and rendered, no model
