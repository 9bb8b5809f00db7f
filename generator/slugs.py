"""Stable, filesystem-safe identifiers for pages."""

from __future__ import annotations

import hashlib

from slugify import slugify

MAX_LENGTH = 80
# Names a page may not take: `index` is each folder's listing page; the others are
# device names on Windows, where `con.md` cannot be created.
RESERVED = frozenset(
    {"index", "con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}
)


def slug(text: str, fallback_seed: str | None = None) -> str:
    """ASCII slug of `text` (transliterated); a stable hash when nothing is left ("???", emoji).

    Never a reserved name: "Index" becomes `index-<hash>`.
    """
    value = slugify(text, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    if value in RESERVED:
        return f"{value}-{short_hash(text)}"
    if value:
        return value
    digest = hashlib.sha1((fallback_seed or text).encode("utf-8")).hexdigest()[:10]
    return f"x-{digest}"


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]
