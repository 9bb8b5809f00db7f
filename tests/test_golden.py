"""Golden files: the generated docs/ of the fixture seeds, byte for byte.

Regenerate after an intended change with:

    BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from tests.conftest import HAND_WRITTEN

GOLDEN = Path(__file__).resolve().parent / "golden" / "docs"


def generated_files(docs: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and relative.split("/")[0] not in HAND_WRITTEN:
            out[relative] = path.read_bytes()
    return out


def test_generated_docs_match_golden_files(generated_docs):
    docs, _ = generated_docs
    actual = generated_files(docs)
    if os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, data in actual.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = generated_files(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for relative in expected:
        assert actual[relative] == expected[relative], f"{relative} differs from tests/golden/docs/{relative}"


def test_every_page_has_valid_front_matter(generated_docs):
    docs, _ = generated_docs
    pages = [p for p in docs.rglob("*.md") if p.parent != docs or p.name == "index.md"]
    pages = [p for p in pages if p.relative_to(docs).parts[0] not in HAND_WRITTEN]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n"), page
        head = text[4 : text.index("\n---\n", 4) + 1]
        meta = yaml.safe_load(head)
        assert isinstance(meta, dict) and meta["title"] and meta["type"], page


def test_generation_is_deterministic(generated_docs, tmp_path, extractor):
    from generator.pipeline import generate
    from generator.settings import Settings
    from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs

    docs, _ = generated_docs
    again = copy_hand_written_docs(tmp_path / "docs")
    generate(Settings(seeds_dir=FIXTURE_SEEDS, out_dir=again, templates_dir=ROOT / "templates", progress=False))
    assert generated_files(again) == generated_files(docs)


def test_no_generated_page_is_tracked_by_git(generated_docs):
    """A fresh clone's build refuses to overwrite files it did not write: none may be committed."""
    import json
    import subprocess

    from tests.conftest import ROOT

    docs, _ = generated_docs
    generated = set(json.loads((docs / ".briefing-manifest.json").read_text(encoding="utf-8"))["files"])
    try:
        listed = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        import pytest

        pytest.skip("not a git checkout")
    tracked = {line.removeprefix("docs/") for line in listed.splitlines()}
    assert "about.md" in tracked
    assert not tracked & generated, sorted(tracked & generated)
