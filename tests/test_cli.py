"""The `briefing` command, run as a user runs it, with exact output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs, make_project


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_extract_prints_one_json_line_per_article_with_exact_offsets():
    seed = FIXTURE_SEEDS / "000_4ae5e4b150c21158.txt"
    md = FIXTURE_SEEDS / "010_harbour-talks.md"
    result = run("extract", "-q", str(seed), str(md))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, (seed, md)):
        record = json.loads(line)
        assert set(record) >= {"source", "id", "title", "standfirst", "date", "summary", "actors", "locations", "quotes"}
        assert record["source"] == path.relative_to(ROOT).as_posix()  # shown relative to the working folder
        text = open(path, encoding="utf-8").read()
        for entity in record["actors"] + record["locations"]:
            assert entity["mentions"], entity
            for mention in entity["mentions"]:
                assert text[mention["start"] : mention["end"]] == mention["text"]
        for actor in record["actors"]:
            assert actor["kind"] in ("person", "organisation", "state", "group")
        for location in record["locations"]:
            assert location["kind"] in ("city", "region", "country", "continent", "other")
    first = json.loads(lines[0])
    assert first["id"] == "ukraine-ceasefire-proposal-receives-support-as-european-defence-talks-commence"
    assert first["date"] is None
    assert json.loads(lines[1])["date"] == "2025-04-02"


def test_extract_names_a_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = run("extract", "-q", str(bad), str(FIXTURE_SEEDS / "020_council-vote.txt"))
    assert result.returncode == 1
    assert result.stderr == f"{bad.as_posix()}: file is empty; put the headline on line 1 and paragraphs below it\n"
    assert len(result.stdout.splitlines()) == 1


def test_check_reports_each_bad_file_on_one_line(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURE_SEEDS / "020_council-vote.txt", seeds)
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    (seeds / "bad.md").write_text("---\n- x\n---\nBody\n", encoding="utf-8")
    (seeds / "photo.jpg").write_bytes(b"\xff\xd8")
    result = run("check", "--seeds", str(seeds), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "seeds/bad.md: front matter must be a mapping of fields such as 'title: ...', not a list",
        "seeds/empty.txt: file is empty; put the headline on line 1 and paragraphs below it",
        "seeds/photo.jpg: ignored, not a seed file (use .txt or .md)",
    ]
    assert result.stdout == "1 seed readable, 2 refused, 0 warnings\n"


def test_build_makes_a_strict_mkdocs_site_that_searches_offline(tmp_path):
    project = tmp_path / "project"
    make_project(project, FIXTURE_SEEDS)
    (project / "seeds" / "empty.txt").write_text("", encoding="utf-8")

    result = run("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "seeds/empty.txt: file is empty; put the headline on line 1 and paragraphs below it\n"
    summary = re.sub(r"in \d+\.\d s", "in T s", result.stdout)
    assert summary == "5 articles, 20 actors, 21 locations, 1 warning in T s → docs/ → site/\n"

    site = project / "site"
    assert (site / "index.html").is_file()
    seed_page = site / "briefings" / "ukraine-ceasefire-proposal-receives-support-as-european-defence-talks-commence.html"
    assert seed_page.is_file()
    # One page per person although the articles write them differently ("Trump", "President
    # Donald Trump"; "Zelensky", "Zelenskyy", "Zelenskiy"; "Healey", "John Healey").
    for person in ("keir-starmer", "john-healey", "donald-trump", "vladimir-putin", "volodymyr-zelenskiy", "marco-rubio", "steve-witkoff", "mark-rutte"):
        assert (site / "actors" / f"{person}.html").is_file(), person
    for place in ("paris-fr", "kyiv-ua", "moscow-ru", "washington-us", "kursk-oblast-ru", "saudi-arabia"):
        assert (site / "locations" / f"{place}.html").is_file(), place
    for split in ("trump", "healey", "volodymyr-zelensky", "volodymyr-zelenskyy", "zelenskiy", "starmer"):
        assert not (site / "actors" / f"{split}.html").exists(), split
    for junk in ("defence", "state"):
        assert not (site / "actors" / f"{junk}.html").exists()
    # Offline search: the prebuilt index is a script and names Starmer (his page id derived from the name).
    names_js = (site / "search" / "names.js").read_text(encoding="utf-8")
    assert names_js.startswith('__briefingSearch.add("names",')
    entities = json.loads(names_js[len('__briefingSearch.add("names",'):-3])["entities"]
    assert ["p", "", "Keir Starmer"] in [entities[i:i + 3] for i in range(0, len(entities), 5)]
    # No external fonts or CDN scripts in the pages.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "unpkg.com" not in home

    # A second build changes nothing in docs/ and keeps the hand-written pages;
    # --zip packs the site into one archive below one folder.
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    again = run("build", "-q", "--zip", cwd=project)
    assert again.returncode == 0, again.stderr
    assert re.sub(r"in \d+\.\d s", "in T s", again.stdout).endswith(" in T s → docs/ → site/ → site.zip\n")
    after = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert after == before
    with zipfile.ZipFile(project / "site.zip") as archive:
        packed = {info.filename: archive.read(info) for info in archive.infolist()}
    assert packed == {f"site/{p.relative_to(site).as_posix()}": p.read_bytes() for p in site.rglob("*") if p.is_file()}
    refused = run("build", "-q", "--zip", "site/copy.zip", cwd=project)
    assert refused.returncode == 2
    assert refused.stderr == "briefing: site/copy.zip: the archive cannot be written inside the site folder site; choose another path\n"

    # Deleting a seed removes its pages.
    (project / "seeds" / "020_council-vote.txt").unlink()
    assert run("generate", "-q", cwd=project).returncode == 0
    assert not (project / "docs" / "briefings" / "city-council-approves-new-tram-line-after-long-debate.md").exists()
    assert not (project / "docs" / "actors" / "bev-craig.md").exists()
    assert (project / "docs" / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes()


def test_strict_build_fails_on_a_refused_file(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    docs = copy_hand_written_docs(tmp_path / "docs")
    result = run("generate", "--strict", "-q", "--seeds", str(seeds), "--out", str(docs), "--templates", str(ROOT / "templates"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "briefing: 1 warning with --strict; site not built"
    assert not (docs / "index.md").exists()


@pytest.mark.parametrize("command", ["build", "generate", "extract", "check", "evaluate", "bench"])
def test_every_command_is_documented_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"briefing {command}" in readme


def test_the_site_archive_is_the_same_bytes_for_the_same_site(tmp_path):
    from generator.site import zip_site

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "a" / "b.html").write_text("<p>b</p>", encoding="utf-8")
    assert zip_site(site, tmp_path / "one" / "briefing.zip") == 2
    (site / "index.html").touch()  # a newer mtime must not show in the archive
    zip_site(site, tmp_path / "two" / "briefing.zip")
    first, second = (tmp_path / "one" / "briefing.zip").read_bytes(), (tmp_path / "two" / "briefing.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one" / "briefing.zip") as archive:
        assert archive.namelist() == ["briefing/a/b.html", "briefing/index.html"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
