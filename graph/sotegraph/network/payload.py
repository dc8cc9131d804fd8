"""NetworkX graph + measures → the JSON that the explore page hands to vis-network.

The payload carries only what drawing needs, in compact records (`PAYLOAD_FORMAT`): a node is
`[id, label, value, legend index, x, y, kind?, community?]` with data IRIs sent relative to
`ID_BASE` and positions computed on the server (`sotegraph.network.layout`), an edge is
`[from index, to index, weight]`, numbers rounded to three significant digits. The page draws
at once with physics off ("relax" turns it on by request) and asks `/explore/edge.json` what two
nodes share when an edge is clicked: per-edge lists of shared projects made the payload 10–20
times larger (benchmarks/bench_view.py).

Renderer: vis-network with physics off, chosen by measurement against sigma.js 4 (WebGL) in
headless Chromium on 2 cores (benchmarks/bench_view.py, same positioned graphs, two runs): first
frame 1.4–1.7 s vs 2.6–3.1 s at 1 000 nodes / 10 k edges and 2.7–3.1 s vs 8.4–11 s at 5 000 / 50 k;
dragging the view 23 vs 2.7 and 4.5 vs 0.5 frames per second (WebGL runs in software there; on a
GPU sigma.js may well win, but that is not what this machine can measure). With the overview the
page never draws more than 1 000 nodes at once, which vis-network pans at about 50 fps (edges
hidden while dragging).

Colours are fixed per type IRI (`TYPE_COLOURS`), never by position in a legend, so the same data
has the same colours in every language and under every filter.

Big graphs open on an overview (`overview`): above `OVERVIEW_ABOVE` nodes every community is one
node (sized by its members, named by its most central actors) and the ties between communities
are summed; the communities named in `expand` are drawn whole. Nothing is dropped: the payload's
`reduced` record says how many actors the graph has and how many are shown individually or
inside communities. Labels stay plain data: the page inserts them as text, never as HTML.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from sotegraph.network import layout
from sotegraph.vocab import ID_BASE, SOTE

#: Above this many nodes the page opens on the communities overview. At 1 000 drawn nodes
#: vis-network (physics off) pans at about 50 frames per second (edges hidden while dragging); at 5 000 at 4.5.
OVERVIEW_ABOVE = 1000
#: Up to this many nodes the drawing uses larger nodes (the whole canvas is theirs).
SMALL_GRAPH = 100
COMMUNITY_PREFIX = "community:"
#: How many of a community's most central actors name it.
LEADERS = 3
#: How the page reads `nodes` and `edges` (positions in each record; trailing items only when needed).
PAYLOAD_FORMAT = {"node": ["id", "label", "value", "legend", "x", "y", "kind", "community"],
                  "edge": ["from", "to", "weight"]}
#: A colour per actor type, chosen from Okabe–Ito and Paul Tol's colour-blind-safe sets; subtypes that
#: rarely meet in one view may share one. Keyed by the type's local name in the sotegraph ontology.
TYPE_COLOURS = {
    "Municipality": "#0072B2", "Person": "#E69F00", "Region": "#009E73", "WellbeingServicesCounty": "#D55E00",
    "CompetenceCentre": "#CC79A7", "Company": "#56B4E9", "GovernmentAgency": "#882255", "Ministry": "#AA4499",
    "JointMunicipalAuthority": "#332288", "SubRegion": "#44AA99", "RegionalCouncil": "#117733",
    "Authority": "#999933", "UniversityOfAppliedSciences": "#DDCC77", "NonGovernmentalOrganisation": "#CC6677",
    "HospitalDistrict": "#88CCEE", "University": "#661100", "OrganisationalUnit": "#6699CC",
    "EducationalInstitution": "#996633", "Parish": "#BB5566", "InternationalOrganisation": "#225555",
    "Organisation": "#888888", "Group": "#666666", "Network": "#000000", "Forum": "#444444",
    "WorkingGroup": "#555555", "SteeringGroup": "#333333", "Area": "#2A7F62", "Actor": "#777777",
}
#: Colours of what is not an actor type: projects and groups of the bipartite view, communities.
KIND_COLOURS = {"project": "#8C6D1F", "group": "#5D5D5D"}
#: Colours for types outside the ontology (picked by a checksum of the IRI) and for communities (by number).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7F6000", "#56B4E9", "#882255",
           "#E69F00", "#332288", "#117733", "#AA4499", "#44AA99", "#999933", "#CC6677")
OTHER_COLOUR = "#777777"
COMMUNITY_COLOUR = "#4D4D4D"
EDGE_COLOUR = "#7d8791"
SHAPES = {"project": "square", "group": "triangle", "community": "hexagon"}

#: (community number, members, labels of its most central actors) → its name on the canvas.
CommunityLabel = Callable[[int, int, Sequence[str]], str]
#: Node IRIs → their labels in the reader's language (IRIs without one may be left out).
NodeLabels = Callable[[Collection[str]], Mapping[str, str]]


def _default_community_label(index: int, size: int, leaders: Sequence[str]) -> str:
    return f"{', '.join(leaders)} … ({size})" if leaders else f"Community {index + 1} ({size})"


def type_colour(key: str) -> str:
    """The fixed colour of a type IRI or node kind: the same in every language and every filter."""
    if key in KIND_COLOURS:
        return KIND_COLOURS[key]
    if key.startswith(str(SOTE)) and key[len(str(SOTE)):] in TYPE_COLOURS:
        return TYPE_COLOURS[key[len(str(SOTE)):]]
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


def community_colour(index: int) -> str:
    """The colour of community number `index` when colouring by community."""
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Reduction:
    """What `overview` did: how big the full graph is and what stands for it in the drawing."""

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


def leaders(members: Collection[str], scores: Mapping[str, float], count: int = LEADERS) -> list[str]:
    """The `count` most central members by `scores` (ties: by IRI), most central first."""
    return sorted(members, key=lambda node: (-float(scores.get(node, 0.0)), node))[:count]


def _most_common_type(G: nx.Graph, members: Collection[str]) -> dict[str, Any]:
    """``type`` and ``type_label`` of the type most members have (ties: the IRI sorting first), or nothing."""
    counts: dict[str, int] = {}
    label: dict[str, Any] = {}
    for node in members:
        data = G.nodes[node]
        if key := _type_key(data):
            counts[key] = counts.get(key, 0) + 1
            label.setdefault(key, data.get("type_label"))
    if not counts:
        return {}
    key = min(counts, key=lambda candidate: (-counts[candidate], candidate))
    return {"type": key, "type_label": label[key]}


def overview(G: nx.Graph, scores: Mapping[str, float], communities: Sequence[Collection[str]],
             *, max_nodes: int = OVERVIEW_ABOVE, expand: Collection[int] = (),
             community_label: CommunityLabel = _default_community_label,
             labels: Mapping[str, str] = {}) -> tuple[nx.Graph, Reduction | None]:
    """Above `max_nodes` nodes: each community not in `expand` becomes one node, ties between them summed.

    A community node carries ``members`` (its size), ``community`` (its number), ``leaders``
    (its most central members), ``label`` (from `community_label`, with the leaders named by
    `labels` or the graph's own labels) and the ``type`` most of its members have (its colour).
    Nodes outside every community are kept as they are. Returns the graph unchanged (and None) when it is small enough.
    """
    if G.number_of_nodes() <= max_nodes:
        return G, None
    membership = community_index(communities)
    expanded = {index for index in expand if 0 <= index < len(communities)}
    reduced: nx.Graph = nx.Graph()
    sizes: dict[int, list[str]] = {}
    # where each node is drawn: itself, or the node of its collapsed community
    placed: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        index = membership.get(node)
        if index is None or index in expanded:
            reduced.add_node(node, **data)
            placed[node] = node
        else:
            sizes.setdefault(index, []).append(node)
            placed[node] = f"{COMMUNITY_PREFIX}{index}"
    for index, members in sorted(sizes.items()):
        top = leaders(members, scores)
        names = [labels.get(node) or str(G.nodes[node].get("label") or node) for node in top]
        reduced.add_node(f"{COMMUNITY_PREFIX}{index}", label=community_label(index, len(members), names),
                         kind="community", community=index, members=len(members), leaders=top,
                         **_most_common_type(G, members))
    merged: dict[tuple[str, str], float] = {}
    for a, b, data in G.edges(data=True):
        pa, pb = placed[a], placed[b]
        if pa is a and pb is b:
            reduced.add_edge(a, b, **data)
        elif pa != pb:
            pair = (pa, pb) if pa < pb else (pb, pa)
            merged[pair] = merged.get(pair, 0.0) + float(data.get("weight", 1))
    reduced.add_edges_from((pa, pb, {"weight": weight}) for (pa, pb), weight in merged.items())
    collapsed = sum(len(members) for members in sizes.values())
    return reduced, Reduction(G.number_of_nodes(), G.number_of_edges(), G.number_of_nodes() - collapsed,
                              len(sizes), collapsed, tuple(sorted(expanded)))


def relax_physics(node_count: int) -> dict[str, Any]:
    """vis-network physics for "relax": Barnes–Hut from the server's positions, no stabilisation pass."""
    barnes_hut: dict[str, Any] = {"avoidOverlap": 0, "centralGravity": 0.3, "damping": 0.09,
                                  "gravitationalConstant": -8000 if node_count < 300 else -3000,
                                  "springConstant": 0.001, "springLength": 120}
    if node_count >= 300:
        barnes_hut["theta"] = 0.8
    return {"enabled": True, "solver": "barnesHut", "barnesHut": barnes_hut, "stabilization": {"enabled": False},
            "minVelocity": 0.75}


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: positions from the server, physics off, labels drawn by the page.

    vis-network draws every label at the zoom's scale (5 px at 55 nodes); the page draws them
    itself at a fixed screen size, by importance and without overlap, so nodes carry no `label`.
    Edges hide while dragging and zooming from 1 000 nodes (panning 1 000 nodes by mouse: 51 fps).
    Up to `SMALL_GRAPH` nodes (an overview, an ego view) nodes are drawn larger.
    """
    large = node_count >= OVERVIEW_ABOVE
    small = node_count <= SMALL_GRAPH
    return {
        "autoResize": True,
        "configure": {"enabled": False},
        "edges": {"smooth": False, "color": {"color": EDGE_COLOUR, "highlight": "#d55e00", "hover": "#0072b2",
                                             "inherit": False},
                  "scaling": {"min": 1, "max": 6}, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": False},
                        "navigationButtons": False, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "physics": {"enabled": False},
        "nodes": {"shape": "dot", "scaling": {"min": 10 if small else 6, "max": 56 if small else 36,
                                              "label": {"enabled": False}},
                  "borderWidth": 1, "color": {"border": "#ffffff"}},
        "layout": {"improvedLayout": False, "randomSeed": 42},
    }


def _type_key(data: Mapping[str, Any]) -> str | None:
    """What a node is coloured by: its type, or its kind when it is not an actor (project, group)."""
    kind = data.get("kind")
    return data.get("type") or (str(kind) if kind not in (None, "actor", "community") else None)


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
                  kind_labels: Mapping[str, str] = {}, type_labels: Mapping[str, str] = {},
                  node_labels: NodeLabels | None = None,
                  place: Callable[[nx.Graph], layout.Positions] = layout.positions) -> dict[str, Any]:
    """The explore page's data: compact positioned nodes and edges, vis-network options, legend, overview.

    Only what drawing needs is sent (PAYLOAD_FORMAT); what two nodes share is asked for on click.
    `scores` is the size measure per node; `communities` (when given) colours nodes with
    `color_by="community"` and groups them in the overview of a big graph. Node labels come from
    `node_labels` (the reader's language) else the graph's `label`; types are named by
    `type_labels` (type IRI → label in the reader's language), else by the graph's `type_label`;
    nodes that are not actors (projects and groups of the bipartite projection) are coloured by
    their `kind`, named by `kind_labels`. `place` computes positions of the drawn graph (the web
    app passes a cached `layout.positions`).
    """
    limit = max_nodes or OVERVIEW_ABOVE
    membership = community_index(communities)
    if node_labels is None:
        localised: Mapping[str, str] = {}
    elif G.number_of_nodes() > limit:
        named = {node for members in communities for node in leaders(members, scores)} | {
            node for node in G if membership.get(node) is None or membership[node] in expand}
        localised = node_labels(named)
    else:
        localised = node_labels(list(G))
    drawn, reduction = overview(G, scores, communities, max_nodes=limit, expand=expand,
                                community_label=community_label, labels=localised)
    if color_by == "community":
        community_keys = sorted({membership[node] for node in drawn if node in membership} | {
            data["community"] for _, data in drawn.nodes(data=True) if data.get("kind") == "community"})
        legend = [{"key": str(index), "label": community_label(index, len(communities[index]), []),
                   "color": community_colour(index)} for index in community_keys]
        group: dict[Any, int] = {index: position for position, index in enumerate(community_keys)}
    else:
        names = {key: type_labels.get(key) or data.get("type_label") or kind_labels.get(key, key)
                 for _, data in drawn.nodes(data=True) if (key := _type_key(data))}
        type_keys = sorted(names, key=lambda key: str(names[key]).casefold())
        legend = [{"key": key, "label": str(names[key]), "color": type_colour(key)} for key in type_keys]
        group = {key: position for position, key in enumerate(type_keys)}
    where = place(drawn)
    nodes: list[list[Any]] = []
    position: dict[str, int] = {}
    for node, data in drawn.nodes(data=True):
        position[node] = len(nodes)
        x, y = where.get(node, (0.0, 0.0))
        kind = data.get("kind") or "actor"
        if kind == "community":
            key = data["community"] if color_by == "community" else data.get("type")
            nodes.append([node, data["label"], data["members"], group.get(key, -1), x, y, kind, data["community"]])
            continue
        colour_key: int | str | None = membership.get(node) if color_by == "community" else _type_key(data)
        record = [_compact_id(node), localised.get(node) or str(data.get("label") or node),
                  _round(float(scores.get(node, 0.0))), group.get(colour_key, -1), x, y]
        nodes.append(record if kind == "actor" else [*record, kind])
    edges = [[position[a], position[b], _round(float(data.get("weight", 1)))] for a, b, data in drawn.edges(data=True)]
    return {"ok": True, "format": PAYLOAD_FORMAT, "id_base": ID_BASE, "nodes": nodes, "edges": edges,
            "legend": legend, "colors": {"other": OTHER_COLOUR, "community": COMMUNITY_COLOUR, "edge": EDGE_COLOUR},
            "shapes": SHAPES, "size_by": size_by, "color_by": color_by, "options": vis_options(len(nodes)),
            "relax": relax_physics(len(nodes)), "reduced": reduction.as_dict() if reduction else None,
            "counts": {"nodes": len(nodes), "edges": len(edges)}}
