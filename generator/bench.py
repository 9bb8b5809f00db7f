"""`briefing bench`: build sites of N articles and measure every stage.

For each N the bench makes a project in a temporary folder (templates,
mkdocs.yml and the hand-written docs of the current project; N seed files
taken from the corpus, in sorted order, reused with a copy number in the
headline when N is larger than the corpus; nothing is copied into the
repository) and runs a cold ``briefing build`` in a child process with an
empty extraction cache. It records:

* extraction words per second: words of the articles extracted / wall time of
  the extraction stage, which includes starting the workers and loading the
  model in each;
* generate: index + render + write, wall time;
* ``mkdocs build`` wall time and milliseconds per page built;
* peak memory: the largest sum of the proportional set size (PSS: resident
  memory, pages shared between processes divided among them) of the child and
  all its descendants (extraction workers, render helpers), sampled from
  ``/proc`` every 50 ms; and the largest single process's RSS as
  ``getrusage(RUSAGE_CHILDREN)`` reports it;
* pages, site size, search index size, each also per article.

On the site of `--incremental` articles (1,000 by default) it then measures
four edits in turn, each as a whole ``briefing build`` in a fresh process:
nothing changed, one article added, one edited, one deleted. ``generate`` is
that process's wall time minus its MkDocs stage (what ``briefing generate``
costs, interpreter start included).

Results go to stdout and, with machine facts, to ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.sources import SEED_SUFFIXES

DEFAULT_SIZES = (100, 1000, 5000, 10000)
DEFAULT_INCREMENTAL = 1000
HAND_WRITTEN_SKIP = {".briefing-manifest.json"}
SAMPLE_SECONDS = 0.05
CPU_CHECK_LOOPS = 2_000_000


# -- the corpus ---------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in SEED_SUFFIXES and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"briefing bench: {corpus}: no .txt or .md articles found; pass --corpus DIR")
    return files


def seed_name(corpus: Path, path: Path, copy: int) -> str:
    stem = "-".join(path.relative_to(corpus).with_suffix("").parts)
    return f"{stem}{f'-copy{copy + 1}' if copy else ''}{path.suffix}"


def seed_text(path: Path, copy: int) -> str:
    """The article; later copies get a copy number in the headline of a plain-text file, so that ids stay distinct."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if copy and path.suffix == ".txt":
        first, newline, rest = text.partition("\n")
        text = f"{first.rstrip()} (copy {copy + 1}){newline}{rest}"
    return text


def write_seed(seeds: Path, corpus: Path, files: list[Path], number: int) -> Path:
    """Seed number `number` (0-based) of the bench corpus: corpus file number % len, copy number // len."""
    source = files[number % len(files)]
    copy = number // len(files)
    target = seeds / seed_name(corpus, source, copy)
    target.write_text(seed_text(source, copy), encoding="utf-8")
    return target


def make_project(project: Path, corpus: Path, files: list[Path], size: int, root: Path) -> None:
    """A project folder like a fresh clone of the current one, with `size` seeds from the corpus."""
    (project / "seeds").mkdir(parents=True)
    for number in range(size):
        write_seed(project / "seeds", corpus, files, number)
    shutil.copytree(root / "templates", project / "templates")
    shutil.copy(root / "mkdocs.yml", project / "mkdocs.yml")
    from generator.output import read_manifest

    generated = read_manifest(root / "docs") | HAND_WRITTEN_SKIP
    docs = project / "docs"
    docs.mkdir()
    for path in sorted((root / "docs").rglob("*")):
        relative = path.relative_to(root / "docs").as_posix()
        if path.is_file() and relative not in generated:
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / relative)


# -- one measured build in a child process -----------------------------------------------


def child_main(project: str, jobs: str) -> None:
    """Runs in the child: a whole `briefing build` of `project`, stage times as one JSON line."""
    started = time.perf_counter()
    os.chdir(project)
    from generator.pipeline import generate
    from generator.settings import Settings

    from generator.render_cache import DEFAULT_RENDER_CACHE

    settings = Settings(progress=False, jobs=int(jobs), cache_dir=Path(".cache/extract"), render_cache_dir=DEFAULT_RENDER_CACHE)
    result = dataclasses.replace(generate(settings), index=None)  # as `briefing build` does before MkDocs
    report = result.report
    mkdocs_started = time.perf_counter()
    from generator.site import build_site

    mode = build_site(settings.config_file, settings.out_dir, settings.site_dir)
    mkdocs = time.perf_counter() - mkdocs_started
    print(json.dumps({
        "timings": result.timings, "mkdocs": mkdocs, "site_build": mode, "in_process": time.perf_counter() - started,
        "articles": result.counts["articles"], "actors": result.counts["actors"], "locations": result.counts["locations"],
        "cached": result.cached, "extracted_words": result.extracted_words,
        "written": report.written, "unchanged": report.unchanged, "removed": report.removed,
    }))


def _process_tree_rss(root_pid: int) -> int:
    """Bytes resident in `root_pid` and all its descendants, as PSS (Linux /proc); 0 elsewhere."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    tree = {root_pid}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(_pss(pid, rss.get(pid, 0)) for pid in tree)


def _pss(pid: int, rss: int) -> int:
    """Proportional set size: pages shared between processes (forked helpers) counted once in all; else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss


@dataclass
class Run:
    wall: float
    peak_tree_rss: int
    data: dict = field(default_factory=dict)

    @property
    def mkdocs(self) -> float:
        return self.data["mkdocs"]

    @property
    def generate_wall(self) -> float:
        """What `briefing generate` costs: the whole process minus its MkDocs stage."""
        return self.wall - self.mkdocs


def measured_build(project: Path, jobs: int) -> Run:
    command = [sys.executable, "-c", "import sys; from generator.bench import child_main; child_main(*sys.argv[1:])", str(project), str(jobs)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")])))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _process_tree_rss(process.pid))
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"briefing bench: the build of {project} failed (exit {process.returncode}):\n{stderr}")
    return Run(wall, peak, json.loads(stdout.strip().splitlines()[-1]))


# -- site measures --------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_index_bytes(site: Path) -> int:
    """Every file of the site's search/ folder: our layers (names, titles, text and snippet shards)
    and Material's own, now tiny, index."""
    folder = site / "search"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def pages_built(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


# -- formatting -----------------------------------------------------------------------------


def mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def kb(n: float) -> str:
    return f"{n / 1e3:,.1f} kB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_facts() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    from generator.extract.nlp import model_package

    model = model_package()
    return [
        ("date", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{os.cpu_count()} × {cpu}"),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("spaCy / model", f"{version('spacy')} / {model[0] + ' ' + model[1] if model else 'none'}"),
        ("MkDocs / Material", f"{version('mkdocs')} / {version('mkdocs-material')}"),
    ]


def cpu_check() -> float:
    """Milliseconds for a fixed pure-Python loop, best of three. The same code on the same machine
    takes the same time unless the machine is slower or busier than before: a virtual machine shares
    its host, whose load the guest's load average does not show. Rows are comparable across runs
    only when their checks agree."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(CPU_CHECK_LOOPS):
            total += i
        best = min(best, time.perf_counter() - start)
    return best * 1000


def load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


# -- the bench --------------------------------------------------------------------------------


def run(args: argparse.Namespace, out=sys.stdout) -> int:
    root = Path.cwd()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"briefing bench: {corpus}: corpus folder not found; pass --corpus DIR (a folder of .txt or .md articles)", file=sys.stderr)
        return 2
    for needed in ("templates", "mkdocs.yml", "docs"):
        if not (root / needed).exists():
            print(f"briefing bench: {root / needed}: not found; run the bench from the project folder", file=sys.stderr)
            return 2
    files = corpus_files(corpus)
    sizes = sorted(set(args.sizes))
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-", dir=args.workdir))
    facts = machine_facts()
    load_before = load()
    rows, incremental = [], []
    try:
        for size in sizes:
            project = work / f"n{size}"
            make_project(project, corpus, files, size, root)
            print(f"bench: {size} articles: cold build …", file=sys.stderr)
            check = cpu_check()
            cold = measured_build(project, args.jobs)
            d = cold.data
            t = d["timings"]
            site = project / "site"
            pages = pages_built(site)
            site_bytes = folder_bytes(site)
            index_bytes = search_index_bytes(site)
            generate = t["index"] + t["render"] + t["write"]
            rows.append([
                f"{size:,}", f"{d['extracted_words']:,}", f"{d['extracted_words'] / t['extract']:,.0f}",
                f"{generate:.2f} s", f"{d['mkdocs']:.1f} s", f"{1000 * d['mkdocs'] / max(pages, 1):.1f}",
                mb(cold.peak_tree_rss), f"{pages:,}", mb(site_bytes), kb(site_bytes / size),
                mb(index_bytes), kb(index_bytes / size), f"{cold.wall:.1f} s", f"{check:.0f} ms",
            ])
            if size == args.incremental:
                incremental = measure_incremental(project, corpus, files, size, args.jobs, cold)
            if not args.keep:
                shutil.rmtree(project, ignore_errors=True)
        largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load_after = load()
    report = render_report(args, facts, rows, incremental, largest_child, load_before, load_after, work if args.keep else None)
    out.write(report)
    if args.output:
        Path(args.output).write_text(report + _kept_search_section(Path(args.output)), encoding="utf-8")
        print(f"bench: results written to {args.output}", file=sys.stderr)
    return 0


def _kept_search_section(path: Path) -> str:
    """`briefing bench-search` writes its own section of the same file, between markers: keep it."""
    from generator.search_bench import END, START

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    start, end = text.find(START), text.find(END)
    return "\n" + text[start:end + len(END)] + "\n" if 0 <= start < end else ""


def measure_incremental(project: Path, corpus: Path, files: list[Path], size: int, jobs: int, cold: Run) -> list[list[str]]:
    seeds = project / "seeds"
    names = sorted(p.name for p in seeds.iterdir())

    def add() -> None:
        write_seed(seeds, corpus, files, size)

    def edit() -> None:
        victim = seeds / names[len(names) // 2]
        victim.write_text(victim.read_text(encoding="utf-8").rstrip("\n") + "\n\nThe bench added this sentence to the article.\n", encoding="utf-8")

    def delete() -> None:
        (seeds / names[0]).unlink()

    rows = []
    for label, change in (("nothing changed", None), ("one added", add), ("one edited", edit), ("one deleted", delete)):
        if change is not None:
            change()
        print(f"bench: {size} articles: {label} …", file=sys.stderr)
        check = cpu_check()
        run_ = measured_build(project, jobs)
        d = run_.data
        rows.append([
            label, f"{run_.generate_wall:.2f} s", f"{d['written']} written, {d['removed']} removed",
            f"{d['cached']:,} of {d['articles']:,}", f"{run_.mkdocs:.1f} s ({d['site_build']})", f"{run_.wall:.1f} s",
            f"{100 * run_.wall / cold.mkdocs:.0f} %", f"{check:.0f} ms",
        ])
    return rows


def render_report(args, facts, rows, incremental, largest_child, load_before, load_after, kept) -> str:
    lines = ["# Benchmarks", "", "Made by `briefing bench` (see `generator/bench.py` for what each figure measures).", ""]
    lines += [table(["machine", ""], [[k, v] for k, v in facts])]
    lines += [
        "", f"Command: `briefing bench --sizes {','.join(str(s) for s in sorted(set(args.sizes)))} --jobs {args.jobs}"
        f" --incremental {args.incremental}`; corpus `{args.corpus}`.",
        f"Load average (1 / 5 / 15 min) before: {load_before}; after: {load_after}."
        + (" **The machine was shared with other work during this run.**" if args.loaded else ""),
        "", "## Cold builds", "",
        "Extraction words/s include starting the workers and loading the model in each; generate is index + render + "
        "write; peak RSS is the largest sum of PSS (shared pages divided among processes) over the build process "
        "and its workers, sampled every 50 ms. CPU check: a fixed pure-Python loop timed just before the build "
        "(best of three); a larger figure means a slower or busier host, so compare rows and runs only where it agrees.",
        "",
        table(
            ["articles", "words", "extraction words/s", "generate", "mkdocs build", "ms/page", "peak RSS", "pages",
             "site", "site/article", "search index", "index/article", "whole build", "CPU check"],
            rows,
        ),
        "", f"Largest single process (getrusage, children): {mb(largest_child)}.",
    ]
    if incremental:
        lines += [
            "", f"## Incremental builds ({args.incremental:,} articles, one after another)", "",
            "Each row is one `briefing build` in a new process after the change; generate is that process's wall time "
            "minus its site stage (interpreter start included); the site stage is incremental when it can be "
            "(see README, Incremental builds); the last column compares the whole build with the cold MkDocs build above.",
            "",
            table(["change", "generate", "pages written", "from cache", "site build", "whole build", "of cold mkdocs", "CPU check"], incremental),
        ]
    if kept:
        lines += ["", f"Projects kept in `{kept}`."]
    return "\n".join(lines) + "\n"


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes such as 100,1000; got {value!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected sizes of at least 1 article; got {value!r}")
    return sizes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from generator.extract.parallel import default_jobs

    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES), metavar="N,N,…",
                        help="numbers of articles to build (default: 100,1000,5000,10000)")
    parser.add_argument("--corpus", default=str(Path("..") / "shared" / "corpus" / "bbc"), metavar="DIR",
                        help="folder of .txt/.md articles to take seeds from (default: ../shared/corpus/bbc)")
    parser.add_argument("--incremental", type=int, default=DEFAULT_INCREMENTAL, metavar="N",
                        help="measure the incremental cases on the site of this size, if it is one of --sizes (default: 1000)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                        help="extraction processes (default: every core)")
    parser.add_argument("--output", default="BENCHMARKS.md", metavar="FILE",
                        help="write the results here (default: BENCHMARKS.md; '' for none)")
    parser.add_argument("--workdir", default=None, metavar="DIR", help="where to build (default: the system temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built projects")
    parser.add_argument("--loaded", action="store_true", help="say in the report that other work loaded the machine")


def main(args: argparse.Namespace) -> int:
    return run(args)


if __name__ == "__main__":
    top = argparse.ArgumentParser(prog="python -m generator.bench", description="Benchmark briefing at several corpus sizes.")
    add_arguments(top)
    sys.exit(main(top.parse_args()))
