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
