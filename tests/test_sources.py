import os
from pathlib import Path

import pytest

from generator.errors import SeedError
from generator.sources import discover, read_source

SEED = Path(__file__).resolve().parent / "fixtures" / "seeds" / "000_4ae5e4b150c21158.txt"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_plain_text_headline_standfirst_paragraphs():
    source = read_source(SEED)
    assert source.title == "Ukraine Ceasefire Proposal Receives Support as European Defence Talks Commence"
    assert source.standfirst.startswith("Ukrainian leader backs American ceasefire")
    assert source.date is None
    assert len(source.paragraphs) == 19
    for para in source.paragraphs:
        assert source.text[para.start : para.end] == para.text
    assert source.text == SEED.read_text(encoding="utf-8")


def test_blank_second_line_means_no_standfirst(tmp_path):
    source = read_source(write(tmp_path, "a.txt", "Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n"))
    assert source.standfirst is None
    assert [p.text for p in source.paragraphs] == ["First paragraph.", "Second paragraph."]


def test_crlf_offsets_match_text_mode_reading(tmp_path):
    path = write(tmp_path, "a.txt", b"Head\r\nStand\r\nBody one.\r\nBody two.")
    source = read_source(path)
    assert source.text == open(path, encoding="utf-8").read()
    assert [p.text for p in source.paragraphs] == ["Body one.", "Body two."]
    assert all(source.text[p.start : p.end] == p.text for p in source.paragraphs)


def test_bom_is_not_part_of_the_headline(tmp_path):
    source = read_source(write(tmp_path, "a.txt", "\ufeffHeadline\nStand\nBody.\n"))
    assert source.title == "Headline"
    assert source.text.startswith("\ufeff")


def test_latin1_file_is_read_with_a_warning(tmp_path):
    source = read_source(write(tmp_path, "a.txt", "Caf\xe9 opens\n\nThe caf\xe9 cost \xa35.\n".encode("latin-1")))
    assert source.title == "Café opens"
    assert len(source.warnings) == 1
    assert "not UTF-8" in source.warnings[0] and "Windows-1252" in source.warnings[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "file is empty"),
        ("   \n\n  \n", "file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        ("Only a headline\n", "no body text"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(tmp_path, data, reason):
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "bad.txt", data))
    assert reason in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "bad.txt").lstrip("/")) or "bad.txt: " in str(caught.value)


def test_markdown_front_matter(tmp_path):
    path = write(
        tmp_path, "a.md",
        "---\ntitle: A headline\nstandfirst: The gist.\ndate: 2025-03-12\nsource: Wire\nurl: https://example.org/a\n"
        "author: Jo\n---\nFirst paragraph.\n\nSecond paragraph.\n",
    )
    source = read_source(path)
    assert (source.title, source.standfirst, source.date) == ("A headline", "The gist.", "2025-03-12")
    assert source.meta_value("url") == "https://example.org/a"
    assert [p.text for p in source.paragraphs] == ["First paragraph.", "Second paragraph."]
    assert source.text[source.paragraphs[0].start : source.paragraphs[0].end] == "First paragraph."


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("- a list\n", "front matter must be a mapping"),
        ("title: [1, 2]\n", "field 'title' must be text"),
        ("title: T\ndate: 12/03/2025\n", "field 'date'"),
        ("title: T\ndate: 2025-02-30\n", "field 'date'"),
        ("standfirst: no title\n", "no 'title'"),
        ("title: a: b: c\n", "not valid YAML"),
    ],
)
def test_bad_front_matter_names_the_field(tmp_path, front, reason):
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "a.md", f"---\n{front}---\nBody.\n"))
    assert reason in str(caught.value)


def test_discover_sorts_and_notes_unknown_files(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("b.txt", "a.md", "notes.docx", ".hidden.txt"):
        (seeds / name).write_text("x\n\ny\n", encoding="utf-8")
    found = discover(seeds)
    assert [p.name for p in found.paths] == ["a.md", "b.txt"]
    assert len(found.notes) == 1 and "notes.docx: ignored" in found.notes[0]


def test_symlink_out_of_seeds_is_refused(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    outside = write(tmp_path, "secret.txt", "Head\n\nBody.\n")
    (seeds / "link.txt").symlink_to(outside)
    found = discover(seeds)
    assert found.paths == ()
    assert "symlink to a file outside the seeds folder" in str(found.refused[0])


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    from generator import sources

    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 20)
    assert read_source(write(tmp_path, "ok.txt", "Head\n\nBody of 20 b.\n")).title == "Head"
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "big.txt", "Head\n\nBody of 21 by.\n"))
    assert caught.value.reason == "is 21 bytes, more than the 20 bytes one article may have; split it into several files"


def test_one_long_line_is_refused_as_a_headline_not_as_a_file_without_body(tmp_path):
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "a.txt", "word " * 100))
    assert caught.value.reason == "headline is 499 characters long; line 1 must be the headline (at most 300 characters)"


def test_file_names_are_shown_on_one_printable_line(tmp_path):
    from generator.sources import display_path

    assert display_path(tmp_path / "a\nb\tc.txt").endswith("/a\\nb\\tc.txt")
    assert display_path(tmp_path / os.fsdecode(b"caf\xe9.txt")).endswith("/caf\\xe9.txt")
    assert display_path(tmp_path / "caf\u00e9 \u5317\u4eac.txt").endswith("/caf\u00e9 \u5317\u4eac.txt")  # printable: as is


def test_all_warnings_about_a_file_are_one_line(tmp_path):
    source = read_source(write(tmp_path, "a.md", b"---\ntitle: T\ntags: x\nsummary: y\n---\nPrices rose \x96 again.\n"), "seeds/a.md")
    assert source.warnings == (
        "seeds/a.md: not UTF-8 (byte 48); read as Windows-1252, offsets refer to that decoding; re-save the file as UTF-8; "
        "front matter fields 'summary', 'tags' ignored; the fields are author, date, source, standfirst, title, url",
    )


def test_front_matter_opening_line_may_end_in_spaces(tmp_path):
    source = read_source(write(tmp_path, "a.md", "---  \r\ntitle: T\r\n--- \r\nBody.\r\n"))
    assert (source.title, source.format, [p.text for p in source.paragraphs]) == ("T", "markdown", ["Body."])


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("", "front matter is empty; add 'title: Your headline'"),
        ("title: !!python/object/apply:os.system ['true']\n",
         "front matter has a YAML tag that is not allowed (line 2); remove the '!' tag or quote the value"),
        ("title: T\ndate: " + "9" * 80 + "\n", "front matter field 'date' is " + "9" * 39 + "…; write it as YYYY-MM-DD"),
        ("title: yes\n", "front matter field 'title' must be text, not true/false; quote it"),
        ("title: T\nauthor: {name: x}\n", "front matter field 'author' must be text, not a mapping; quote it"),
    ],
)
def test_front_matter_errors_name_the_field_and_the_fix(tmp_path, front, reason):
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "a.md", f"---\n{front}---\nBody.\n"))
    assert caught.value.reason == reason


def test_pipes_and_other_special_files_are_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(SeedError, match="not a regular file"):
        read_source(tmp_path / "pipe.txt")


def test_discover_refuses_dangling_and_looping_links_and_outside_folders(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "inner").mkdir(parents=True)
    (seeds / "inner" / "a.txt").write_text("Head\n\nBody.\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (seeds / "dangling.txt").symlink_to("missing.txt")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "out").symlink_to(tmp_path / "elsewhere")
    (seeds / "again").symlink_to("inner")
    (seeds / "same.txt").symlink_to("inner/a.txt")
    found = discover(seeds)
    assert [p.relative_to(seeds).as_posix() for p in found.paths] == ["inner/a.txt", "same.txt"]
    assert [(Path(e.path).name, e.reason.split(";")[0]) for e in found.refused] == [
        ("out", "symlink to a folder outside the seeds folder"),
        ("dangling.txt", "symlink to a file that does not exist"),
        ("loop.txt", "symlink that loops back on itself"),
    ]
    assert [n.split(": ", 1)[1] for n in found.notes] == ["ignored, a symlink to a folder inside the seeds folder"]


def test_many_unknown_fields_are_named_briefly(tmp_path):
    front = "".join(f"field{n:02d}: x\n" for n in range(12))
    source = read_source(write(tmp_path, "a.md", f"---\ntitle: T\n{front}---\nBody.\n"), "seeds/a.md")
    assert source.warnings == (
        "seeds/a.md: front matter fields 'field00', 'field01', 'field02', 'field03', 'field04' and 7 more ignored; "
        "the fields are author, date, source, standfirst, title, url",
    )


def test_a_one_paragraph_file_without_headline_is_an_article_titled_by_its_first_sentence(tmp_path):
    text = "A harbour pilot who guided a grain ship through fog was praised by the port on Monday. Mr. Lee said little.\n"
    source = read_source(write(tmp_path, "a.txt", text))
    assert source.title == "A harbour pilot who guided a grain ship through fog was praised by the port on Monday."
    assert source.standfirst is None
    assert source.body_start == source.title_start == 0
    assert [p.text for p in source.paragraphs] == [text.strip()]


def test_a_first_line_too_long_for_a_headline_is_the_first_paragraph_when_written_as_prose(tmp_path):
    first = "The council met " + "and talked " * 40 + "until late. Mr. Ode said nothing."
    source = read_source(write(tmp_path, "a.txt", f"{first}\n\nA second paragraph.\n"))
    assert [p.text for p in source.paragraphs] == [first, "A second paragraph."]
    assert source.title.endswith("…") and len(source.title) <= 151
    assert source.title.startswith("The council met and talked")


def test_the_first_sentence_skips_abbreviations():
    from generator.sources import headline_from

    assert headline_from("Okla. man held after U.S. Rep. Ode spoke. More here.") == "Okla. man held after U.S. Rep. Ode spoke."


@pytest.mark.parametrize("line", ["Only a headline and nothing else", "Talks end.", "Why did the talks fail this week in the city?"])
def test_a_lone_line_that_reads_as_a_headline_still_has_no_body(tmp_path, line):
    with pytest.raises(SeedError) as caught:
        read_source(write(tmp_path, "a.txt", line + "\n"))
    assert "no body text" in caught.value.reason
