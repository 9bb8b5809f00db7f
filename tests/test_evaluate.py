"""Unit tests of `generator.evaluate`: parsing, seed scoring, floors, the table. No spaCy."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from generator import evaluate as ev

ROOT = Path(__file__).resolve().parent.parent

NER_OUTPUT = """\
PER  P=0.807 R=0.714 F1=0.758
LOC  P=0.797 R=0.804 F1=0.800
ORG  P=0.510 R=0.329 F1=0.400
ALL  P=0.744 R=0.644 F1=0.690
F1 PER=0.758 LOC=0.800 ORG=0.400 ALL=0.690
"""
GEO_OUTPUT = """\
gold toponyms 2170; found 1921 (recall 0.885); system place mentions 2055 (overlap-precision 0.903)
Acc@161 on found 0.560; end-to-end found-and-right 0.496
recall=0.885 acc161=0.560 e2e=0.496
"""
SUMMARY_OUTPUT = """\
articles 100; mean summary words 75.9
R1=41.34 R2=18.27 RL=37.38
"""


# -- parsing the tools' output ---------------------------------------------------


def test_parse_ner_reads_every_type():
    values = ev.parse_ner(NER_OUTPUT)
    assert values["conll_p_per"] == 0.807
    assert values["conll_r_loc"] == 0.804
    assert values["conll_f1_org"] == 0.400
    assert values["conll_f1_all"] == 0.690


def test_parse_ner_with_missing_articles_line():
    values = ev.parse_ner(NER_OUTPUT.replace("F1 PER", "articles with no output: 3\nF1 PER"))
    assert values["conll_f1_per"] == 0.758


def test_parse_geo():
    assert ev.parse_geo(GEO_OUTPUT) == {
        "geo_recall": 0.885, "geo_acc161": 0.560, "geo_e2e": 0.496, "geo_precision": 0.903,
    }


def test_parse_summary_with_prefix():
    assert ev.parse_summary(SUMMARY_OUTPUT) == {
        "cnndm_rouge1": 41.34, "cnndm_rouge2": 18.27, "cnndm_rougeL": 37.38, "cnndm_words": 75.9,
    }
    assert ev.parse_summary(SUMMARY_OUTPUT, "lead3")["lead3_rouge1"] == 41.34


@pytest.mark.parametrize("parse", [ev.parse_ner, ev.parse_geo, ev.parse_summary])
def test_unrecognised_output_is_a_parse_error(parse):
    with pytest.raises(ev.ParseError):
        parse("Traceback (most recent call last):\nboom\n")


# -- the seed article against its gold -------------------------------------------

GOLD = {
    "people": [
        {"name": "Ada Quill", "aliases": ["Ms. Quill", "the Chancellor"], "role": "Chancellor"},
        {"name": "Bram Osk", "aliases": ["Osk"], "role": "Harbour Master"},
        {"name": "Cyd Vane", "aliases": [], "role": "Envoy"},
    ],
    "organisations": [{"name": "Guild of Tides"}],
    "states": ["Freedonia"],
    "locations": [
        {"name": "Port Verrin", "kind": "city"},
        {"name": "Lake Oblast", "kind": "region"},
        {"name": "Sylvania", "kind": "country"},
    ],
    "quotes": [
        {"speaker": "Ada Quill", "text": "we shall hold the line"},
        {"speaker": "Bram Osk", "text": "The tide isn’t ours.  It never was."},
        {"speaker": "Cyd Vane", "text": "nothing to add"},
    ],
}


def actor(id, name, kind="person", role=None, aliases=()):
    return {"id": id, "name": name, "kind": kind, "role": role, "aliases": list(aliases), "mentions": []}


def location(name, aliases=(), kind="city"):
    return {"id": name.lower(), "name": name, "kind": kind, "aliases": list(aliases), "mentions": []}


RECORD = {
    "actors": [
        actor("ada-quill", "Ada Quill", role="chancellor"),
        actor("osk", "Osk", role="Deputy Harbour Master"),  # gold role contained in system role
        actor("vane", "Vane Street", kind="organisation"),  # not a person: Cyd Vane is missed
        actor("freedonia", "Freedonia", kind="state"),
        actor("guild", "The Guild of Tides", kind="organisation"),
        actor("monday", "Monday", kind="person"),  # junk
    ],
    "locations": [
        location("Port Verrin"),
        location("Lake Oblast", aliases=["Lake region"], kind="region"),
        location("Atlantis"),  # junk
    ],
    "quotes": [
        {"speaker": "ada-quill", "text": "“we shall hold the line”", "start": 0, "end": 1},
        {"speaker": "ada-quill", "text": "The tide isn't ours. It never was.", "start": 2, "end": 3},
        {"speaker": None, "text": "nothing", "start": 4, "end": 5},  # a fragment is not the quote
    ],
}


def test_score_seed_people_and_roles():
    score = ev.score_seed(GOLD, RECORD)
    assert score.people == ["Ada Quill", "Bram Osk"]
    assert score.people_missed == ["Cyd Vane"]
    assert score.roles == ["Ada Quill", "Bram Osk"]
    assert score.totals["seed_people"] == 3


def test_score_seed_wrong_role_is_listed():
    record = dict(RECORD, actors=[actor("osk", "Bram Osk", role="Mayor")])
    score = ev.score_seed(GOLD, record)
    assert score.roles == []
    assert score.roles_wrong == ["Bram Osk: 'Mayor', gold 'Harbour Master'"]


def test_score_seed_places_by_name_or_alias():
    score = ev.score_seed(GOLD, RECORD)
    assert score.places == ["Port Verrin", "Lake Oblast"]
    assert score.places_missed == ["Sylvania"]
    # The gold name may also match a system alias.
    record = dict(RECORD, locations=[location("Lake Province", aliases=["Lake Oblast"])])
    assert ev.score_seed(GOLD, record).places == ["Lake Oblast"]


def test_score_seed_quotes_need_text_and_speaker():
    score = ev.score_seed(GOLD, RECORD)
    assert score.quotes == ["we shall hold the line"]
    assert len(score.quotes_missed) == 2
    assert "speaker Ada Quill, gold Bram Osk" in score.quotes_missed[0]
    assert "(not found)" in score.quotes_missed[1]


def test_score_seed_junk_lists_unmatched_entities():
    score = ev.score_seed(GOLD, RECORD)
    assert score.junk == ["organisation:Vane Street", "person:Monday", "city:Atlantis"]
    assert score.metrics() == {"seed_people": 2, "seed_roles": 2, "seed_places": 2, "seed_quotes": 1, "seed_junk": 3}


def test_quote_matching():
    assert ev.quote_matches("that’ll be great", '"That\'ll be great."')
    assert ev.quote_matches("one two", "zero one two three")  # gold inside the system quote
    assert not ev.quote_matches("one two three", "one two")  # a fragment is not enough
    assert not ev.quote_matches("", "anything")


def test_role_matching():
    assert ev.role_matches("Prime Minister", "prime minister")
    assert ev.role_matches("special envoy", "U.S. special envoy")
    assert not ev.role_matches("President", None)
    assert ev.role_matches(None, "anything")


# -- floors --------------------------------------------------------------------------

FLOORS = """
# set today
conll_f1_per = 0.7
# set today
words_per_second = 1000

[ceilings]
# set today
seed_junk = 1
"""


def test_parse_floors_and_ceilings():
    floors = ev.parse_floors(FLOORS)
    assert floors.floors == {"conll_f1_per": 0.7, "words_per_second": 1000.0}
    assert floors.ceilings == {"seed_junk": 1.0}
    assert floors.bound("seed_junk") == ("<=", 1.0)
    assert floors.bound("geo_recall") is None


@pytest.mark.parametrize("text, message", [
    ("conll_f1_person = 0.7\n", "unknown metric 'conll_f1_person'"),
    ("conll_f1_per = 'high'\n", "must be a number"),
    ("conll_f1_per = true\n", "must be a number"),
    ("conll_f1_per = \n", "not valid TOML"),
    ("seed_junk = 0\n[ceilings]\nseed_junk = 1\n", "both a floor and a ceiling"),
])
def test_parse_floors_rejects(text, message):
    with pytest.raises(ev.FloorsError, match=message):
        ev.parse_floors(text)


def test_check_floors():
    floors = ev.parse_floors(FLOORS)
    values = {"conll_f1_per": 0.69, "words_per_second": 1000.0, "seed_junk": 2}
    problems = ev.check_floors(values, floors, ["conll", "seed", "speed"])
    assert problems == [
        "conll_f1_per: 0.690 below floor 0.700 (CoNLL dev PER F1)",
        "seed_junk: 2 above ceiling 1 (Seed junk entities)",
    ]
    assert ev.check_floors({"conll_f1_per": 0.7, "seed_junk": 1}, floors, ["conll", "seed"]) == []


def test_check_floors_skips_unmeasured_parts_but_not_missing_values():
    floors = ev.parse_floors(FLOORS)
    assert ev.check_floors({}, floors, []) == []
    assert ev.check_floors({}, floors, ["conll"]) == ["conll_f1_per: not measured (floor >= 0.700)"]


def test_project_floors_file_covers_every_metric_with_a_comment():
    path = ROOT / ev.FLOORS_FILE
    floors = ev.load_floors(path)
    assert set(floors.floors) | set(floors.ceilings) == set(ev.METRIC_KEYS)
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[index - 1].startswith("#"), f"no reason given above {line!r}"


# -- the table ---------------------------------------------------------------------------


def test_format_table_is_aligned_and_flags_broken_bounds():
    values = {"conll_p_per": 0.8, "conll_r_per": 0.7, "conll_f1_per": 0.69, "cnndm_rouge1": 41.0,
              "lead3_rouge1": 40.5, "seed_people": 7, "seed_junk": 0, "words_per_second": 4515.2}
    floors = ev.parse_floors(FLOORS)
    table = ev.format_table(values, ["conll", "cnndm", "seed", "speed"], floors, {"seed_people": 8})
    lines = table.splitlines()
    assert lines[0].split() == ["metric", "value", "Lead-3", "bound", "status"]
    # Cells sit exactly under the header's dashes.
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    assert len(spans) == 5 and len(lines[1]) == len(lines[0])
    row = {}
    for line in lines[2:]:
        cells = [line.ljust(len(lines[1]))[a:b].strip() for a, b in spans]
        assert all(line[a - 1 : a].strip() == "" for a, _ in spans[1:] if a <= len(line))
        row[cells[0]] = cells[1:]
    assert row["CoNLL dev PER F1"] == ["0.690", "", ">= 0.700", "BELOW"]
    assert row["CoNLL dev PER precision"] == ["0.800", "", "", ""]
    assert row["CNN/DM ROUGE-1"] == ["41.00", "40.50", "", ""]
    assert row["Seed gold people found"] == ["7/8", "", "", ""]
    assert row["Seed junk entities"] == ["0", "", "<= 1", "ok"]
    assert row["Extraction words/s"] == ["4,515", "", ">= 1,000", "ok"]
    assert row["CNN/DM ROUGE-2"] == ["-", "-", "", ""]  # measured part, values missing
    assert not any(line.startswith("GeoVirus") for line in lines)


def test_format_table_without_floors_has_no_bound_column():
    table = ev.format_table({"geo_recall": 0.9}, ["geovirus"])
    assert table.splitlines()[0].split() == ["metric", "value", "Lead-3"]


# -- the command --------------------------------------------------------------------------


def test_missing_eval_dir_prints_one_line_and_succeeds(tmp_path):
    out = io.StringIO()
    assert ev.run(tmp_path / "absent", out=out, check=True) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert "evaluation sets not found" in lines[0]


def test_default_eval_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ev.ENV_EVAL_DIR, str(tmp_path / "elsewhere"))
    assert ev.default_eval_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv(ev.ENV_EVAL_DIR)
    monkeypatch.chdir(tmp_path)
    assert ev.default_eval_dir() == tmp_path.parent / "shared" / "eval"


def test_cli_pair_with_missing_eval_dir(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    args = parser.parse_args(["--eval-dir", str(tmp_path / "none"), "--check", "--only", "seed"])
    assert args.only == ["seed"]
    assert ev.main(args) == 0
    assert "evaluation sets not found" in capsys.readouterr().out


def test_check_without_floors_file_fails_before_extracting(tmp_path):
    out = io.StringIO()
    code = ev.run(tmp_path, out=out, floors_path=tmp_path / "none.toml", check=True)
    assert code == 2
    assert "floors file not found" in out.getvalue()


def test_invalid_floors_file_fails_before_extracting(tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text("no_such_metric = 1\n", encoding="utf-8")
    out = io.StringIO()
    assert ev.run(tmp_path, out=out, floors_path=floors) == 2
    assert "unknown metric 'no_such_metric'" in out.getvalue()


# -- the parsers against the real shared tools (synthetic input; skipped without them) -------

TOOLS = ev.default_eval_dir() / "tools"


@pytest.mark.skipif(not (TOOLS / "score_ner.py").is_file(), reason="shared eval tools not present")
def test_parse_ner_agrees_with_the_real_tool(tmp_path):
    gold, system = tmp_path / "gold.jsonl", tmp_path / "sys.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "entities": [
        {"type": "PER", "start": 0, "end": 3}, {"type": "LOC", "start": 10, "end": 14},
        {"type": "ORG", "start": 20, "end": 24}]}) + "\n")
    system.write_text(json.dumps({"source": "x/a.txt", "actors": [
        {"kind": "person", "mentions": [{"start": 0, "end": 3}, {"start": 30, "end": 33}]},
        {"kind": "organisation", "mentions": [{"start": 20, "end": 25}]}],
        "locations": [{"mentions": [{"start": 10, "end": 14}]}]}) + "\n")
    values = ev.parse_ner(ev.run_tool(TOOLS / "score_ner.py", gold, system))
    assert (values["conll_p_per"], values["conll_r_per"]) == (0.5, 1.0)
    assert values["conll_f1_loc"] == 1.0
    assert values["conll_f1_org"] == 0.0


@pytest.mark.skipif(not (TOOLS / "score_geo.py").is_file(), reason="shared eval tools not present")
def test_parse_geo_agrees_with_the_real_tool(tmp_path):
    gold, system = tmp_path / "gold.jsonl", tmp_path / "sys.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "toponyms": [
        {"start": 0, "end": 5, "lat": 10.0, "lon": 10.0}, {"start": 9, "end": 12, "lat": 0.0, "lon": 0.0}]}) + "\n")
    system.write_text(json.dumps({"source": "a.txt", "locations": [
        {"lat": 10.5, "lon": 10.0, "mentions": [{"start": 0, "end": 5}, {"start": 40, "end": 45}]}]}) + "\n")
    values = ev.parse_geo(ev.run_tool(TOOLS / "score_geo.py", gold, system))
    assert values == {"geo_recall": 0.5, "geo_acc161": 1.0, "geo_e2e": 0.5, "geo_precision": 0.5}


@pytest.mark.skipif(not (TOOLS / "score_summary.py").is_file() or importlib.util.find_spec("rouge_score") is None,
                    reason="shared eval tools or rouge-score not present")
def test_parse_summary_agrees_with_the_real_tool(tmp_path):
    gold, system = tmp_path / "gold.jsonl", tmp_path / "sys.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "reference": "The cat sat on the mat."}) + "\n")
    system.write_text(json.dumps({"source": "a.txt", "summary": ["The cat sat on the mat."]}) + "\n")
    values = ev.parse_summary(ev.run_tool(TOOLS / "score_summary.py", gold, system))
    assert values == {"cnndm_rouge1": 100.0, "cnndm_rouge2": 100.0, "cnndm_rougeL": 100.0, "cnndm_words": 6.0}


def test_run_tool_failure_names_the_tool(tmp_path):
    tool = tmp_path / "broken.py"
    tool.write_text("import sys\nprint('bad input', file=sys.stderr)\nsys.exit(3)\n")
    with pytest.raises(RuntimeError, match=r"broken.py failed \(exit 3\): bad input"):
        ev.run_tool(tool)
