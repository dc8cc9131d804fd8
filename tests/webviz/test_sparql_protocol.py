"""The SPARQL 1.1 Protocol, query side, rule by rule (https://www.w3.org/TR/sparql11-protocol/ §2.1, §2.1.4,
§2.1.5, §2.1.6), and the clients researchers use: SPARQLWrapper with its defaults and rdflib's SPARQLStore.

Each test names the section of the specification it checks. The W3C protocol test suite's query cases
(query_get, query_post_form, query_post_direct, query_dataset_*, query_content_type_*, bad_*) are
covered by the same requests.
"""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from werkzeug.test import TestResponse

from browser_support import served
from sotegraph.store import Store
from sotegraph_webviz import create_app

ONTOLOGY = "https://w3id.org/sotegraph/graph/ontology"
CURATED = "https://w3id.org/sotegraph/graph/curated"
REFERENCE = "https://w3id.org/sotegraph/graph/reference/2016"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
REGIONS = ("PREFIX sote: <https://w3id.org/sotegraph/ontology#> "
           "SELECT DISTINCT ?r WHERE { ?r a sote:Region } ORDER BY ?r")
ASK = "ASK { ?s a <https://w3id.org/sotegraph/ontology#Region> }"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://w3id.org/sotegraph/ontology#Region> }"
DESCRIBE = "DESCRIBE <https://w3id.org/sotegraph/id/region/06>"
JSON_RESULTS = "application/sparql-results+json"


def assert_error(response: TestResponse, status: int) -> str:
    """The response is `status` in the one JSON error shape; its message."""
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.json
    assert body == {"ok": False, "error": body["error"], "status": status}
    return body["error"]


def n(response: TestResponse) -> int:
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def graph_names(response: TestResponse) -> list[str]:
    return [row["g"]["value"] for row in response.json["results"]["bindings"]]


# --- §2.1: the three ways to send a query -------------------------------------------------------

def test_get_post_form_and_post_direct_agree(client: FlaskClient) -> None:
    """§2.1.1–2.1.3: GET ?query=, POST form-encoded, POST application/sparql-query give the same answer."""
    get = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": JSON_RESULTS})
    form = client.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON_RESULTS})
    direct = client.post("/sparql", data=COUNT.encode(), content_type="application/sparql-query",
                         headers={"Accept": JSON_RESULTS})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert n(get) == n(form) == n(direct) > 1000


def test_post_direct_utf8_charset_accepted(client: FlaskClient) -> None:
    """§2.1.3: the body is UTF-8; saying so in the media type is fine."""
    query = 'ASK { ?s ?p "Hämeenlinna"@fi }'
    response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query; charset=UTF-8",
                           headers={"Accept": JSON_RESULTS})
    assert response.status_code == 200 and response.json["boolean"] is True


def test_form_body_in_raw_utf8_accepted(client: FlaskClient) -> None:
    """§2.1.2: UTF-8 percent-encoded or not — both are UTF-8."""
    response = client.post("/sparql", data='query=ASK { ?s ?p "Hämeenlinna"@fi }'.encode(),
                           content_type="application/x-www-form-urlencoded", headers={"Accept": JSON_RESULTS})
    assert response.status_code == 200 and response.json["boolean"] is True


def test_post_direct_takes_graphs_from_the_url(client: FlaskClient) -> None:
    """§2.1.3: with a direct POST, default-graph-uri and named-graph-uri travel in the query string."""
    response = client.post("/sparql", query_string={"named-graph-uri": REFERENCE}, data=GRAPHS,
                           content_type="application/sparql-query", headers={"Accept": JSON_RESULTS})
    assert graph_names(response) == [REFERENCE]


# --- §2.1.4: the dataset -------------------------------------------------------------------------

def test_no_dataset_means_the_union_of_named_graphs(client: FlaskClient) -> None:
    union = n(client.get("/sparql", query_string={"query": COUNT}))
    ontology = n(client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": ONTOLOGY}))
    curated = n(client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": CURATED}))
    both = n(client.get("/sparql", query_string=[("query", COUNT), ("default-graph-uri", ONTOLOGY),
                                                 ("default-graph-uri", CURATED)]))
    assert 0 < ontology < both <= union and both <= ontology + curated
    assert len(graph_names(client.get("/sparql", query_string={"query": GRAPHS}))) >= 3


def test_default_graph_uri_alone_gives_no_named_graphs(client: FlaskClient) -> None:
    """§2.1.4: the protocol's dataset is exactly what it lists: no named-graph-uri, no named graphs."""
    response = client.get("/sparql", query_string={"query": GRAPHS, "default-graph-uri": ONTOLOGY})
    assert response.status_code == 200 and graph_names(response) == []


def test_named_graph_uri_alone_gives_an_empty_default_graph(client: FlaskClient) -> None:
    """§2.1.4 with SPARQL Query §13.2: named graphs only, so the default graph is empty (no store-internal 400)."""
    for method in ("get", "post"):
        args = {"query": COUNT, "named-graph-uri": REFERENCE}
        response = (client.get("/sparql", query_string=args) if method == "get"
                    else client.post("/sparql", data=args))
        assert response.status_code == 200 and n(response) == 0
    listed = client.get("/sparql", query_string=[("query", GRAPHS), ("named-graph-uri", REFERENCE),
                                                 ("named-graph-uri", CURATED)])
    assert graph_names(listed) == sorted([REFERENCE, CURATED])


def test_full_dataset(client: FlaskClient) -> None:
    """§2.1.4: both parameters together (W3C query_dataset_full)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o GRAPH ?g { ?x ?y ?z } }"
    both = client.get("/sparql", query_string={"query": query, "default-graph-uri": ONTOLOGY,
                                               "named-graph-uri": REFERENCE})
    assert both.status_code == 200 and n(both) > 0
    names = client.get("/sparql", query_string={"query": GRAPHS, "default-graph-uri": ONTOLOGY,
                                                "named-graph-uri": REFERENCE})
    assert graph_names(names) == [REFERENCE]


def test_from_clauses_give_the_dataset(client: FlaskClient) -> None:
    """SPARQL Query §13.2: FROM/FROM NAMED replace the service's default dataset."""
    ontology = n(client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": ONTOLOGY}))
    from_ontology = ("PREFIX g: <https://w3id.org/sotegraph/graph/> "
                     "SELECT (COUNT(*) AS ?n) FROM g:ontology WHERE { ?s ?p ?o }")
    assert n(client.get("/sparql", query_string={"query": from_ontology})) == ontology
    unknown = "SELECT (COUNT(*) AS ?n) FROM <https://example.org/no-such-graph> WHERE { ?s ?p ?o }"
    assert n(client.get("/sparql", query_string={"query": unknown})) == 0
    named_only = f"SELECT DISTINCT ?g FROM NAMED <{REFERENCE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert graph_names(client.get("/sparql", query_string={"query": named_only})) == [REFERENCE]
    default_empty = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> WHERE {{ ?s ?p ?o }}"
    assert n(client.get("/sparql", query_string={"query": default_empty})) == 0


def test_protocol_dataset_overrides_from(client: FlaskClient) -> None:
    """§2.1.4: a dataset in the protocol request overrides the query's FROM clauses (query_specify_dataset_both)."""
    query = "SELECT (COUNT(*) AS ?n) FROM <https://example.org/no-such-graph> WHERE { ?s ?p ?o }"
    ontology = n(client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": ONTOLOGY}))
    assert n(client.get("/sparql", query_string={"query": query, "default-graph-uri": ONTOLOGY})) == ontology


def test_bad_graph_iri_is_400(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": "not an iri"})
    assert "not a valid graph IRI" in assert_error(response, 400)


# --- §2.1.5: responses ---------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "accept", "media_type"), [
    (REGIONS, JSON_RESULTS, JSON_RESULTS),
    (REGIONS, "application/sparql-results+xml", "application/sparql-results+xml"),
    (REGIONS, "text/csv", "text/csv"),
    (REGIONS, "text/tab-separated-values", "text/tab-separated-values"),
    (REGIONS, "application/json", JSON_RESULTS),
    (REGIONS, "application/xml", "application/sparql-results+xml"),
    (REGIONS, "*/*", JSON_RESULTS),
    (REGIONS, "text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    (ASK, JSON_RESULTS, JSON_RESULTS),
    (ASK, "application/sparql-results+xml", "application/sparql-results+xml"),
    (CONSTRUCT, "text/turtle", "text/turtle"),
    (CONSTRUCT, "application/n-triples", "application/n-triples"),
    (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
    (CONSTRUCT, "application/ld+json", "application/ld+json"),
    (CONSTRUCT, "application/n-quads", "application/n-quads"),
    (CONSTRUCT, "application/trig", "application/trig"),
    (CONSTRUCT, "application/xml", "application/rdf+xml"),
    (CONSTRUCT, "text/plain", "application/n-triples"),
    (CONSTRUCT, "*/*", "text/turtle"),
    (DESCRIBE, "application/rdf+xml", "application/rdf+xml"),
    (DESCRIBE, "text/turtle", "text/turtle"),
])
def test_content_negotiation(client: FlaskClient, query: str, accept: str, media_type: str) -> None:
    """§2.1.6: the answer's media type follows Accept (W3C query_content_type_select/ask/construct/describe)."""
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize(("query", "name", "media_type"), [
    (REGIONS, "json", JSON_RESULTS), (REGIONS, "xml", "application/sparql-results+xml"),
    (REGIONS, "csv", "text/csv"), (REGIONS, "tsv", "text/tab-separated-values"),
    (ASK, "xml", "application/sparql-results+xml"),
    (CONSTRUCT, "xml", "application/rdf+xml"), (CONSTRUCT, "json", "application/ld+json"),
    (CONSTRUCT, "turtle", "text/turtle"), (CONSTRUCT, "n3", "text/turtle"), (CONSTRUCT, "nt", "application/n-triples"),
    (CONSTRUCT, "json-ld", "application/ld+json"), (CONSTRUCT, "rdf+xml", "application/rdf+xml"),
    (DESCRIBE, "xml", "application/rdf+xml"), (CONSTRUCT, "trig", "application/trig"),
    (CONSTRUCT, "text/turtle", "text/turtle"),
])
@pytest.mark.parametrize("parameter", ["format", "output", "results"])
def test_format_parameters_clients_send(client: FlaskClient, query: str, name: str, media_type: str,
                                        parameter: str) -> None:
    """format=, output= and results= (what SPARQLWrapper and others send) win over Accept, per query form."""
    response = client.get("/sparql", query_string={"query": query, parameter: name}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == media_type


def test_sparqlwrapper_default_construct_request(client: FlaskClient) -> None:
    """What SPARQLWrapper sends for a CONSTRUCT by default: format=xml&output=xml&results=xml, RDF/XML accepted."""
    response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "xml", "output": "xml",
                                                   "results": "xml"},
                          headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 200 and response.mimetype == "application/rdf+xml"
    assert len(Graph().parse(data=response.data, format="xml")) >= 19


@pytest.mark.parametrize(("query", "accept", "format_name"), [
    (REGIONS, "text/turtle", None), (CONSTRUCT, JSON_RESULTS, None), (CONSTRUCT, "image/png", None),
    (ASK, "text/html", None), (CONSTRUCT, None, "csv"), (REGIONS, None, "png"),
])
def test_nothing_acceptable_is_406(client: FlaskClient, query: str, accept: str | None,
                                   format_name: str | None) -> None:
    """§2.1.6 with HTTP: no acceptable format gives 406 (not a 200 in another format)."""
    data = {"query": query, **({"format": format_name} if format_name else {})}
    response = client.post("/sparql", data=data, headers={"Accept": accept} if accept else {})
    assert_error(response, 406)


def test_results_are_the_stores_own_bytes(client: FlaskClient, memory_store: Store) -> None:
    """The endpoint returns the store's serialisation as is (no round trip through other terms)."""
    for media_type in (JSON_RESULTS, "text/csv", "application/sparql-results+xml", "text/tab-separated-values"):
        response = client.get("/sparql", query_string={"query": REGIONS}, headers={"Accept": media_type})
        assert response.data == memory_store.query_serialized(REGIONS, media_type)[0]


def test_literals_in_tsv_and_csv(client: FlaskClient) -> None:
    query = ('SELECT ?label ?year WHERE { BIND("Kanta-Häme"@fi AS ?label) '
             'BIND(2021 AS ?year) }')
    tsv = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.data.decode().splitlines() == ["?label\t?year", '"Kanta-Häme"@fi\t2021']
    rows = list(csv.reader(io.StringIO(client.get("/sparql", query_string={"query": query, "format": "csv"})
                                       .data.decode())))
    assert rows == [["label", "year"], ["Kanta-Häme", "2021"]]


# --- §2.1: malformed requests --------------------------------------------------------------------

@pytest.mark.parametrize("make_request", [
    pytest.param(lambda c: c.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), id="get-two-queries"),
    pytest.param(lambda c: c.post("/sparql", data={"query": ["ASK {}", "ASK {}"]}), id="form-two-queries"),
    pytest.param(lambda c: c.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"}), id="url-and-body-query"),
    pytest.param(lambda c: c.post("/sparql?query=ASK%7B%7D", data=b"ASK {}", content_type="application/sparql-query"),
                 id="direct-and-url-query"),
    pytest.param(lambda c: c.get("/sparql", query_string={"query": "SELEKT * WHERE { ?s ?p ?o }"}), id="syntax"),
    pytest.param(lambda c: c.get("/sparql", query_string={"query": ""}), id="empty"),
    pytest.param(lambda c: c.post("/sparql", data={"default-graph-uri": ONTOLOGY}), id="post-without-query"),
    pytest.param(lambda c: c.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E4%22%20%7D"), id="get-latin1"),
    pytest.param(lambda c: c.post("/sparql", data=b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E4%22%20%7D",
                                  content_type="application/x-www-form-urlencoded"), id="form-latin1"),
    pytest.param(lambda c: c.post("/sparql", data='query=ASK { ?s ?p "ä" }'.encode("latin-1"),
                                  content_type="application/x-www-form-urlencoded"), id="form-raw-latin1"),
    pytest.param(lambda c: c.post("/sparql", data='ASK { ?s ?p "ä" }'.encode("latin-1"),
                                  content_type="application/sparql-query"), id="direct-latin1"),
])
def test_malformed_requests_are_400(client: FlaskClient, make_request: Callable[[FlaskClient], TestResponse]) -> None:
    """§2.1.1–2.1.3: exactly one query, valid syntax, UTF-8 (W3C bad_multiple_queries, bad_query_syntax, non-UTF-8)."""
    assert_error(make_request(client), 400)


@pytest.mark.parametrize("make_request", [
    pytest.param(lambda c: c.post("/sparql", data=b"query=ASK%7B%7D", content_type=""), id="no-content-type"),
    pytest.param(lambda c: c.post("/sparql", data=b"query=ASK%7B%7D", content_type="text/plain"), id="text-plain"),
    pytest.param(lambda c: c.post("/sparql", data=b"ASK {}", content_type="application/sparql-results+json"),
                 id="wrong-type"),
    pytest.param(lambda c: c.post("/sparql", data="ASK {}".encode("utf-16"),
                                  content_type="application/sparql-query; charset=UTF-16"), id="utf-16"),
    pytest.param(lambda c: c.post("/sparql", data={"query": "ASK {}"}, content_type="multipart/form-data"),
                 id="multipart"),
])
def test_wrong_post_media_type_is_415(client: FlaskClient, make_request: Callable[[FlaskClient], TestResponse]) -> None:
    """§2.1.2–2.1.3: only the two media types of the protocol (W3C bad_query_missing_form_type,
    bad_query_wrong_media_type, bad_query_non_utf8)."""
    assert_error(make_request(client), 415)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: FlaskClient, method: str) -> None:
    """§2.1: a query is GET or POST (W3C bad_query_method)."""
    response = client.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert_error(response, 405)
    assert "POST" in response.headers["Allow"]


def test_too_large_body_is_413_json(memory_store: Store) -> None:
    app = create_app({"TESTING": True, "STORE": memory_store, "MAX_CONTENT_LENGTH": 1000})
    body = "ASK { " + "?s ?p ?o . " * 200 + "}"
    assert_error(app.test_client().post("/sparql", data=body, content_type="application/sparql-query"), 413)
    assert_error(app.test_client().post("/sparql", data={"query": body}), 413)


def test_a_25_mb_post_is_413_json_at_the_default_limit(client: FlaskClient) -> None:
    body = b"#" + b"x" * (25 * 1024 * 1024)
    assert_error(client.post("/sparql", data=body, content_type="application/sparql-query"), 413)


def test_result_size_limit_gives_503(memory_store: Store) -> None:
    app = create_app({"TESTING": True, "STORE": memory_store, "QUERY_RESULT_BYTES": 2000})
    big = app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 100"})
    assert "limit of 0.002 MB" in assert_error(big, 503)
    assert app.test_client().get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_service_description_in_every_rdf_format(client: FlaskClient) -> None:
    """§2.1 with the Service Description note: GET without a query describes the service."""
    jsonld = client.get("/sparql", query_string={"format": "jsonld"}).json
    assert any("http://www.w3.org/ns/sparql-service-description#resultFormat" in node for node in jsonld)
    for name, parser in (("ttl", "turtle"), ("xml", "xml"), ("nt", "nt")):
        response = client.get("/sparql", query_string={"format": name})
        assert response.status_code == 200
        description = Graph().parse(data=response.data, format=parser)
        formats = {str(o) for o in description.objects(predicate=URIRef(
            "http://www.w3.org/ns/sparql-service-description#resultFormat"))}
        assert "http://www.w3.org/ns/formats/RDF_XML" in formats and len(formats) == 10


# --- real clients over HTTP ----------------------------------------------------------------------

@pytest.fixture
def endpoint_url(memory_store: Store) -> Iterator[str]:
    with served(create_app({"TESTING": True, "STORE": memory_store})) as url:
        yield f"{url}/sparql"


#: SPARQLWrapper converts RDF/XML into an rdflib ConjunctiveGraph, which rdflib deprecates: the client's warning.
CLIENT_WARNING = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
                                            "ignore:Dataset.default_context is deprecated:DeprecationWarning")


def _converted(wrapper: SPARQLWrapper) -> object:
    result = wrapper.query()
    try:
        return result.convert()
    finally:
        result.response.close()


@CLIENT_WARNING
@pytest.mark.parametrize("query", [REGIONS, ASK, CONSTRUCT, DESCRIBE])
def test_sparqlwrapper_with_default_settings(endpoint_url: str, query: str) -> None:
    """SPARQLWrapper as a new user runs it: no settings beyond the query (XML results / RDF/XML graphs)."""
    wrapper = SPARQLWrapper(endpoint_url)
    wrapper.setQuery(query)
    result = _converted(wrapper)
    if query in (CONSTRUCT, DESCRIBE):
        assert isinstance(result, Graph) and len(result) >= (19 if query == CONSTRUCT else 3)
    else:
        assert isinstance(result, xml.dom.minidom.Document)
        if query == ASK:
            assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
        else:
            assert len(result.getElementsByTagName("result")) == 19


@CLIENT_WARNING
@pytest.mark.parametrize(("query", "return_format"), [
    (REGIONS, JSON), (REGIONS, XML), (REGIONS, CSV), (REGIONS, TSV), (ASK, JSON), (ASK, XML),
    (CONSTRUCT, TURTLE), (CONSTRUCT, N3), (CONSTRUCT, RDFXML), (CONSTRUCT, JSONLD), (CONSTRUCT, XML),
    (DESCRIBE, TURTLE), (DESCRIBE, JSONLD),
])
@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_every_form_format_and_method(endpoint_url: str, query: str, return_format: str,
                                                    method: str) -> None:
    wrapper = SPARQLWrapper(endpoint_url)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(return_format)
    if method != "GET":
        wrapper.setMethod(POST)
    if method == "POSTDIRECTLY":
        wrapper.setRequestMethod(POSTDIRECTLY)
    result = _converted(wrapper)
    if query in (CONSTRUCT, DESCRIBE) and return_format in (RDFXML, XML):
        assert isinstance(result, Graph) and len(result) >= 3
    elif query in (CONSTRUCT, DESCRIBE):  # SPARQLWrapper hands Turtle over as bytes, N3 and JSON-LD parsed
        parsed = (Graph().parse(data=result, format="turtle") if isinstance(result, bytes) else result)
        assert isinstance(parsed, Graph) and len(parsed) >= 3
    elif return_format == JSON:
        assert isinstance(result, dict) and ("boolean" in result or len(result["results"]["bindings"]) == 19)
    elif return_format in (CSV, TSV):
        assert isinstance(result, bytes) and len(result.decode().splitlines()) == 20
    else:
        assert isinstance(result, xml.dom.minidom.Document)


def test_sparqlwrapper_dataset_parameters(endpoint_url: str) -> None:
    wrapper = SPARQLWrapper(endpoint_url)
    wrapper.setQuery(GRAPHS)
    wrapper.setReturnFormat(JSON)
    wrapper.addNamedGraph(REFERENCE)
    wrapper.addDefaultGraph(ONTOLOGY)
    result = _converted(wrapper)
    assert isinstance(result, dict)
    assert [row["g"]["value"] for row in result["results"]["bindings"]] == [REFERENCE]


def test_sparqlwrapper_error_is_json(endpoint_url: str) -> None:
    import urllib.error

    wrapper = SPARQLWrapper(endpoint_url)
    wrapper.setQuery("SELECT * WHERE { ?s ?p }")
    wrapper.setReturnFormat(JSON)
    with pytest.raises(Exception) as raised:  # SPARQLWrapper's QueryBadFormed wraps the HTTP 400 body
        wrapper.query()
    assert "400" in str(raised.value) or isinstance(raised.value, urllib.error.HTTPError)
    assert '"status": 400' in str(raised.value) or '"status":400' in str(raised.value)


def test_rdflib_sparqlstore(endpoint_url: str) -> None:
    """rdflib's SPARQLStore: queries, triple patterns, len() and a named graph through default-graph-uri."""
    store = SPARQLStore(endpoint_url, returnFormat="json")
    graph = Graph(store=store)
    regions = list(graph.query(REGIONS))
    assert len(regions) == 19 and str(regions[0][0]).startswith("https://w3id.org/sotegraph/id/region/")
    region = URIRef("https://w3id.org/sotegraph/id/region/06")
    assert len(list(graph.triples((region, None, None)))) >= 3
    assert graph.query(ASK).askAnswer is True
    ontology = Graph(store=store, identifier=URIRef(ONTOLOGY))
    ontology_count = int(next(iter(ontology.query(COUNT)))[0])
    assert 0 < ontology_count < int(next(iter(graph.query(COUNT)))[0])
    store.close()


def test_rdflib_sparqlstore_defaults(endpoint_url: str) -> None:
    """SPARQLStore's default (XML results, RDF/XML graphs) for every query form.

    (With returnFormat="json" SPARQLStore accepts only SPARQL JSON, so a CONSTRUCT is rightly 406.)"""
    store = SPARQLStore(endpoint_url)
    graph = Graph(store=store)
    assert len(list(graph.query(REGIONS))) == 19
    assert json.loads(graph.query(REGIONS).serialize(format="json"))["results"]["bindings"]
    assert graph.query(ASK).askAnswer is True
    for query, size in ((CONSTRUCT, 19), (DESCRIBE, 3)):
        constructed = graph.query(query).graph
        assert constructed is not None and len(constructed) >= size
    store.close()


# --- the W3C protocol test suite's query cases, as it sends them -----------------------------------

@pytest.mark.parametrize(("path", "body", "content_type", "media_types"), [
    ("/sparql/", b"query=ASK%20%7B%7D", "application/x-www-url-form-urlencoded", {JSON_RESULTS}),  # query_post_form
    ("/sparql/", b"ASK {}", "application/sparql-query", {JSON_RESULTS}),  # query_post_direct
    ("/sparql/", b"SELECT (1 AS ?value) {}", "application/sparql-query", {JSON_RESULTS}),
    ("/sparql/", b"DESCRIBE <http://example.org/>", "application/sparql-query", {"text/turtle"}),
    ("/sparql/", b"CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query", {"text/turtle"}),
])
def test_w3c_positive_query_cases(client: FlaskClient, path: str, body: bytes, content_type: str,
                                  media_types: set[str]) -> None:
    response = client.post(path, data=body, content_type=content_type)
    assert response.status_code == 200, response.data
    assert response.mimetype in media_types


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    """RFC 3986: without BASE, a query's base is where it was sent (so <s> is not a syntax error)."""
    response = client.post("/sparql", data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                           content_type="application/sparql-query", headers={"Accept": "application/n-triples"})
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    assert response.data.decode().strip() == f'<http://localhost/s> <http://localhost/p> "1"^^{integer} .'
    own_base = client.post("/sparql", data=b"BASE <http://example.org/> CONSTRUCT { <s> <p> 1 } WHERE {}",
                           content_type="application/sparql-query", headers={"Accept": "application/n-triples"})
    assert own_base.data.startswith(b"<http://example.org/s>")


def test_deeply_nested_query_is_a_json_400(client: FlaskClient) -> None:
    nested = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
    assert "nests too deeply" in assert_error(client.post("/sparql", data={"query": nested}), 400)
