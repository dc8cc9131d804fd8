"""Writing a projection to files Gephi and Cytoscape open: GraphML, GEXF and an edge-list CSV.

GraphML and GEXF hold only scalar attributes, so `file_ready` copies the graph with ``None``
values left out and lists (``shared``) flattened to one readable string; measures and the
Louvain community become node attributes. The CSV is the edge list (endpoints with labels and
types, weight, what they share); per-actor tables come from `sotegraph analyze --format csv`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

import networkx as nx

from sotegraph.errors import InputError
from sotegraph.network.measures import actor_measures, communities

EXPORT_FORMATS = ("graphml", "gexf", "csv")
#: Measures written into exported files unless others are asked for (cheap even on large graphs).
DEFAULT_EXPORT_MEASURES = ("degree", "weighted_degree", "pagerank", "core_number")


def _flat(value: object) -> object:
    if isinstance(value, list):
        return "; ".join(_flat_item(item) for item in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _flat_item(item: object) -> str:
    if isinstance(item, dict):
        roles = " / ".join(str(item[key]) for key in ("role_a", "role_b") if item.get(key))
        text = f"{item.get('label')} ({item.get('kind')})"
        return f"{text} [{roles}]" if roles else text
    return str(item)


def file_ready(G: nx.Graph, measures: Iterable[str] = DEFAULT_EXPORT_MEASURES, *, seed: int = 42) -> nx.Graph:
    """A copy of `G` with scalar attributes only, plus per-node measures and ``community`` (Louvain).

    Measures and communities are computed on `G` as given (all its nodes, e.g. both sides of a
    bipartite graph); undefined values (None) are left out of the node's attributes.
    """
    out: nx.Graph = nx.Graph()
    values = actor_measures(G, list(measures), seed=seed)
    membership = {node: index for index, members in enumerate(communities(G, seed=seed)[0]) for node in members}
    for node, attrs in G.nodes(data=True):
        scalar = {key: _flat(value) for key, value in attrs.items() if value is not None}
        scalar.update({name: value for name, value in values[node].items() if value is not None})
        out.add_node(node, **scalar, community=membership[node])
    for a, b, attrs in G.edges(data=True):
        out.add_edge(a, b, **{key: _flat(value) for key, value in attrs.items() if value is not None})
    return out


def write_csv(G: nx.Graph, out: BinaryIO) -> None:
    """The edge list as UTF-8 CSV: endpoints (IRI, label, type), weight and what they share."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["source", "source_label", "source_type", "target", "target_label", "target_type",
                     "weight", "shared"])
    for a, b, attrs in sorted(G.edges(data=True), key=lambda edge: sorted(edge[:2])):
        a, b = sorted((a, b))
        writer.writerow([a, G.nodes[a].get("label", ""), G.nodes[a].get("type_label") or "",
                         b, G.nodes[b].get("label", ""), G.nodes[b].get("type_label") or "",
                         attrs.get("weight", 1), _flat(attrs.get("shared", attrs.get("role") or ""))])
    out.write(text.getvalue().encode("utf-8"))


def write_graph(G: nx.Graph, out: BinaryIO, fmt: str, measures: Iterable[str] = DEFAULT_EXPORT_MEASURES,
                *, seed: int = 42) -> None:
    """Write `G` to `out` as `fmt` (graphml, gexf or csv)."""
    if fmt == "csv":
        write_csv(G, out)
    elif fmt == "graphml":
        nx.write_graphml(file_ready(G, measures, seed=seed), out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(file_ready(G, measures, seed=seed), out, encoding="utf-8")
    else:
        raise InputError(f"unknown network format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})", field="format")
