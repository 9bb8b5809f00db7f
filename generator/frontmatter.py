"""YAML front matter, fast: the exact text of ``yaml.safe_dump`` for the simple cases, PyYAML for the rest.

PyYAML's pure-Python emitter costs about a millisecond per page, most of the
time of a warm build. Our front matter is a flat mapping of short strings,
numbers, lists of strings and one small nested mapping. `dump` writes that
shape itself when every string would be written as a plain scalar (the rules
below follow PyYAML's ``Emitter.analyze_scalar`` and ``choose_scalar_style``
and are checked against PyYAML with generated data in
``tests/test_frontmatter.py``); anything else, or any doubt, goes to
``yaml.safe_dump`` with the same options. The result is the same bytes either way.
"""

from __future__ import annotations

import re

import yaml

OPTIONS = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False, "width": 4096}
_KEY = re.compile(r"[a-z][a-z_]*\Z")
# Characters PyYAML writes as they are with allow_unicode: no line breaks, tabs, BOM or control characters.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*\\Z")
_LEADING_INDICATOR = frozenset("#,[]{}&*!|>'\"%@`")
MAX_LENGTH = 1000  # far below the 4096-column width, so PyYAML never folds the line
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"


def _simple(value: str) -> bool:
    """Short and made only of characters that need no escaping: PyYAML writes it plain or single-quoted."""
    return len(value) <= MAX_LENGTH and _PRINTABLE.match(value) is not None


def plain(value: str) -> bool:
    """For a `_simple` string: True when PyYAML writes it as a plain scalar in block context (Emitter.analyze_scalar)."""
    if not value or value[0] == " " or value[-1] == " ":
        return False
    first, second = value[0], value[1:2]
    if first in _LEADING_INDICATOR or (first in "?:-" and second in ("", " ")):
        return False
    if value.startswith(("---", "...")) or " #" in value or ": " in value or value.endswith(":"):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


def _float(value: float) -> str | None:
    """SafeRepresenter.represent_float for finite numbers, when it is written plain."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _FLOAT else None


def _scalar(value) -> str | None:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str) and _simple(value):
        return value if plain(value) else "'" + value.replace("'", "''") + "'"
    return None


def _fast(data: dict) -> str | None:
    lines = []
    for key, value in data.items():
        if not isinstance(key, str) or not _KEY.match(key):
            return None
        if isinstance(value, list):
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for item in value:
                text = _scalar(item)
                if text is None:
                    return None
                lines.append(f"- {text}")
        elif isinstance(value, dict):
            if not value:
                lines.append(f"{key}: {{}}")
                continue
            lines.append(f"{key}:")
            for sub, item in value.items():
                text = _scalar(item)
                if not isinstance(sub, str) or not _KEY.match(sub) or text is None:
                    return None
                lines.append(f"  {sub}: {text}")
        else:
            text = _scalar(value)
            if text is None:
                return None
            lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n" if lines else None


def dump(data: dict) -> str:
    """`yaml.safe_dump(data, **OPTIONS)`, byte for byte."""
    fast = _fast(data)
    return fast if fast is not None else yaml.safe_dump(data, **OPTIONS)
