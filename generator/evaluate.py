"""`briefing evaluate`: measure the extractor on the shared evaluation sets.

The sets live outside the repository (``../shared/eval`` by default, or
``$BRIEFING_EVAL_DIR``, or ``--eval-dir``); their texts are never copied into
the project. When the folder is absent the command says so and succeeds, so
unit-test runs and CI without the data are unaffected.

What it does:

1. runs the extractor over ``conll2003-dev``, ``geovirus`` and ``cnndm-dev``
   (every ``*.txt``, sorted) and writes one JSON Lines file per set in the
   ``briefing extract`` schema;
2. scores them with the set's own tools in ``<eval-dir>/tools`` (run as
   subprocesses with this interpreter, their printed figures parsed), so the
   numbers agree exactly with anyone running the tools by hand; Lead-3 is
   scored the same way as an anchor for the summary;
3. scores the seed article against ``seed-gold.yaml`` (people, roles, places,
   quotes with speakers, junk entities), by name/alias matching;
4. measures extraction speed (words per second, model load excluded);
5. prints one table and, with ``--check``, fails (exit 1) when a metric falls
   below its floor (or above its ceiling) in ``quality-floors.toml``.

Exit codes: 0 done (or no eval data), 1 a floor was broken (``--check``),
2 the evaluation could not be completed (a scorer failed, floors file invalid).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# Set name (as used with --only) -> folder inside the eval dir.
SETS = {"conll": "conll2003-dev", "geovirus": "geovirus", "cnndm": "cnndm-dev"}
SEED = "seed"
COREF = "ecbplus"  # cross-document coreference: a whole build's JSON export
COREF_FOLDER = "ecbplus-dev"
ALL_PARTS = (*SETS, COREF, SEED)
SEED_GOLD = "seed-gold.yaml"
FLOORS_FILE = "quality-floors.toml"
ENV_EVAL_DIR = "BRIEFING_EVAL_DIR"


# -- the metrics: one table row and one floor key each ------------------------


@dataclass(frozen=True)
class Metric:
    key: str  # floor key in quality-floors.toml
    label: str  # table row label
    part: str  # which of ALL_PARTS measures it ("speed" for words/s)
    kind: str = "ratio"  # ratio (0-1, 3 decimals) | rouge (0-100) | words | count | rate
    higher_is_better: bool = True
    reference: str | None = None  # key of the comparison value (Lead-3) shown beside it


def _metrics() -> tuple[Metric, ...]:
    rows = []
    for typ in ("PER", "LOC", "ORG"):
        low = typ.lower()
        rows += [
            Metric(f"conll_p_{low}", f"CoNLL dev {typ} precision", "conll"),
            Metric(f"conll_r_{low}", f"CoNLL dev {typ} recall", "conll"),
            Metric(f"conll_f1_{low}", f"CoNLL dev {typ} F1", "conll"),
        ]
    rows += [
        Metric("geo_recall", "GeoVirus toponym recall", "geovirus"),
        Metric("geo_precision", "GeoVirus overlap precision", "geovirus"),
        Metric("geo_acc161", "GeoVirus Acc@161km (found)", "geovirus"),
        Metric("cnndm_rouge1", "CNN/DM ROUGE-1", "cnndm", "rouge", reference="lead3_rouge1"),
        Metric("cnndm_rouge2", "CNN/DM ROUGE-2", "cnndm", "rouge", reference="lead3_rouge2"),
        Metric("cnndm_rougeL", "CNN/DM ROUGE-L", "cnndm", "rouge", reference="lead3_rougeL"),
        # Not a quality figure: a ceiling catches summaries that win ROUGE by length.
        Metric("cnndm_words", "CNN/DM mean summary words", "cnndm", "words", False, reference="lead3_words"),
        Metric("coref_found", "ECB+ gold mentions found", COREF),
        Metric("coref_b3_p", "ECB+ B-cubed precision", COREF),
        Metric("coref_b3_r", "ECB+ B-cubed recall", COREF),
        Metric("coref_b3_f1", "ECB+ B-cubed F1", COREF),
        Metric("seed_people", "Seed gold people found", SEED, "count"),
        Metric("seed_roles", "Seed gold people, right role", SEED, "count"),
        Metric("seed_places", "Seed gold places found", SEED, "count"),
        Metric("seed_quotes", "Seed gold quotes, right speaker", SEED, "count"),
        Metric("seed_junk", "Seed junk entities", SEED, "count", False),
        Metric("words_per_second", "Extraction words/s", "speed", "rate"),
    ]
    return tuple(rows)


METRICS = _metrics()
METRIC_KEYS = {m.key: m for m in METRICS}


# -- parsing the tools' printed figures ----------------------------------------

_NER_LINE = re.compile(r"^(PER|LOC|ORG|ALL)\s+P=([\d.]+)\s+R=([\d.]+)\s+F1=([\d.]+)\s*$", re.MULTILINE)
_GEO_PREC = re.compile(r"overlap-precision ([\d.]+)")
_GEO_LAST = re.compile(r"recall=([\d.]+)\s+acc161=([\d.]+)\s+e2e=([\d.]+)")
_COREF_B3 = re.compile(r"B3 P=([\d.]+) R=([\d.]+) F1=([\d.]+)")
_COREF_FOUND = re.compile(r"found=([\d.]+) b3f1=([\d.]+)")
_SUM_WORDS = re.compile(r"mean summary words ([\d.]+)")
_SUM_LAST = re.compile(r"R1=([\d.]+)\s+R2=([\d.]+)\s+RL=([\d.]+)")


class ParseError(ValueError):
    """A scoring tool printed something this module does not recognise."""


def parse_ner(output: str) -> dict[str, float]:
    """score_ner.py output -> conll_{p,r,f1}_{per,loc,org,all}."""
    found = {m.group(1): m.groups()[1:] for m in _NER_LINE.finditer(output)}
    if not {"PER", "LOC", "ORG"} <= found.keys():
        raise ParseError(f"score_ner.py output not recognised: {_tail(output)!r}")
    out = {}
    for typ, (p, r, f1) in found.items():
        low = typ.lower()
        out[f"conll_p_{low}"], out[f"conll_r_{low}"], out[f"conll_f1_{low}"] = float(p), float(r), float(f1)
    return out


def parse_geo(output: str) -> dict[str, float]:
    """score_geo.py output -> geo_recall, geo_precision, geo_acc161, geo_e2e."""
    last, prec = _GEO_LAST.search(output), _GEO_PREC.search(output)
    if not last or not prec:
        raise ParseError(f"score_geo.py output not recognised: {_tail(output)!r}")
    return {
        "geo_recall": float(last.group(1)), "geo_acc161": float(last.group(2)),
        "geo_e2e": float(last.group(3)), "geo_precision": float(prec.group(1)),
    }


def parse_coref(output: str) -> dict[str, float]:
    b3, found = _COREF_B3.search(output), _COREF_FOUND.search(output)
    if not b3 or not found:
        raise ParseError(f"score_coref.py printed no B3/found line: {_tail(output)}")
    return {"coref_b3_p": float(b3[1]), "coref_b3_r": float(b3[2]), "coref_b3_f1": float(b3[3]),
            "coref_found": float(found[1])}


def parse_summary(output: str, prefix: str = "cnndm") -> dict[str, float]:
    """score_summary.py output -> {prefix}_rouge1/2/L (0-100) and {prefix}_words."""
    last, words = _SUM_LAST.search(output), _SUM_WORDS.search(output)
    if not last or not words:
        raise ParseError(f"score_summary.py output not recognised: {_tail(output)!r}")
    return {
        f"{prefix}_rouge1": float(last.group(1)), f"{prefix}_rouge2": float(last.group(2)),
        f"{prefix}_rougeL": float(last.group(3)), f"{prefix}_words": float(words.group(1)),
    }


def _tail(text: str, lines: int = 3) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# -- the seed article against seed-gold.yaml ------------------------------------

_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                              "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'"})


def norm_name(name: str | None) -> str:
    """Names compare case-insensitively, spaces collapsed, a leading "the" ignored."""
    text = " ".join((name or "").translate(_QUOTE_CHARS).casefold().split())
    return text[4:] if text.startswith("the ") else text


def norm_quote(text: str | None) -> str:
    """Quotes compare with curly quotes straightened, whitespace collapsed, outer quotes/punctuation dropped."""
    text = " ".join((text or "").translate(_QUOTE_CHARS).casefold().split())
    return text.strip(" \"'.,;:!?")


def quote_matches(gold: str, system: str) -> bool:
    """Equal after normalisation, or the gold quotation lies inside the system's (never a fragment of it)."""
    g, s = norm_quote(gold), norm_quote(system)
    return bool(g) and (g == s or g in s)


def _names(entry: dict) -> set[str]:
    """Normalised name and aliases of a gold or system entry."""
    names = {norm_name(entry.get("name"))}
    names.update(norm_name(a) for a in entry.get("aliases") or ())
    return {n for n in names if n}


def _gold_entries(gold: dict, key: str) -> list[dict]:
    """Gold lists may hold mappings or bare names (states)."""
    return [e if isinstance(e, dict) else {"name": str(e)} for e in gold.get(key) or ()]


@dataclass
class SeedScore:
    people: list[str] = field(default_factory=list)  # gold names found
    people_missed: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # gold names found with the right role
    roles_wrong: list[str] = field(default_factory=list)  # "name: system role vs gold role"
    places: list[str] = field(default_factory=list)
    places_missed: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # gold quote texts found with the right speaker
    quotes_missed: list[str] = field(default_factory=list)  # with why
    junk: list[str] = field(default_factory=list)  # "kind:name" of system entities matching no gold entity
    totals: dict[str, int] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        return {"seed_people": len(self.people), "seed_roles": len(self.roles), "seed_places": len(self.places),
                "seed_quotes": len(self.quotes), "seed_junk": len(self.junk)}


def role_matches(gold: str | None, system: str | None) -> bool:
    g, s = norm_name(gold), norm_name(system)
    if not g:
        return True  # nothing to get right
    return bool(s) and (g == s or g in s)


def score_seed(gold: dict, record: dict) -> SeedScore:
    """Compare one `briefing extract` record with the hand-made gold (seed-gold.yaml)."""
    score = SeedScore()
    actors = record.get("actors") or []
    persons = [a for a in actors if a.get("kind") == "person"]
    locations = record.get("locations") or []
    gold_people = _gold_entries(gold, "people")
    gold_places = _gold_entries(gold, "locations")
    score.totals = {"seed_people": len(gold_people), "seed_roles": len(gold_people),
                    "seed_places": len(gold_places), "seed_quotes": len(gold.get("quotes") or ())}

    def person_for(entry: dict) -> dict | None:
        wanted = _names(entry)
        return next((a for a in persons if _names(a) & wanted), None)

    for person in gold_people:
        match = person_for(person)
        if match is None:
            score.people_missed.append(person["name"])
            continue
        score.people.append(person["name"])
        if role_matches(person.get("role"), match.get("role")):
            score.roles.append(person["name"])
        else:
            score.roles_wrong.append(f"{person['name']}: {match.get('role')!r}, gold {person.get('role')!r}")

    for place in gold_places:
        wanted = _names(place)
        if any(_names(loc) & wanted for loc in locations):
            score.places.append(place["name"])
        else:
            score.places_missed.append(place["name"])

    by_id = {a.get("id"): a for a in actors}
    people_by_name = {norm_name(p["name"]): p for p in gold_people}
    for quote in gold.get("quotes") or ():
        text, speaker = quote.get("text", ""), quote.get("speaker", "")
        speaker_names = _names(people_by_name.get(norm_name(speaker), {"name": speaker}))
        candidates = [q for q in record.get("quotes") or () if quote_matches(text, q.get("text", ""))]
        if not candidates:
            score.quotes_missed.append(f"{_short(text)} (not found)")
            continue
        said_by = [by_id.get(q.get("speaker")) for q in candidates]
        if any(a is not None and _names(a) & speaker_names for a in said_by):
            score.quotes.append(text)
        else:
            who = ", ".join(sorted({a.get("name", "?") if a else "nobody" for a in said_by}))
            score.quotes_missed.append(f"{_short(text)} (speaker {who}, gold {speaker})")

    known: set[str] = set()
    for key in ("people", "organisations", "states", "locations"):
        for entry in _gold_entries(gold, key):
            known |= _names(entry)
    for entity in (*actors, *locations):
        if not _names(entity) & known:
            kind = entity.get("kind") or "?"
            score.junk.append(f"{kind}:{entity.get('name')}")
    return score


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# -- floors ----------------------------------------------------------------------


@dataclass(frozen=True)
class Floors:
    floors: dict[str, float]  # metric must be >= value
    ceilings: dict[str, float]  # metric must be <= value

    def bound(self, key: str) -> tuple[str, float] | None:
        if key in self.floors:
            return ">=", self.floors[key]
        if key in self.ceilings:
            return "<=", self.ceilings[key]
        return None


class FloorsError(ValueError):
    """quality-floors.toml is unreadable or names unknown metrics."""


def parse_floors(text: str, where: str = FLOORS_FILE) -> Floors:
    """Top-level keys are floors (>=); keys under [ceilings] are ceilings (<=)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FloorsError(f"{where}: not valid TOML ({error})") from error
    ceilings = data.pop("ceilings", {})
    if not isinstance(ceilings, dict):
        raise FloorsError(f"{where}: 'ceilings' must be a table ([ceilings])")
    out: dict[str, dict[str, float]] = {"floors": {}, "ceilings": {}}
    for table, values in (("floors", data), ("ceilings", ceilings)):
        for key, value in values.items():
            if key not in METRIC_KEYS:
                raise FloorsError(f"{where}: unknown metric '{key}'; known: {', '.join(METRIC_KEYS)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise FloorsError(f"{where}: '{key}' must be a number, not {value!r}")
            out[table][key] = float(value)
    both = out["floors"].keys() & out["ceilings"].keys()
    if both:
        raise FloorsError(f"{where}: {', '.join(sorted(both))} is both a floor and a ceiling")
    return Floors(out["floors"], out["ceilings"])


def load_floors(path: Path) -> Floors:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FloorsError(f"{path}: cannot be read ({error.strerror or error})") from error
    return parse_floors(text, str(path))


def check_floors(values: dict[str, float], floors: Floors, measured_parts: Iterable[str]) -> list[str]:
    """One line per broken bound; a metric of a measured part with no value counts as broken."""
    parts = set(measured_parts)
    problems = []
    for metric in METRICS:
        bound = floors.bound(metric.key)
        if bound is None or metric.part not in parts:
            continue
        op, limit = bound
        value = values.get(metric.key)
        if value is None:
            problems.append(f"{metric.key}: not measured (floor {op} {_fmt(metric, limit)})")
        elif (op == ">=" and value < limit) or (op == "<=" and value > limit):
            word = "below floor" if op == ">=" else "above ceiling"
            problems.append(f"{metric.key}: {_fmt(metric, value)} {word} {_fmt(metric, limit)} ({metric.label})")
    return problems


# -- the table ---------------------------------------------------------------------


def _fmt(metric: Metric, value: float | None, total: int | None = None) -> str:
    if value is None:
        return "-"
    if metric.kind == "ratio":
        return f"{value:.3f}"
    if metric.kind in ("rouge", "words"):
        return f"{value:.2f}" if metric.kind == "rouge" else f"{value:.1f}"
    if metric.kind == "count":
        text = f"{value:g}"
        return f"{text}/{total}" if total is not None else text
    return f"{value:,.0f}"


def format_table(values: dict[str, float], parts: Iterable[str], floors: Floors | None = None,
                 totals: dict[str, int] | None = None) -> str:
    """One aligned plain-text table of the measured parts' metrics."""
    parts = set(parts)
    totals = totals or {}
    header = ["metric", "value", "Lead-3"] + (["bound", "status"] if floors else [])
    rows = [header]
    for metric in METRICS:
        if metric.part not in parts:
            continue
        value = values.get(metric.key)
        row = [metric.label, _fmt(metric, value, totals.get(metric.key)),
               _fmt(metric, values.get(metric.reference)) if metric.reference else ""]
        if floors:
            bound = floors.bound(metric.key)
            flag = ""
            if bound:
                op, limit = bound
                flag = "ok"
                if value is None or (op == ">=" and value < limit) or (op == "<=" and value > limit):
                    flag = "BELOW" if op == ">=" else "ABOVE"
            row += [f"{bound[0]} {_fmt(metric, bound[1])}" if bound else "", flag]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# -- running -------------------------------------------------------------------------


def default_eval_dir() -> Path:
    env = os.environ.get(ENV_EVAL_DIR)
    return Path(env) if env else Path.cwd().parent / "shared" / "eval"


def default_floors_path() -> Path:
    return Path.cwd() / FLOORS_FILE


def run_tool(tool: Path, *args: Path | str) -> str:
    """A shared eval tool's stdout; RuntimeError with its stderr when it fails."""
    result = subprocess.run([sys.executable, str(tool), *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{tool.name} failed (exit {result.returncode}): {_tail(result.stderr or result.stdout)}")
    return result.stdout


def _write_jsonl(path: Path, records: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@dataclass
class Evaluation:
    values: dict[str, float] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)  # parts measured (and "speed")
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # tool outputs, for scores.txt
    seed: SeedScore | None = None
    words: int = 0
    seconds: float = 0.0


def evaluate(eval_dir: Path, work: Path, only: set[str], log: Callable[[str], None]) -> Evaluation:
    """Extract and score every selected part; JSON Lines are written into `work`."""
    from generator.errors import SeedError
    from generator.export import article_dict
    from generator.extract import Extractor
    from generator.sources import read_source

    result = Evaluation()
    tools = eval_dir / "tools"
    log("loading the extractor")
    extractor = Extractor()

    def extract_sources(paths: list[Path]) -> list:
        """Articles of the readable files (the others are noted), timed for words/s."""
        sources = []
        for path in paths:
            try:
                sources.append(read_source(path))
            except SeedError as error:
                result.notes.append(f"skipped {error}")
        started = time.perf_counter()
        articles = list(extractor.extract(sources))
        result.seconds += time.perf_counter() - started
        result.words += sum(s.word_count for s in sources)
        return articles

    def extract(paths: list[Path], out_path: Path) -> None:
        _write_jsonl(out_path, (article_dict(article) for article in extract_sources(paths)))

    def score(label: str, parse: Callable[[str], dict[str, float]], tool: str, *args: Path) -> None:
        try:
            output = run_tool(tools / tool, *args)
            result.values.update(parse(output))
            result.raw.append(f"== {label}: {tool}\n{output.rstrip()}\n")
        except (RuntimeError, ParseError, OSError) as error:
            result.errors.append(f"{label}: {error}")

    for part, folder in SETS.items():
        if part not in only:
            continue
        found = _set_files(eval_dir, folder, result)
        if found is None:
            continue
        set_dir, gold, paths = found
        log(f"extracting {folder} ({len(paths)} articles)")
        system = work / f"{folder}.jsonl"
        extract(paths, system)
        result.parts.append(part)
        if part == "conll":
            score(folder, parse_ner, "score_ner.py", gold, system)
        elif part == "geovirus":
            score(folder, parse_geo, "score_geo.py", gold, system)
        else:
            score(folder, parse_summary, "score_summary.py", gold, system)
            lead3 = work / f"{folder}-lead3.jsonl"
            try:
                lead3.write_text(run_tool(tools / "baseline_lead3.py", set_dir), encoding="utf-8")
                score(f"{folder} Lead-3", lambda o: parse_summary(o, "lead3"), "score_summary.py", gold, lead3)
            except (RuntimeError, OSError) as error:
                result.errors.append(f"{folder} Lead-3: {error}")

    if COREF in only:
        _evaluate_coref(eval_dir, work, result, extractor, extract_sources, score, log)

    if SEED in only:
        _evaluate_seed(eval_dir, work, result, extractor, article_dict, read_source, log)

    if result.words and result.seconds > 0:
        result.values["words_per_second"] = result.words / result.seconds
        result.parts.append("speed")
    return result


def _set_files(eval_dir: Path, folder: str, result: "Evaluation") -> tuple[Path, Path, list[Path]] | None:
    """An evaluation set's folder, gold file and articles; None (with a note) when the set is absent."""
    set_dir = eval_dir / folder
    gold = set_dir / "gold.jsonl"
    if not gold.is_file():
        result.notes.append(f"{folder}: not found in {eval_dir}; skipped")
        return None
    return set_dir, gold, sorted(set_dir.glob("*.txt"))


def _evaluate_coref(eval_dir, work, result, extractor, extract_sources, score, log) -> None:
    """A site index over the ECB+ articles, scored from its JSON export as the site publishes it."""
    from generator.export import export_json
    from generator.index import build_index

    found = _set_files(eval_dir, COREF_FOLDER, result)
    if found is None:
        return
    _, gold, paths = found
    log(f"extracting {COREF_FOLDER} ({len(paths)} articles) and resolving entities across them")
    export = work / f"{COREF_FOLDER}-export.json"
    export.write_text(export_json(build_index(extract_sources(paths))), encoding="utf-8")
    result.parts.append(COREF)
    score(COREF_FOLDER, parse_coref, "score_coref.py", gold, export)


def _evaluate_seed(eval_dir, work, result, extractor, article_dict, read_source, log) -> None:
    import yaml

    from generator.errors import SeedError

    gold_path = eval_dir / SEED_GOLD
    if not gold_path.is_file():
        result.notes.append(f"{SEED_GOLD}: not found in {eval_dir}; skipped")
        return
    try:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        result.errors.append(f"{SEED_GOLD}: cannot be read ({error})")
        return
    article = Path.cwd() / "seeds" / str(gold.get("article", ""))
    if not article.is_file():
        result.notes.append(f"{SEED_GOLD}: its article seeds/{gold.get('article')} is not in this project; skipped")
        return
    log(f"extracting seeds/{article.name}")
    try:
        source = read_source(article)
    except SeedError as error:
        result.errors.append(f"{SEED_GOLD}: {error}")
        return
    record = article_dict(next(iter(extractor.extract([source]))))
    _write_jsonl(work / "seed.jsonl", [record])
    seed = score_seed(gold, record)
    result.seed = seed
    result.values.update(seed.metrics())
    result.totals.update(seed.totals)
    result.parts.append(SEED)


def _seed_details(seed: SeedScore) -> list[str]:
    lines = []
    for label, items in (("people missed", seed.people_missed), ("roles wrong", seed.roles_wrong),
                         ("places missed", seed.places_missed), ("quotes missed", seed.quotes_missed),
                         ("junk", seed.junk)):
        if items:
            lines.append(f"seed {label}: {'; '.join(items)}")
    return lines


def run(eval_dir: Path | None = None, out: TextIO | None = None, floors_path: Path | None = None,
        only: set[str] | None = None, *, check: bool = False, output_dir: Path | None = None,
        log: TextIO | None = None) -> int:
    """The `briefing evaluate` command; returns the exit code.

    `out` (default stdout) gets the table; `log` (default stderr) gets progress lines.
    """
    out = out or sys.stdout
    log = log or sys.stderr
    eval_dir = eval_dir or default_eval_dir()
    if not eval_dir.is_dir():
        print(f"evaluation sets not found at {eval_dir}; nothing to evaluate "
              f"(set {ENV_EVAL_DIR} or pass --eval-dir)", file=out)
        return 0
    only = set(only or ALL_PARTS)
    unknown = only - set(ALL_PARTS)
    if unknown:
        print(f"error: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL_PARTS)}", file=out)
        return 2

    floors = None
    floors_path = floors_path or default_floors_path()
    if floors_path.is_file():
        try:
            floors = load_floors(floors_path)
        except FloorsError as error:
            print(f"error: {error}", file=out)
            return 2
    elif check:
        print(f"error: {floors_path}: floors file not found; --check needs it", file=out)
        return 2

    def say(message: str) -> None:
        print(f"evaluate: {message}", file=log, flush=True)

    started = time.perf_counter()
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        result = evaluate(eval_dir, output_dir, only, say)
    else:
        with tempfile.TemporaryDirectory(prefix="briefing-eval-") as tmp:
            result = evaluate(eval_dir, Path(tmp), only, say)
    elapsed = time.perf_counter() - started

    table = format_table(result.values, result.parts, floors, result.totals)
    footer = [f"{result.words:,} words extracted in {result.seconds:.1f}s; whole evaluation {elapsed:.0f}s"]
    if result.seed:
        footer += _seed_details(result.seed)
    footer += result.notes
    footer += [f"error: {e}" for e in result.errors]
    problems = check_floors(result.values, floors, result.parts) if floors else []
    if check:
        footer += [f"FAIL {p}" for p in problems] or ["all metrics at or above their floors"]
    text = "\n".join([table, "", *footer])
    print(text, file=out)

    if output_dir is not None:
        (output_dir / "table.txt").write_text(text + "\n", encoding="utf-8")
        (output_dir / "scores.txt").write_text("\n".join(result.raw), encoding="utf-8")
        (output_dir / "metrics.json").write_text(json.dumps(result.values, indent=2, sort_keys=True) + "\n",
                                                 encoding="utf-8")
    if result.errors:
        return 2
    return 1 if check and problems else 0


# -- the CLI pair ----------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--eval-dir", type=Path, default=None,
                        help=f"evaluation sets folder (default: ${ENV_EVAL_DIR} or ../shared/eval)")
    parser.add_argument("--floors", type=Path, default=None,
                        help=f"quality floors file (default: ./{FLOORS_FILE})")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a metric falls below its floor")
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="also write the JSON Lines, the table and the scores into DIR "
                             "(they quote the evaluation texts: keep DIR outside the repository)")
    parser.add_argument("--only", action="append", choices=ALL_PARTS, default=None, metavar="PART",
                        help=f"evaluate only this part (repeatable): {', '.join(ALL_PARTS)}")


def main(args: argparse.Namespace) -> int:
    return run(args.eval_dir, sys.stdout, args.floors, set(args.only) if args.only else None,
               check=args.check, output_dir=args.output)


if __name__ == "__main__":  # python -m generator.evaluate
    _parser = argparse.ArgumentParser(prog="briefing evaluate", description=__doc__.split("\n\n")[0])
    add_arguments(_parser)
    sys.exit(main(_parser.parse_args()))
