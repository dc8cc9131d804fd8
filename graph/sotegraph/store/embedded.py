"""The embedded backend: an Oxigraph store in a directory (persistent) or in memory (tests).

Every write is one atomic Oxigraph call (`Store.load` or `Store.update`), never `bulk_load`.
This in-process backend cannot stop a running query, so `timeout` is not enforced here; a
time limit is enforced by the served backend (`sotegraph.store.server`), which cancels the query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox
from rdflib.term import Identifier

from sotegraph.errors import InputError, StoreUnavailable
from sotegraph.store.binding import bind
from sotegraph.store.directory import StoreDir
from sotegraph.store.formats import (
    OX_FORMATS,
    QUAD_FORMATS,
    OxTerm,
    check_safe,
    graph_from_triples,
    parse_quads,
    syntax_error,
    to_ntriples,
    to_rdflib,
)
from sotegraph.store.interface import QueryResult, SelectResult, Store

_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def named_node(iri: str) -> ox.NamedNode:
    """`iri` as an Oxigraph NamedNode; InputError if it is not a valid absolute IRI."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise InputError(f"not a valid graph IRI '{iri}': {error}") from None


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """The SPARQL results format for `media_type` (JSON, XML, CSV, TSV)."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise InputError(f"no SPARQL results format for media type '{media_type}' "
                         "(use application/sparql-results+json, +xml, text/csv or text/tab-separated-values)")
    return fmt


def rdf_format(media_type: str) -> ox.RdfFormat:
    """The RDF format for `media_type` (Turtle, N-Triples, JSON-LD, RDF/XML, …)."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise InputError(f"no RDF format for media type '{media_type}' "
                         "(use text/turtle, application/n-triples, application/ld+json or application/rdf+xml)")
    return fmt


def _rdflib_rows(solutions: ox.QuerySolutions) -> list[tuple[Identifier | None, ...]]:
    """The solutions as rows of rdflib terms, each distinct term converted once (results repeat terms a lot)."""
    width = range(len(solutions.variables))
    converted: dict[OxTerm, Identifier] = {}

    def term(value: OxTerm | None) -> Identifier | None:
        if value is None:
            return None
        known = converted.get(value)
        if known is None:
            known = converted[value] = to_rdflib(value)
        return known

    return [tuple(term(solution[index]) for index in width) for solution in solutions]


class OxigraphStore(Store):
    """A `Store` over `pyoxigraph.Store`; `path=None` keeps the data in memory."""

    def __init__(self, path: str | Path | None = None, *, store_dir: StoreDir | None = None) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self._store_dir = store_dir
        try:
            self._store: ox.Store | None = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            if store_dir is not None:
                store_dir.release()
            raise StoreUnavailable(f"{self.location}: cannot open the store: {error}") from None

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreUnavailable(f"{self.location}: the store has been closed")
        return self._store

    def _run(self, sparql: str, bindings: Mapping[str, Identifier] | None,
             default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
             ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            [named_node(iri) for iri in default_graph_uris] or None)
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = [named_node(iri) for iri in named_graph_uris] or None
        try:
            return self._ox.query(bind(sparql, bindings), default_graph=default_graph, named_graphs=named_graphs,
                                  use_default_graph_as_union=default_graph is None)
        except SyntaxError as error:
            raise syntax_error(error, "query") from None

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        """Run one of our own SELECT queries over the stored graphs as they are."""
        result = self._ox.query(sparql)
        assert isinstance(result, ox.QuerySolutions), sparql
        return result

    def query(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              timeout: float | None = None) -> QueryResult:
        """Run a query; results as rdflib terms. `timeout` is not enforced in-process (see module doc)."""
        result = self._run(sparql, bindings, default_graph_uris, named_graph_uris)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return SelectResult([variable.value for variable in result.variables], _rdflib_rows(result))
        return graph_from_triples(result)

    def query_serialized(self, sparql: str, media_type: str, *,
                         default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
                         timeout: float | None = None) -> tuple[bytes, str]:
        """Run a query and serialise the result with Oxigraph's own writers."""
        result = self._run(sparql, None, default_graph_uris, named_graph_uris)
        # Without an output, `serialize` returns the bytes (the stubs say `bytes | None` for both uses).
        if isinstance(result, ox.QueryTriples):
            rdf = rdf_format(media_type)
            return cast(bytes, result.serialize(format=rdf)), rdf.media_type
        results = results_format(media_type)
        return cast(bytes, result.serialize(format=results)), results.media_type

    def load(self, data: bytes | BinaryIO, fmt: str, graph: str | None, *, base_iri: str | None = None,
             source: str | None = None) -> None:
        """Add RDF to `graph` (None: triples to the default graph, quads to their own graphs), atomically."""
        body = data if isinstance(data, bytes) else data.read()
        check_safe(body, fmt, source)
        target = named_node(graph) if graph else None
        try:
            self._ox.load(body, format=OX_FORMATS[fmt], base_iri=base_iri, to_graph=target)
        except SyntaxError as error:
            raise syntax_error(error, source, body) from None
        except ValueError as error:
            raise InputError(str(error), file=source) from None
        except MemoryError as error:  # Oxigraph's answer to one term past its 16 MiB buffer
            raise InputError(f"a term too large to read ({error})", file=source) from None

    def update(self, sparql_update: str) -> None:
        """Run one SPARQL Update atomically."""
        try:
            self._ox.update(sparql_update)
        except SyntaxError as error:
            raise syntax_error(error, "update") from None

    def replace_graph(self, graph: str, data: bytes, fmt: str, *, source: str | None = None) -> None:
        """Replace `graph` with `data` in one update (DROP + INSERT DATA): all or nothing."""
        quads = parse_quads(data, fmt, source=source)
        if fmt in QUAD_FORMATS and any(not isinstance(quad.graph_name, ox.DefaultGraph) for quad in quads):
            raise InputError("data for one graph must not name other graphs", file=source)
        target = named_node(graph).value
        self.update(f"DROP SILENT GRAPH <{target}> ;\n"
                    f"INSERT DATA {{ GRAPH <{target}> {{\n{to_ntriples(quads).decode()}}} }}")

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` and its triples atomically (no error if it does not exist)."""
        self.update(f"DROP SILENT GRAPH <{named_node(graph).value}>")

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph; the default graph, if not empty, under the key ""."""
        counts = {row[0].value: int(row[1].value) for row in self._solutions(_COUNTS)}
        default = next(iter(self._solutions("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
        if int(default.value):
            counts[""] = int(default.value)
        return dict(sorted(counts.items()))

    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Write one graph, the whole dataset (quad formats) or the union of all graphs (triple formats)."""
        if graph:
            self._ox.dump(out, format=OX_FORMATS[fmt], from_graph=named_node(graph))
        elif fmt in QUAD_FORMATS:
            self._ox.dump(out, format=OX_FORMATS[fmt])
        else:
            union = self._ox.query(_UNION_TRIPLES, use_default_graph_as_union=True)
            assert isinstance(union, ox.QueryTriples)
            union.serialize(out, format=OX_FORMATS[fmt])

    def close(self) -> None:
        """Flush and close the store and release the directory's lock."""
        if self._store is not None and self.location != ":memory:":
            self._store.flush()
        self._store = None
        if self._store_dir is not None:
            self._store_dir.release()
            self._store_dir = None
