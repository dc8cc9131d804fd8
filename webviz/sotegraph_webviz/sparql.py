"""The SPARQL 1.1 endpoint, the query page and the named-query API (blueprint `sparql`).

* `/sparql` — SPARQL 1.1 Protocol: GET ``?query=``, POST form-encoded, POST
  ``application/sparql-query``; SELECT/ASK as JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE as
  Turtle, N-Triples or JSON-LD, chosen by ``Accept`` or ``format=``; ``default-graph-uri`` and
  ``named-graph-uri`` honoured; without a query, a Service Description (``sd:``) — or, for a
  browser, the query page. Read-only: updates get 403; ``SERVICE`` gets 400 before anything runs.
* `/query` — the query page (YASGUI, vendored; named queries as examples).
* `/api/queries` — the named queries as JSON; `/api/query/NAME?PARAM=…` runs one.

Limits: each query stops at ``QUERY_TIMEOUT`` seconds (enforced by the served store) and may
return at most ``QUERY_ROW_LIMIT`` rows (triples for graphs). Past either the client gets
HTTP 503 with a JSON error naming the limit — never a silently truncated result.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from sotegraph.errors import InputError, QueryTimeout, SotegraphError
from sotegraph.sparql import catalog
from sotegraph.sparql.execution import check_named_query, check_public_query
from sotegraph.sparql.guard import UpdateRefused
from sotegraph.sparql.result_formats import GRAPH_TYPES, RESULT_TYPES, negotiate, row_count, serialize
from sotegraph.store import QueryResult
from sotegraph_webviz import errors
from sotegraph_webviz.db import get_store
from sotegraph_webviz.security import content_security_policy

bp = Blueprint("sparql", __name__)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DEFAULT_ROW_LIMIT = 10_000
_FORMAT_IRIS = {"application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
                "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
                "text/csv": FORMATS.SPARQL_Results_CSV, "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
                "text/turtle": FORMATS.Turtle, "application/n-triples": FORMATS.N_Triples,
                "application/ld+json": FORMATS["JSON-LD"]}
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS",
         "Access-Control-Allow-Headers": "Accept", "Access-Control-Max-Age": "86400"}


class RowLimitExceeded(SotegraphError):
    """A result has more rows than the endpoint returns (HTTP 503)."""

    http_status = 503


@bp.errorhandler(SotegraphError)
def sotegraph_error(error: SotegraphError) -> Response:
    """The app's answer to a sotegraph error, readable by cross-origin clients (CORS) on GET."""
    response = errors.sotegraph_error(error)
    if request.method == "GET":
        response.headers.update(_CORS)
    return response


def _wants_html() -> bool:
    """Whether a browser asked for a page (HTML preferred over any result format)."""
    if request.values.get("format"):
        return False
    named = any(value == "text/html" and quality > 0 for value, quality in request.accept_mimetypes)
    offered = ["text/html", *RESULT_TYPES, *GRAPH_TYPES]
    return named and request.accept_mimetypes.best_match(offered) == "text/html"


def _protocol_request() -> tuple[str | None, list[str], list[str]]:
    """(query text, default-graph-uri list, named-graph-uri list) of a SPARQL Protocol request."""
    content_type = (request.mimetype or "").lower()
    if content_type == "application/sparql-update" or "update" in request.form or "update" in request.args:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused")
    text: str | None
    if request.method == "POST" and content_type == "application/sparql-query":
        text = request.get_data(as_text=True)
        graphs_from = request.args
    elif request.method == "POST":
        if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise InputError(f"unsupported content type '{content_type}' (use application/sparql-query "
                             "or application/x-www-form-urlencoded)")
        text, graphs_from = request.form.get("query"), request.form
    else:
        text, graphs_from = request.args.get("query"), request.args
    return text, graphs_from.getlist("default-graph-uri"), graphs_from.getlist("named-graph-uri")


def _limits() -> tuple[float, int]:
    """(time limit in seconds, row limit) from the app's configuration."""
    return (float(current_app.config.get("QUERY_TIMEOUT", 10.0)),
            int(current_app.config.get("QUERY_ROW_LIMIT", DEFAULT_ROW_LIMIT)))


def answer(text: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
           template: str | None = None) -> Response:
    """Check, run and serialise one query under the time and row limits, by content negotiation.

    `template`: the named query `text` was prepared from (checked instead of `text`, once)."""
    timeout, row_limit = _limits()
    # size, nesting, then the parse in a killable worker
    checked = check_named_query(template, text, timeout) if template else check_public_query(text, timeout)
    media_type = negotiate(checked.form, request.accept_mimetypes, request.values.get("format"))
    try:
        result: QueryResult = get_store().query(text, default_graph_uris=default_graphs,
                                                named_graph_uris=named_graphs, timeout=checked.remaining())
    except QueryTimeout:
        raise QueryTimeout(f"the query was stopped at the time limit of {timeout:g} s") from None
    if row_count(result) > row_limit:
        raise RowLimitExceeded(f"the result has more than the row limit of {row_limit} rows; "
                               "narrow the query or add LIMIT/OFFSET")
    response = Response(serialize(result, media_type), content_type=f"{media_type}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in an RDF format the client accepts."""
    endpoint = URIRef(url_for("sparql.endpoint", _external=True))
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for format_iri in _FORMAT_IRIS.values():
        graph.add((endpoint, SD.resultFormat, format_iri))
    dataset, default_graph = BNode(), BNode()
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for name, triples in get_store().graph_counts().items():
        if not name:
            continue
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, URIRef("http://rdfs.org/ns/void#triples"), Literal(triples)))
    media_type = negotiate("DESCRIBE", request.accept_mimetypes, request.values.get("format"))
    return Response(serialize(graph, media_type), content_type=f"{media_type}; charset=utf-8")


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol endpoint (and, for a browser without a query, the query page)."""
    if request.method == "OPTIONS":
        return Response(status=204, headers=_CORS)
    text, default_graphs, named_graphs = _protocol_request()
    if request.method == "GET" and _wants_html():
        return query_page()
    if text is None:
        response = service_description()
    else:
        response = answer(text, default_graphs=default_graphs, named_graphs=named_graphs)
    if request.method == "GET":
        response.headers.update(_CORS)
    return response


def _examples() -> list[dict]:
    """The named queries for the page, each with its parameters filled in from the header examples."""
    store = get_store()
    examples = []
    for query in catalog.list_queries():
        values = {p.name: p.example for p in query.parameters if p.example and not p.optional}
        try:
            text = catalog.prepare(store, query, values)
        except SotegraphError:
            text = query.sparql  # the example entity is not in this store: offer the plain text
        examples.append({**query.as_dict(), "prepared": text})
    return examples


def page_policy() -> str:
    """The site's CSP with inline *styles* allowed: YASGUI's table column resizer injects a
    `<style>` block whose text varies, so no hash can allow it. Scripts stay 'self' only."""
    directives = [directive.strip() for directive in content_security_policy().split(";")]
    return "; ".join("style-src 'self' 'unsafe-inline'" if directive.startswith("style-src ") else directive
                     for directive in directives)


@bp.route("/query")
def query_page() -> Response:
    """The query page: YASGUI on our endpoint, with the named queries as examples."""
    page = render_template("sparql.html", examples=_examples(), endpoint=url_for("sparql.endpoint"),
                           initial_query=request.args.get("query", ""))
    return Response(page, content_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": page_policy()})


@bp.route("/api/queries")
def api_queries() -> Response:
    """The named queries (name, titles and descriptions fi/en, parameters, columns, SPARQL)."""
    return jsonify({"ok": True, "queries": [query.as_dict() for query in catalog.list_queries()]})


@bp.route("/api/query/<name>")
def api_query(name: str) -> Response:
    """Run named query `name` with its parameters from the query string (content negotiation as /sparql)."""
    query = catalog.get_query(name)
    values = {key: value for key, value in request.args.items() if key != "format"}
    response = answer(catalog.prepare(get_store(), query, values), template=query.sparql)
    response.headers.update(_CORS)
    return response
