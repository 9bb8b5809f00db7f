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
