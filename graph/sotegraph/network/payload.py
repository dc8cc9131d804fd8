"""NetworkX graph + measures → the JSON that the explore page hands to vis-network.

The payload carries only what drawing needs, in compact records (`PAYLOAD_FORMAT`): a node is
`[id, label, value, legend index, kind?, community?]` with data IRIs sent relative to `ID_BASE`,
an edge is `[from index, to index, weight]`, numbers rounded to three significant digits. The
page turns them into vis-network's records (colour from the legend, shape from the kind, tooltip
from label and legend) and asks `/explore/edge.json` what two nodes share when an edge is
clicked: per-edge lists of shared projects made the payload 10–20 times larger
(benchmarks/bench_view.py). The physics options are pyvis's Barnes–Hut values written out as a
plain dict (pyvis itself pulls in IPython). The records are built here rather than with pyvis's
`Network.from_nx`: it checks every new edge against every edge already added (quadratic; 1.6 s for
2 000 nodes / 6 000 edges).

Large graphs are reduced on the server (`reduce_graph`): above `max_nodes` the top actors by the
chosen measure are kept and every community's remaining members become one community node, which
the page can expand. Labels stay plain data: the page inserts them as text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from sotegraph.vocab import ID_BASE

#: Above this many nodes the server sends a reduced graph.
MAX_NODES = 2000
COMMUNITY_PREFIX = "community:"
#: How the page reads `nodes` and `edges` (positions in each record; trailing items only when needed).
PAYLOAD_FORMAT = {"node": ["id", "label", "value", "legend", "kind", "community"], "edge": ["from", "to", "weight"]}
#: Okabe–Ito and Tableau hues darkened where needed to keep 3:1 contrast against white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7F6000", "#56B4E9", "#8C564B",
           "#E69F00", "#4E79A7", "#B07AA1", "#59A14F", "#E15759", "#76B7B2", "#9C755F")
OTHER_COLOUR = "#777777"
COMMUNITY_COLOUR = "#444444"
SHAPES = {"project": "square", "group": "triangle", "community": "hexagon"}

CommunityLabel = Callable[[int, int], str]


def _default_community_label(index: int, size: int) -> str:
    return f"Community {index + 1} ({size} actors)"


@dataclass(frozen=True)
class Reduction:
    """What `reduce_graph` did: how many nodes the full graph had and what is drawn instead."""

    total_nodes: int
    total_edges: int
    kept_nodes: int
    collapsed_communities: int
    collapsed_nodes: int
    expanded: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"total_nodes": self.total_nodes, "total_edges": self.total_edges,
                "kept_nodes": self.kept_nodes, "collapsed_communities": self.collapsed_communities,
                "collapsed_nodes": self.collapsed_nodes, "expanded": list(self.expanded)}


def community_index(communities: Sequence[Collection[str]]) -> dict[str, int]:
    """Node → index of its community (communities as given, largest usually first)."""
    return {node: index for index, members in enumerate(communities) for node in members}


def reduce_graph(G: nx.Graph, scores: Mapping[str, float], communities: Sequence[Collection[str]],
                 *, max_nodes: int = MAX_NODES, expand: Collection[int] = (),
                 community_label: CommunityLabel = _default_community_label) -> tuple[nx.Graph, Reduction | None]:
    """Keep the top nodes by `scores`, collapse the rest of each community into one node.

    Members of the communities listed in `expand` are kept whole. Edges between a kept node and a
    collapsed community, or between two collapsed communities, are merged: weights summed.
    Returns the graph unchanged (and None) when it is
    small enough.
    """
    if G.number_of_nodes() <= max_nodes:
        return G, None
    membership = community_index(communities)
    expanded = {index for index in expand if 0 <= index < len(communities)}
    budget = max(max_nodes - len(communities), max_nodes // 2)
    ranked = sorted(G.nodes, key=lambda node: (-float(scores.get(node, 0.0)), node))
    kept = set(ranked[:budget])
    kept.update(node for node in G.nodes if membership.get(node) in expanded)

    def place(node: str) -> str:
        if node in kept or node not in membership:
            return node
        return f"{COMMUNITY_PREFIX}{membership[node]}"

    reduced: nx.Graph = nx.Graph()
    for node in kept:
        reduced.add_node(node, **G.nodes[node])
    collapsed_sizes: dict[int, int] = {}
    for node in G.nodes:
        if node not in kept and node in membership:
            collapsed_sizes[membership[node]] = collapsed_sizes.get(membership[node], 0) + 1
        elif node not in kept:
            reduced.add_node(node, **G.nodes[node])
    for index, size in collapsed_sizes.items():
        reduced.add_node(f"{COMMUNITY_PREFIX}{index}", label=community_label(index, size),
                         kind="community", community=index, members=size)
    merged: dict[tuple[str, str], float] = {}
    for a, b, data in G.edges(data=True):
        pa, pb = place(a), place(b)
        if pa == pb:
            continue
        if pa in kept and pb in kept:
            reduced.add_edge(pa, pb, **data)
            continue
        pair = (min(pa, pb), max(pa, pb))
        merged[pair] = merged.get(pair, 0.0) + float(data.get("weight", 1))
    for (pa, pb), weight in merged.items():
        reduced.add_edge(pa, pb, weight=weight)
    return reduced, Reduction(G.number_of_nodes(), G.number_of_edges(), len(kept), len(collapsed_sizes),
                              sum(collapsed_sizes.values()), tuple(sorted(expanded)))


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: Barnes–Hut physics (pyvis's `barnes_hut` values), tuned so large graphs settle quickly.

    Straight edges, fewer stabilisation iterations as the graph grows and a coarser Barnes–Hut
    approximation (theta 0.8) from 300 nodes. Measured in benchmarks/bench_view.py (headless
    Chromium, 2 cores): 1 000 nodes settle in about 7 s with straight edges, 48 s with pyvis's
    default curved ones; 150/60/30 iterations with theta 0.8 instead of 200/100/50 with 0.5 take
    the first draw from 1.8/2.5/6.5 s to 1.3/1.8/3.6 s at 100/1 000/5 000 (2 000 drawn) nodes;
    forceAtlas2Based at the same iterations was slower (1.4/1.9/4.3 s).
    """
    barnes_hut: dict[str, Any] = {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09,
                                  "gravitationalConstant": -8000 if node_count < 300 else -3000,
                                  "springConstant": 0.001, "springLength": 120}
    if node_count >= 300:
        barnes_hut["theta"] = 0.8
    iterations = 150 if node_count < 300 else 60 if node_count < 1000 else 30
    return {
        "configure": {"enabled": False},
        # Curved ("dynamic") edges add a physics support node per edge: six times slower to settle.
        "edges": {"smooth": False, "color": {"color": "#9aa4ad", "highlight": "#d55e00", "hover": "#0072b2",
                                             "inherit": False},
                  "scaling": {"min": 1, "max": 8}},
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": False},
                        "navigationButtons": False, "hideEdgesOnDrag": node_count >= 1000, "multiselect": False},
        "physics": {"barnesHut": barnes_hut, "enabled": True,
                    "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
                    "solver": "barnesHut", "minVelocity": 0.75},
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
                  "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "layout": {"improvedLayout": node_count <= 150, "randomSeed": 42},
    }


def _type_key(data: Mapping[str, Any]) -> str | None:
    """What a node is coloured by: its type, or its kind when it is not an actor (project, group)."""
    kind = data.get("kind")
    return data.get("type") or (str(kind) if kind not in (None, "actor") else None)


def _palette(keys: Sequence[Any]) -> dict[Any, str]:
    return {key: PALETTE[position % len(PALETTE)] for position, key in enumerate(keys)}


def _compact_id(node: str) -> str:
    """`node` without `ID_BASE` when what is left reads as a relative reference (RFC 3986 §4.2)."""
    if node.startswith(ID_BASE):
        rest = node[len(ID_BASE):]
        if rest and ":" not in rest.split("/", 1)[0]:
            return rest
    return node


def _round(value: float) -> float | int:
    """Three significant digits: all the drawing needs (exact values are in the node panel)."""
    rounded = float(f"{value:.3g}")
    return int(rounded) if rounded.is_integer() else rounded


def container_communities(G: nx.Graph, actor_communities: Sequence[Collection[str]]) -> list[set[str]]:
    """Actor communities extended to the projects and groups of a bipartite graph.

    A container joins the community most of its participants belong to (ties: the lower index),
    so colouring and reduction treat it like its partners.
    """
    extended = [set(members) for members in actor_communities]
    membership = community_index(actor_communities)
    for node, data in G.nodes(data=True):
        if node in membership or data.get("kind") in (None, "actor"):
            continue
        counts: dict[int, int] = {}
        for neighbour in G[node]:
            if neighbour in membership:
                counts[membership[neighbour]] = counts.get(membership[neighbour], 0) + 1
        if counts:
            extended[min(counts, key=lambda index: (-counts[index], index))].add(node)
    return extended


def build_payload(G: nx.Graph, scores: Mapping[str, float], *, size_by: str, color_by: str = "type",
                  communities: Sequence[Collection[str]] = (), max_nodes: int | None = None,
                  expand: Collection[int] = (),
                  community_label: CommunityLabel = _default_community_label,
                  kind_labels: Mapping[str, str] = {}, type_labels: Mapping[str, str] = {}) -> dict[str, Any]:
    """The explore page's data: compact nodes and edges, vis-network options, legend, the reduction done.

    Only what drawing needs is sent (PAYLOAD_FORMAT); what two nodes share is asked for on click.
    `scores` is the size measure per node; `communities` (when given) colours nodes with
    `color_by="community"` and groups nodes when the graph is reduced. Types are named by
    `type_labels` (type IRI → label in the reader's language), else by the graph's `type_label`;
    nodes that are not actors (projects and groups of the bipartite projection) are coloured by
    their `kind`, named by `kind_labels`.
    """
    drawn, reduction = reduce_graph(G, scores, communities, max_nodes=max_nodes or MAX_NODES, expand=expand,
                                    community_label=community_label)
    membership = community_index(communities)
    if color_by == "community":
        legend_keys: list[Any] = sorted({membership[node] for node in drawn if node in membership})
        legend = [{"key": str(index), "label": community_label(index, len(communities[index]))}
                  for index in legend_keys]
    else:
        names = {key: type_labels.get(key) or data.get("type_label") or kind_labels.get(key, key)
                 for _, data in drawn.nodes(data=True) if (key := _type_key(data))}
        legend_keys = sorted(names, key=lambda key: str(names[key]).casefold())
        legend = [{"key": str(key), "label": str(names[key])} for key in legend_keys]
    for entry, colour in zip(legend, _palette(legend_keys).values(), strict=True):
        entry["color"] = colour
    group = {key: position for position, key in enumerate(legend_keys)}
    nodes: list[list[Any]] = []
    position: dict[str, int] = {}
    for node, data in drawn.nodes(data=True):
        position[node] = len(nodes)
        kind = data.get("kind") or "actor"
        if kind == "community":
            nodes.append([node, data["label"], data["members"], -1, kind, data["community"]])
            continue
        colour_key: int | str | None = membership.get(node) if color_by == "community" else _type_key(data)
        record = [_compact_id(node), str(data.get("label") or node), _round(float(scores.get(node, 0.0))),
                  group.get(colour_key, -1)]
        nodes.append(record if kind == "actor" else [*record, kind])
    edges = [[position[a], position[b], _round(float(data.get("weight", 1)))] for a, b, data in drawn.edges(data=True)]
    return {"ok": True, "format": PAYLOAD_FORMAT, "id_base": ID_BASE, "nodes": nodes, "edges": edges,
            "legend": legend, "colors": {"other": OTHER_COLOUR, "community": COMMUNITY_COLOUR}, "shapes": SHAPES,
            "size_by": size_by, "color_by": color_by, "options": vis_options(len(nodes)),
            "reduced": reduction.as_dict() if reduction else None,
            "counts": {"nodes": len(nodes), "edges": len(edges)}}
