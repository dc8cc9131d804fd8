"""The sparse path (`network.incidence`) gives what the NetworkX path gives: same nodes, weights, measures, summary.

A synthetic graph large enough that betweenness and closeness are sampled (above
`measures.SAMPLE_ABOVE` nodes) checks that the sampled estimates match too; the benchmark
(benchmarks/bench_analysis.py) compares them at 10 k and 100 k actors.
"""

from __future__ import annotations

import io
import math

import pytest
from rdflib import URIRef

from sotegraph import synth
from sotegraph.network.fetch import NetworkData, load_network_data
from sotegraph.network.incidence import collaboration_network, network
from sotegraph.network.measures import MEASURES, SAMPLE_ABOVE, actor_measures, graph_summary
from sotegraph.network.projections import Filters, bipartite_graph, collaboration_graph
from sotegraph.store import CURATED_GRAPH
from sotegraph.store.embedded import OxigraphStore


@pytest.fixture(scope="module")
def synthetic() -> NetworkData:
    out = io.BytesIO()
    synth.write(out, 3200, 800, seed=7, fmt="nt")
    store = OxigraphStore(None)
    store.load(out.getvalue(), "nt", CURATED_GRAPH)
    return load_network_data(store)


def _assert_same_values(expected: dict[str, dict[str, float | None]],
                        found: dict[str, dict[str, float | None]]) -> None:
    assert list(found) == list(expected)
    for node, values in expected.items():
        for name, value in values.items():
            other = found[node][name]
            if value is None:
                assert other is None, (node, name)
            else:
                assert other is not None and math.isclose(other, value, rel_tol=1e-9, abs_tol=1e-12), (node, name)


@pytest.mark.parametrize("filters", [Filters(), Filters(year_from=2003, year_to=2005)],
                         ids=["all", "period"])
def test_collaboration_network_equals_networkx_path(synthetic: NetworkData, filters: Filters) -> None:
    G = collaboration_graph(synthetic, filters)
    fast = collaboration_network(synthetic, filters)
    assert fast.nodes == list(G)
    assert len(fast.nodes) > SAMPLE_ABOVE or filters != Filters()
    weights = {frozenset((fast.nodes[a], fast.nodes[b])): weight
               for (a, b), weight in zip(fast.graph.get_edgelist(), fast.graph.es["weight"], strict=True)}
    assert weights == {frozenset((a, b)): float(w) for a, b, w in G.edges(data="weight")}
    _assert_same_values(actor_measures(G, seed=3), fast.measures(seed=3))
    assert fast.summary() == graph_summary(G)
    assert dict(fast.attributes) == {node: dict(G.nodes[node]) for node in G}


def test_other_projections_go_through_networkx(synthetic: NetworkData) -> None:
    G = bipartite_graph(synthetic, Filters(year_from=2004, year_to=2004))
    fast = network("bipartite", synthetic, Filters(year_from=2004, year_to=2004))
    assert fast.nodes == list(G)
    _assert_same_values(actor_measures(G, list(MEASURES)), fast.measures(list(MEASURES)))
    assert fast.summary() == graph_summary(G)


def test_empty_network_has_an_empty_summary(synthetic: NetworkData) -> None:
    nothing = Filters(project=URIRef("https://example.org/none"))
    empty = collaboration_network(synthetic, nothing)
    assert empty.nodes == [] and empty.measures() == {}
    assert empty.summary() == graph_summary(collaboration_graph(synthetic, nothing))
