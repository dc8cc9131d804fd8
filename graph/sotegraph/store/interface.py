"""One store interface for all of sotegraph: embedded Oxigraph, in-memory, or a remote SPARQL endpoint.

Everything else talks to a `Store`; only the backend modules import a store library.
Results use rdflib terms (`URIRef`, `Literal`, `BNode`) so callers never see backend types.
`sotegraph.store.open_store(location)` picks the backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, TypeVar

from rdflib import Graph
from rdflib.term import Identifier

ONTOLOGY_GRAPH = "https://w3id.org/sotegraph/graph/ontology"
CURATED_GRAPH = "https://w3id.org/sotegraph/graph/curated"
REFERENCE_GRAPH = "https://w3id.org/sotegraph/graph/reference/{year}"
SUBMISSION_GRAPH = "https://w3id.org/sotegraph/graph/submission/{id}"

#: RDF formats by short name: (media type, file extensions). Quad formats can carry graphs.
RDF_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ttl": ("text/turtle", (".ttl",)),
    "nt": ("application/n-triples", (".nt",)),
    "nq": ("application/n-quads", (".nq",)),
    "trig": ("application/trig", (".trig",)),
    "jsonld": ("application/ld+json", (".jsonld", ".json")),
    "rdfxml": ("application/rdf+xml", (".rdf", ".owl", ".xml")),
}


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query: `variables` in order, each row a tuple aligned with them (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)

    def dicts(self) -> Iterator[dict[str, Identifier]]:
        """Each row as {variable: term}, unbound variables left out."""
        for row in self.rows:
            yield {name: value for name, value in zip(self.variables, row, strict=True) if value is not None}


QueryResult = SelectResult | bool | Graph


class Store(ABC):
    """A quad store whose default graph, for queries, is the union of all named graphs."""

    location: str

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query: SELECT → SelectResult, ASK → bool, CONSTRUCT/DESCRIBE → rdflib Graph.

        `bindings` are bound safely (never spliced into the text). `default_graph_uris` narrows the
        default graph (else the union of all named graphs). Raises QueryTimeout past `timeout`
        seconds where the backend can stop the query, InputError on a syntax error.
        """

    def select(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
               default_graph_uris: Sequence[str] = (), timeout: float | None = None) -> SelectResult:
        """Run a SELECT query (see `query`); TypeError if `sparql` is another query form."""
        return _expect(self.query(sparql, bindings=bindings, default_graph_uris=default_graph_uris,
                                  timeout=timeout), SelectResult, sparql)

    def ask(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
            timeout: float | None = None) -> bool:
        """Run an ASK query (see `query`); TypeError if `sparql` is another query form."""
        return _expect(self.query(sparql, bindings=bindings, timeout=timeout), bool, sparql)

    def construct(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
                  timeout: float | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query (see `query`); TypeError for another query form."""
        return _expect(self.query(sparql, bindings=bindings, timeout=timeout), Graph, sparql)

    @abstractmethod
    def query_serialized(self, sparql: str, media_type: str, *,
                         default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
                         timeout: float | None = None) -> tuple[bytes, str]:
        """Run a query and return (body, content type) serialised in `media_type` (SPARQL results or RDF)."""

    @abstractmethod
    def load(self, data: bytes | BinaryIO, fmt: str, graph: str | None, *, base_iri: str | None = None,
             source: str | None = None) -> None:
        """Add RDF in format `fmt` (a key of RDF_FORMATS) to named `graph`, atomically: all or nothing.

        `graph=None` puts triples in the default graph and keeps a quad format's own graphs.
        `source` (a file name) is what syntax errors name.
        """

    @abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run one SPARQL Update request atomically (internal use: never exposed to web users)."""

    @abstractmethod
    def replace_graph(self, graph: str, data: bytes, fmt: str, *, source: str | None = None) -> None:
        """Atomically replace the content of named `graph` with `data`."""

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Atomically remove named `graph` and all its triples."""

    @abstractmethod
    def graph_counts(self) -> dict[str, int]:
        """Number of triples in each named graph (the default graph, if not empty, under the key "")."""

    @abstractmethod
    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Write the whole dataset (quad format) or one graph (`graph`) to `out` in format `fmt`."""

    def close(self) -> None:  # noqa: B027 (a hook: a backend that holds nothing keeps this no-op)
        """Release the store (locks, handles, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_Result = TypeVar("_Result", SelectResult, bool, Graph)


def _expect(result: QueryResult, kind: type[_Result], sparql: str) -> _Result:
    """`result` if it is of `kind`; a TypeError naming the query otherwise (a caller's bug)."""
    if not isinstance(result, kind):
        raise TypeError(f"expected {kind.__name__} from query: {' '.join(sparql.split())[:120]}")
    return result
