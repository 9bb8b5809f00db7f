"""`briefing bench` on a tiny corpus: it builds, measures and writes the tables (no timing assertions)."""

from __future__ import annotations

import re

from generator.bench import seed_name, seed_text
from tests.conftest import FIXTURE_SEEDS
from tests.test_cli import run


def test_copies_of_a_small_corpus_get_distinct_names_and_headlines(tmp_path):
    article = tmp_path / "business" / "001.txt"
    article.parent.mkdir()
    article.write_text("Headline\n\nBody.\n", encoding="utf-8")
    assert seed_name(tmp_path, article, 0) == "business-001.txt"
    assert seed_name(tmp_path, article, 2) == "business-001-copy3.txt"
    assert seed_text(article, 0) == "Headline\n\nBody.\n"
    assert seed_text(article, 2) == "Headline (copy 3)\n\nBody.\n"


def test_bench_on_three_articles_writes_both_tables(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    result = run("bench", "--corpus", str(FIXTURE_SEEDS), "--sizes", "3", "--incremental", "3", "--jobs", "1",
                 "--output", str(output), "--workdir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = output.read_text(encoding="utf-8")
    assert result.stdout == report
    for fact in ("| CPU | ", "| RAM | ", "| Python | ", "| spaCy / model | ", "| MkDocs / Material | ", "| date | "):
        assert fact in report
    cold = [line for line in report.splitlines() if line.startswith("| 3 | ")]
    assert len(cold) == 1 and len(cold[0].split(" | ")) == 14
    assert re.search(r"\| \d+ ms \|$", cold[0])  # the CPU check
    changes = re.findall(r"^\| (nothing changed|one added|one edited|one deleted) \|", report, flags=re.MULTILINE)
    assert changes == ["nothing changed", "one added", "one edited", "one deleted"]
    assert "| nothing changed | " in report and "| 0 written, 0 removed | 3 of 3 |" in report
    assert "| one added | " in report and "| 3 of 4 |" in report
    assert not list(tmp_path.glob("briefing-bench-*"))  # the temporary projects are gone


def test_bench_names_a_missing_corpus(tmp_path):
    result = run("bench", "--corpus", str(tmp_path / "nowhere"), "--sizes", "3", "--output", "")
    assert result.returncode == 2
    assert result.stderr == f"briefing bench: {tmp_path / 'nowhere'}: corpus folder not found; pass --corpus DIR (a folder of .txt or .md articles)\n"
