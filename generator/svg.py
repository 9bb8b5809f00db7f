"""Small helpers for the SVG pictures that the render stage writes inline (maps, graph).

Every name in a picture comes from article text: `esc` escapes it for SVG text
and attribute values alike. Links (`href`) are built from slugs only, checked by
`page_href`. Numbers are rounded so that the same inputs give the same bytes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

LABEL_SIZE = 12  # font size of labels, in the picture's units (≈ CSS px at its nominal width)
CHAR_WIDTH = 0.62  # a generous average glyph width of a sans-serif font, in ems
_HREF = re.compile(r"(\.\./)*[a-z0-9_-]+(/[a-z0-9_-]+)*\.(html|svg)")


def esc(text: object) -> str:
    """Text → safe SVG/HTML text or attribute value (whitespace collapsed, quotes escaped)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal: 12.0 → '12', -0.04 → '0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def page_href(path: str) -> str:
    """A relative link to one of our own built pages or images; anything else is refused."""
    if not _HREF.fullmatch(path):
        raise ValueError(f"unsafe link target {path!r}")
    return path


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    anchor: str  # "start", "end" or "middle"
    text: str

    def svg(self, css_class: str) -> str:
        anchor = "" if self.anchor == "start" else f' text-anchor="{self.anchor}"'
        return f'<text class="{css_class}" x="{num(self.x)}" y="{num(self.y)}"{anchor}>{esc(self.text)}</text>'


class LabelPlacer:
    """Greedy label placement: right of the mark, else left, above, below, then diagonally; never over another label (nor, unless asked, a mark)."""

    def __init__(self, width: float, height: float, size: float = LABEL_SIZE) -> None:
        self.width, self.height, self.size = width, height, size
        self.marks: list[Box] = []
        self.labels: list[Box] = []

    def block(self, x: float, y: float, r: float) -> None:
        """Keep labels off a mark (a circle of radius r at x, y)."""
        self.marks.append(Box(x - r, y - r, x + r, y + r))

    def place(self, x: float, y: float, r: float, text: str, over_marks: bool = False) -> Label | None:
        """A label beside the mark at x, y, or None when it fits nowhere; `over_marks`: it may cover other marks."""
        w, s, gap = text_width(text, self.size), self.size, 2.0
        own = Box(x - r, y - r, x + r, y + r)
        d = r * 0.7  # diagonals: just off the circle
        candidates = (
            Label(x + r + gap, y + s * 0.35, "start", text),
            Label(x - r - gap, y + s * 0.35, "end", text),
            Label(x, y - r - gap - s * 0.25, "middle", text),
            Label(x, y + r + gap + s * 0.8, "middle", text),
            Label(x + d + gap, y - d - gap - s * 0.25, "start", text),
            Label(x + d + gap, y + d + gap + s * 0.8, "start", text),
            Label(x - d - gap, y - d - gap - s * 0.25, "end", text),
            Label(x - d - gap, y + d + gap + s * 0.8, "end", text),
        )
        others = [] if over_marks else [m for m in self.marks if m != own]  # the same for every candidate
        for label in candidates:
            left = {"start": label.x, "end": label.x - w, "middle": label.x - w / 2}[label.anchor]
            box = Box(left, label.y - s * 0.8, left + w, label.y + s * 0.25)
            taken = self.labels + others
            if box.inside(self.width, self.height) and not any(box.overlaps(t) for t in taken):
                self.labels.append(box)
                return label
        return None
