"""Ego networks, explained paths, regional coverage and year-by-year evolution on the hand-built graph."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from network_fixtures import (
    FORUM,
    HAMEENLINNA,
    KANGASALA,
    KANTA_HAME,
    MIKA,
    MONNI,
    NOKIA,
    PIKASSOS,
    PIRKANMAA,
    PRO_SOS,
    PRO_SOS_PIKASSOS,
    RIIHIMAKI,
    TAMPERE,
    THL,
    net_store,
)
from sotegraph.errors import InputError, NotFoundError
from sotegraph.network.projections import Filters, collaboration_graph, load_network_data
from sotegraph.network.questions import coverage, ego_network, evolution, explained_path

__all__ = ["net_store"]


def test_ego_network_by_radius(net_store):
    graph = collaboration_graph(net_store)
    assert set(ego_network(graph, MIKA)) == {MIKA, RIIHIMAKI, HAMEENLINNA}
    assert set(ego_network(graph, MIKA, radius=2)) == {MIKA, RIIHIMAKI, HAMEENLINNA, TAMPERE, NOKIA, PIKASSOS, THL}
    with pytest.raises(NotFoundError):
        ego_network(graph, KANGASALA)
    with pytest.raises(InputError):
        ego_network(graph, MIKA, radius=0)


def test_path_between_municipalities_of_a_project_names_the_project(net_store):
    hops = explained_path(collaboration_graph(net_store), TAMPERE, RIIHIMAKI)
    assert hops == [{"from": TAMPERE, "to": RIIHIMAKI, "from_label": "Tampere", "to_label": "Riihimäki",
                     "shared": [{"iri": PRO_SOS, "label": "PRO SOS", "kind": "project",
                                 "role_from": "osallistuva kunta", "role_to": "osallistuva kunta"}]}]


def test_each_hop_of_a_longer_path_is_explained_with_roles_facing_the_walk(net_store):
    hops = explained_path(collaboration_graph(net_store), MIKA, THL)
    assert [hop["from"] for hop in hops] == [MIKA, RIIHIMAKI]
    assert hops[0]["shared"][0]["iri"] == FORUM
    assert hops[0]["shared"][0]["role_from"] is None and hops[0]["shared"][0]["role_to"] == "jäsen"
    assert hops[1]["shared"][0]["role_from"] == "osallistuva kunta" and hops[1]["shared"][0]["role_to"] == "kumppani"


def test_no_path_is_not_found(net_store):
    graph = collaboration_graph(net_store, Filters(year_from=2016, year_to=2016))
    graph.add_node(MIKA)
    with pytest.raises(NotFoundError, match="no path"):
        explained_path(graph, TAMPERE, MIKA)
    with pytest.raises(NotFoundError):
        explained_path(graph, TAMPERE, KANGASALA)


def test_coverage_lists_involved_and_missing_municipalities(net_store):
    result = coverage(net_store, URIRef(PIRKANMAA))
    assert (result["total"], result["involved_count"], result["classification_year"]) == (3, 2, 2021)
    assert result["share"] == pytest.approx(2 / 3)
    assert [entry["iri"] for entry in result["involved"]] == [NOKIA, TAMPERE]
    assert [item["iri"] for item in result["involved"][1]["via"]] == [PRO_SOS, PRO_SOS_PIKASSOS]
    assert result["not_involved"] == [{"iri": KANGASALA, "label": "Kangasala"}]


def test_coverage_uses_the_classification_of_the_year(net_store):
    result = coverage(net_store, URIRef(KANTA_HAME), 2016)
    assert result["total"] == 3 and [e["iri"] for e in result["not_involved"]] == [KANGASALA]
    assert coverage(net_store, URIRef(KANTA_HAME))["total"] == 2


def test_coverage_with_a_period(net_store):
    data = load_network_data(net_store)
    result = coverage(data, PIRKANMAA, filters=Filters(year_from=2020))
    assert result["involved_count"] == 0
    assert coverage(data, KANTA_HAME, filters=Filters(project=URIRef(MONNI)))["involved_count"] == 1
    with pytest.raises(NotFoundError):
        coverage(data, TAMPERE + "-nowhere")


def test_evolution_counts_actors_links_and_new_links_per_year(net_store):
    rows = evolution(net_store, Filters(), years=[2017, 2018, 2020, 2021, 2022])
    assert [(r["year"], r["actors"], r["links"], r["new_links"]) for r in rows] == [
        (2017, 5, 10, 0), (2018, 5, 10, 0), (2020, 1, 0, 0), (2021, 3, 1, 1), (2022, 2, 1, 0)]
    assert rows[0]["density"] == 1.0
    first = evolution(net_store, Filters(year_from=2016, year_to=2016))
    assert first == [{"year": 2016, "actors": 5, "links": 10, "density": 1.0, "new_links": 10}]
    assert [r["year"] for r in evolution(net_store)] == list(range(2016, 2023))
