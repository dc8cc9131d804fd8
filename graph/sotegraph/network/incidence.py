"""The collaboration network as arrays, for analysis at scale: incidence → sparse product → igraph.

`collaboration_graph` builds an `nx.Graph` whose every edge lists what the two actors share;
at 100 k actors that is 1.7 M edges, Python objects by the million and seconds of work.
An analysis needs only who is tied to whom and how strongly, so `collaboration_network` takes
the same active ties (`projections.active_ties`, the same filters), makes the actor × container
incidence matrix B (one entry per distinct actor–container pair), and projects it as the sparse
product W = B·Bᵀ: W[i, j] is the number of projects and groups actors i and j share — the
``weight`` of `collaboration_graph`. The upper triangle of W becomes an igraph graph directly,
and measures (`measures.igraph_measures`) and the summary run there in C.

Nodes are the actors sorted by IRI, the node order of `collaboration_graph`, so every measure —
the sampled ones included — gives the values `actor_measures` gives on that graph (tested).
Other projections go through NetworkX (`Network.from_graph`), with the same interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import igraph
import networkx as nx
import numpy as np
from scipy import sparse

from sotegraph.network.fetch import NetworkData
from sotegraph.network.measures import igraph_measures
from sotegraph.network.projections import Filters, active_ties, actor_attributes, network_data, projection
from sotegraph.store import Store

__all__ = ["Network", "collaboration_network", "network"]


class _ActorAttributes(Mapping[str, dict[str, Any]]):
    """`projections.actor_attributes` of the network's actors, made when asked for (a ranking shows a few)."""

    def __init__(self, data: NetworkData, actors: frozenset[str]) -> None:
        self._data, self._actors = data, actors

    def __getitem__(self, actor: str) -> dict[str, Any]:
        if actor not in self._actors:
            raise KeyError(actor)
        return actor_attributes(self._data, actor)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._actors))

    def __len__(self) -> int:
        return len(self._actors)


@dataclass
class Network:
    """A projection ready for analysis: node order, its igraph graph (edge ``weight``), node attributes."""

    nodes: list[str]
    graph: igraph.Graph
    #: node → its attributes (as the projection's nodes carry them), read on demand.
    attributes: Mapping[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, G: nx.Graph) -> Network:
        """The NetworkX graph `G` (a projection) copied to igraph in its own node order."""
        nodes = list(G)
        index = {node: position for position, node in enumerate(nodes)}
        edges = [(index[a], index[b]) for a, b in G.edges()]
        weights = [float(weight) for _, _, weight in G.edges(data="weight", default=1)]
        graph = igraph.Graph(n=len(nodes), edges=edges, edge_attrs={"weight": weights})
        return cls(nodes, graph, {node: dict(G.nodes[node]) for node in nodes})

    def number_of_nodes(self) -> int:
        """How many nodes (actors) the network has."""
        return len(self.nodes)

    def measures(self, names: Iterable[str] | None = None, *, seed: int = 42) -> dict[str, dict[str, float | None]]:
        """`measures.actor_measures` of this network: {node: {measure: value}}."""
        return igraph_measures(self.nodes, self.graph, names, seed=seed)

    def summary(self) -> dict[str, Any]:
        """`measures.graph_summary` of this network, computed in igraph (same keys, same values)."""
        n, m = self.graph.vcount(), self.graph.ecount()
        sizes = self.graph.connected_components().sizes() if n else []
        degrees = np.asarray(self.graph.degree()) if n else np.zeros(0)
        endpoints = [self.graph.es[edge].tuple for edge in self.graph.bridges()]
        return {
            "nodes": n,
            "edges": m,
            "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
            "components": len(sizes),
            "largest_component": max(sizes, default=0),
            "isolates": int((degrees == 0).sum()),
            "articulation_points": sorted(self.nodes[vertex] for vertex in self.graph.articulation_points()),
            "bridges": sorted(sorted((self.nodes[a], self.nodes[b])) for a, b in endpoints),
        }


def incidence(data: NetworkData, filters: Filters = Filters()) -> tuple[list[str], list[str], sparse.csr_matrix]:
    """Actors (sorted), containers (sorted) and the 0/1 actor × container matrix of the active ties."""
    ties = active_ties(data, filters)
    actors, actor_rows = np.unique(np.array([tie.actor for tie in ties], dtype=object).astype(str),
                                   return_inverse=True)
    containers, container_columns = np.unique(np.array([tie.container for tie in ties], dtype=object).astype(str),
                                              return_inverse=True)
    matrix = sparse.csr_matrix((np.ones(len(ties), dtype=np.int32), (actor_rows, container_columns)),
                               shape=(len(actors), len(containers)))
    matrix.data[:] = 1  # an actor tied to a container in several roles counts it once
    return actors.tolist(), containers.tolist(), matrix


def collaboration_network(source: Store | NetworkData, filters: Filters = Filters()) -> Network:
    """The collaboration projection (see `projections.collaboration_graph`) as a `Network`, via B·Bᵀ."""
    data = network_data(source, filters)
    actors, _, matrix = incidence(data, filters)
    shared = sparse.triu(matrix @ matrix.T, k=1, format="coo")
    # Pairs of plain ints: igraph reads a list of tuples far faster than a NumPy array or its .tolist().
    graph = igraph.Graph(n=len(actors), edges=list(zip(shared.row.tolist(), shared.col.tolist(), strict=True)))
    graph.es["weight"] = shared.data.astype(float)
    return Network(actors, graph, _ActorAttributes(data, frozenset(actors)))


def network(name: str, source: Store | NetworkData, filters: Filters = Filters()) -> Network:
    """The projection `name` ready for analysis: the collaboration projection by the sparse product,
    the others through their NetworkX graph."""
    if name == "collaboration":
        return collaboration_network(source, filters)
    return Network.from_graph(projection(name, source, filters))
