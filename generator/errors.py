"""The exception hierarchy. Exit codes are chosen only in the CLI."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the generator raises on purpose."""


class SeedError(BriefingError):
    """One seed file cannot be used. The message names the file and the fix."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(BriefingError):
    """The project setup (folders, mkdocs.yml, templates, model) is unusable."""


class SiteBuildError(BriefingError):
    """`mkdocs build` failed; the message carries its output."""
