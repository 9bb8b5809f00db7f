"""A `briefing generate` killed with SIGKILL half-way leaves the previous docs/ complete.

A small driver runs the real CLI in a subprocess with the page writes slowed down
(or made to kill the process between two renames), so that the test can kill it
at a known point. Then the docs folder is compared with what it was before, and
the next run must recover cleanly.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.output import MANIFEST, STAGING, read_manifest, recover
from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs
from tests.hostile_corpus import run_cli, snapshot

DRIVER = textwrap.dedent(
    """
    import os, signal, sys, time
    from generator import output

    mode = os.environ["BRIEFING_TEST_MODE"]
    real_stage, real_replace = output._stage_file, os.replace
    renames = []

    def slow_stage(*args):
        real_stage(*args)
        time.sleep(0.05)  # a slow disk: the test kills the process while pages are staged

    def replace_then_die(src, dst):
        real_replace(src, dst)
        if "files" in str(src).split(os.sep):
            renames.append(dst)
            if len(renames) == 3:  # killed between two renames of the apply step
                os.kill(os.getpid(), signal.SIGKILL)

    if mode == "stage":
        output._stage_file = slow_stage
    else:
        output.os.replace = replace_then_die
    from generator.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def _edited_templates(tmp_path: Path) -> Path:
    """The project templates with one more line each, so that every page changes."""
    templates = tmp_path / "templates-v2"
    shutil.copytree(ROOT / "templates", templates)
    for template in templates.glob("*.j2"):
        template.write_text(template.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    return templates


def _generated(docs: Path) -> dict[str, bytes]:
    return {p: (docs / p).read_bytes() for p in sorted(read_manifest(docs))} | {MANIFEST: (docs / MANIFEST).read_bytes()}


@pytest.fixture
def project(tmp_path):
    """A docs/ generated from the fixture seeds (the previous build), and the expected next build."""
    docs = copy_hand_written_docs(tmp_path / "docs")
    templates = _edited_templates(tmp_path)
    assert run_cli(tmp_path, "generate", "-q", "--seeds", str(FIXTURE_SEEDS), "--out", "docs", "--templates", str(ROOT / "templates")).code == 0
    reference = copy_hand_written_docs(tmp_path / "reference")
    assert run_cli(tmp_path, "generate", "-q", "--seeds", str(FIXTURE_SEEDS), "--out", "reference", "--templates", str(templates)).code == 0
    args = ["generate", "-q", "--seeds", str(FIXTURE_SEEDS), "--out", "docs", "--templates", str(templates)]
    assert len(read_manifest(docs)) > 40
    return {"tmp": tmp_path, "docs": docs, "reference": _generated(reference), "args": args}


def _start(project: dict, mode: str) -> subprocess.Popen:
    driver = project["tmp"] / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {**os.environ, "BRIEFING_TEST_MODE": mode, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(driver), *project["args"]], cwd=project["tmp"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def test_killed_while_staging_leaves_the_previous_docs_byte_identical(project):
    docs = project["docs"]
    before = snapshot(docs)
    process = _start(project, "stage")
    staged = docs / STAGING / "files"
    deadline = time.monotonic() + 300
    while len([p for p in staged.rglob("*.md")] if staged.is_dir() else []) < 10:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the write phase never started"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    # The previous docs/ is complete and unchanged, bytes and mtimes; only the staging folder is new.
    assert snapshot(docs, skip=(docs / STAGING,)) == before
    assert (docs / STAGING).is_dir() and not (docs / STAGING / "journal.json").exists()

    # The next run removes the leftover and writes the new pages.
    result = run_cli(project["tmp"], *project["args"])
    assert result.code == 0, result.stderr
    assert not (docs / STAGING).exists()
    assert _generated(docs) == project["reference"]


def test_killed_between_two_renames_the_next_run_completes_the_write(project):
    docs = project["docs"]
    before = _generated(docs)
    process = _start(project, "apply")
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, stderr.decode()
    # Killed after the commit: three pages are new, the rest still old, the journal is there.
    now = {p: (docs / p).read_bytes() for p in before if (docs / p).is_file()}
    assert sum(now[p] != before[p] for p in now) == 3
    assert (docs / STAGING / "journal.json").is_file()

    # Recovery alone rolls the committed write forward to exactly the new pages ...
    copy = project["tmp"] / "docs-copy"
    shutil.copytree(docs, copy, symlinks=True)
    assert recover(copy) == "completed"
    assert _generated(copy) == project["reference"] and not (copy / STAGING).exists()
    # ... and the next run does it before anything else.
    result = run_cli(project["tmp"], *project["args"])
    assert result.code == 0, result.stderr
    assert not (docs / STAGING).exists()
    assert _generated(docs) == project["reference"]
    for name in ("about.md", "intro.md"):
        assert (docs / name).read_bytes() == (ROOT / "docs" / name).read_bytes()
