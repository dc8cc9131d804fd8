"""Projections of the hand-built graph (tests/network_fixtures.py describes it) to NetworkX."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from network_fixtures import (
    FORUM,
    HAMEENLINNA,
    HELI,
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
    STM,
    TAMPERE,
    THL,
    net_store,
    network_store,
)
from sotegraph.network.projections import (
    Filters,
    bipartite_graph,
    collaboration_graph,
    load_network_data,
    person_organisation_graph,
)
from sotegraph.vocab import SOTE

__all__ = ["net_store"]


def shared_iris(graph, a, b):
    return sorted(item["iri"] for item in graph[a][b]["shared"])


def test_sub_project_participants_share_the_sub_project_and_its_parent(net_store):
    graph = collaboration_graph(net_store)
    assert shared_iris(graph, TAMPERE, NOKIA) == [PRO_SOS, PRO_SOS_PIKASSOS]
    assert graph[TAMPERE][NOKIA]["weight"] == 2
    assert shared_iris(graph, TAMPERE, RIIHIMAKI) == [PRO_SOS]
    assert graph[TAMPERE][RIIHIMAKI]["weight"] == 1


def test_each_shared_item_names_kind_and_both_roles_in_iri_order(net_store):
    graph = collaboration_graph(net_store)
    (item,) = graph[HAMEENLINNA][PIKASSOS]["shared"]
    assert item == {"iri": MONNI, "label": "MONNI", "kind": "project",
                    "role_a": "kumppani", "role_b": "hallinnoija"}  # municipality/109 < organisation/…
    (forum,) = graph[RIIHIMAKI][HAMEENLINNA]["shared"]
    assert forum["kind"] == "group" and forum["role_a"] == forum["role_b"] == "jäsen"


def test_nodes_carry_label_most_specific_type_and_region(net_store):
    graph = collaboration_graph(net_store)
    assert graph.nodes[PIKASSOS] == {"label": "Pikassos", "type": str(SOTE.CompetenceCentre),
                                     "type_label": "sosiaalialan osaamiskeskus",
                                     "region": PIRKANMAA, "region_label": "Pirkanmaa"}
    assert graph.nodes[THL]["region"] is None
    assert graph.nodes[MIKA]["region"] == KANTA_HAME  # a person is where the organisations of their posts are
    assert KANGASALA not in graph and STM not in graph  # no ties; a funder is not a participant


def test_most_specific_type_without_the_ontology_graph():
    store = network_store(with_ontology=False)
    assert collaboration_graph(store).nodes[PIKASSOS]["type"] == str(SOTE.CompetenceCentre)


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(year_from=2021, year_to=2021), {PIKASSOS, HAMEENLINNA, MIKA}),
    (Filters(year_from=2019, year_to=2020), {PIKASSOS}),
    (Filters(year_to=2016), {TAMPERE, NOKIA, PIKASSOS, RIIHIMAKI, THL}),
    (Filters(region=URIRef(PIRKANMAA)), {TAMPERE, NOKIA, PIKASSOS}),
    (Filters(region=URIRef(KANTA_HAME)), {RIIHIMAKI, HAMEENLINNA, MIKA}),  # Mika: by his post in Hämeenlinna
    (Filters(actor_types=frozenset({SOTE.Municipality})), {TAMPERE, NOKIA, RIIHIMAKI, HAMEENLINNA}),
    (Filters(actor_types=frozenset({SOTE.GovernmentAgency, SOTE.Person})), {THL, MIKA}),
    (Filters(theme=URIRef("https://w3id.org/sotegraph/id/theme/child-welfare")), {PIKASSOS, HAMEENLINNA}),
    (Filters(funder=URIRef(STM)), {PIKASSOS, HAMEENLINNA}),
    (Filters(funder=URIRef("https://w3id.org/sotegraph/id/instrument/state-grant")), {PIKASSOS, HAMEENLINNA}),
    (Filters(project=URIRef(PRO_SOS)), {TAMPERE, NOKIA, PIKASSOS, RIIHIMAKI, THL}),
    (Filters(project=URIRef(PRO_SOS_PIKASSOS)), {TAMPERE, NOKIA, PIKASSOS}),
], ids=["2021", "2019-2020", "to-2016", "pirkanmaa", "kanta-hame", "municipalities", "subclass-types",
        "theme", "funder", "instrument", "project-with-sub-projects", "sub-project"])
def test_filters_keep_the_expected_actors(net_store, filters, expected):
    assert set(collaboration_graph(net_store, filters)) == expected


def test_period_filter_keeps_only_ties_active_then(net_store):
    graph = collaboration_graph(net_store, Filters(year_from=2021, year_to=2021))
    assert sorted(map(sorted, graph.edges)) == [sorted([HAMEENLINNA, PIKASSOS])]
    assert graph.degree(MIKA) == 0  # attended the forum in 2021; the members' ties are undated


def test_region_follows_the_classification_year(net_store):
    assert load_network_data(net_store, 2016).classification_year == 2016
    assert load_network_data(net_store, 2019).classification_year == 2016
    assert load_network_data(net_store).classification_year == 2021
    pirkanmaa_2016 = load_network_data(net_store, 2016).municipalities_by_area[PIRKANMAA]
    assert KANGASALA not in pirkanmaa_2016
    assert KANGASALA in load_network_data(net_store).municipalities_by_area[PIRKANMAA]


def test_bipartite_graph_links_actors_to_projects_and_groups(net_store):
    graph = bipartite_graph(net_store)
    assert graph.nodes[TAMPERE]["bipartite"] == 0 and graph.nodes[PRO_SOS]["bipartite"] == 1
    assert graph.nodes[FORUM]["kind"] == "group" and graph.nodes[MONNI]["kind"] == "project"
    assert graph[TAMPERE][PRO_SOS]["via"] == PRO_SOS_PIKASSOS
    assert graph[TAMPERE][PRO_SOS_PIKASSOS]["via"] is None
    assert graph[RIIHIMAKI][PRO_SOS] == {"role": "osallistuva kunta", "via": None}


def test_person_organisation_graph_links_people_to_their_posts(net_store):
    graph = person_organisation_graph(net_store)
    assert sorted(map(sorted, graph.edges)) == sorted([sorted([HELI, PIKASSOS]), sorted([MIKA, HAMEENLINNA])])
    assert graph[HELI][PIKASSOS]["role"] == "hankepäällikkö"
    assert graph.nodes[HELI]["kind"] == "person" and graph.nodes[PIKASSOS]["kind"] == "organisation"
    assert set(person_organisation_graph(net_store, Filters(region=URIRef(PIRKANMAA)))) == {HELI, PIKASSOS}
    assert set(person_organisation_graph(net_store, Filters(project=URIRef(PRO_SOS)))) == set()


def test_the_bundled_graph_links_pro_sos_municipalities(memory_store):
    data = load_network_data(memory_store)
    members = sorted({tie.actor for tie in data.ties if tie.container == PRO_SOS_PIKASSOS
                      and data.actors.get(tie.actor) and str(SOTE.Municipality) in data.actors[tie.actor].types})
    assert len(members) >= 2, members
    graph = collaboration_graph(data)
    assert PRO_SOS_PIKASSOS in shared_iris(graph, members[0], members[1])
    assert PRO_SOS in shared_iris(graph, members[0], members[1])
