"""`briefing bench-search`: the parts that need no browser or corpus."""
from __future__ import annotations

from pathlib import Path

from generator.search_bench import END, START, name_queries, write_section, write_seeds

ROOT = Path(__file__).resolve().parent.parent


def test_write_section_replaces_only_its_own_section(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    write_section(path, f"{START}\none\n{END}\n")
    assert path.read_text(encoding="utf-8") == f"# Benchmarks\n\n{START}\none\n{END}\n"
    # Another engineer's section before and after ours stays as it is.
    path.write_text(f"# Benchmarks\n\n## Build\n\nrows\n\n{START}\none\n{END}\n\n## Later\n", encoding="utf-8")
    write_section(path, f"{START}\ntwo\n{END}\n")
    assert path.read_text(encoding="utf-8") == f"# Benchmarks\n\n## Build\n\nrows\n\n{START}\ntwo\n{END}\n\n## Later\n"


def test_seeds_beyond_the_corpus_are_new_files_of_the_same_texts(tmp_path):
    corpus = tmp_path / "bbc"
    for category, names in (("business", ("001.txt", "002.txt")), ("sport", ("001.txt",))):
        (corpus / category).mkdir(parents=True)
        for name in names:
            (corpus / category / name).write_text(f"{category} {name}\n\nBody.\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    write_seeds(corpus, 5, seeds)
    files = sorted(p.name for p in seeds.iterdir())
    assert files == ["00-business-001.txt", "00-business-002.txt", "00-sport-001.txt",
                     "01-business-001.txt", "01-business-002.txt"]
    assert (seeds / "01-business-001.txt").read_text(encoding="utf-8") == "business 001.txt\n\nBody.\n"


def test_name_queries_name_exactly_one_page():
    export = {
        "actors": [
            {"name": "Keir Starmer", "aliases": ["Starmer", "the Prime Minister"], "page": "actors/keir-starmer.html"},
            {"name": "Tony Blair", "aliases": ["Blair", "the Prime Minister"], "page": "actors/tony-blair.html"},
            {"name": "Russia", "aliases": [], "page": "actors/russia.html"},
        ],
        "locations": [
            {"name": "Russia", "aliases": [], "page": "locations/russia.html"},
            {"name": "Kyiv", "aliases": ["Kiev"], "page": "locations/kyiv-ua.html"},
        ],
    }
    queries, keys = name_queries(export, count=6)
    texts = {q.text for q in queries}
    assert texts == {"Keir Starmer", "Tony Blair", "Kyiv", "Starmer", "Blair", "Kiev"}
    assert {q.page for q in queries if q.text == "Kiev"} == {"locations/kyiv-ua.html"}
    assert keys == {"keys": 8, "ambiguous": 2}  # "russia" and "the prime minister"


def test_the_command_is_documented_in_the_readme():
    assert "briefing bench-search" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_report_from_measured_rows(tmp_path):
    from generator.search_bench import ModeResult, Query, report, summarize

    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    for name, size in (("names", 1000), ("titles", 500), ("text-0", 200), ("snip-0", 100)):
        (site / "search" / f"{name}.js").write_bytes(b"x" * size)
    query = Query("Kiev", "locations/kyiv-ua.html", "place alias")
    mode = ModeResult(
        "file", ready_ms=[100.0, 120.0], titles_ms=[150.0], name_keys=[{"query": "K", "first": 3.0, "complete": 5.0, "frame": 9.0}],
        text_keys=[{"query": "rain", "first": 2.0, "complete": 20.0, "frame": 30.0}], ranks=[(query, 1)],
        first_query_layers=["names", "titles", "text-0"], first_text_layers=["snip-0"], all_layers=["names", "titles", "text-0", "snip-0"],
        heap_ready_mb=5.0, heap_after_mb=7.0, heap_without_search_mb=3.0,
    )
    sizes = {"names": 1000, "titles": 500, "text": 200, "snip": 100, "material": 1330, "files": 4}
    row = summarize(1000, {"reused": True}, site, sizes, {"keys": 10, "ambiguous": 1}, mode, 1000)
    assert row["heap_search"] == 4.0 and row["first_bytes"] == 1700 and row["rank1"] == 1
    text = report([row], {"date": "today", "machine": "2 cores", "chromium": "1", "load": "", "load_detail": "low"})
    assert text.startswith(START) and text.endswith(END + "\n")
    assert "| 1,000 | file | 110 / 120 |" in text
    assert "1 of 10 at 1,000 articles" in text
