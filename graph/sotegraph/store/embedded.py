"""The embedded backend: an Oxigraph store in a directory (persistent) or in memory (tests).

Every write is all or nothing. Small writes are one atomic Oxigraph call (`Store.load` or
`Store.update`). Large loads (`OxigraphStore.load_files`, the `load` command) use Oxigraph's
`bulk_load`, which is several times faster but not atomic, on a *new generation* of the store:
a backup of the current data (`Store.backup`, hard links to its immutable files, so cheap) in a
new subdirectory ``.data-N``, bulk-loaded, flushed and synced, then made current by atomically
replacing the pointer file ``.current-data`` (write, fsync, rename, fsync the directory). A
process killed at any moment leaves either the old generation current (the new one is an
unreferenced directory, removed by the next load) or the new one. `data_directory` reads the
pointer; a store without it keeps its data in the store directory itself.

This in-process backend cannot stop a running query, so `timeout` is not enforced here; a
time limit is enforced by the served backend (`sotegraph.store.server`), which cancels the query.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox
from rdflib.term import Identifier

from sotegraph.errors import InputError, StoreUnavailable
from sotegraph.limits import LimitExceeded, current
from sotegraph.store.binding import bind
from sotegraph.store.directory import StoreDir
from sotegraph.store.formats import (
    OX_FORMATS,
    QUAD_FORMATS,
    OxTerm,
    check_safe,
    combined_nquads,
    graph_from_triples,
    parse_quads,
    syntax_error,
    to_ntriples,
    to_rdflib,
)
from sotegraph.store.interface import QueryResult, SelectResult, Store

#: Loads of more bytes than this go to a new generation; smaller ones are one transaction (the
#: generation's fixed cost — backup, sync, reopen — is about a second, a 4 MB transaction less).
BULK_LOAD_ABOVE = 4_000_000
#: The file naming the current generation directory of a store directory (absent: the directory itself).
CURRENT_DATA_FILE = ".current-data"
_GENERATION = re.compile(r"\.data-(\d+)")
#: Oxigraph's (RocksDB's) own files, removed from a store directory once its data lives in a generation.
_ROCKSDB_FILE = re.compile(r"(?:\d+\.(?:sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?|"
                           r"(?:MANIFEST|OPTIONS)-\d+)")

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


#: The longest term a transactional Oxigraph load reads (its parser's buffer); a bulk load reads longer
#: ones, so the raw path refuses them itself: both ways of loading accept the same files.
TERM_CHARS_FLOOR = 16 * 1024 * 1024


def _check_terms(data: bytes, fmt: str, source: str) -> None:
    """`check_safe` with Oxigraph's own term floor as the literal limit (the raw path has no submission limits)."""
    try:
        check_safe(data, fmt, source, replace(current(), literal_chars=TERM_CHARS_FLOOR))
    except LimitExceeded as error:
        if error.limit != "literal_chars":
            raise
        raise InputError(f"a term too large to read (over {TERM_CHARS_FLOOR} characters)", file=source) from None


def data_directory(path: str | Path) -> Path:
    """Where the Oxigraph data of store directory `path` is: its current generation, else `path` itself."""
    root = Path(path)
    try:
        name = (root / CURRENT_DATA_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return root
    return root / name if _GENERATION.fullmatch(name) and (root / name).is_dir() else root


def _fsync(path: Path) -> None:
    """Flush a file or directory to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_tree(root: Path) -> None:
    """Flush every file under `root`, then the directories, to disk."""
    for directory, _, files in os.walk(root):
        for name in files:
            _fsync(Path(directory) / name)
        _fsync(Path(directory))


def _remove_data(root: Path, keep: Path) -> None:
    """Remove every generation but `keep`, and Oxigraph's files in `root` itself unless `keep` is `root`."""
    for entry in root.iterdir():
        if entry != keep and entry.is_dir() and _GENERATION.fullmatch(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
        elif keep != root and entry.is_file() and _ROCKSDB_FILE.fullmatch(entry.name):
            entry.unlink(missing_ok=True)


class OxigraphStore(Store):
    """A `Store` over `pyoxigraph.Store`; `path=None` keeps the data in memory."""

    def __init__(self, path: str | Path | None = None, *, store_dir: StoreDir | None = None) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self._store_dir = store_dir
        self._data = data_directory(path) if path is not None else None
        try:
            self._store: ox.Store | None = ox.Store(str(self._data)) if self._data is not None else ox.Store()
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
        # As the SPARQL Protocol: either list given makes both exact (an empty one is empty); neither, the union.
        explicit = bool(default_graph_uris or named_graph_uris)
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            [named_node(iri) for iri in default_graph_uris] if explicit else None)
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = (
            [named_node(iri) for iri in named_graph_uris] if explicit else None)
        try:
            return self._ox.query(bind(sparql, bindings), default_graph=default_graph, named_graphs=named_graphs,
                                  use_default_graph_as_union=not explicit)
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

    def load_files(self, contents: Sequence[tuple[str, bytes, str]], graph: str | None, *,
                   base_iri: str | None = None) -> None:
        """Load (name, data, format) files all or nothing; a store directory bulk-loads a new generation.

        In memory, or up to BULK_LOAD_ABOVE bytes: one atomic `load` (several files combined into one
        N-Quads document). Larger, in a directory: a backup of the current data bulk-loaded with the
        files, then switched to atomically (module docstring). Triples go to `graph` (None: the default graph); quad
        formats keep their own graphs. InputError naming file, line and column on bad syntax.
        """
        for name, data, fmt in contents:
            _check_terms(data, fmt, name)
        if self._data is None or sum(len(data) for _, data, _ in contents) <= BULK_LOAD_ABOVE:
            if len(contents) == 1:
                name, data, fmt = contents[0]
                self.load(data, fmt, graph, base_iri=base_iri, source=name)
            else:
                self.load(combined_nquads(list(contents), graph, base_iri), "nq", None)
            return
        root = Path(self.location)
        _remove_data(root, keep=self._data)  # generations left by a load that was killed
        numbers = [int(found.group(1)) for entry in root.iterdir() if (found := _GENERATION.fullmatch(entry.name))]
        generation = root / f".data-{max(numbers, default=0) + 1}"
        self._ox.flush()
        self._ox.backup(str(generation))
        try:
            self._bulk_load(generation, contents, graph, base_iri)
            _fsync_tree(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        pointer = root / (CURRENT_DATA_FILE + ".new")
        pointer.write_text(generation.name + "\n", encoding="utf-8")
        _fsync(pointer)
        os.replace(pointer, root / CURRENT_DATA_FILE)  # the commit point
        _fsync(root)
        self._store = None  # close the old generation before its files are removed
        self._data = generation
        self._store = ox.Store(str(generation))
        _remove_data(root, keep=generation)

    @staticmethod
    def _bulk_load(directory: Path, contents: Sequence[tuple[str, bytes, str]], graph: str | None,
                   base_iri: str | None) -> None:
        """Bulk-load the files into the store in `directory` (not atomic: the caller discards it on error)."""
        target = named_node(graph) if graph else None
        store = ox.Store(str(directory))
        try:
            for name, data, fmt in contents:
                try:
                    store.bulk_load(data, format=OX_FORMATS[fmt], base_iri=base_iri, to_graph=target)
                except SyntaxError as error:
                    raise syntax_error(error, name) from None
                except ValueError as error:
                    raise InputError(str(error), file=name) from None
            store.flush()
        finally:
            del store

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
