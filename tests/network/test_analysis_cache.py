"""Cached projections and measures: reused while the store is unchanged, refetched after a change."""

from __future__ import annotations

import pytest

from network_fixtures import NOKIA, PIKASSOS, TAMPERE, network_store
from sotegraph.network import cache as analysis_cache
from sotegraph.network.cache import AnalysisCache
from sotegraph.network.projections import Filters
from sotegraph.store import CURATED_GRAPH
from sotegraph_webviz import create_app

NEW_TIE = (b'<https://example.org/p> <https://w3id.org/sotegraph/ontology#participant> '
           b'<https://example.org/a> .\n')


@pytest.fixture
def fetches(monkeypatch):
    """The number of times network data was fetched from a store."""
    calls = []
    fetch = analysis_cache.load_network_data
    monkeypatch.setattr(analysis_cache, "load_network_data", lambda *args: calls.append(args) or fetch(*args))
    return calls


def test_same_state_reuses_data_graph_and_measures(fetches):
    store, cache = network_store(), AnalysisCache()
    first = cache.for_store(store)
    graph = first.graph("collaboration", Filters())
    values = first.measures("collaboration", Filters(), ("degree",))
    again = cache.for_store(store)
    assert again.graph("collaboration", Filters()) is graph
    assert again.measures("collaboration", Filters(), ("degree",)) is values
    assert again.graph("bipartite", Filters()) is not graph and len(fetches) == 1
    store.load(NEW_TIE, "nt", CURATED_GRAPH)
    assert cache.for_store(store).graph("collaboration", Filters()) is not graph and len(fetches) == 2
    store.close()


def test_each_store_has_its_own_entries(fetches):
    one, other, cache = network_store(), network_store(), AnalysisCache()
    assert cache.for_store(one).state == cache.for_store(other).state
    cache.for_store(one).network_data()
    cache.for_store(other).network_data()
    assert len(fetches) == 2
    one.close()
    other.close()


def test_least_recently_used_graph_is_dropped(monkeypatch):
    monkeypatch.setattr(analysis_cache, "GRAPH_ENTRIES", 2)
    projected = []
    project = analysis_cache.projection
    monkeypatch.setattr(analysis_cache, "projection", lambda *args: projected.append(args[2]) or project(*args))
    store, cache = network_store(), AnalysisCache()
    analysis = cache.for_store(store)
    y2016, y2021, y2022 = (Filters(year_from=year, year_to=year) for year in (2016, 2021, 2022))
    for filters in (y2016, y2021, y2016, y2022, y2016, y2021):
        analysis.graph("collaboration", filters)
    assert projected == [y2016, y2021, y2022, y2021]  # 2021 was the least recently used when 2022 came
    store.close()


def test_api_requests_fetch_once_while_the_store_is_unchanged(fetches):
    store = network_store()
    client = create_app({"TESTING": True, "STORE": store, "WTF_CSRF_ENABLED": False}).test_client()
    urls = ["/api/network?measure=degree,betweenness&region=Pirkanmaa", "/api/network/summary",
            "/api/network/communities", "/api/network/path?a=Tampere&b=Nokia"]
    first = [client.get(url).get_json() for url in urls]
    assert [client.get(url).get_json() for url in urls] == first and len(fetches) == 1
    assert {node["id"] for node in first[0]["nodes"]} == {TAMPERE, NOKIA, PIKASSOS}
    store.load(NEW_TIE, "nt", CURATED_GRAPH)
    client.get(urls[0])
    assert len(fetches) == 2
    store.close()
