"""graph/view_payload.py: vis-network records, legend, and server-side reduction of large graphs."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from sotegraph.view_payload import COMMUNITY_PREFIX, build_payload, reduce_graph

ORG = "https://w3id.org/sotegraph/ontology#Organisation"
MUN = "https://w3id.org/sotegraph/ontology#Municipality"


def small_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node("a", label="<img src=x onerror=alert(1)>", type=ORG, type_label="organisaatio")
    G.add_node("b", label="Hämeenlinna", type=MUN, type_label="kunta", region="r", region_label="Kanta-Häme")
    G.add_node("c", label="Pikassos", type=ORG, type_label="organisaatio")
    shared = [{"iri": "p1", "label": "MONNI", "kind": "project", "role_a": "administrator", "role_b": "partner"}]
    G.add_edge("a", "b", weight=2, shared=shared * 2)
    G.add_edge("b", "c", weight=1, shared=shared)
    return G


def test_payload_has_pyvis_shaped_records_and_legend() -> None:
    payload = build_payload(small_graph(), {"a": 0.1, "b": 0.5, "c": 0.2}, size_by="pagerank")
    assert payload["counts"] == {"nodes": 3, "edges": 2}
    by_id = {node["id"]: node for node in payload["nodes"]}
    assert by_id["b"]["value"] == 0.5 and by_id["b"]["region_label"] == "Kanta-Häme"
    assert by_id["a"]["label"] == "<img src=x onerror=alert(1)>"  # data, escaped by the page
    assert by_id["a"]["color"] == by_id["c"]["color"] != by_id["b"]["color"]
    assert [entry["label"] for entry in payload["legend"]] == ["kunta", "organisaatio"]
    edge = next(edge for edge in payload["edges"] if {edge["from"], edge["to"]} == {"a", "b"})
    assert edge["value"] == 2 and len(edge["shared"]) == 2
    assert payload["reduced"] is None
    assert payload["options"]["physics"]["solver"] == "barnesHut"
    json.dumps(payload)  # serialisable as is


def test_colour_by_community() -> None:
    payload = build_payload(small_graph(), {}, size_by="degree", color_by="community",
                            communities=[{"a", "b"}, {"c"}])
    by_id = {node["id"]: node for node in payload["nodes"]}
    assert by_id["a"]["color"] == by_id["b"]["color"] != by_id["c"]["color"]
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
    community_nodes = [node for node in payload["nodes"] if node["kind"] == "community"]
    assert community_nodes and all(node["members"] > 0 for node in community_nodes)


@pytest.mark.parametrize("n", [50, 2000])
def test_options_scale_with_size(n: int) -> None:
    from sotegraph.view_payload import vis_options

    options = vis_options(n)
    assert options["layout"]["improvedLayout"] is (n <= 150)
    assert options["physics"]["stabilization"]["enabled"] is True
