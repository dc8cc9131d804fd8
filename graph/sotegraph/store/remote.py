"""A store behind HTTP: the SPARQL 1.1 Protocol for queries and updates, the Graph Store Protocol for files.

Locations (`--store` or $SOTEGRAPH_STORE):
- `http(s)://host:port` (no path) — an Oxigraph server: `/query`, `/update`, `/store` (GSP); every
  query asks for the union of all graphs as its default graph (`union-default-graph`).
- `http(s)://host/path` or `sparql+http(s)://host[/path]` — any SPARQL 1.1 endpoint: queries and
  updates go to that URL; $SOTEGRAPH_UPDATE_URL and $SOTEGRAPH_GSP_URL name other update and Graph
  Store endpoints. Without a GSP endpoint, files are written with SPARQL Update (INSERT DATA).
Each write is one HTTP request, which Oxigraph applies atomically. Oxigraph stops a query at its
`--timeout-s` and ends the HTTP 200 body early; a cut-short body raises QueryTimeout.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from sotegraph.errors import InputError, QueryTimeout, StoreUnavailable
from sotegraph.store.binding import bind
from sotegraph.store.formats import (
    OX_FORMATS,
    QUAD_FORMATS,
    check_safe,
    located_error,
    parse_graph,
    parse_quads,
    serialized,
    to_ntriples,
)
from sotegraph.store.interface import RDF_FORMATS, QueryResult, SelectResult, Store

UPDATE_URL_ENV = "SOTEGRAPH_UPDATE_URL"
GSP_URL_ENV = "SOTEGRAPH_GSP_URL"
CANCELLED = b"The SPARQL operation has been cancelled"
_QUERY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_CONNECT_TIMEOUT = 10.0
_DEFAULT_READ_TIMEOUT = 600.0
_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_DEFAULT_ONLY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
# The unnamed graph's own triples are those in no named graph: a union-default-graph server would repeat them all.
_QUADS = ("SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } }"
          " UNION { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?named { ?s ?p ?o } } } }")


class StoreUnreachable(StoreUnavailable):
    """No connection to the store's server (refused, reset): it is down or restarting."""


class RemoteStore(Store):
    """A `Store` reached over HTTP (see the module doc for the URL conventions)."""

    def __init__(self, query_url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 union_parameter: bool = False, location: str | None = None) -> None:
        self.location = location or query_url
        self.query_url, self.update_url, self.gsp_url = query_url, update_url or query_url, gsp_url
        self.union_parameter = union_parameter
        self._local = threading.local()

    @classmethod
    def from_location(cls, location: str) -> RemoteStore:
        """The store a `--store` URL names."""
        generic = location.startswith(("sparql+http://", "sparql+https://"))
        url = location.removeprefix("sparql+")
        if not generic and urlsplit(url).path in ("", "/"):
            return cls.for_server(url, location=location)
        return cls(url, update_url=os.environ.get(UPDATE_URL_ENV), gsp_url=os.environ.get(GSP_URL_ENV),
                   location=location)

    @classmethod
    def for_server(cls, url: str, *, location: str | None = None) -> RemoteStore:
        """The store of an Oxigraph server at `url` (`/query`, `/update`, `/store`)."""
        base = url.rstrip("/")
        return cls(f"{base}/query", update_url=f"{base}/update", gsp_url=f"{base}/store",
                   union_parameter=True, location=location or url)

    @property
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _request(self, method: str, url: str, *, timeout: float | None = None, stream: bool = False,
                 source: str | None = None, **kwargs: Any) -> requests.Response:
        """Send one request; connection failures → StoreUnavailable, read timeout → QueryTimeout."""
        read_timeout = _DEFAULT_READ_TIMEOUT if timeout is None else timeout + 2
        try:
            response = self._session.request(method, url, timeout=(_CONNECT_TIMEOUT, read_timeout),
                                             stream=stream, **kwargs)
        except requests.exceptions.ReadTimeout:
            raise QueryTimeout(f"no answer from {self.location} within {read_timeout:g} s") from None
        except requests.exceptions.ConnectionError as error:
            raise StoreUnreachable(f"cannot reach the store at {self.location}: {_reason(error)}") from None
        except requests.exceptions.RequestException as error:
            raise StoreUnavailable(f"cannot reach the store at {self.location}: {_reason(error)}") from None
        if response.status_code == 400:
            raise located_error(response.text, source or "query")
        if response.status_code >= 300:
            raise StoreUnavailable(f"{self.location} answered HTTP {response.status_code}: {response.text[:300]}")
        return response

    def _query_params(self, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str],
                      union: bool) -> list[tuple[str, str]]:
        params = [("default-graph-uri", iri) for iri in default_graph_uris]
        params += [("named-graph-uri", iri) for iri in named_graph_uris]
        if union and self.union_parameter and not default_graph_uris and not named_graph_uris:
            params.append(("union-default-graph", ""))
        return params

    def _post_query(self, sparql: str, accept: str, default_graph_uris: Sequence[str],
                    named_graph_uris: Sequence[str], timeout: float | None, *, union: bool = True) -> requests.Response:
        """POST a query; `union=False` keeps the store's own default graph (Oxigraph servers)."""
        response = self._request("POST", self.query_url, timeout=timeout, data=sparql.encode("utf-8"),
                                 params=self._query_params(default_graph_uris, named_graph_uris, union),
                                 headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                          "Accept": accept})
        try:
            body = response.content
        except requests.exceptions.RequestException as error:
            raise QueryTimeout(f"the answer from {self.location} was cut short: {_reason(error)}") from None
        if body.endswith(CANCELLED):
            raise QueryTimeout(f"the query was stopped at the time limit of {self.location}")
        return response

    def query(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              timeout: float | None = None) -> QueryResult:
        """Run a query on the endpoint; a cut-short answer raises QueryTimeout."""
        response = self._post_query(bind(sparql, bindings), _QUERY_ACCEPT, default_graph_uris,
                                    named_graph_uris, timeout)
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media_type == "application/sparql-results+json":
            return _parse_results_json(response.content)
        try:
            return parse_graph(response.content, "nt")
        except InputError:
            raise QueryTimeout(f"the answer from {self.location} was cut short (time limit)") from None

    def query_serialized(self, sparql: str, media_type: str, *,
                         default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
                         timeout: float | None = None) -> tuple[bytes, str]:
        """Run a query and return the endpoint's own serialisation in `media_type`."""
        response = self._post_query(sparql, media_type, default_graph_uris, named_graph_uris, timeout)
        body, content_type = response.content, response.headers.get("Content-Type", media_type)
        if not _looks_complete(body, content_type):
            raise QueryTimeout(f"the answer from {self.location} was cut short (time limit)")
        return body, content_type

    def update(self, sparql_update: str) -> None:
        """Run one SPARQL Update request (atomic on Oxigraph)."""
        self._request("POST", self.update_url, source="update", data=sparql_update.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def load(self, data: bytes | BinaryIO, fmt: str, graph: str | None, *, base_iri: str | None = None,
             source: str | None = None) -> None:
        """Add RDF in one request: raw to the Graph Store when it can take it as is, else as N-Quads/update."""
        body = data if isinstance(data, bytes) else data.read()
        check_safe(body, fmt, source)
        if self.gsp_url and base_iri is None and (fmt not in QUAD_FORMATS or graph is None):
            target = {} if fmt in QUAD_FORMATS else ({"graph": graph} if graph else {"default": ""})
            self._request("POST", self.gsp_url, source=source or "data", data=body, params=target,
                          headers={"Content-Type": RDF_FORMATS[fmt][0]})
            return
        quads = parse_quads(body, fmt, source=source or "data", base_iri=base_iri)
        if graph:
            target_graph = ox.NamedNode(graph)
            quads = [ox.Quad(q.subject, q.predicate, q.object, target_graph)
                     if isinstance(q.graph_name, ox.DefaultGraph) else q for q in quads]
        if self.gsp_url:
            self._request("POST", self.gsp_url, source=source or "data", data=serialized(quads, ox.RdfFormat.N_QUADS),
                          headers={"Content-Type": "application/n-quads"})
        else:
            self.update(f"INSERT DATA {{\n{_quads_block(quads)}}}")

    def replace_graph(self, graph: str, data: bytes, fmt: str, *, source: str | None = None) -> None:
        """Replace `graph` in one request (GSP PUT, or DROP + INSERT DATA)."""
        quads = parse_quads(data, fmt, source=source)
        if fmt in QUAD_FORMATS and any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise InputError("data for one graph must not name other graphs", file=source)
        triples = to_ntriples(quads)
        if self.gsp_url:
            self._request("PUT", self.gsp_url, source=source or "data", data=triples, params={"graph": graph},
                          headers={"Content-Type": "application/n-triples"})
        else:
            self.update(f"DROP SILENT GRAPH <{_iri(graph)}> ;\n"
                        f"INSERT DATA {{ GRAPH <{_iri(graph)}> {{\n{triples.decode()}}} }}")

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` (no error if it does not exist)."""
        self.update(f"DROP SILENT GRAPH <{_iri(graph)}>")

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph; triples only in the store's own default graph, if any, under "".

        Counting "in no named graph" is right whether or not the server makes its default graph the union.
        """
        rows = self.query(_COUNTS)
        assert isinstance(rows, SelectResult)
        counts = {str(graph): int(str(count)) for graph, count in rows.rows}
        if self.union_parameter:
            default = self._post_query(_DEFAULT_ONLY, "application/sparql-results+json", (), (), None, union=False)
            only_default = _parse_results_json(default.content)
            assert isinstance(only_default, SelectResult)
            number = int(str(only_default.rows[0][0]))
            if number:
                counts[""] = number
        return dict(sorted(counts.items()))

    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Write one graph, the dataset (quad formats) or the union of the graphs (triple formats)."""
        media_type = RDF_FORMATS[fmt][0]
        if graph is None and fmt not in QUAD_FORMATS:
            out.write(self.query_serialized(_UNION_TRIPLES, media_type)[0])
        elif self.gsp_url:
            params = {"graph": graph} if graph else {}
            with self._request("GET", self.gsp_url, stream=True, params=params,
                               headers={"Accept": media_type}) as response:
                for chunk in response.iter_content(1 << 20):
                    out.write(chunk)
        elif graph:  # a GRAPH clause, not `default-graph-uri`, which some endpoints ignore (Comunica)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_iri(graph)}> {{ ?s ?p ?o }} }}"
            out.write(self.query_serialized(construct, media_type)[0])
        else:
            out.write(serialized(self._all_quads(), OX_FORMATS[fmt]))

    def _all_quads(self) -> Iterator[ox.Quad]:
        """Every quad of a generic endpoint, read with one SELECT."""
        body = self._post_query(_QUADS, "application/sparql-results+json", (), (), None).content
        solutions = ox.parse_query_results(_plain_results_json(body), format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            graph = solution["g"] if solution["g"] is not None else ox.DefaultGraph()
            yield ox.Quad(solution["s"], solution["p"], solution["o"], graph)

    def close(self) -> None:
        """Close this thread's HTTP connections."""
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None


def _reason(error: Exception) -> str:
    """The innermost, readable cause of a requests error."""
    text = str(error)
    if "Connection refused" in text:
        return "connection refused"
    return text[:200]


def _iri(iri: str) -> str:
    """`iri` checked so that it can be written between < > in a SPARQL request."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as error:
        raise InputError(f"not a valid graph IRI '{iri}': {error}") from None


def _quads_block(quads: list[ox.Quad]) -> str:
    """INSERT DATA content: default-graph triples, then one GRAPH block per named graph."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(key, []).append(quad.triple)
    parts = []
    for graph, triples in by_graph.items():
        text = serialized(triples, ox.RdfFormat.N_TRIPLES).decode()
        parts.append(f"GRAPH <{graph}> {{\n{text}}}\n" if graph else text)
    return "".join(parts)


def _looks_complete(body: bytes, content_type: str) -> bool:
    """Whether a serialised answer ends as its format requires (an Oxigraph timeout cuts it short)."""
    media_type = content_type.split(";")[0].strip()
    if body.endswith(CANCELLED):
        return False
    if media_type.endswith("json"):
        try:
            json.loads(body)
        except ValueError:
            return False
    if media_type.endswith("xml"):
        return body.rstrip().endswith(b">")
    return True


def _plain_results_json(body: bytes) -> bytes:
    """SPARQL JSON results with only `head` and `results`: pyoxigraph refuses members it does not know,
    which the format allows and servers add (Comunica: `metadata`). An unfinished document raises QueryTimeout."""
    try:
        document = json.loads(body)
    except ValueError:
        raise QueryTimeout("the answer was cut short (time limit)") from None
    return json.dumps({"head": document["head"], "results": document["results"]}).encode()


def _parse_results_json(body: bytes) -> QueryResult:
    """SPARQL JSON results as a SelectResult or bool; an unfinished document raises QueryTimeout."""
    try:
        document = json.loads(body)
    except ValueError:
        raise QueryTimeout("the answer was cut short (time limit)") from None
    if "boolean" in document:
        return bool(document["boolean"])
    variables = document["head"]["vars"]
    rows = [tuple(_term(binding[name]) if name in binding else None for name in variables)
            for binding in document["results"]["bindings"]]
    return SelectResult(variables, rows)


def _term(value: dict[str, str]) -> Identifier:
    """One SPARQL JSON term as an rdflib term (xsd:string literals become plain literals)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])

