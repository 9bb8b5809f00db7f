"""Stable, filesystem-safe identifiers for pages."""

from __future__ import annotations

import hashlib

from slugify import slugify

MAX_LENGTH = 80


def slug(text: str, fallback_seed: str | None = None) -> str:
    """ASCII slug of `text` (transliterated); a stable hash when nothing is left ("???", emoji)."""
    value = slugify(text, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    if value:
        return value
    digest = hashlib.sha1((fallback_seed or text).encode("utf-8")).hexdigest()[:10]
    return f"x-{digest}"


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]
