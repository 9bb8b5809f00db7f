"""Stage 6: `mkdocs build` of the generated docs (strict: any warning fails)."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.errors import ConfigError, SiteBuildError


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
