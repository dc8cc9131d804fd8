"""Measures on small graphs whose answers are known by hand, and agreement with NetworkX's reference code."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from sotegraph.errors import InputError
from sotegraph.network import measures
from sotegraph.network.measures import MEASURES, actor_measures, communities, graph_summary


def named(graph: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(graph, {node: f"n{node}" for node in graph})


@pytest.fixture
def star() -> nx.Graph:
    return named(nx.star_graph(4))  # n0 is the centre of four leaves


@pytest.fixture
def weighted_random() -> nx.Graph:
    graph = named(nx.powerlaw_cluster_graph(120, 3, 0.4, seed=7))
    for a, b in graph.edges:
        graph[a][b]["weight"] = (int(a[1:]) * int(b[1:])) % 4 + 1
    graph.add_edge("x1", "x2", weight=2)  # a second component
    graph.add_node("alone")
    return graph


def test_star_centre_is_the_only_broker(star):
    values = actor_measures(star)
    assert values["n0"]["betweenness"] == 1.0 and values["n1"]["betweenness"] == 0.0
    assert values["n0"]["degree"] == 4 and values["n0"]["closeness"] == 1.0
    # Burt: each of 4 unconnected partners constrains the centre by (1/4)^2; a leaf has one partner.
    assert values["n0"]["constraint"] == pytest.approx(0.25) and values["n1"]["constraint"] == pytest.approx(1.0)
    assert values["n0"]["effective_size"] == 4.0 and values["n0"]["clustering"] == 0.0


def test_closed_triangle_has_full_constraint_and_clustering():
    values = actor_measures(named(nx.complete_graph(3)))
    # p = 1/2 to each partner, plus 1/2 * 1/2 through the third: (1/2 + 1/4)^2 * 2 = 1.125.
    assert values["n0"]["constraint"] == pytest.approx(1.125)
    assert values["n0"]["clustering"] == 1.0 and values["n0"]["effective_size"] == 1.0
    assert values["n0"]["core_number"] == 2


def test_isolated_actor_has_undefined_brokerage():
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=1)
    graph.add_node("alone")
    values = actor_measures(graph)["alone"]
    assert values["constraint"] is None and values["effective_size"] is None
    assert values["degree"] == 0 and values["closeness"] == 0.0


@pytest.mark.parametrize(("ours", "reference"), [
    (measures.constraint, lambda g: nx.constraint(g, weight="weight")),
    (measures.effective_size, nx.effective_size),
    (measures.clustering, nx.clustering),
    (measures.closeness, nx.closeness_centrality),
    (measures.core_number, nx.core_number),
    (measures.weighted_degree, lambda g: dict(g.degree(weight="weight"))),
    (measures.degree, lambda g: dict(g.degree())),
    (measures.betweenness, nx.betweenness_centrality),
    (measures.pagerank, lambda g: nx.pagerank(g, weight="weight", tol=1e-14, max_iter=10_000)),
], ids=["constraint", "effective_size", "clustering", "closeness", "core_number", "weighted_degree", "degree",
        "betweenness", "pagerank"])
def test_agrees_with_networkx(weighted_random, ours, reference):
    expected = reference(weighted_random)
    got = ours(weighted_random, seed=1)
    for node in weighted_random:
        if isinstance(expected[node], float) and math.isnan(expected[node]):
            assert got[node] is None
        else:
            assert got[node] == pytest.approx(expected[node], abs=1e-12)


def test_one_conversion_gives_the_same_values_as_each_measure_alone(weighted_random):
    together = actor_measures(weighted_random, seed=5)
    for name, measure in MEASURES.items():
        alone = measure(weighted_random, seed=5)
        assert {node: row[name] for node, row in together.items()} == alone


def test_sampled_estimates_are_reproducible_and_close(weighted_random, monkeypatch):
    exact = measures.closeness(weighted_random)
    monkeypatch.setattr(measures, "SAMPLE_ABOVE", 50)
    monkeypatch.setattr(measures, "SAMPLE_SOURCES", 60)
    first = measures.closeness(weighted_random, seed=3)
    assert first == measures.closeness(weighted_random, seed=3)
    assert max(abs(first[n] - exact[n]) for n in exact) < 0.1
    assert measures.betweenness(weighted_random, seed=3) == measures.betweenness(weighted_random, seed=3)


def test_sampled_betweenness_is_networkx_estimate_for_the_same_seed(weighted_random, monkeypatch):
    monkeypatch.setattr(measures, "SAMPLE_ABOVE", 50)
    monkeypatch.setattr(measures, "SAMPLE_SOURCES", 40)
    expected = nx.betweenness_centrality(weighted_random, k=40, seed=9)
    got = measures.betweenness(weighted_random, seed=9)
    assert got == pytest.approx(expected, abs=1e-12)
    assert got != pytest.approx(nx.betweenness_centrality(weighted_random), abs=1e-12)


def test_louvain_splits_two_cliques_joined_by_one_edge():
    graph = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    graph.add_edge(0, 5)
    graph = named(graph)
    nx.set_edge_attributes(graph, 1, "weight")
    found, modularity = communities(graph, seed=42)
    assert found == [{f"n{i}" for i in range(5)}, {f"n{i}" for i in range(5, 10)}]
    assert modularity == pytest.approx(2 * (10 / 21 - (21 / 42) ** 2))
    assert communities(graph, seed=42) == (found, modularity)


def test_louvain_is_deterministic_per_seed_and_as_good_as_networkx():
    graph = named(nx.powerlaw_cluster_graph(300, 3, 0.3, seed=11))
    for a, b in graph.edges:
        graph[a][b]["weight"] = (int(a[1:]) + int(b[1:])) % 3 + 1
    runs = {seed: [communities(graph, seed=seed) for _ in range(3)] for seed in (1, 2)}
    for first, *others in runs.values():
        assert all(other == first for other in others)
    ours = runs[1][0][1]
    assert ours == pytest.approx(nx.community.modularity(graph, runs[1][0][0], weight="weight"), abs=1e-12)
    reference = nx.community.modularity(
        graph, nx.community.louvain_communities(graph, weight="weight", seed=1), weight="weight")
    assert ours >= reference - 0.02


def test_summary_finds_the_bridge_and_its_articulation_points():
    graph = named(nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3)))
    graph.add_edge("n0", "n3")
    graph.add_node("alone")
    summary = graph_summary(graph)
    assert summary["bridges"] == [["n0", "n3"]]
    assert summary["articulation_points"] == ["n0", "n3"]
    assert (summary["nodes"], summary["edges"], summary["components"], summary["isolates"]) == (7, 7, 2, 1)
    assert summary["density"] == pytest.approx(7 / 21)


def test_every_measure_runs_on_an_empty_graph_and_unknown_names_are_refused():
    assert actor_measures(nx.Graph()) == {}
    assert set(actor_measures(named(nx.path_graph(2)))["n0"]) == set(MEASURES)
    with pytest.raises(InputError, match="unknown measure: fame"):
        actor_measures(nx.Graph(), ["degree", "fame"])
