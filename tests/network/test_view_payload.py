"""sotegraph.network.payload: positioned vis-network records, fixed colours, the overview of big graphs."""

from __future__ import annotations

import json

import networkx as nx

from explore_fixtures import drawn
from sotegraph.network.payload import (
    COMMUNITY_PREFIX,
    TYPE_COLOURS,
    build_payload,
    container_communities,
    overview,
    type_colour,
)

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
    assert payload["options"]["physics"] == {"enabled": False} and payload["relax"]["solver"] == "barnesHut"
    assert all(isinstance(node["x"], float) and isinstance(node["y"], float) for node in by_id.values())
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


def test_overview_collapses_every_community_and_keeps_the_rest() -> None:
    G, scores, communities = big_graph()
    G.add_edge("loner-a", "loner-b", weight=1)  # in no community: drawn as they are
    reduced, info = overview(G, scores, communities, max_nodes=100)
    assert info is not None and info.total_nodes == 302 and info.collapsed_communities == 30
    assert info.kept_nodes + info.collapsed_nodes == 302 and info.kept_nodes == 2
    collapsed = [node for node in reduced if node.startswith(COMMUNITY_PREFIX)]
    assert len(collapsed) == 30 and sum(reduced.nodes[node]["members"] for node in collapsed) == 300
    # ties between communities summed: the caveman ring links each cave to the next by one rewired edge
    assert reduced[f"{COMMUNITY_PREFIX}0"][f"{COMMUNITY_PREFIX}1"]["weight"] == 1
    assert {"loner-a", "loner-b"} <= set(reduced)


def test_communities_are_named_by_their_most_central_actors() -> None:
    G, scores, communities = big_graph()
    reduced, _ = overview(G, scores, communities, max_nodes=100, labels={"n9": "Tampere"},
                          community_label=lambda index, size, names: f"{index}:{size}:{'|'.join(names)}")
    node = reduced.nodes[f"{COMMUNITY_PREFIX}0"]
    assert node["leaders"] == ["n9", "n8", "n7"] and node["label"] == "0:10:Tampere|n8|n7"


def test_expanding_a_community_brings_its_members_back() -> None:
    G, scores, communities = big_graph()
    assert f"{COMMUNITY_PREFIX}0" in overview(G, scores, communities, max_nodes=100)[0]
    expanded, info = overview(G, scores, communities, max_nodes=100, expand=[0, 999])
    assert communities[0] <= set(expanded) and f"{COMMUNITY_PREFIX}0" not in expanded
    assert info is not None and info.expanded == (0,) and info.kept_nodes == 10
    # a member's tie into another community goes to that community's node
    assert any(other.startswith(COMMUNITY_PREFIX) for member in communities[0] for other in expanded[member])


def test_reduced_payload_says_so() -> None:
    G, scores, communities = big_graph()
    payload = build_payload(G, scores, size_by="degree", communities=communities, max_nodes=100)
    assert payload["reduced"]["total_nodes"] == 300
    community_nodes = [node for node in drawn(payload)[0].values() if node.get("kind") == "community"]
    assert len(community_nodes) == 30 and all(node["value"] == 10 for node in community_nodes)  # members


def test_colours_are_fixed_by_type_whatever_else_is_drawn() -> None:
    G = small_graph()
    alone = build_payload(G.subgraph([B]).copy(), {}, size_by="degree")
    together = build_payload(G, {}, size_by="degree", type_labels={MUN: "municipality", ORG: "organisation"})
    colours = {entry["key"]: entry["color"] for entry in together["legend"]}
    assert alone["legend"][0]["color"] == colours[MUN] == TYPE_COLOURS["Municipality"] == type_colour(MUN)
    assert colours[ORG] == TYPE_COLOURS["Organisation"]
    assert type_colour("urn:unknown:type") == type_colour("urn:unknown:type")  # stable for unknown types too


def test_node_labels_come_in_the_readers_language() -> None:
    payload = build_payload(small_graph(), {}, size_by="degree", node_labels=lambda iris: {B: "Tavastehus"})
    assert drawn(payload)[0][B]["label"] == "Tavastehus" and drawn(payload)[0][C]["label"] == "Pikassos"
