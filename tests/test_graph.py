"""The graph page: which nodes and links are drawn, the layout, and the SVG."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from generator import graph
from tests.synthetic import synthetic_index

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quotes" ]]>'


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


@pytest.fixture(scope="module")
def big():
    """A site of 600 actors and places (of which graph.MAX_NODES are drawn)."""
    return synthetic_index(900, 450, 150, seed=3)


def test_build_graph_keeps_the_most_connected_and_the_strongest_links(big):
    g = graph.build_graph(big)
    assert g.total_nodes > 500 and len(g.nodes) == graph.MAX_NODES
    strengths = [n.strength for n in g.nodes]
    assert strengths == sorted(strengths, reverse=True)
    assert len(g.edges) <= graph.MAX_EDGES < g.total_edges
    # Every pair at or above the threshold is drawn, none below it: ties are never cut arbitrarily.
    assert {e for e in g.links if e[2] >= g.min_shared} == set(g.edges)
    assert all(i < j for i, j, _ in g.links) and len(set(g.links)) == len(g.links)


def test_shared_briefings_are_counted_per_article(big):
    g = graph.build_graph(big, max_nodes=10_000, max_edges=10**9)
    assert g.min_shared == 1 and len(g.nodes) == g.total_nodes
    by_page = {n.page: n for n in g.nodes}
    actor = big.actors[0]
    assert by_page[f"actors/{actor.id}"].briefings == len(actor.appearances)
    # The strength of a node is the sum of its links.
    strength = [0] * len(g.nodes)
    for i, j, n in g.links:
        strength[i] += n
        strength[j] += n
    assert strength == [n.strength for n in g.nodes]


def test_a_state_and_its_country_are_one_node(generated_docs):
    _, result = generated_docs
    g = graph.build_graph(result.index)
    pages = [n.page for n in g.nodes]
    assert "actors/russia" in pages and "locations/russia" not in pages
    assert len(pages) == len(set(pages))
    assert {n.kind for n in g.nodes} <= set(graph.KINDS)


def test_layout_is_deterministic_and_inside_the_unit_square(big):
    g = graph.build_graph(big)
    first, second = graph.layout(g), graph.layout(graph.build_graph(synthetic_index(900, 450, 150, seed=3)))
    assert first.shape == (len(g.nodes), 2)
    assert np.array_equal(first, second)
    assert first.min() >= 0 and first.max() <= 1
    assert not np.array_equal(first, graph.layout(g, seed=graph.SEED + 1))


def test_linked_nodes_end_up_closer_than_unlinked_ones(big):
    g = graph.build_graph(big)
    pos = graph.layout(g)
    linked = {(i, j) for i, j, _ in g.links}
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1))
    near = np.mean([dist[i, j] for i, j in linked])
    far = np.mean([dist[i, j] for i in range(len(g.nodes)) for j in range(i + 1, len(g.nodes)) if (i, j) not in linked])
    assert near < far


def test_spread_removes_overlaps_and_keeps_circles_in_the_frame():
    rng = np.random.default_rng(0)
    points = 480 + rng.random((60, 2)) * 40  # sixty circles in a 40 × 40 box
    radii = np.full(60, 6.0)
    out = graph.spread(points, radii, rounds=400)
    d = np.sqrt(((out[:, None, :] - out[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 2 * 6.0 - 0.5
    assert out.min() >= 0 and out[:, 0].max() <= graph.WIDTH and out[:, 1].max() <= graph.HEIGHT


def test_graph_figure_of_a_big_site_is_readable_compact_and_fast(big):
    g = graph.build_graph(big)
    started = time.perf_counter()
    markup = graph.graph_figure(g)
    assert time.perf_counter() - started < 15
    assert len(str(markup)) < 150_000
    figure = parse(markup)
    svg = figure.find(f"{SVG}svg")
    assert svg.get("aria-label") == f"Graph of the {graph.MAX_NODES} most connected of {g.total_nodes} actors and places"
    nodes = [a for a in svg.findall(f"{SVG}a")]
    assert len(nodes) == graph.MAX_NODES
    assert all(a.find(f"{SVG}title").text and a.get("href").endswith(".html") for a in nodes)
    labels = svg.find(f"{SVG}g[@class='briefing-graph__labels']")
    assert labels.get("aria-hidden") == "true"
    assert all(a.get("tabindex") == "-1" for a in labels)
    assert 20 <= len(labels) <= graph.MAX_LABELS
    # The most connected nodes are labelled, but for a few in the thick of it when no free place is left.
    labelled = {a.get("href") for a in labels}
    assert len({a.get("href") for a in nodes[: graph.MUST_LABEL]} - labelled) <= 2
    for circle in svg.iter(f"{SVG}circle"):
        x, y = float(circle.get("cx")), float(circle.get("cy"))
        assert 0 <= x <= graph.WIDTH and 0 <= y <= graph.HEIGHT
    legend = figure.find("figcaption")
    assert [s.text is None for s in legend]  # the swatches are pictures; the text follows them
    assert "People" in "".join(legend.itertext())


def test_graph_figure_is_byte_for_byte_deterministic():
    index = synthetic_index(120, 60, 30, seed=9)
    assert str(graph.graph_figure(graph.build_graph(index))) == str(graph.graph_figure(graph.build_graph(synthetic_index(120, 60, 30, seed=9))))


def test_names_from_articles_are_escaped_in_the_graph():
    index = synthetic_index(20, 8, 4, name=HOSTILE + " {kind} {i}")
    markup = str(graph.graph_figure(graph.build_graph(index)))
    assert "<script>" not in markup and "]]>" not in markup
    figure = parse(markup)
    assert any(HOSTILE in (t.text or "") for t in figure.iter(f"{SVG}title"))
    assert any(HOSTILE in (t.text or "") for t in figure.iter(f"{SVG}text"))


def test_an_empty_site_has_no_picture():
    index = synthetic_index(0, 1, 1)
    assert graph.build_graph(index).nodes == () and graph.graph_figure(graph.build_graph(index)) is None
    single = graph.build_graph(synthetic_index(1, 1, 1))
    assert len(single.nodes) == 2 and graph.layout(single).shape == (2, 2)
