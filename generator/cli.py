"""The `briefing` command. Errors become exit codes here and only here.

Exit codes: 0 success; 1 refused seed files under --strict or `check`;
2 usage or project setup errors; 3 the site build failed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from generator import __version__
from generator.errors import BriefingError, ConfigError, SeedError, SiteBuildError
from generator.settings import Settings

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_SITE = 0, 1, 2, 3


def _progress_printer(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None
    width = 30

    def show(done: int, total: int, name: str) -> None:
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r  extracting [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(
        seeds_dir=Path(args.seeds), out_dir=Path(args.out), site_dir=Path(getattr(args, "site", "site")),
        templates_dir=Path(args.templates), config_file=Path(args.config),
        overrides_file=Path(getattr(args, "entities", "entities.yml")),
        strict=getattr(args, "strict", False), progress=not args.quiet, **_speed_settings(args),
    )


def _speed_options(p: argparse.ArgumentParser, cache: bool = True) -> None:
    """--jobs, --cache, --no-cache: extraction in parallel and the extraction cache (off by default when not `cache`)."""
    from generator.extract.cache import DEFAULT_CACHE_DIR
    from generator.extract.parallel import default_jobs

    p.add_argument("--jobs", "-j", type=_positive, default=default_jobs(), metavar="N",
                   help="extraction processes (default: every core, here %(default)s)")
    p.add_argument("--cache", default=str(DEFAULT_CACHE_DIR) if cache else None, metavar="DIR",
                   help="extraction cache folder " + (f"(default: {DEFAULT_CACHE_DIR}; the render cache is the folder "
                                                       "'render' next to it)" if cache else "(default: none)"))
    p.add_argument("--no-cache", action="store_true", help="extract and render everything again; read and write no cache")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _speed_settings(args: argparse.Namespace, render_cache: bool = True) -> dict:
    """Jobs and caches: the render cache is the folder `render` next to the extraction cache (.cache/render/)."""
    cache = None if args.no_cache or args.cache is None else Path(args.cache)
    return {"jobs": args.jobs, "cache_dir": cache,
            "render_cache_dir": cache.parent / "render" if cache is not None and render_cache else None}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _report(result, quiet: bool) -> list[str]:
    """Print refused files, warnings and notes; return the warning lines."""
    problems = [str(error) for error in result.refused] + list(result.warnings)
    for line in problems:
        print(line, file=sys.stderr)
    if not quiet:
        for line in result.notes:
            print(line, file=sys.stderr)
    return problems


def _summary(result, problems: list[str], started: float, where: str) -> str:
    """The one line every generating run ends with."""
    counts = result.counts
    return (
        f"{_plural(counts['articles'], 'article')}, {_plural(counts['actors'], 'actor')}, "
        f"{_plural(counts['locations'], 'location')}, {_plural(len(problems), 'warning')} "
        f"in {time.perf_counter() - started:.1f} s → {where}"
    )


def cmd_generate(args: argparse.Namespace, build: bool = False) -> int:
    from generator.pipeline import generate

    settings = _settings(args)
    if build and args.zip:
        from generator.site import check_archive_path

        check_archive_path(settings.site_dir, Path(args.zip))
    started = time.perf_counter()
    # Only the counts and messages are needed from here: the site index goes before MkDocs runs
    # (at 10,000 articles it holds about half a gigabyte that MkDocs can use instead).
    result = dataclasses.replace(generate(settings, _progress_printer(settings.progress)), index=None)
    problems = _report(result, args.quiet)
    if not args.quiet and settings.cache_dir is not None:
        print(f"extraction cache {settings.cache_dir}/: {result.cached} of {_plural(result.counts['articles'], 'article')} reused", file=sys.stderr)
    if settings.strict and problems:
        print(f"briefing: {_plural(len(problems), 'warning')} with --strict; site not built", file=sys.stderr)
        return EXIT_REFUSED
    if build:
        from generator.site import build_site, build_site_zensical

        if getattr(args, "engine", "mkdocs") == "zensical":
            build_site_zensical(settings.config_file, settings.out_dir, settings.site_dir)
        else:
            build_site(settings.config_file, settings.out_dir, settings.site_dir, incremental=settings.cache_dir is not None)
    where = f"{settings.out_dir}/" + (f" → {settings.site_dir}/" if build else "")
    if build and args.zip:
        from generator.site import zip_site

        zip_site(settings.site_dir, Path(args.zip))
        where += f" → {args.zip}"
    print(_summary(result, problems, started, where))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.pipeline import generate
    from generator.serve import serve

    settings = _settings(args)

    def regenerate() -> None:
        started = time.perf_counter()
        result = generate(settings, _progress_printer(settings.progress))
        problems = _report(result, args.quiet)
        print(_summary(result, problems, started, f"{settings.out_dir}/"), flush=True)

    regenerate()
    serve(settings, regenerate, dev_addr=args.dev_addr, open_browser=args.open)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from generator.export import article_dict
    from generator.pipeline import extract_all, open_cache, read_sources

    paths = []
    for raw in args.paths:
        path = Path(raw)
        paths.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    sources, refused = read_sources(paths)
    for error in refused:
        print(str(error), file=sys.stderr)
    speed = _speed_settings(args, render_cache=False)
    cache = open_cache(Settings(**speed))
    for article in extract_all(sources, _progress_printer(not args.quiet), cache, speed["jobs"]):
        sys.stdout.write(json.dumps(article_dict(article), ensure_ascii=False, sort_keys=False) + "\n")
    for line in cache.notes() if cache is not None and not args.quiet else ():
        print(line, file=sys.stderr)
    return EXIT_REFUSED if refused else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from generator.pipeline import read_sources
    from generator.sources import discover

    found = discover(Path(args.seeds))
    sources, refused = read_sources(list(found.paths))
    refused = sorted(list(found.refused) + refused, key=lambda e: e.path)
    for error in refused:
        print(str(error), file=sys.stderr)
    warnings = [w for s in sources for w in s.warnings]
    for line in warnings:
        print(line, file=sys.stderr)
    if not args.quiet:
        for line in found.notes:
            print(line, file=sys.stderr)
    print(f"{_plural(len(sources), 'seed')} readable, {len(refused)} refused, {_plural(len(warnings), 'warning')}")
    return EXIT_REFUSED if refused or (args.strict and warnings) else EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefing", description="Build a briefing site from a folder of news articles.")
    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser, out: bool = True) -> None:
        p.add_argument("--seeds", default="seeds", metavar="DIR", help="folder of articles (default: seeds)")
        if out:
            p.add_argument("--out", default="docs", metavar="DIR", help="MkDocs docs folder to write into (default: docs)")
            p.add_argument("--templates", default="templates", metavar="DIR", help="Jinja2 page templates (default: templates)")
            p.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="MkDocs configuration (default: mkdocs.yml)")
            p.add_argument("--entities", default="entities.yml", metavar="FILE", help="the editor's entity corrections (default: entities.yml, if present)")
        p.add_argument("--strict", action="store_true", help="fail on any refused file or warning")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or notes")

    build = sub.add_parser("build", help="generate the pages, then build the site with MkDocs")
    common(build)
    _speed_options(build)
    build.add_argument("--site", default="site", metavar="DIR", help="where the site is built (default: site)")
    build.add_argument(
        "--zip", nargs="?", const="site.zip", metavar="FILE",
        help="also pack the built site into one zip to read offline (default FILE: site.zip)",
    )
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="site builder: MkDocs Material (default) or Zensical (pip install zensical)")
    build.set_defaults(func=lambda a: cmd_generate(a, build=True))

    generate = sub.add_parser("generate", help="generate the Markdown pages only")
    common(generate)
    _speed_options(generate)
    generate.set_defaults(func=cmd_generate)

    serve = sub.add_parser("serve", help="preview the site; regenerate and reload the browser when seeds or templates change")
    common(serve)
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("--open", action="store_true", help="open the site in the default web browser")
    _speed_options(serve)
    serve.set_defaults(func=cmd_serve)

    extract = sub.add_parser("extract", help="print what extraction finds, one JSON object per article per line")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _speed_options(extract, cache=False)
    extract.set_defaults(func=cmd_extract)

    check = sub.add_parser("check", help="validate every seed file without building")
    common(check, out=False)
    check.set_defaults(func=cmd_check)

    from generator import bench

    be = sub.add_parser("bench", help="build sites of 100 to 10,000 articles and write the measures to BENCHMARKS.md")
    bench.add_arguments(be)
    be.set_defaults(func=bench.main)

    try:
        from generator import evaluate
    except ImportError:  # pragma: no cover - the module ships with the package
        evaluate = None
    if evaluate is not None:
        ev = sub.add_parser("evaluate", help="score extraction on the evaluation sets in ../shared/eval")
        evaluate.add_arguments(ev)
        ev.set_defaults(func=evaluate.main)
    from generator import search_bench

    bench_search = sub.add_parser("bench-search", help="measure the site's search in headless Chromium at 1,000 and 10,000 articles")
    search_bench.add_arguments(bench_search)
    bench_search.set_defaults(func=search_bench.main)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SiteBuildError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_SITE
    except SeedError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, BriefingError) as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("briefing: interrupted; docs/ keeps the pages of the last complete write", file=sys.stderr)
        return 130
