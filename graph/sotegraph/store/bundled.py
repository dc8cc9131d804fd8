"""The content shipped with sotegraph, loaded into a new store so that `sotegraph serve` just works.

ontology/*.ttl → graph/ontology; data/reference/reference-{year}.ttl → graph/reference/{year};
data/curated/*.ttl → graph/curated.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from sotegraph.resources import resource_files
from sotegraph.store.formats import parse_quads, serialized
from sotegraph.store.interface import CURATED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Store

_REFERENCE_NAME = re.compile(r"reference-(\d{4})\.ttl$")


def bundled_sources() -> list[tuple[str, str, bytes]]:
    """(named graph, file name, Turtle bytes) for every shipped file that goes into a new store."""
    sources = [(ONTOLOGY_GRAPH, f"ontology/{item.name}", item.read_bytes())
               for item in resource_files("ontology", ".ttl")]
    for item in resource_files("data", ".ttl", "reference"):
        year = _REFERENCE_NAME.search(item.name)
        if year:
            sources.append((REFERENCE_GRAPH.format(year=year.group(1)), f"data/reference/{item.name}",
                            item.read_bytes()))
    sources += [(CURATED_GRAPH, f"data/curated/{item.name}", item.read_bytes())
                for item in resource_files("data", ".ttl", "curated")]
    return sources


@lru_cache(maxsize=1)
def bundled_quads() -> tuple[ox.Quad, ...]:
    """Every shipped triple placed in its named graph (parsed once per process)."""
    quads: list[ox.Quad] = []
    for graph, name, data in bundled_sources():
        graph_node = ox.NamedNode(graph)
        quads += [ox.Quad(quad.subject, quad.predicate, quad.object, graph_node)
                  for quad in parse_quads(data, "ttl", source=name)]
    return tuple(quads)


@lru_cache(maxsize=1)
def bundled_nquads() -> bytes:
    """The bundled content as one N-Quads document."""
    return serialized(bundled_quads(), ox.RdfFormat.N_QUADS)


def bundled_graphs() -> list[str]:
    """The named graphs the bundled content fills."""
    return sorted({graph for graph, _, _ in bundled_sources()})


def load_bundled(store: Store) -> None:
    """Add the bundled content to `store` in one atomic load."""
    store.load(bundled_nquads(), "nq", None)


def reload_bundled(store: Store) -> None:
    """Replace the bundled graphs with the shipped content in one atomic update; other graphs stay."""
    by_graph: dict[str, list[ox.Triple]] = {graph: [] for graph in bundled_graphs()}
    for quad in bundled_quads():
        assert isinstance(quad.graph_name, ox.NamedNode)  # `bundled_quads` puts every triple in a named graph
        by_graph[quad.graph_name.value].append(quad.triple)
    drops = "".join(f"DROP SILENT GRAPH <{graph}> ;\n" for graph in by_graph)
    inserts = "".join(
        f"GRAPH <{graph}> {{\n{serialized(triples, ox.RdfFormat.N_TRIPLES).decode()}}}\n"
        for graph, triples in by_graph.items())
    store.update(f"{drops}INSERT DATA {{\n{inserts}}}")
