import os
import signal
from pathlib import Path

import pytest

from generator import output
from generator.errors import ConfigError
from generator.output import MANIFEST, STAGING, recover, write_pages
from generator.render import Page


def test_writes_then_keeps_unchanged_files_and_their_mtime(tmp_path):
    pages = [Page("index.md", "home\n"), Page("actors/a.md", "a\n")]
    first = write_pages(tmp_path, pages)
    assert (first.written, first.unchanged, first.removed) == (2, 0, 0)
    os.utime(tmp_path / "actors" / "a.md", (1_000_000, 1_000_000))
    second = write_pages(tmp_path, pages)
    assert (second.written, second.unchanged) == (0, 2)
    assert (tmp_path / "actors" / "a.md").stat().st_mtime == 1_000_000


def test_stale_generated_pages_disappear_hand_written_pages_stay(tmp_path):
    (tmp_path / "about.md").write_text("mine\n", encoding="utf-8")
    write_pages(tmp_path, [Page("index.md", "home\n"), Page("actors/old.md", "old\n")])
    report = write_pages(tmp_path, [Page("index.md", "home\n")])
    assert report.removed == 1
    assert not (tmp_path / "actors").exists()
    assert (tmp_path / "about.md").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / MANIFEST).is_file()


def test_refuses_to_overwrite_a_hand_written_page(tmp_path):
    (tmp_path / "index.md").write_text("my own home page\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="was not written by briefing"):
        write_pages(tmp_path, [Page("index.md", "home\n")])
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "my own home page\n"


@pytest.mark.parametrize("bad", ["../escape.md", "/abs.md", "a/../../b.md"])
def test_never_writes_outside_the_output_folder(tmp_path, bad):
    out = tmp_path / "docs"
    with pytest.raises(ConfigError, match="outside"):
        write_pages(out, [Page(bad, "x\n")])
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []


# --- the write as one transaction -------------------------------------------------

OLD = [Page("index.md", "home v1\n"), Page("actors/a.md", "a v1\n"), Page("actors/gone.md", "gone\n"), Page("briefings/b.md", "b\n")]
NEW = [Page("index.md", "home v2\n"), Page("actors/a.md", "a v2\n"), Page("briefings/b.md", "b\n"), Page("locations/l.md", "l\n")]


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def expected_after_new(tmp_path: Path) -> dict[str, bytes]:
    reference = tmp_path / "reference"
    (reference / "about.md").parent.mkdir(parents=True)
    (reference / "about.md").write_text("mine\n", encoding="utf-8")
    write_pages(reference, OLD)
    write_pages(reference, NEW)
    return files(reference)


@pytest.fixture
def docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("mine\n", encoding="utf-8")
    write_pages(docs, OLD)
    return docs


def test_a_failure_while_staging_leaves_docs_as_it_was(docs, monkeypatch):
    before = files(docs)
    real, calls = output._stage_file, []

    def failing(staging, relative, data):
        calls.append(relative)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(staging, relative, data)

    monkeypatch.setattr(output, "_stage_file", failing)
    with pytest.raises(ConfigError, match=r"docs: cannot write the pages \(No space left on device\); nothing was changed"):
        write_pages(docs, NEW)
    assert files(docs) == before
    assert not (docs / STAGING).exists()


def test_the_next_run_discards_a_staging_folder_left_before_the_commit(docs):
    before = files(docs)
    (docs / STAGING / "files" / "actors").mkdir(parents=True)
    (docs / STAGING / "files" / "actors" / "a.md").write_text("half-written\n", encoding="utf-8")
    assert recover(docs) == "discarded"
    assert files(docs) == before
    assert not (docs / STAGING).exists()


def test_the_next_run_finishes_a_write_killed_after_the_commit(docs, monkeypatch, tmp_path):
    real_replace, moved = os.replace, []

    def dies_after_one_page(src, dst):
        if "files" in Path(src).parts:  # a staged page going into place
            if moved:
                raise SystemExit("killed")  # stands in for SIGKILL between two renames
            moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", dies_after_one_page)
    with pytest.raises(SystemExit):
        write_pages(docs, NEW)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert (docs / STAGING / "journal.json").is_file() and len(moved) == 1
    assert recover(docs) == "completed"
    assert files(docs) == expected_after_new(tmp_path)
    assert not (docs / STAGING).exists()


def test_ctrl_c_during_the_rename_step_waits_until_it_is_over(docs, monkeypatch, tmp_path):
    real_replace = os.replace

    def interrupted(src, dst):
        if "journal" not in str(dst):
            signal.raise_signal(signal.SIGINT)  # the user presses Ctrl-C now
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_pages(docs, NEW)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert files(docs) == expected_after_new(tmp_path)
    assert not (docs / STAGING).exists()


def test_nothing_changed_means_nothing_is_touched(docs):
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    os.utime(docs / MANIFEST, ns=(1, 1))
    stamps[docs / MANIFEST] = 1
    report = write_pages(docs, OLD)
    assert (report.written, report.unchanged, report.removed) == (0, 4, 0)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == stamps


def test_only_changed_pages_are_rewritten(docs):
    os.utime(docs / "briefings" / "b.md", ns=(1, 1))
    report = write_pages(docs, NEW)
    assert (report.written, report.unchanged, report.removed) == (3, 1, 1)
    assert (docs / "briefings" / "b.md").stat().st_mtime_ns == 1
    assert (docs / "about.md").read_text(encoding="utf-8") == "mine\n"


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(docs):
    import fcntl

    before = files(docs)
    fd = os.open(docs, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(ConfigError, match="another briefing run is writing here"):
            write_pages(docs, NEW)
    finally:
        os.close(fd)
    assert files(docs) == before


def test_a_staging_symlink_is_never_followed(docs, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n", encoding="utf-8")
    (docs / STAGING).symlink_to(elsewhere)
    with pytest.raises(ConfigError, match="not a folder briefing made"):
        write_pages(docs, NEW)
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ([Page("a.md", "1\n"), Page("a.md", "2\n")], "two pages would be written to a.md"),
        ([Page(".briefing-manifest.json", "{}\n")], "hidden name"),
        ([Page(".briefing-staging/journal.json", "{}\n")], "hidden name"),
        ([Page("C:/x.md", "x\n")], "not a plain relative path"),
    ],
)
def test_impossible_page_sets_are_refused_before_anything_is_written(tmp_path, pages, message):
    with pytest.raises(ConfigError, match=message):
        write_pages(tmp_path, pages)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("link", ["folder", "page"])
def test_refuses_a_page_whose_folder_or_file_is_a_symlink_out_of_docs(tmp_path, link):
    docs, elsewhere = tmp_path / "docs", tmp_path / "elsewhere"
    docs.mkdir()
    elsewhere.mkdir()
    write_pages(docs, [Page("index.md", "home\n"), Page("actors/a.md", "a\n")])
    if link == "folder":
        (docs / "actors" / "a.md").unlink()
        (docs / "actors").rmdir()
        (docs / "actors").symlink_to(elsewhere)
    else:
        (docs / "actors" / "a.md").unlink()
        (docs / "actors" / "a.md").symlink_to(elsewhere / "a.md")
    with pytest.raises(ConfigError, match="resolves outside"):
        write_pages(docs, [Page("index.md", "home\n"), Page("actors/a.md", "changed\n")])
    assert not (elsewhere / "a.md").exists()
