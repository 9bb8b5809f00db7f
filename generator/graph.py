"""The graph page: actors and places as nodes, joined when they appear in the same briefings.

A static SVG computed here (no JavaScript): a Fruchterman–Reingold spring layout
of our own with numpy, from a seeded random start, so the same site gives the
same picture byte for byte. To stay readable on a big site only the MAX_NODES
most connected nodes are drawn, and only the strongest MAX_EDGES links between
them; the page says so. Pure functions of the site index: no I/O.

The layout uses only element-wise arithmetic, square roots and sums (no BLAS,
no exp/log), whose results do not depend on the CPU's vector instructions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from markupsafe import Markup

from generator.model import SiteIndex
from generator.svg import LabelPlacer, esc, num, page_href

GRAPH_PAGE = "graph.md"
MAX_NODES = 200
MAX_EDGES = 800
MAX_LABELS = 60  # labels tried, most connected first, where they fit
MUST_LABEL = 15  # the most connected are labelled even over other circles, when no free place is left
WIDTH, HEIGHT, MARGIN = 1000.0, 720.0, 24.0
SEED = 5
ITERATIONS = 300
GRAVITY = 6.0  # pull to the centre: keeps separate groups close enough to read
# Node colours come from the stylesheet, one class per kind; countries that act
# ("Russia must agree") are one node with their place, linked to the actor page.
KINDS = ("person", "organisation", "state", "group", "place")
KIND_LABELS = {"person": "People", "organisation": "Organisations", "state": "States", "group": "Groups", "place": "Places"}


@dataclass(frozen=True)
class Node:
    page: str  # "actors/<id>" or "locations/<id>"
    name: str
    kind: str  # one of KINDS
    briefings: int
    strength: int  # briefings shared with every other node, summed


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]  # the nodes drawn, most connected first
    edges: tuple[tuple[int, int, int], ...]  # lines drawn: (i, j, shared briefings) with i < j, indexes into nodes
    links: tuple[tuple[int, int, int], ...]  # every pair of nodes drawn that shares a briefing (the layout uses them all)
    total_nodes: int
    min_shared: int  # lines drawn share at least this many briefings

    @property
    def total_edges(self) -> int:
        return len(self.links)


def build_graph(index: SiteIndex, max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES) -> Graph:
    states = {a.id for a in index.actors if a.kind == "state"}
    info: dict[str, tuple[str, str]] = {}
    for actor in index.actors:
        info[f"actors/{actor.id}"] = (actor.name, actor.kind)
    for location in index.locations:
        if location.id not in states:
            info[f"locations/{location.id}"] = (location.name, "place")

    def key_of_location(location_id: str) -> str:
        return f"actors/{location_id}" if location_id in states else f"locations/{location_id}"

    briefings: Counter = Counter()
    shared: Counter = Counter()
    for sa in index.articles:
        keys = {f"actors/{sa.actor_ids[a.id]}" for a in sa.article.actors}
        keys |= {key_of_location(sa.location_ids[l.id]) for l in sa.article.locations}
        ordered = sorted(keys)
        briefings.update(ordered)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[a, b] += 1
    strength: Counter = Counter()
    for (a, b), n in shared.items():
        strength[a] += n
        strength[b] += n

    ranked = sorted(info, key=lambda k: (-strength[k], -briefings[k], info[k][0].casefold(), k))
    chosen = ranked[:max_nodes]
    position = {key: i for i, key in enumerate(chosen)}
    nodes = tuple(Node(k, info[k][0], info[k][1], briefings[k], strength[k]) for k in chosen)
    pairs = sorted(
        ((position[a], position[b], n) if position[a] < position[b] else (position[b], position[a], n)
         for (a, b), n in shared.items() if a in position and b in position),
        key=lambda e: (-e[2], e[0], e[1]),
    )
    # The fewest shared briefings a drawn link has: every pair at or above it, at most max_edges of them.
    min_shared = 1 if len(pairs) <= max_edges else pairs[max_edges][2] + 1
    edges = tuple(sorted(e for e in pairs if e[2] >= min_shared))
    return Graph(nodes, edges, tuple(sorted(pairs)), len(info), min_shared)


def layout(graph: Graph, iterations: int = ITERATIONS, seed: int = SEED) -> np.ndarray:
    """Fruchterman–Reingold positions in the unit square, one row (x, y) per node.

    All nodes repel; two that share briefings attract in proportion to how much
    of their briefings they share (shared / √(briefings × briefings)), so that
    the busiest names do not pull everything into one knot; a pull to the
    centre keeps unlinked nodes and separate groups in view.
    """
    count = len(graph.nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2))
    if count < 2:
        return np.full((count, 2), 0.5)
    weight = np.zeros((count, count))
    for i, j, n in graph.links:
        weight[i, j] = weight[j, i] = n / math.sqrt(graph.nodes[i].briefings * graph.nodes[j].briefings)
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt(delta[:, :, 0] * delta[:, :, 0] + delta[:, :, 1] * delta[:, :, 1])
        np.maximum(dist, 1e-4, out=dist)
        # Along delta / dist: repulsion k²/dist, attraction weight·dist²/k.
        force = (k * k) / (dist * dist) - weight * dist / k
        shift = (delta * force[:, :, None]).sum(axis=1)
        shift -= (pos - 0.5) * GRAVITY
        length = np.sqrt(shift[:, 0] * shift[:, 0] + shift[:, 1] * shift[:, 1])
        np.maximum(length, 1e-9, out=length)
        pos += shift * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    return (pos - low) / span


def spread(points: np.ndarray, radii: np.ndarray, gap: float = 2.0, rounds: int = 60) -> np.ndarray:
    """Push overlapping circles apart (half the overlap each, a few rounds), keeping them in the frame."""
    pos = points.copy()
    low = radii[:, None] + MARGIN / 2
    high = np.array([WIDTH, HEIGHT])[None, :] - low
    need = radii[:, None] + radii[None, :] + gap
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt(delta[:, :, 0] * delta[:, :, 0] + delta[:, :, 1] * delta[:, :, 1])
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if not (overlap > 0).any():
            break
        np.maximum(dist, 1e-6, out=dist)
        push = np.where(overlap > 0, overlap / (2 * dist), 0.0)
        pos += (delta * push[:, :, None]).sum(axis=1)
        pos = np.minimum(np.maximum(pos, low), high)
    return pos


def node_radius(node: Node) -> float:
    return min(16.0, 6.0 + 1.8 * (math.sqrt(node.briefings) - 1))


def tooltip(node: Node) -> str:
    kind = "place" if node.kind == "place" else node.kind
    return f"{node.name} ({kind}): {node.briefings} briefing{'s' if node.briefings != 1 else ''}"


STROKES = ("0.8", "1.2", "1.8", "2.6")  # line widths, from the fewest shared briefings drawn to the most


def _stroke(shared: int, least: int, most: int) -> str:
    if most == least:
        return STROKES[0]
    return STROKES[min(len(STROKES) - 1, (shared - least) * len(STROKES) // (most - least + 1))]


def graph_figure(graph: Graph, root: str = "") -> Markup | None:
    """The legend and the SVG picture of `graph`; None for a site without actors or places."""
    if not graph.nodes:
        return None
    unit = layout(graph)
    radii = [node_radius(n) for n in graph.nodes]
    inner = np.array([WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN])
    placed = spread(MARGIN + unit * inner[None, :], np.array(radii))
    # Rounded once, so that lines meet the circles exactly.
    points = [(float(num(x)), float(num(y))) for x, y in placed]

    placer = LabelPlacer(WIDTH, HEIGHT)
    for (x, y), r in zip(points, radii):
        placer.block(x, y, r)
    labels = {}
    for i in range(min(MAX_LABELS, len(graph.nodes))):
        labels[i] = placer.place(*points[i], radii[i], graph.nodes[i].name)
        # The most connected are often in the thick of it: their labels may cover other circles.
        if labels[i] is None and i < MUST_LABEL:
            labels[i] = placer.place(*points[i], radii[i], graph.nodes[i].name, over_marks=True)

    paths: dict[str, list[str]] = {}
    weights = [n for _, _, n in graph.edges]
    for i, j, n in graph.edges:
        (x1, y1), (x2, y2) = points[i], points[j]
        paths.setdefault(_stroke(n, min(weights), max(weights)), []).append(f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}")
    count = len(graph.nodes)
    label = f"Graph of {count} actors and places" if count == graph.total_nodes else f"Graph of the {count} most connected of {graph.total_nodes} actors and places"
    lines = [
        # Material's search leaves the picture out of its index (and drops the attribute).
        '<figure class="briefing-graph" data-search-exclude="true">',
        f'<svg class="briefing-graph__svg" viewBox="0 0 {num(WIDTH)} {num(HEIGHT)}" role="group" aria-label="{esc(label)}">',
        '<g class="briefing-graph__edges" aria-hidden="true">',
    ]
    for width in sorted(paths):
        lines.append(f'<path stroke-width="{width}" d="{"".join(paths[width])}"/>')
    lines.append("</g>")
    # Circles hardly overlap once spread: most connected first, also in the keyboard's order.
    hrefs = [page_href(root + node.page + ".html") for node in graph.nodes]
    for i, node in enumerate(graph.nodes):
        x, y = points[i]
        lines.append(
            f'<a href="{hrefs[i]}"><title>{esc(tooltip(node))}</title>'
            f'<circle class="briefing-graph__node briefing-graph__node--{node.kind}" cx="{num(x)}" cy="{num(y)}" r="{num(radii[i])}"/></a>'
        )
    # Labels above every circle; they link too, for the mouse (the circle's link is the one announced and focused).
    lines.append('<g class="briefing-graph__labels" aria-hidden="true">')
    for i, label in sorted(labels.items()):
        if label is not None:
            lines.append(f'<a href="{hrefs[i]}" tabindex="-1">{label.svg("briefing-graph__label")}</a>')
    lines.append("</g>")
    lines.append("</svg>")
    kinds = Counter(n.kind for n in graph.nodes)
    legend = "".join(
        f'<span class="briefing-graph__key"><svg width="12" height="12" aria-hidden="true">'
        f'<circle class="briefing-graph__node--{kind}" cx="6" cy="6" r="5"/></svg> {KIND_LABELS[kind]} ({kinds[kind]})</span> '
        for kind in KINDS if kinds[kind]
    )
    lines += [f"<figcaption>{legend.strip()}</figcaption>", "</figure>"]
    return Markup("\n".join(lines))
