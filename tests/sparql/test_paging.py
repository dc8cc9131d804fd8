"""Paging a named query: LIMIT/OFFSET after its ORDER BY, with the total, in the catalog, CLI and API."""

from __future__ import annotations

import json

import pytest

from sotegraph.errors import InputError
from sotegraph.sparql import catalog
from sotegraph.store import SelectResult, Store

QUERY = "region-municipalities"
VALUES = {"region": "Pirkanmaa"}


def _rows(store: Store, sparql: str) -> list[tuple]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return result.rows


def test_pages_are_slices_of_the_whole_result_and_the_total_counts_it(memory_store: Store) -> None:
    sparql = catalog.prepare(memory_store, catalog.get_query(QUERY), VALUES)
    whole = _rows(memory_store, sparql)
    assert len(whole) > 5
    pages = [_rows(memory_store, catalog.paged(sparql, catalog.Page(4, offset))) for offset in range(0, len(whole), 4)]
    assert [row for page in pages for row in page] == whole
    assert int(_rows(memory_store, catalog.counted(sparql))[0][0]) == len(whole)


@pytest.mark.parametrize(("sparql", "page"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", catalog.Page(1)),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", catalog.Page(1)),
    ("CONSTRUCT WHERE { ?s ?p ?o }", catalog.Page(1)),
], ids=["fine", "own-limit", "construct"])
def test_only_selects_without_their_own_limit_are_paged(sparql: str, page: catalog.Page) -> None:
    if "LIMIT" in sparql or "CONSTRUCT" in sparql:
        with pytest.raises(InputError):
            catalog.paged(sparql, page)
    else:
        assert catalog.paged(sparql, page).rstrip().endswith("LIMIT 1 OFFSET 0")


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (5, -1)])
def test_bad_pages_are_refused(limit: int, offset: int) -> None:
    with pytest.raises(InputError):
        catalog.Page(limit, offset)


def test_cli_pages_with_the_total_on_stderr(runner) -> None:
    whole = runner.invoke(["query", QUERY, "-p", "region=Pirkanmaa", "--format", "json"])
    assert whole.exit_code == 0, whole.stderr
    bindings = json.loads(whole.stdout)["results"]["bindings"]
    page = runner.invoke(["query", QUERY, "-p", "region=Pirkanmaa", "--format", "json", "--limit", "3",
                          "--offset", "2"])
    assert page.exit_code == 0, page.stderr
    assert json.loads(page.stdout)["results"]["bindings"] == bindings[2:5]
    assert f"rows 3–5 of {len(bindings)}" in page.stderr
    assert runner.invoke(["query", QUERY, "-p", "region=Pirkanmaa", "--offset", "2"]).exit_code == 2
    assert runner.invoke(["query", QUERY, "-p", "region=Pirkanmaa", "--limit", "0"]).exit_code == 2


def test_api_pages_with_the_total_in_a_header(client) -> None:
    url = f"/api/query/{QUERY}"
    whole = client.get(url, query_string={**VALUES, "format": "json"}).get_json()["results"]["bindings"]
    response = client.get(url, query_string={**VALUES, "format": "json", "limit": "2", "offset": "1"})
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"] == whole[1:3]
    assert response.headers["X-Total-Count"] == str(len(whole))
    for bad in ({"limit": "0"}, {"limit": "x"}, {"offset": "3"}):
        refused = client.get(url, query_string={**VALUES, **bad})
        assert refused.status_code == 400 and refused.get_json()["ok"] is False
