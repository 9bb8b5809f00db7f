"""Stage 6: `mkdocs build` of the generated docs (strict: any warning fails)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError, SiteBuildError


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
        self.messages.append(record.getMessage())


def build_site(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise ConfigError(f"{config_file}: not found; run briefing from the project folder or pass --config")
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(
            config_file=str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), strict=True,
        )
        build(config)
    except (Abort, ConfigurationError) as error:
        details = "\n".join(f"  {m}" for m in collect.messages) or f"  {error}"
        raise SiteBuildError(f"mkdocs build failed:\n{details}") from error
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        raise SiteBuildError("mkdocs build warned:\n" + "\n".join(f"  {m}" for m in collect.messages))


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
