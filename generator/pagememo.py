"""Rendered pages remembered between runs, keyed by a hash of exactly what they are made from.

Pure: no I/O. The pipeline (generator/pipeline.py, with generator/derived_cache.py)
hands the renderer the pages of the last run whose text it has checked, and saves
the keys of this run after the pages are written.

A page's key is a hash of the salt (the code and templates that render it, see
`derived_cache.render_salt`), the template's name and a pickle of the page's
inputs: the values its template receives, or for the graph and map pages the
data their pictures are drawn from. Equal pickles can only come from equal
values, so an equal key means the same page. The pickler keeps no memo, so the
bytes do not depend on which objects happen to be shared (an article read from the
extraction cache and one just extracted give the same key); a set, whose order
changes from process to process, would cost a render, never a wrong page.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field


def page_key(salt: str, template: str, inputs: object) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(salt.encode())
    digest.update(b"\0" + template.encode() + b"\0")
    pickler = pickle.Pickler(_Digest(digest), protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: every value written out in full, so the bytes do not depend on which objects are shared
    pickler.dump(inputs)
    return digest.hexdigest()


class _Digest:
    """A file-like object that hashes what is written to it."""

    def __init__(self, digest) -> None:
        self.write = digest.update


@dataclass
class PageMemo:
    salt: str  # fingerprint of the rendering code, templates and libraries
    previous: dict[str, tuple[str, str]] = field(default_factory=dict)  # path → (key, text) of the last run, checked
    dropped: frozenset[str] = frozenset()  # pages the last run recorded that docs/ no longer holds as written
    keys: dict[str, str] = field(default_factory=dict)  # path → key of each remembered page of this run
    hits: int = 0

    def key(self, path: str, template: str, inputs: object) -> str:
        key = self.keys[path] = page_key(self.salt, template, inputs)
        return key

    def group(self, prefix: str, key: str) -> list[tuple[str, str]] | None:
        """The last run's pages under `prefix` (a set of pages made together, e.g. the search layers)
        when all of them were made from the same inputs and all are still as written; else None."""
        members = [(path, entry) for path, entry in self.previous.items() if path.startswith(prefix)]
        if not members or self.dropped_under(prefix) or any(entry[0] != key for _, entry in members):
            return None
        self.hits += len(members)
        for path, _ in members:
            self.keys[path] = key
        return sorted((path, entry[1]) for path, entry in members)

    def dropped_under(self, prefix: str) -> bool:
        return any(path.startswith(prefix) for path in self.dropped)

    def text(self, path: str, key: str) -> str | None:
        """The last run's text of `path` when it was made from the same inputs, else None."""
        entry = self.previous.get(path)
        if entry is None or entry[0] != key:
            return None
        self.hits += 1
        return entry[1]
