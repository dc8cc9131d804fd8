"""Measures of a collaboration network: per actor, per graph, and communities.

Pure functions over an undirected `nx.Graph` (no I/O); each returns plain dicts keyed by node.
Every per-actor measure has the signature ``measure(G, *, seed) -> {node: float | None}``
(None where the measure is undefined, e.g. constraint of an isolated actor) and is listed in
`MEASURES`. Weighted measures read the edge attribute ``weight`` (shared projects and groups);
path-based ones (betweenness, closeness) count hops, so a tie is a tie however many projects
it rests on.

Scale: above `SAMPLE_ABOVE` nodes, betweenness and closeness are estimated from
`SAMPLE_SOURCES` source nodes drawn with `seed` (Brandes & Pich 2007; Eppstein & Wang 2004);
below it they are exact. Triangles (clustering, effective size) and constraint are computed as
sparse matrix products in row blocks, so memory stays bounded on large graphs.
"""

from __future__ import annotations

import random
from typing import Callable, Iterable

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

from sotegraph.errors import InputError

#: Graphs with more nodes than this get sampled betweenness and closeness.
SAMPLE_ABOVE = 2000
#: Number of sampled source nodes (fixed seed) for betweenness and closeness above SAMPLE_ABOVE.
SAMPLE_SOURCES = 200
_ROW_BLOCK = 1024

Values = dict[str, float | None]


def _adjacency(G: nx.Graph, weight: str | None) -> tuple[list[str], sp.csr_array]:
    nodes = list(G)
    return nodes, nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr", dtype=float)


def _masked_square_rows(left: sp.csr_array, right: sp.csr_array, mask: sp.csr_array) -> np.ndarray:
    """(left @ right) at the non-zeros of `mask` (sorted CSR), as a vector aligned with `mask.data`.

    Computed in blocks of rows so the full product is never held in memory.
    """
    values = np.zeros(mask.nnz)
    width = mask.shape[1]
    for start in range(0, mask.shape[0], _ROW_BLOCK):
        stop = min(start + _ROW_BLOCK, mask.shape[0])
        block_mask = mask[start:stop]
        picked = sp.coo_array(sp.csr_array(left[start:stop] @ right).multiply(block_mask != 0))
        mask_rows = np.repeat(np.arange(stop - start), np.diff(block_mask.indptr))
        mask_keys = mask_rows * width + block_mask.indices
        positions = np.searchsorted(mask_keys, picked.row * width + picked.col)
        values[mask.indptr[start] + positions] = picked.data
    return values


def _row_sums(pattern: sp.csr_array, values: np.ndarray) -> np.ndarray:
    """Sum of `values` (aligned with `pattern.data`) over each row of `pattern`."""
    rows = np.repeat(np.arange(pattern.shape[0]), np.diff(pattern.indptr))
    return np.bincount(rows, weights=values, minlength=pattern.shape[0])


def _triangles(G: nx.Graph) -> dict[str, int]:
    """Number of triangles through each node (edges among its neighbours)."""
    nodes, adjacency = _adjacency(G, None)
    adjacency.sort_indices()
    paths = _masked_square_rows(adjacency, adjacency, adjacency)
    per_row = _row_sums(adjacency, paths)
    return {node: int(round(count / 2)) for node, count in zip(nodes, per_row)}


def degree(G: nx.Graph, *, seed: int = 42) -> Values:
    """Number of partners (distinct actors sharing a project or group)."""
    return {node: float(value) for node, value in G.degree()}


def weighted_degree(G: nx.Graph, *, seed: int = 42) -> Values:
    """Sum of tie weights: shared projects and groups counted over all partners."""
    return {node: float(value) for node, value in G.degree(weight="weight")}


def betweenness(G: nx.Graph, *, seed: int = 42) -> Values:
    """Normalised shortest-path betweenness (hops); sampled from SAMPLE_SOURCES sources above SAMPLE_ABOVE nodes.

    References: Brandes, U. (2001) A faster algorithm for betweenness centrality; Brandes, U. &
    Pich, C. (2007) Centrality estimation in large networks.
    """
    k = SAMPLE_SOURCES if len(G) > SAMPLE_ABOVE else None
    return nx.betweenness_centrality(G, k=k, normalized=True, seed=seed)


def closeness(G: nx.Graph, *, seed: int = 42) -> Values:
    """Closeness (hops) with the Wasserman–Faust scaling for disconnected graphs, as NetworkX defines it.

    Exact up to SAMPLE_ABOVE nodes per component; in larger components the sum of distances is
    estimated from SAMPLE_SOURCES sampled sources (Eppstein, D. & Wang, J. (2004) Fast
    approximation of centrality, JGAA 8(1)).
    """
    n = len(G)
    result: Values = {}
    rng = random.Random(seed)
    for component in sorted(nx.connected_components(G), key=lambda c: sorted(c)[0]):
        members = sorted(component)
        size = len(members)
        if size == 1:
            result[members[0]] = 0.0
            continue
        sub_nodes, adjacency = _adjacency(G.subgraph(members), None)
        sources = list(range(size)) if size <= SAMPLE_ABOVE else sorted(rng.sample(range(size), SAMPLE_SOURCES))
        totals = np.zeros(size)
        for start in range(0, len(sources), 64):
            distances = shortest_path(adjacency, unweighted=True, directed=False, indices=sources[start:start + 64])
            totals += distances.sum(axis=0)
        totals *= size / len(sources)
        for node, total in zip(sub_nodes, totals):
            result[node] = ((size - 1) / total) * ((size - 1) / (n - 1)) if total > 0 else 0.0
    return result


def pagerank(G: nx.Graph, *, seed: int = 42) -> Values:
    """PageRank over tie weights, damping 0.85 (Brin & Page 1998)."""
    return nx.pagerank(G, weight="weight")


def clustering(G: nx.Graph, *, seed: int = 42) -> Values:
    """Local clustering coefficient (unweighted): closed share of the pairs of an actor's partners."""
    triangles = _triangles(G)
    return {node: (2 * triangles[node] / (d * (d - 1)) if d > 1 else 0.0) for node, d in G.degree()}


def core_number(G: nx.Graph, *, seed: int = 42) -> Values:
    """k-core number: the largest k such that the actor is in a subgraph where all have ≥ k partners (Batagelj & Zaversnik 2003)."""
    return {node: float(value) for node, value in nx.core_number(G).items()}


def constraint(G: nx.Graph, *, seed: int = 42) -> Values:
    """Burt's constraint over tie weights: high when an actor's partners are tied to each other; None when isolated.

    c(i) = Σ_{j ∈ N(i)} (p_ij + Σ_q p_iq p_qj)², p_ij = w_ij / Σ_k w_ik (Burt, R. S. (1992)
    Structural Holes; (2004) Structural holes and good ideas, AJS 110), as `nx.constraint`.
    """
    nodes, weights = _adjacency(G, "weight")
    weights.sort_indices()
    strength = np.asarray(weights.sum(axis=1)).ravel()
    inverse = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0)
    proportions = sp.csr_array(sp.diags_array(inverse) @ weights)
    proportions.sort_indices()
    indirect = _masked_square_rows(proportions, proportions, proportions)
    local = (proportions.data + indirect) ** 2
    totals = _row_sums(proportions, local)
    return {node: (float(total) if G.degree(node) else None) for node, total in zip(nodes, totals)}


def effective_size(G: nx.Graph, *, seed: int = 42) -> Values:
    """Burt's effective size (non-redundant partners), Borgatti's unweighted form n − 2t/n; None when isolated.

    Borgatti, S. (1997) Structural holes: unpacking Burt's redundancy measures, Connections 20(1).
    """
    triangles = _triangles(G)
    return {node: (d - 2 * triangles[node] / d if d else None) for node, d in G.degree()}


MEASURES: dict[str, Callable[..., Values]] = {
    "degree": degree, "weighted_degree": weighted_degree, "betweenness": betweenness,
    "pagerank": pagerank, "closeness": closeness, "clustering": clustering,
    "core_number": core_number, "constraint": constraint, "effective_size": effective_size,
}


def check_measure_names(names: Iterable[str]) -> list[str]:
    """The names as a list; InputError naming the known measures if one is unknown."""
    names = list(names)
    unknown = [name for name in names if name not in MEASURES]
    if unknown:
        raise InputError(f"unknown measure: {', '.join(unknown)} (known: {', '.join(MEASURES)})", field="measure")
    return names


def actor_measures(G: nx.Graph, names: Iterable[str] | None = None, *, seed: int = 42) -> dict[str, dict[str, float | None]]:
    """Per-actor measures: {node: {measure name: value}} for `names` (default: all of MEASURES).

    Parameters
    ----------
    G : undirected collaboration graph (edge attribute ``weight``).
    names : measures to compute, keys of MEASURES; InputError for an unknown name.
    seed : seed of every sampled estimate, so results are reproducible.
    """
    chosen = check_measure_names(MEASURES if names is None else names)
    columns = {name: MEASURES[name](G, seed=seed) for name in chosen} if len(G) else {}
    return {node: {name: columns[name][node] for name in chosen} for node in G}


def communities(G: nx.Graph, *, seed: int = 42) -> tuple[list[set[str]], float]:
    """Louvain communities over tie weights with a fixed seed, largest first, and their modularity.

    Blondel, V. D. et al. (2008) Fast unfolding of communities in large networks, J. Stat. Mech.
    """
    if G.number_of_edges() == 0:
        return [{node} for node in sorted(G)], 0.0
    found = nx.community.louvain_communities(G, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda members: (-len(members), sorted(members)[0]))
    return ordered, nx.community.modularity(G, ordered, weight="weight")


def graph_summary(G: nx.Graph) -> dict:
    """Size, density, components, articulation points and bridges (Hopcroft & Tarjan 1973).

    Returns
    -------
    {"nodes", "edges", "density", "components", "largest_component", "isolates",
     "articulation_points": sorted list, "bridges": sorted list of [a, b] with a < b}
    """
    components = [len(c) for c in nx.connected_components(G)]
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "density": nx.density(G) if len(G) > 1 else 0.0,
        "components": len(components),
        "largest_component": max(components, default=0),
        "isolates": nx.number_of_isolates(G),
        "articulation_points": sorted(nx.articulation_points(G)),
        "bridges": sorted(sorted(edge) for edge in nx.bridges(G)),
    }
