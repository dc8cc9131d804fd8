"""The SPARQL 1.1 endpoint: protocol, formats, read-only, no SERVICE, limits — in-process and over a real server."""

from __future__ import annotations

import csv
import io
import json
import re
import select
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator

import pytest
import requests
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper

from serve_support import start_serve

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PROJECTS = ("PREFIX sote: <https://w3id.org/sotegraph/ontology#> "
            "SELECT ?p WHERE { ?p a sote:Project } ORDER BY ?p LIMIT 3")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON_RESULTS = "application/sparql-results+json"


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --- in-process, through the Flask test client -------------------------------------------------

@pytest.mark.parametrize(("accept", "content_type"), [
    (JSON_RESULTS, JSON_RESULTS), ("application/json", JSON_RESULTS),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", JSON_RESULTS),
])
def test_select_formats_by_accept(client: FlaskClient, accept: str, content_type: str) -> None:
    response = client.get("/sparql", query_string={"query": PROJECTS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == content_type
    assert b"https://w3id.org/sotegraph/id/project/" in response.data


@pytest.mark.parametrize(("fmt", "content_type"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                                   ("xml", "application/sparql-results+xml")])
def test_format_parameter_overrides_accept(client: FlaskClient, fmt: str, content_type: str) -> None:
    response = client.get("/sparql", query_string={"query": PROJECTS, "format": fmt}, headers={"Accept": "text/html"})
    assert response.mimetype == content_type


def test_tsv_writes_terms(client: FlaskClient) -> None:
    body = client.get("/sparql", query_string={"query": PROJECTS, "format": "tsv"}).data.decode()
    header, first = body.splitlines()[:2]
    assert header == "?p" and first.startswith("<https://w3id.org/sotegraph/id/project/")


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld")])
def test_construct_formats(client: FlaskClient, accept: str, fmt: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.mimetype == accept
    if fmt == "json-ld":  # rdflib's JSON-LD parser warns (ConjunctiveGraph); read the JSON itself
        assert all("@id" in node for node in json.loads(response.data))
    else:
        assert len(Graph().parse(data=response.data, format=fmt)) == 5


def test_post_form_and_direct(client: FlaskClient) -> None:
    form = client.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON_RESULTS})
    direct = client.post("/sparql", data=COUNT, content_type="application/sparql-query",
                         headers={"Accept": JSON_RESULTS})
    assert form.status_code == direct.status_code == 200
    assert count(form.data) == count(direct.data) > 1000


def test_ask(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON_RESULTS})
    assert response.json == {"head": {}, "boolean": True}


def test_default_graph_uri_narrows(client: FlaskClient) -> None:
    union = count(client.get("/sparql", query_string={"query": COUNT}).data)
    ontology = count(client.get("/sparql", query_string={
        "query": COUNT, "default-graph-uri": "https://w3id.org/sotegraph/graph/ontology"}).data)
    assert 0 < ontology < union


def test_named_graph_uri(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    graph = "https://w3id.org/sotegraph/graph/reference/2016"
    body = client.get("/sparql", query_string={"query": query, "named-graph-uri": graph}).json
    assert [row["g"]["value"] for row in body["results"]["bindings"]] == [graph]


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    description = Graph().parse(data=response.data, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {str(o) for o in description.objects(predicate=URIRef(sd + "name"))}
    assert "https://w3id.org/sotegraph/graph/curated" in names
    assert b"sd:SPARQL11Query" in response.data and b"sd:UnionDefaultGraph" in response.data


def test_browser_gets_the_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.mimetype == "text/html" and b'id="yasgui"' in response.data
    scripts = re.findall(rb"<script([^>]*)>", response.data)
    assert scripts and all(b"src=" in attributes or b'type="application/json"' in attributes for attributes in scripts)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert b"dbpedia" not in response.data.lower() and b"/vendor/yasgui/yasgui.min.js" in response.data


@pytest.mark.parametrize(("request_args", "shown", "hidden"), [
    ({"query_string": {"lang": "en"}}, ["Named queries", "Funding of a project", "Parameters"],
     ["Valmiit kysymykset", "Hankkeen rahoitus"]),
    ({"query_string": {"lang": "fi"}},
     ["Valmiit kysymykset", "Hankkeen rahoitus", "Parametrit", "(hanke, esim. PRO SOS)"],
     ["Named queries", "Funding of a project"]),
    ({"headers": {"Accept-Language": "en-GB,en;q=0.8"}}, ["Named queries", "Funding of a project"],
     ["Valmiit kysymykset"]),
])
def test_query_page_in_the_interface_language(client: FlaskClient, request_args: dict, shown: list[str],
                                             hidden: list[str]) -> None:
    page = client.get("/query", **request_args).get_data(as_text=True)
    visible = page.split('id="sparql-config"')[0]  # the JSON config keeps both languages for the script
    assert all(text in visible for text in shown), [text for text in shown if text not in visible]
    assert not any(text in visible for text in hidden), [text for text in hidden if text in visible]


def test_cors_for_get_and_options(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"query": COUNT}).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.open("/sparql", method="OPTIONS")
    assert preflight.status_code == 204 and "GET" in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("request_kwargs", [
    {"data": {"update": "DROP ALL"}},
    {"data": "DROP ALL", "content_type": "application/sparql-update"},
    {"data": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"data": "CLEAR DEFAULT", "content_type": "application/sparql-query"},
], ids=["update-field", "sparql-update-body", "update-as-query", "update-direct"])
def test_updates_refused_and_nothing_changes(client: FlaskClient, request_kwargs: dict) -> None:
    before = count(client.get("/sparql", query_string={"query": COUNT}).data)
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert response.json == {"ok": False, "error": response.json["error"], "status": 403}
    assert count(client.get("/sparql", query_string={"query": COUNT}).data) == before


@pytest.mark.parametrize(("query", "status"), [
    ("SELEKT * WHERE { ?s ?p ?o }", 400), ("", 400),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", 200),
])
def test_bad_queries_are_400(client: FlaskClient, query: str, status: int) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == status
    if status != 200:
        assert response.json["ok"] is False and response.json["status"] == status


def test_api_queries(client: FlaskClient) -> None:
    queries = {query["name"]: query for query in client.get("/api/queries").json["queries"]}
    funding = queries["project-funding"]
    assert funding["title"]["fi"] and funding["parameters"][0]["name"] == "project"


def test_api_query_runs_named_query(client: FlaskClient) -> None:
    response = client.get("/api/query/project-funding", query_string={"project": "PRO SOS", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    assert {row["amount"] for row in rows} >= {"2400000", "215000"}


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/query/no-such-query", {}, 404),
    ("/api/query/project-funding", {}, 400),
    ("/api/query/project-funding", {"projekt": "PRO SOS"}, 400),
    ("/api/query/project-funding", {"project": "Ei tällaista hanketta"}, 404),
    ("/api/query/projects-active", {"year": "viime vuonna"}, 400),
    ("/api/query/actor-projects", {"actor": "kaupunki"}, 400),  # a word of many names
])
def test_api_query_errors(client: FlaskClient, path: str, params: dict, status: int) -> None:
    response = client.get(path, query_string=params)
    assert response.status_code == status
    assert response.json == {"ok": False, "error": response.json["error"], "status": status}


# --- a real `sotegraph serve` on loopback ------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sotegraph serve` on a new temporary store with a 5 s query limit (room for a loaded CI); its base URL."""
    store_dir = tmp_path_factory.mktemp("served") / "store"
    process, url = start_serve(store_dir, "--query-timeout", "5")
    yield url
    process.terminate()
    process.wait(timeout=20)


def http_get(url: str, **kwargs: object) -> requests.Response:
    """A GET whose connection is closed before returning (the body is read)."""
    with requests.Session() as session, session.get(url, **kwargs) as response:
        assert response.content is not None  # read the whole body before the connection closes
        return response


def converted(client: SPARQLWrapper) -> object:
    """Run a SPARQLWrapper query, convert its result and close the connection."""
    result = client.query()
    try:
        return result.convert()
    finally:
        result.response.close()


def _wrapper(url: str, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    return client


@pytest.mark.server
def test_sparqlwrapper_select_get_and_post(served: str) -> None:
    for method in (None, POST, POSTDIRECTLY):
        client = _wrapper(served, PROJECTS)
        client.setReturnFormat(JSON)
        if method == POSTDIRECTLY:
            client.setMethod(POST)
            client.setRequestMethod(POSTDIRECTLY)
        elif method:
            client.setMethod(method)
        bindings = converted(client)["results"]["bindings"]
        assert len(bindings) == 3 and bindings[0]["p"]["value"].startswith("https://w3id.org/sotegraph/id/project/")


@pytest.mark.server
def test_sparqlwrapper_ask_and_construct(served: str) -> None:
    ask = _wrapper(served, "ASK { ?s a <https://w3id.org/sotegraph/ontology#Region> }")
    ask.setReturnFormat(JSON)
    assert converted(ask)["boolean"] is True
    construct = _wrapper(served, "CONSTRUCT WHERE { ?s a <https://w3id.org/sotegraph/ontology#Region> }")
    construct.setReturnFormat(TURTLE)
    assert len(Graph().parse(data=converted(construct), format="turtle")) >= 19


@pytest.mark.server
def test_update_refused_over_http(served: str) -> None:
    before = count(http_get(f"{served}/sparql", params={"query": COUNT}).content)
    client = _wrapper(served, "DELETE WHERE { ?s ?p ?o }")
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as raised:
        client.query()
    raised.value.close()
    assert raised.value.code == 403
    assert count(http_get(f"{served}/sparql", params={"query": COUNT}).content) == before


@pytest.mark.server
def test_service_refused_without_any_connection(served: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        response = http_get(f"{served}/sparql", params={"query": query})
        assert response.status_code == 400 and "SERVICE" in response.json()["error"]
        readable, _, _ = select.select([listener], [], [], 1.0)
        assert readable == [], "the endpoint tried to connect to the SERVICE address"


@pytest.mark.server
def test_time_limit_stops_slow_query_while_others_answer(served: str) -> None:
    slow: dict[str, requests.Response] = {}
    worker = threading.Thread(target=lambda: slow.setdefault(
        "response", http_get(f"{served}/sparql", params={"query": SLOW}, timeout=60)))
    started = time.monotonic()
    worker.start()
    time.sleep(0.5)
    quick = http_get(f"{served}/sparql", params={"query": PROJECTS}, timeout=10)
    assert worker.is_alive(), "the slow query should still be running while the quick one answers"
    assert quick.status_code == 200 and len(quick.json()["results"]["bindings"]) == 3
    worker.join(60)
    response = slow["response"]
    assert response.status_code == 503
    assert response.json()["status"] == 503 and "time limit of 5 s" in response.json()["error"]
    assert time.monotonic() - started < 30


@pytest.mark.server
def test_named_query_over_http(served: str) -> None:
    response = http_get(f"{served}/api/query/region-municipalities", params={"region": "Kanta-Häme"},
                            headers={"Accept": JSON_RESULTS})
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 11


@pytest.mark.server
def test_dataset_rules_over_a_served_store(served: str) -> None:
    """The protocol's dataset rules hold on the served (Oxigraph server) store too, not only in-process."""
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    reference = "https://w3id.org/sotegraph/graph/reference/2016"
    ontology = "https://w3id.org/sotegraph/graph/ontology"

    def rows(params: dict) -> list[dict]:
        response = http_get(f"{served}/sparql", params=params, headers={"Accept": JSON_RESULTS})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    assert int(rows({"query": COUNT, "named-graph-uri": reference})[0]["n"]["value"]) == 0
    assert [row["g"]["value"] for row in rows({"query": graphs, "named-graph-uri": reference})] == [reference]
    assert rows({"query": graphs, "default-graph-uri": ontology}) == []
    unknown = "SELECT (COUNT(*) AS ?n) FROM <https://example.org/none> WHERE { ?s ?p ?o }"
    assert int(rows({"query": unknown})[0]["n"]["value"]) == 0
    regions = "CONSTRUCT WHERE { ?s a <https://w3id.org/sotegraph/ontology#Region> }"
    construct = http_get(f"{served}/sparql", params={"query": regions},
                         headers={"Accept": "application/rdf+xml"})
    assert construct.headers["Content-Type"].startswith("application/rdf+xml")
    assert len(Graph().parse(data=construct.content, format="xml")) >= 19


@pytest.mark.server
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("query", [
    "SELECT DISTINCT ?r WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> }",
    "ASK { ?r a <https://w3id.org/sotegraph/ontology#Region> }",
    "CONSTRUCT WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> }",
    "DESCRIBE <https://w3id.org/sotegraph/id/region/06>",
])
def test_sparqlwrapper_defaults_over_a_served_store(served: str, query: str) -> None:
    """SPARQLWrapper with no settings (XML results, RDF/XML graphs) against `sotegraph serve`."""
    result = converted(_wrapper(served, query))
    if query.startswith(("CONSTRUCT", "DESCRIBE")):
        assert isinstance(result, Graph) and len(result) >= 3
    else:
        assert b"<sparql" in result.toxml().encode() and (b"<result>" in result.toxml().encode()
                                                          or b"<boolean>true</boolean>" in result.toxml().encode())
