"""A store with the bundled graphs plus the small collaboration graph of tests/data/explore."""

from __future__ import annotations

from repo_paths import TEST_DATA
from sotegraph.store import Store

COLLABORATION = TEST_DATA / "explore" / "collaboration.ttl"
TEST_GRAPH = "https://w3id.org/sotegraph/graph/submission/explore-test"
ID = "https://w3id.org/sotegraph/id/"
PIKASSOS, HOSTILE, HAMEENLINNA, TAMPERE = (ID + "organisation/testikeskus", ID + "organisation/hostile",
                                          ID + "municipality/109", ID + "municipality/837")
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"


def add_collaboration(store: Store) -> Store:
    """`store` with the test collaboration graph loaded in its own named graph."""
    store.load(COLLABORATION.read_bytes(), "ttl", TEST_GRAPH)
    return store


def drawn(payload: dict) -> tuple[dict[str, dict], list[dict]]:
    """The explore payload's compact records read the way explore.js reads them: nodes by IRI, edges."""
    fields = payload["format"]
    nodes = []
    for record in payload["nodes"]:
        node = dict(zip(fields["node"], record, strict=False))  # optional fields trail
        if ":" not in node["id"].split("/", 1)[0]:
            node["id"] = payload["id_base"] + node["id"]
        node["color"] = payload["legend"][node["legend"]]["color"] if node["legend"] >= 0 else None
        nodes.append(node)
    edges = [{"from": nodes[a]["id"], "to": nodes[b]["id"], "weight": weight} for a, b, weight in payload["edges"]]
    return {node["id"]: node for node in nodes}, edges
