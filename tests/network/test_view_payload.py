"""sotegraph.network.payload: vis-network records, legend, and server-side reduction of large graphs."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from explore_fixtures import drawn
from sotegraph.network.payload import COMMUNITY_PREFIX, build_payload, container_communities, reduce_graph

ORG = "https://w3id.org/sotegraph/ontology#Organisation"
MUN = "https://w3id.org/sotegraph/ontology#Municipality"
#: Node ids are IRIs (the page reads ids without a scheme as relative to the data IRI base).
A, B, C = "urn:x:a", "urn:x:b", "urn:x:c"


def small_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node(A, label="<img src=x onerror=alert(1)>", type=ORG, type_label="organisaatio")
    G.add_node(B, label="Hämeenlinna", type=MUN, type_label="kunta", region="r", region_label="Kanta-Häme")
    G.add_node(C, label="Pikassos", type=ORG, type_label="organisaatio")
    shared = [{"iri": "p1", "label": "MONNI", "kind": "project", "role_a": "administrator", "role_b": "partner"}]
    G.add_edge(A, B, weight=2, shared=shared * 2)
    G.add_edge(B, C, weight=1, shared=shared)
    return G


def test_payload_has_compact_records_and_legend() -> None:
    payload = build_payload(small_graph(), {A: 0.1, B: 0.512345, C: 0.2}, size_by="pagerank")
    assert payload["counts"] == {"nodes": 3, "edges": 2}
    by_id, edges = drawn(payload)
    assert by_id[B]["value"] == 0.512  # three significant digits
    assert by_id[A]["label"] == "<img src=x onerror=alert(1)>"  # data, escaped by the page
    assert by_id[A]["color"] == by_id[C]["color"] != by_id[B]["color"]
    assert [entry["label"] for entry in payload["legend"]] == ["kunta", "organisaatio"]
    assert next(edge for edge in edges if {edge["from"], edge["to"]} == {A, B})["weight"] == 2
    assert "shared" not in json.dumps(payload) and "Kanta-Häme" not in json.dumps(payload)  # fetched on click
    assert payload["reduced"] is None
    assert payload["options"]["physics"]["solver"] == "barnesHut"
    json.dumps(payload)  # serialisable as is


def test_data_iris_are_sent_relative_and_types_named_by_the_caller() -> None:
    base = "https://w3id.org/sotegraph/id/"
    G = nx.Graph()
    G.add_edge(base + "organisation/x", base + "odd:key/y")
    G.add_edge(base + "organisation/x", "urn:other")
    for node in G:
        G.nodes[node].update(label=node, type=ORG, type_label="organisaatio")
    payload = build_payload(G, {}, size_by="degree", type_labels={ORG: "organisation"})
    assert [record[0] for record in payload["nodes"]] == ["organisation/x", base + "odd:key/y", "urn:other"]
    assert set(drawn(payload)[0]) == set(G) and payload["legend"][0]["label"] == "organisation"


def test_containers_join_their_partners_community() -> None:
    G = nx.Graph([("a", "p"), ("b", "p"), ("c", "p"), ("c", "q")])
    for node in "pq":
        G.nodes[node]["kind"] = "project"
    assert container_communities(G, [{"a", "b"}, {"c"}]) == [{"a", "b", "p"}, {"c", "q"}]


def test_colour_by_community() -> None:
    payload = build_payload(small_graph(), {}, size_by="degree", color_by="community",
                            communities=[{A, B}, {C}])
    by_id, _ = drawn(payload)
    assert by_id[A]["color"] == by_id[B]["color"] != by_id[C]["color"]
    assert [entry["key"] for entry in payload["legend"]] == ["0", "1"]


def big_graph(n: int = 300) -> tuple[nx.Graph, dict[str, float], list[set[str]]]:
    G = nx.relabel_nodes(nx.connected_caveman_graph(n // 10, 10), lambda i: f"n{i}")
    for node in G:
        G.nodes[node].update(label=node, type=ORG, type_label="organisaatio")
    nx.set_edge_attributes(G, 1, "weight")
    scores = {node: float(i) for i, node in enumerate(G)}
    communities = [{f"n{i}" for i in range(start, start + 10)} for start in range(0, n, 10)]
    return G, scores, communities


def test_reduction_keeps_top_nodes_and_collapses_communities() -> None:
    G, scores, communities = big_graph()
    reduced, info = reduce_graph(G, scores, communities, max_nodes=100)
    assert info is not None and info.total_nodes == 300
    assert reduced.number_of_nodes() <= 100
    top = sorted(scores, key=scores.get, reverse=True)[: info.kept_nodes]
    assert all(node in reduced for node in top)
    collapsed = [node for node in reduced if node.startswith(COMMUNITY_PREFIX)]
    assert len(collapsed) == info.collapsed_communities
    assert info.kept_nodes + info.collapsed_nodes == 300
    assert sum(reduced.nodes[node]["members"] for node in collapsed) == info.collapsed_nodes


def test_expanding_a_community_brings_its_members_back() -> None:
    G, scores, communities = big_graph()
    _, info = reduce_graph(G, scores, communities, max_nodes=100)
    assert f"{COMMUNITY_PREFIX}0" in reduce_graph(G, scores, communities, max_nodes=100)[0]
    expanded, info = reduce_graph(G, scores, communities, max_nodes=100, expand=[0])
    assert communities[0] <= set(expanded) and f"{COMMUNITY_PREFIX}0" not in expanded
    assert info.expanded == (0,)


def test_reduced_payload_says_so() -> None:
    G, scores, communities = big_graph()
    payload = build_payload(G, scores, size_by="degree", communities=communities, max_nodes=100)
    assert payload["reduced"]["total_nodes"] == 300
    community_nodes = [node for node in drawn(payload)[0].values() if node.get("kind") == "community"]
    assert community_nodes and all(node["value"] > 0 for node in community_nodes)  # members


@pytest.mark.parametrize("n", [50, 2000])
def test_options_scale_with_size(n: int) -> None:
    from sotegraph.network.payload import vis_options

    options = vis_options(n)
    assert options["layout"]["improvedLayout"] is (n <= 150)
    assert options["physics"]["stabilization"]["enabled"] is True
