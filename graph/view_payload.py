"""NetworkX graph + measures → the JSON that the explore page hands to vis-network.

Node and edge records have the shape pyvis produces (`id`, `label`, `title`, `value`, `color`,
`shape`; edges `from`, `to`, `value`, `title`) and the physics options come from pyvis's own
`Options` object, so the page draws what pyvis would draw. The records are built here rather than
with `Network.from_nx`: pyvis checks every new edge against every edge already added (quadratic;
1.6 s for 2 000 nodes / 6 000 edges, far more for a dense collaboration graph).

Large graphs are reduced on the server (`reduce_graph`): above `max_nodes` the top actors by the
chosen measure are kept and every community's remaining members become one community node, which
the page can expand. Labels stay plain data: the page inserts them as text, never as HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Mapping, Sequence

import networkx as nx
from pyvis.network import Network

#: Above this many nodes the server sends a reduced graph.
MAX_NODES = 2000
COMMUNITY_PREFIX = "community:"
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


@dataclass
class _Aggregate:
    weight: float = 0.0
    links: int = 0
    shared: list[dict[str, Any]] = field(default_factory=list)


def community_index(communities: Sequence[Collection[str]]) -> dict[str, int]:
    """Node → index of its community (communities as given, largest usually first)."""
    return {node: index for index, members in enumerate(communities) for node in members}


def reduce_graph(G: nx.Graph, scores: Mapping[str, float], communities: Sequence[Collection[str]],
                 *, max_nodes: int = MAX_NODES, expand: Collection[int] = (),
                 community_label: CommunityLabel = _default_community_label) -> tuple[nx.Graph, Reduction | None]:
    """Keep the top nodes by `scores`, collapse the rest of each community into one node.

    Members of the communities listed in `expand` are kept whole. Edges between a kept node and a
    collapsed community, or between two collapsed communities, are merged: weights summed, the
    number of merged links kept as `links`. Returns the graph unchanged (and None) when it is
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

    reduced = nx.Graph()
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
    merged: dict[tuple[str, str], _Aggregate] = {}
    for a, b, data in G.edges(data=True):
        pa, pb = place(a), place(b)
        if pa == pb:
            continue
        if pa in kept and pb in kept:
            reduced.add_edge(pa, pb, **data)
            continue
        aggregate = merged.setdefault((min(pa, pb), max(pa, pb)), _Aggregate())
        aggregate.weight += float(data.get("weight", 1))
        aggregate.links += 1
    for (pa, pb), aggregate in merged.items():
        reduced.add_edge(pa, pb, weight=aggregate.weight, links=aggregate.links, shared=[])
    return reduced, Reduction(G.number_of_nodes(), G.number_of_edges(), len(kept), len(collapsed_sizes),
                              sum(collapsed_sizes.values()), tuple(sorted(expanded)))


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: pyvis's Barnes–Hut physics, tuned so large graphs settle quickly.

    Straight edges and fewer stabilisation iterations as the graph grows (measured in
    benchmarks/bench_view.py: 1 000 nodes settle in about 7 s in headless Chromium with straight
    edges, 48 s with pyvis's default curved ones).
    """
    net = Network()
    net.barnes_hut(gravity=-8000 if node_count < 300 else -3000, spring_length=120, overlap=0)
    options = json.loads(net.options.to_json())
    iterations = 200 if node_count < 300 else 100 if node_count < 1000 else 50
    options["physics"]["stabilization"] = {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True}
    options["physics"].update(solver="barnesHut", minVelocity=0.75)
    # Curved ("dynamic") edges add a physics support node per edge: six times slower to settle.
    options["edges"] = {"smooth": False, "color": {"color": "#9aa4ad", "highlight": "#d55e00",
                                                             "hover": "#0072b2", "inherit": False},
                        "scaling": {"min": 1, "max": 8}}
    options["nodes"] = {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
                        "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "borderWidth": 1}
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": False},
                              "navigationButtons": False, "hideEdgesOnDrag": node_count >= 1000,
                              "multiselect": False}
    options["layout"] = {"improvedLayout": node_count <= 150, "randomSeed": 42}
    return options


def _type_key(data: Mapping[str, Any]) -> str | None:
    """What a node is coloured by: its type, or its kind when it is not an actor (project, group)."""
    kind = data.get("kind")
    return data.get("type") or (str(kind) if kind not in (None, "actor") else None)


def _palette(keys: Sequence[Any]) -> dict[Any, str]:
    return {key: PALETTE[position % len(PALETTE)] for position, key in enumerate(keys)}


def _shared_title(shared: Sequence[Mapping[str, Any]], weight: float) -> str:
    names = ", ".join(str(item.get("label", "")) for item in shared[:5])
    more = f" … (+{len(shared) - 5})" if len(shared) > 5 else ""
    return f"{weight:g}: {names}{more}" if names else f"{weight:g}"


def build_payload(G: nx.Graph, scores: Mapping[str, float], *, size_by: str, color_by: str = "type",
                  communities: Sequence[Collection[str]] = (), max_nodes: int | None = None,
                  expand: Collection[int] = (),
                  community_label: CommunityLabel = _default_community_label,
                  kind_labels: Mapping[str, str] = {}) -> dict[str, Any]:
    """The explore page's data: vis-network nodes, edges, options, legend and the reduction done.

    `scores` is the size measure per node; `communities` (when given) colours nodes with
    `color_by="community"` and groups nodes when the graph is reduced. Nodes that are not actors
    (projects and groups of the bipartite projection) are coloured by their `kind`, named in the
    legend by `kind_labels`.
    """
    drawn, reduction = reduce_graph(G, scores, communities, max_nodes=max_nodes or MAX_NODES, expand=expand,
                                    community_label=community_label)
    membership = community_index(communities)
    if color_by == "community":
        legend_keys: list[Any] = sorted({membership[node] for node in drawn if node in membership})
        colours = _palette(legend_keys)
        legend = [{"key": str(index), "label": community_label(index, len(communities[index])),
                   "color": colours[index]} for index in legend_keys]
    else:
        type_labels = {_type_key(data): data.get("type_label") or kind_labels.get(str(data.get("kind")), _type_key(data))
                       for _, data in drawn.nodes(data=True) if _type_key(data)}
        legend_keys = sorted(type_labels, key=lambda key: str(type_labels[key]).casefold())
        colours = _palette(legend_keys)
        legend = [{"key": str(key), "label": str(type_labels[key]), "color": colours[key]} for key in legend_keys]
    nodes = []
    for node, data in drawn.nodes(data=True):
        if data.get("kind") == "community":
            nodes.append({"id": node, "label": data["label"], "title": data["label"], "kind": "community",
                          "community": data["community"], "members": data["members"],
                          "value": float(data["members"]), "shape": SHAPES["community"], "color": COMMUNITY_COLOUR})
            continue
        key = membership.get(node) if color_by == "community" else _type_key(data)
        label = str(data.get("label") or node)
        type_label = str(data.get("type_label") or "")
        nodes.append({
            "id": node, "label": label, "title": f"{label} — {type_label}" if type_label else label,
            "kind": str(data.get("kind") or "actor"), "type": str(data.get("type") or ""),
            "type_label": type_label, "region": str(data.get("region") or ""),
            "region_label": str(data.get("region_label") or ""), "community": membership.get(node),
            "value": float(scores.get(node, 0.0)), "shape": "square" if data.get("kind") == "project" else "dot",
            "color": colours.get(key, OTHER_COLOUR),
        })
    edges = []
    for a, b, data in drawn.edges(data=True):
        weight = float(data.get("weight", 1))
        shared = [dict(item) for item in data.get("shared", [])]
        edges.append({"id": f"{a}|{b}", "from": a, "to": b, "value": weight, "weight": weight,
                      "title": _shared_title(shared, weight), "shared": shared,
                      "links": int(data.get("links", 0))})
    return {"ok": True, "nodes": nodes, "edges": edges, "legend": legend, "size_by": size_by,
            "color_by": color_by, "options": vis_options(len(nodes)),
            "reduced": reduction.as_dict() if reduction else None,
            "counts": {"nodes": len(nodes), "edges": len(edges)}}
