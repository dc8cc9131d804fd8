"""The SPARQL 1.1 endpoint, the query page and the named-query API (blueprint `sparql`).

* `/sparql` — the SPARQL 1.1 Protocol, query side, to the letter (https://www.w3.org/TR/sparql11-protocol/):
  GET ``?query=``, POST ``application/x-www-form-urlencoded`` (parameters in the body) and POST
  ``application/sparql-query`` (the query as the UTF-8 body, other parameters in the URL). Exactly one
  ``query``; ``default-graph-uri`` / ``named-graph-uri`` (repeatable) or the query's ``FROM`` /
  ``FROM NAMED`` give the dataset (`sotegraph.sparql.dataset`), else the union of all named graphs.
  SELECT/ASK in SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE in Turtle, N-Triples, RDF/XML,
  JSON-LD, N-Quads or TriG — chosen by ``format``/``output``/``results`` or ``Accept``
  (`sotegraph.sparql.result_formats`), written by the store's own serialisers. Without a query, GET
  answers a Service Description (``sd:``) — or, for a browser, the query page.
  Statuses: 400 malformed (no or several ``query``, syntax error, text not UTF-8, bad graph IRI,
  ``SERVICE``), 403 an update, 405 another method, 406 no acceptable format, 413 too large a body,
  415 another POST media type, 503 a time or result-size limit. Every error is JSON
  ``{"ok": false, "error": "…", "status": N}``.
* `/query` — the query page (YASGUI, vendored; named queries as examples; ``?name=`` picks one).
* `/api/queries` — the named queries as JSON; `/api/query/NAME?PARAM=…` runs one.

Limits: each query stops at ``QUERY_TIMEOUT`` seconds (enforced by the served store) and an answer
may be at most ``QUERY_RESULT_BYTES`` long. Past either the client gets HTTP 503 with a JSON error
naming the limit — never a silently truncated result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from sotegraph.errors import InputError, QueryTimeout, SotegraphError
from sotegraph.sparql import catalog
from sotegraph.sparql.dataset import Dataset, request_dataset, with_base
from sotegraph.sparql.execution import check_named_query, check_public_query
from sotegraph.sparql.guard import UpdateRefused
from sotegraph.sparql.result_formats import FORMAT_PARAMETERS, GRAPH_TYPES, RESULT_TYPES, negotiate
from sotegraph.vocab import ID_BASE, SOTE_BASE
from sotegraph_webviz import errors
from sotegraph_webviz.db import get_store
from sotegraph_webviz.security import content_security_policy

bp = Blueprint("sparql", __name__)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DEFAULT_RESULT_BYTES = 64 * 1024 * 1024
_FORMAT_IRIS = {"application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
                "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
                "text/csv": FORMATS.SPARQL_Results_CSV, "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
                "text/turtle": FORMATS.Turtle, "application/n-triples": FORMATS.N_Triples,
                "application/rdf+xml": FORMATS.RDF_XML, "application/ld+json": FORMATS["JSON-LD"],
                "application/n-quads": FORMATS.N_Quads, "application/trig": FORMATS.TriG}
#: rdflib's writer for each graph media type (the Service Description is our own small graph)
_RDFLIB_WRITERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                   "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}
_FORM = "application/x-www-form-urlencoded"
#: The W3C protocol test suite's own spelling of the form type (its query_post_form test sends it).
_FORM_TYPES = (_FORM, "application/x-www-url-form-urlencoded")
_DIRECT = "application/sparql-query"
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
         "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "86400"}


class ResultTooLarge(SotegraphError):
    """An answer is longer than the endpoint returns (HTTP 503)."""

    http_status = 503


class UnsupportedMediaType(InputError):
    """A POST body in a media type the protocol does not define for queries (HTTP 415)."""

    http_status = 415


@bp.errorhandler(SotegraphError)
def sotegraph_error(error: SotegraphError) -> Response:
    """The app's answer to a sotegraph error, readable by cross-origin clients (CORS)."""
    response = errors.sotegraph_error(error)
    response.headers.update(_CORS)
    return response


@dataclass(frozen=True)
class ProtocolRequest:
    """A query operation as the protocol defines it: the query text and the dataset parameters."""

    query: str | None
    default_graph_uris: list[str]
    named_graph_uris: list[str]
    parameters: Mapping[str, list[str]]

    def format_name(self) -> str | None:
        """The format a `format`, `output` or `results` parameter names (the first given), if any."""
        return next((values[0] for name in FORMAT_PARAMETERS if (values := self.parameters.get(name))), None)


def _decoded_pairs(raw: bytes, where: str) -> dict[str, list[str]]:
    """Percent-encoded `name=value&…` as lists of values by name; InputError when not UTF-8."""
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise InputError(f"the {where} is not UTF-8 (the SPARQL Protocol requires UTF-8)") from None
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values


def _charset_is_utf8() -> bool:
    """Whether the request's declared charset, if any, is UTF-8."""
    charset = request.mimetype_params.get("charset")
    return charset is None or charset.strip().lower() in ("utf-8", "utf8")


def protocol_request() -> ProtocolRequest:
    """The query operation of this request, checked against the protocol's rules (§2.1)."""
    url = _decoded_pairs(request.query_string, "query string")
    media_type = (request.mimetype or "").lower()
    if request.method == "GET":
        body: dict[str, list[str]] = {}
        text_values = url.get("query", [])
    elif media_type in _FORM_TYPES:
        if not _charset_is_utf8():
            raise UnsupportedMediaType(f"charset '{request.mimetype_params['charset']}' is not allowed: "
                                       "a form-encoded query must be UTF-8")
        body = _decoded_pairs(request.get_data(cache=True), "request body")
        text_values = url.get("query", []) + body.get("query", [])
    elif media_type == _DIRECT:
        if not _charset_is_utf8():
            raise UnsupportedMediaType(f"charset '{request.mimetype_params['charset']}' is not allowed: "
                                       "application/sparql-query must be UTF-8")
        try:
            direct = request.get_data(cache=True).decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the query is not UTF-8 (the SPARQL Protocol requires UTF-8)") from None
        body = {}
        text_values = url.get("query", []) + [direct]
    elif media_type == "application/sparql-update" or "update" in url:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused")
    else:
        given = f"'{media_type}'" if media_type else "no Content-Type"
        raise UnsupportedMediaType(f"a query POST needs Content-Type {_FORM} or {_DIRECT}, not {given}")
    parameters = {name: url.get(name, []) + body.get(name, []) for name in {*url, *body}}
    if "update" in parameters:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused")
    if len(text_values) > 1:
        raise InputError(f"the request carries {len(text_values)} queries; send exactly one", field="query")
    if request.method == "POST" and not text_values:
        raise InputError("the request carries no query (parameter 'query')", field="query")
    return ProtocolRequest(text_values[0] if text_values else None, parameters.get("default-graph-uri", []),
                           parameters.get("named-graph-uri", []), parameters)


def _wants_html(operation: ProtocolRequest) -> bool:
    """Whether a browser asked for a page (HTML preferred over any result format, no format named)."""
    if operation.format_name():
        return False
    named = any(value == "text/html" and quality > 0 for value, quality in request.accept_mimetypes)
    offered = ["text/html", *RESULT_TYPES, *GRAPH_TYPES]
    return named and request.accept_mimetypes.best_match(offered) == "text/html"


def _limits() -> tuple[float, int]:
    """(time limit in seconds, result size limit in bytes) from the app's configuration."""
    return (float(current_app.config.get("QUERY_TIMEOUT", 10.0)),
            int(current_app.config.get("QUERY_RESULT_BYTES", DEFAULT_RESULT_BYTES)))


def answer(text: str, *, dataset: Dataset | None = None, format_name: str | None = None,
           template: str | None = None) -> Response:
    """Check and run one query under the limits; its answer in the negotiated format, as the store writes it.

    `template`: the named query `text` was prepared from (checked instead of `text`, once)."""
    timeout, size_limit = _limits()
    # size, nesting, then rdflib's parse in a killable worker, all within the time limit
    checked = check_named_query(template, text, timeout) if template else check_public_query(text, timeout)
    media_type = negotiate(checked.form, request.accept_mimetypes, format_name)
    dataset = dataset or Dataset.service()
    try:
        body, content_type = get_store().query_serialized(
            text, media_type, default_graph_uris=dataset.default_graph_uris,
            named_graph_uris=dataset.named_graph_uris, timeout=checked.remaining())
    except QueryTimeout:
        raise QueryTimeout(f"the query was stopped at the time limit of {timeout:g} s") from None
    if len(body) > size_limit:
        raise ResultTooLarge(f"the answer is longer than the limit of {size_limit / 1e6:g} MB; "
                             "narrow the query or add LIMIT/OFFSET")
    response = Response(body, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


def service_description(format_name: str | None) -> Response:
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
    media_type = negotiate("DESCRIBE", request.accept_mimetypes, format_name)
    body = graph.serialize(format=_RDFLIB_WRITERS[media_type], encoding="utf-8")
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
@bp.route("/sparql/", methods=["GET", "POST", "OPTIONS"], endpoint="endpoint_slash")
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol endpoint (and, for a browser without a query, the query page)."""
    if request.method == "OPTIONS":
        return Response(status=204, headers=_CORS)
    operation = protocol_request()
    if request.method == "GET" and _wants_html(operation):
        return query_page()
    if operation.query is None:
        response = service_description(operation.format_name())
    else:
        text = with_base(operation.query, url_for("sparql.endpoint", _external=True))
        dataset = request_dataset(text, operation.default_graph_uris, operation.named_graph_uris)
        response = answer(text, dataset=dataset, format_name=operation.format_name())
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


def _chosen(examples: list[dict]) -> dict | None:
    """The named query the URL names (``?name=NAME&PARAM=value…``), prepared with the URL's values if they bind."""
    name = request.args.get("name", "")
    chosen = next((example for example in examples if example["name"] == name), None)
    if chosen is None:
        return None
    query = catalog.get_query(name)
    values = {key: value for key, value in request.args.items() if key in {p.name for p in query.parameters}}
    if values:
        try:
            return {**chosen, "prepared": catalog.prepare(get_store(), query, values), "values": values}
        except SotegraphError:
            return chosen  # names or values the store does not know: the example stays
    return chosen


def page_policy() -> str:
    """The site's CSP with inline *styles* allowed: YASGUI's table column resizer injects a
    `<style>` block whose text varies, so no hash can allow it. Scripts stay 'self' only."""
    directives = [directive.strip() for directive in content_security_policy().split(";")]
    return "; ".join("style-src 'self' 'unsafe-inline'" if directive.startswith("style-src ") else directive
                     for directive in directives)


@bp.route("/query")
def query_page() -> Response:
    """The query page: YASGUI on our endpoint, with the named queries as examples.

    ``?query=TEXT`` opens a query; ``?name=NAME`` (and its parameters) opens and runs a named query —
    the page keeps the chosen one in its URL, so it can be shared.
    """
    examples = _examples()
    chosen = _chosen(examples)
    local_bases = [[ID_BASE, request.script_root + "/id/"], [SOTE_BASE, request.script_root + "/ontology#"]]
    page = render_template("sparql.html", examples=examples, endpoint=url_for("sparql.endpoint"),
                           initial_query=request.args.get("query", ""), chosen=chosen, local_bases=local_bases)
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
    values = {key: value for key, value in request.args.items()
              if key not in FORMAT_PARAMETERS and key not in ("limit", "offset")}
    format_name = next((request.args[name] for name in FORMAT_PARAMETERS if name in request.args), None)
    text = catalog.prepare(get_store(), query, values)
    page = _page()
    if page is None:
        response = answer(text, format_name=format_name, template=query.sparql)
    else:  # one page, its total in X-Total-Count (the body stays a SPARQL result)
        response = answer(catalog.paged(text, page), format_name=format_name, template=query.sparql)
        total = get_store().select(catalog.counted(text), timeout=_limits()[0])
        response.headers["X-Total-Count"] = str(int(total.rows[0][0] or 0) if total.rows else 0)
        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"
    response.headers.update(_CORS)
    return response


def _page() -> catalog.Page | None:
    """The page asked for by ``limit`` (and ``offset``) in the query string; None without ``limit``."""
    limit, offset = request.args.get("limit"), request.args.get("offset", "0")
    if limit is None:
        if offset != "0":
            raise InputError("offset pages together with limit", field="offset")
        return None
    if not (limit.isdigit() and offset.isdigit()):
        raise InputError("limit and offset must be whole numbers", field="limit")
    return catalog.Page(int(limit), int(offset))
