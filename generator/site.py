"""Stage 6: `mkdocs build` of the generated docs (strict: any warning fails).

Incremental builds: MkDocs has no incremental build of its own (`--dirty`
rebuilds changed pages but writes a search index of those pages only). After
a successful build we record, in ``.cache/site/`` next to mkdocs.yml (one file
per site folder; not in the site, which gets published), a hash of
every Markdown page, the stats of every other docs file and of every file we
wrote, and a fingerprint of the configuration and the installed MkDocs
packages. The next build is incremental when all of that still holds: MkDocs
runs in dirty mode on exactly the pages whose bytes changed, the search index
is completed with the previous entries of the unchanged pages (in the order a
full build writes them) and the pages of deleted files are removed. The
result is the same site, byte for byte, as a full build (tests/test_site_incremental.py).
Anything unexpected means a full build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError, SiteBuildError

STATE_FOLDER = Path(".cache") / "site"  # relative to the folder of mkdocs.yml
STATE_VERSION = 1
# Installed packages whose version can change the HTML.
SITE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2", "markupsafe", "babel")
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class SiteConfig:
    """What the generate step needs from mkdocs.yml (for the feed)."""

    name: str = "Briefing"
    description: str = ""
    url: str = ""  # absolute, ends with "/"; "" when the site has no address yet


def read_site_config(config_file: Path) -> SiteConfig:
    """site_name, site_description and site_url of mkdocs.yml, with MkDocs' own YAML
    loader so that `!ENV [BRIEFING_SITE_URL, ""]` works as in `mkdocs build`."""
    from mkdocs.utils.yaml import yaml_load

    if not config_file.is_file():
        return SiteConfig()
    try:
        with config_file.open("rb") as handle:
            data = yaml_load(handle) or {}
    except Exception as error:  # noqa: BLE001 - any YAML problem is the same problem for the user
        raise ConfigError(f"{config_file}: not valid YAML ({error}); fix the file") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: not a mapping of settings; fix the file")

    def text(key: str, default: str) -> str:
        value = data.get(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str):
            raise ConfigError(f"{config_file}: {key} must be a string")
        return value.strip()

    url = text("site_url", "")
    if url and not url.startswith(("http://", "https://")):
        raise ConfigError(f"{config_file}: site_url {url!r} must start with https:// (or leave it empty)")
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(name=text("site_name", "Briefing"), description=text("site_description", ""), url=url)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(DIRTY_WARNING):  # our incremental builds are complete, not "dirty"
            self.messages.append(message)


def state_file(config_file: Path, site_dir: Path) -> Path:
    """Where the record of the last build of `site_dir` is kept."""
    name = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return config_file.resolve().parent / STATE_FOLDER / f"{name}.json"


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, incremental: bool = True) -> str:
    """Build the site; returns "full" or "incremental".

    With `incremental`, the build is incremental when that is safe, and a record of it is kept for the
    next one (in .cache/site/); without, the build is full and no record is kept.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise ConfigError(f"{config_file}: not found; run briefing from the project folder or pass --config")
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    docs_dir, site_dir = docs_dir.resolve(), site_dir.resolve()
    state = state_file(config_file, site_dir)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        fingerprint = _fingerprint(config_file, docs_dir, site_dir)
        docs = _scan_docs(docs_dir)
        plan = _plan(state, site_dir, fingerprint, docs) if incremental else None
        recorder = _Recorder(plan)
        config.plugins["briefing-build"] = recorder
        if plan is not None:
            # Strictness is ours (any warning fails, below); MkDocs' own strict mode would count its
            # warning about dirty builds.
            config.strict = False
        build(config, dirty=plan is not None)
    except (Abort, ConfigurationError) as error:
        details = "\n".join(f"  {m}" for m in collect.messages) or f"  {error}"
        state.unlink(missing_ok=True)
        raise SiteBuildError(f"mkdocs build failed:\n{details}") from error
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        state.unlink(missing_ok=True)
        raise SiteBuildError("mkdocs build warned:\n" + "\n".join(f"  {m}" for m in collect.messages))
    if plan is not None:
        for dest in sorted(plan["removed"]):
            _remove(site_dir, dest)
    if incremental:
        _save_state(state, site_dir, fingerprint, docs, recorder.dests)
    else:
        state.unlink(missing_ok=True)  # it describes an older site
    return "incremental" if plan is not None else "full"


# -- what a build depends on ------------------------------------------------------------


def _package_versions() -> dict:
    out = {}
    for name in SITE_PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def _fingerprint(config_file: Path, docs_dir: Path, site_dir: Path) -> str:
    """Configuration, folders, MkDocs packages and this module: anything else changing means a full build."""
    digest = hashlib.sha256()
    for part in (
        config_file.read_bytes(), str(config_file.resolve()).encode(), str(docs_dir).encode(), str(site_dir).encode(),
        json.dumps(_package_versions(), sort_keys=True).encode(), Path(__file__).read_bytes(), str(STATE_VERSION).encode(),
        _effective_config(config_file), *_theme_overrides(config_file),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _loaded_config(config_file: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open("rb") as handle:
            data = yaml_load(handle) or {}
    except Exception:  # noqa: BLE001 - MkDocs itself reports a broken config
        return {}
    return data if isinstance(data, dict) else {}


def _effective_config(config_file: Path) -> bytes:
    """The configuration as MkDocs reads it: `!ENV` values (site_url) change the HTML, not the file."""
    return json.dumps(_loaded_config(config_file), sort_keys=True, default=str).encode()


def _theme_overrides(config_file: Path) -> list[bytes]:
    """Path and bytes of every file in theme.custom_dir (our Material overrides change every page)."""
    theme = _loaded_config(config_file).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not isinstance(custom, str):
        return []
    folder = config_file.parent / custom
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return [f"{p.relative_to(folder).as_posix()}\0".encode() + p.read_bytes() for p in files]


def _stat(path: Path | str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _generated_files(docs_dir: Path) -> set[str]:
    """The files `briefing generate` owns (its manifest), e.g. feed.xml and data/briefing.json."""
    try:
        data = json.loads((docs_dir / ".briefing-manifest.json").read_text(encoding="utf-8"))
        return {f for f in data.get("files", []) if isinstance(f, str)}
    except (OSError, ValueError, AttributeError):
        return set()


def _scan_docs(docs_dir: Path) -> dict:
    """Markdown pages by content hash; every other file (assets, hand-written extras) by size and mtime.
    Hidden files and folders are skipped, as MkDocs skips them (our manifest is one).

    Generated files that are not Markdown (the feed, the data export) change with every new
    article; they are left out of `others`, since a dirty MkDocs build copies a static file
    whose source is newer than its copy, and the generator rewrites only files that changed."""
    pages, others = {}, {}
    generated = _generated_files(docs_dir)
    root = str(docs_dir)
    for folder, dirnames, filenames in os.walk(root, followlinks=True):  # as MkDocs walks it
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative_folder == "." else relative_folder + "/"
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            if name.endswith(".md"):
                with open(path, "rb") as handle:
                    pages[prefix + name] = hashlib.sha256(handle.read()).hexdigest()
            elif prefix + name not in generated:
                others[prefix + name] = _stat(path)
    return {"pages": pages, "others": others}


def _plan(state_path: Path, site_dir: Path, fingerprint: str, docs: dict) -> dict | None:
    """What an incremental build must redo, or None when only a full build is safe."""
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if state.get("version") != STATE_VERSION or state.get("fingerprint") != fingerprint:
            return None
        if state["others"] != docs["others"]:
            return None  # an asset or hand-written extra changed: a full build copies and checks everything
        outputs = state["outputs"]  # site file -> [size, mtime_ns] when we last built it
        root = str(site_dir)
        for dest, stat in outputs.items():
            if _stat(os.path.join(root, dest)) != stat:
                return None  # the site was changed or deleted since
        index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
        previous = state["pages"]
        dests = state["dests"]  # page -> its HTML file
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    entries: dict[str, list] = {}
    for entry in index.get("docs", []):
        entries.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    changed = {page for page, digest in docs["pages"].items() if previous.get(page) != digest}
    removed = {dest for page, dest in dests.items() if page not in docs["pages"]}
    return {"changed": changed, "removed": removed, "entries": entries}


def _save_state(path: Path, site_dir: Path, fingerprint: str, docs: dict, dests: dict) -> None:
    outputs = {}
    for dest in sorted(set(dests.values()) | {"search/search_index.json", "search/search_index.js"}):
        stat = _stat(os.path.join(site_dir, dest))
        if stat is not None:
            outputs[dest] = stat
    state = {
        "version": STATE_VERSION, "fingerprint": fingerprint, "pages": docs["pages"], "others": docs["others"],
        "dests": dests, "outputs": outputs,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{path.name}")
        tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        path.unlink(missing_ok=True)  # no record: the next build is a full one


def _remove(site_dir: Path, dest: str) -> None:
    from generator.output import prune_empty_dirs

    target = (site_dir / dest).resolve()
    if not target.is_relative_to(site_dir) or not target.is_file():
        return
    target.unlink()
    prune_empty_dirs(target.parent, site_dir)


class _Recorder:
    """A MkDocs plugin added for each build: records page outputs; in incremental builds it chooses the
    pages to rebuild and completes the search index before the search plugin writes it."""

    def __init__(self, plan: dict | None) -> None:
        self.plan = plan
        self.dests: dict[str, str] = {}  # page -> HTML file
        self.order: list[str] = []  # page URLs in build order
        self.rebuilt: set[str] = set()  # page URLs built in this (incremental) build

    def on_files(self, files, *, config):
        for file in files.documentation_pages():
            self.dests[file.src_uri] = file.dest_uri
            self.order.append(file.url)
            if self.plan is not None:
                rebuild = file.src_uri in self.plan["changed"] or not os.path.isfile(file.abs_dest_path)
                if rebuild:
                    self.rebuilt.add(file.url)
                # MkDocs' dirty mode compares mtimes; we decide by content hash instead.
                file.is_modified = (lambda value: lambda: value)(rebuild)
        return files

    def on_post_build(self, *, config):
        if self.plan is None:
            return
        index = next((p.search_index for n in ("material/search", "search") if (p := config.plugins.get(n)) is not None
                      and hasattr(p, "search_index")), None)
        if index is None:
            return
        fresh: dict[str, list] = {}
        for entry in index.entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        merged = []
        for url in self.order:
            merged += fresh.get(url, []) if url in self.rebuilt else self.plan["entries"].get(url, [])
        index.entries = merged

    # Before the search plugin writes the index (and the offline plugin copies it into a script).
    on_post_build.mkdocs_priority = 100


# -- Zensical (optional; `briefing build --engine zensical`) -----------------------------------------


def build_site_zensical(config_file: Path, docs_dir: Path, site_dir: Path) -> str:
    """Build the same docs with Zensical (`pip install zensical`), strict; always a full build by our measure
    (Zensical keeps a cache of its own in .cache/ next to the configuration)."""
    import importlib.util
    import re
    import subprocess
    import sys

    if not config_file.is_file():
        raise ConfigError(f"{config_file}: not found; run briefing from the project folder or pass --config")
    if importlib.util.find_spec("zensical") is None:
        raise ConfigError("zensical is not installed; run `pip install zensical`, or build with the default engine (MkDocs)")
    text = config_file.read_text(encoding="utf-8")
    home = config_file.resolve().parent
    for key, value in (("docs_dir", docs_dir), ("site_dir", site_dir)):
        # Relative to the configuration: Zensical 0.0.73 stops ("invariant: Id(Format(Path(RootDir)))") on absolute ones.
        line = f"{key}: {json.dumps(Path(os.path.relpath(value.resolve(), home)).as_posix())}"
        text, found = re.subn(rf"(?m)^{key}:.*$", line.replace("\\", "\\\\"), text)
        if not found:
            text += f"\n{line}\n"
    # Next to the original: relative paths in it keep their meaning.
    temporary = config_file.resolve().parent / f".briefing-zensical-{os.getpid()}.yml"
    temporary.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--config-file", str(temporary), "--strict"],
            capture_output=True, text=True, cwd=config_file.resolve().parent,
        )
    finally:
        temporary.unlink(missing_ok=True)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or "No issues found" not in output:
        details = "\n".join(f"  {line}" for line in output.splitlines()[-40:])
        raise SiteBuildError(f"zensical build failed (exit {done.returncode}):\n{details}")
    return "full"


ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can carry: no build time in the archive


def check_archive_path(site_dir: Path, archive: Path) -> None:
    """MkDocs empties the site folder on every build: an archive there would be lost (or zip itself)."""
    if archive.resolve().is_relative_to(site_dir.resolve()):
        raise ConfigError(f"{archive}: the archive cannot be written inside the site folder {site_dir}; choose another path")


def zip_site(site_dir: Path, archive: Path) -> int:
    """Write the built site as one zip to hand to someone; return the number of files.

    Everything sits below one folder named like the archive ("site.zip" →
    "site/index.html"), so unpacking it gives one folder to open. Entries are
    sorted and carry a fixed date, so the same site gives the same bytes.
    """
    import os
    import tempfile
    import zipfile

    check_archive_path(site_dir, archive)
    site_dir = site_dir.resolve()
    archive = archive.resolve()
    if not (site_dir / "index.html").is_file():
        raise ConfigError(f"{site_dir}: no built site to archive (index.html missing); run briefing build")
    top = archive.stem or "site"
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    archive.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".zip", dir=archive.parent)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in files:
                info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        os.replace(tmp, archive)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(files)
