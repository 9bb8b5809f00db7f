import os

import pytest

from generator.errors import ConfigError
from generator.output import MANIFEST, write_pages
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
