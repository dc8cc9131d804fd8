"""The files shipped inside the package (ontology/, shapes/, queries/, data/), found from any directory."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph

_PACKAGES = {"ontology": "sotegraph.ontology", "shapes": "sotegraph.shapes",
             "queries": "sotegraph.queries", "data": "sotegraph.data"}


def resource_dir(kind: str) -> Traversable:
    """The shipped folder `kind` ("ontology", "shapes", "queries" or "data")."""
    return files(_PACKAGES[kind])


def resource_files(kind: str, suffix: str, subdir: str | None = None) -> list[Traversable]:
    """Shipped files of `kind` (optionally in `subdir`) whose names end in `suffix`, sorted by name."""
    folder = resource_dir(kind)
    if subdir:
        folder = folder / subdir
        if not folder.is_dir():
            return []
    return sorted((item for item in folder.iterdir() if item.is_file() and item.name.endswith(suffix)),
                  key=lambda item: item.name)


def read_resource(kind: str, name: str) -> bytes:
    """The bytes of shipped file `name` (a path relative to the `kind` folder)."""
    return (resource_dir(kind) / name).read_bytes()


@cache
def resource_graph(kind: str) -> Graph:
    """Every shipped Turtle file of `kind` ("ontology" or "shapes") in one graph, parsed once per process.

    The graph is shared: callers read it and copy it (`Graph() + graph`) before changing anything.
    """
    graph = Graph()
    for item in resource_files(kind, ".ttl"):
        graph.parse(data=item.read_bytes(), format="turtle")
    return graph


def package_shapes() -> Graph:
    """The shapes shipped with sotegraph (shapes/*.ttl)."""
    return resource_graph("shapes")


def package_ontology() -> Graph:
    """The ontology shipped with sotegraph (ontology/*.ttl): class hierarchy and property labels."""
    return resource_graph("ontology")
