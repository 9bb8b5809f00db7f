"""The editor's corrections to entity resolution: `entities.yml` at the project root.

```yaml
merge:                # each item: names or ids of one entity (the first names the page)
  - [Mykola Zelinsky, Zelinskyy]
split:                # each item: names that must stay apart, whatever the rules say
  - [Tamsin Penhallow, Penhallow]
rename:               # id or name: the name the page shows (its id follows the name)
  mykola-zelinsky: Mykola Zelinskyy
set:                  # id or name: kind and/or role
  alden-thorne: {kind: person, role: Prime Minister}
hide:                 # ids or names: no page, not listed anywhere
  - Defence
```

An entity is named by its page id (the last part of its URL) or by any name or
alias it is written with; a reference applies to the actors and places it
matches. A reference that matches nothing is reported as a warning.
Parsing here; matching in `generator.resolve`; no I/O.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass

import yaml

from generator.errors import ConfigError
from generator.model import ACTOR_KINDS, LOCATION_KINDS
from generator.slugs import slug

OVERRIDES_FILE = "entities.yml"
SECTIONS = ("merge", "split", "rename", "set", "hide")
SETTABLE = ("kind", "role")


@dataclass(frozen=True)
class Overrides:
    path: str = OVERRIDES_FILE
    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[tuple[str, ...], ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    set: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    hide: tuple[str, ...] = ()

    def references(self) -> list[tuple[str, str]]:
        """(section, reference) for every entity the file names, in file order."""
        out = [("merge", r) for group in self.merge for r in group]
        out += [("split", r) for group in self.split for r in group]
        out += [("rename", r) for r, _ in self.rename] + [("set", r) for r, _ in self.set] + [("hide", r) for r in self.hide]
        return out


@functools.lru_cache(maxsize=1 << 16)  # every name and alias of the site, many repeated; slugify is slow
def ref_key(reference: str) -> str:
    """How a reference is compared with ids, names and aliases."""
    return slug(reference)


def parse_overrides(text: str, path: str = OVERRIDES_FILE) -> Overrides:
    def fail(where: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: {where}: {problem}; see 'Correcting entities' in the README")

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({str(error).splitlines()[0]}); fix the file") from error
    if data is None:
        return Overrides(path=path)
    if not isinstance(data, dict):
        raise fail("top level", "must be a mapping with the sections merge, split, rename, set, hide")
    unknown = sorted(str(k) for k in data if k not in SECTIONS)
    if unknown:
        raise fail(unknown[0], f"unknown section (the sections are {', '.join(SECTIONS)})")

    def name(value: object, where: str) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not re.search(r"\w", value):
            raise fail(where, f"{value!r} is not a name or id")
        return value.strip()

    def groups(section: str) -> tuple[tuple[str, ...], ...]:
        items = data.get(section) or []
        if not isinstance(items, list):
            raise fail(section, "must be a list of lists of names")
        out = []
        for n, group in enumerate(items):
            if not isinstance(group, list) or len(group) < 2:
                raise fail(f"{section}[{n}]", "must be a list of at least two names or ids")
            out.append(tuple(name(v, f"{section}[{n}]") for v in group))
        return tuple(out)

    def mapping(section: str) -> dict:
        value = data.get(section) or {}
        if not isinstance(value, dict):
            raise fail(section, "must be a mapping of id or name to a value")
        return value

    rename = tuple((name(k, "rename"), name(v, f"rename[{k}]")) for k, v in mapping("rename").items())
    settings = []
    for key, fields in mapping("set").items():
        where = f"set[{key}]"
        if not isinstance(fields, dict) or not fields:
            raise fail(where, "must be a mapping such as {kind: person, role: Prime Minister}")
        for field_name, value in fields.items():
            if field_name not in SETTABLE:
                raise fail(where, f"cannot set {field_name!r} (only {', '.join(SETTABLE)})")
            if not isinstance(value, str) or not value.strip():
                raise fail(f"{where}.{field_name}", "must be text")
        kind = fields.get("kind")
        if kind is not None and kind not in ACTOR_KINDS + LOCATION_KINDS:
            raise fail(f"{where}.kind", f"{kind!r} is not one of {', '.join(ACTOR_KINDS + LOCATION_KINDS)}")
        settings.append((name(key, "set"), tuple(sorted((k, v.strip()) for k, v in fields.items()))))
    hide = data.get("hide") or []
    if not isinstance(hide, list):
        raise fail("hide", "must be a list of names or ids")
    return Overrides(
        path=path, merge=groups("merge"), split=groups("split"), rename=rename, set=tuple(settings),
        hide=tuple(name(v, "hide") for v in hide),
    )
