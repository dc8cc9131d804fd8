"""The /api/network endpoints over the hand-built graph: payloads, filters and the JSON error shape."""

from __future__ import annotations

import pytest

from network_fixtures import MONNI, NOKIA, PIKASSOS, PRO_SOS, RIIHIMAKI, TAMPERE, network_store
from sotegraph_webviz import create_app


@pytest.fixture
def api():
    store = network_store()
    yield create_app({"TESTING": True, "STORE": store, "WTF_CSRF_ENABLED": False}).test_client()
    store.close()


def test_network_has_nodes_edges_and_measures(api):
    payload = api.get("/api/network?measure=degree,betweenness&region=Pirkanmaa").get_json()
    assert payload["ok"] and payload["projection"] == "collaboration"
    assert {node["id"] for node in payload["nodes"]} == {TAMPERE, NOKIA, PIKASSOS}
    tampere = next(node for node in payload["nodes"] if node["id"] == TAMPERE)
    assert tampere["label"] == "Tampere" and set(tampere["measures"]) == {"degree", "betweenness"}
    edge = next(e for e in payload["edges"] if {e["source"], e["target"]} == {TAMPERE, NOKIA})
    assert edge["source"] < edge["target"] and edge["weight"] == 2
    assert {item["iri"] for item in edge["shared"]} >= {PRO_SOS}


def test_path_ego_coverage_evolution_summary_communities(api):
    hops = api.get("/api/network/path?a=Tampere&b=Riihimäki").get_json()["hops"]
    assert hops[0]["to"] == RIIHIMAKI and hops[0]["shared"][0]["label"] == "PRO SOS"
    ego = api.get("/api/network/ego?actor=Hämeenlinna&radius=1").get_json()
    assert PIKASSOS in {node["id"] for node in ego["nodes"]}
    coverage = api.get("/api/network/coverage?region=Kanta-Häme&year=2016").get_json()
    assert (coverage["total"], coverage["involved_count"]) == (3, 2)
    years = api.get("/api/network/evolution?from=2021&to=2022&project=MONNI").get_json()
    assert years["filters"]["project"] == MONNI and [y["links"] for y in years["years"]] == [1, 1]
    summary = api.get("/api/network/summary?projection=bipartite").get_json()
    assert summary["nodes"] == 11 and PRO_SOS in summary["articulation_points"]
    found = api.get("/api/network/communities").get_json()
    assert sum(c["size"] for c in found["communities"]) == 7 and -0.5 <= found["modularity"] <= 1


@pytest.mark.parametrize(("url", "status"), [
    ("/api/network?measure=fame", 400),
    ("/api/network?projection=tree", 400),
    ("/api/network?from=soon", 400),
    ("/api/network?region=Nowhere", 404),
    ("/api/network/path?a=Tampere", 400),
    ("/api/network/path?a=Tampere&b=Kangasala", 404),
    ("/api/network/ego?actor=Tampere&radius=0", 400),
    ("/api/network/ego?actor=Tampere&radius=x", 400),
    ("/api/network/coverage", 400),
    ("/api/network/coverage?region=Nowhere", 404),
], ids=["measure", "projection", "year", "region", "missing-b", "no-path", "radius-0", "radius-x",
        "missing-region", "unknown-region"])
def test_errors_have_one_json_shape(api, url, status):
    response = api.get(url)
    assert response.status_code == status
    payload = response.get_json()
    assert set(payload) == {"ok", "error", "status"} and payload["ok"] is False and payload["status"] == status
