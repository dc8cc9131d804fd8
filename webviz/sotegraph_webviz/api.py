"""JSON API of the network analysis: `/api/network…` (blueprint `api`).

Every endpoint takes the filters of `sotegraph analyze` (`sotegraph.network.filters.FILTERS`: ``from``,
``to``, ``region``, ``year``, ``type``, ``theme``, ``funder``, ``project``; names or IRIs) and
declares its own parameters with `accepts`; any other parameter is a 400 naming the valid ones.
Errors are ``{"ok": false, "error": …, "status": N}``: 400 bad or unknown parameter or ambiguous
name, 404 unknown entity or no path. Fetched data, projections, measures
and communities come from `sotegraph.network.cache.shared`, reused while the store is unchanged.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from flask import Blueprint, Response, jsonify, request

from sotegraph.errors import InputError
from sotegraph.network import cache as analysis_cache
from sotegraph.network import filters as network_filters
from sotegraph.network.cache import StoreAnalysis
from sotegraph.network.measures import check_measure_names, graph_summary
from sotegraph.network.projections import PROJECTIONS, Filters
from sotegraph.network.questions import coverage, ego_network, evolution, explained_path
from sotegraph_webviz.db import get_store
from sotegraph_webviz.parameters import accepts, filter_values

bp = Blueprint("api", __name__, url_prefix="/api/network")
#: Measures computed when `measure` is not given (cheap at any size).
DEFAULT_MEASURES = ("degree", "weighted_degree")


def _analysis() -> StoreAnalysis:
    return analysis_cache.shared.for_store(get_store())


def _list(name: str) -> list[str]:
    return [part.strip() for value in request.args.getlist(name) for part in value.split(",") if part.strip()]


def _filters() -> Filters:
    return network_filters.parse_filters(get_store(), filter_values(request.args))


def _projection_name() -> str:
    name = request.args.get("projection") or "collaboration"
    if name not in PROJECTIONS:
        raise InputError(f"unknown projection '{name}' (choose from {', '.join(PROJECTIONS)})", field="projection")
    return name


def _required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise InputError(f"the parameter '{name}' is required", field=name)
    return value


def _int(name: str, default: int, minimum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"'{name}' must be an integer, not '{raw}'", field=name) from None
    if value < minimum:
        raise InputError(f"'{name}' must be at least {minimum}", field=name)
    return value


def _graph_json(graph: nx.Graph, measures: dict[str, dict[str, float | None]] | None = None) -> dict[str, Any]:
    nodes = [{"id": node, **attrs, **({"measures": measures[node]} if measures is not None else {})}
             for node, attrs in graph.nodes(data=True)]
    edges = []
    for a, b, attrs in graph.edges(data=True):
        source, target = sorted((a, b))
        edges.append({"source": source, "target": target, **attrs})
    return {"nodes": nodes, "edges": edges}


@bp.get("")
@accepts("measure", "projection")
def network() -> Response:
    """The projection's nodes (attributes and ``measures``) and edges (weight, shared)."""
    names = tuple(check_measure_names(_list("measure") or DEFAULT_MEASURES))
    name, active, analysis = _projection_name(), _filters(), _analysis()
    graph = analysis.graph(name, active)
    return jsonify({"ok": True, "projection": name, "filters": network_filters.describe(active),
                    **_graph_json(graph, analysis.measures(name, active, names))})


@bp.get("/path")
@accepts("a", "b")
def path() -> Response:
    """The shortest path from ``a`` to ``b``, each hop with what the two share (404: no path)."""
    store = get_store()
    a, b = network_filters.actor(store, _required("a")), network_filters.actor(store, _required("b"))
    hops = explained_path(_analysis().graph("collaboration", _filters()), str(a), str(b))
    return jsonify({"ok": True, "from": str(a), "to": str(b), "hops": hops})


@bp.get("/ego")
@accepts("actor", "radius")
def ego() -> Response:
    """The actors within ``radius`` hops (default 1) of ``actor``, with the ties among them."""
    store = get_store()
    centre = str(network_filters.actor(store, _required("actor")))
    graph = ego_network(_analysis().graph("collaboration", _filters()), centre, _int("radius", 1, 1))
    return jsonify({"ok": True, "actor": centre, **_graph_json(graph)})


@bp.get("/coverage")
@accepts(filters=("region", "year"))
def coverage_view() -> Response:
    """Share of ``region``'s municipalities involved in projects or groups (``year``: classification)."""
    asked = _filters()
    if asked.region is None:
        raise InputError("the parameter 'region' is required", field="region")
    return jsonify({"ok": True, **coverage(_analysis().network_data(asked.classification_year), asked.region)})


@bp.get("/evolution")
@accepts()
def evolution_view() -> Response:
    """Per year: actors, links, density and new links of the (filtered) collaboration graph."""
    active = _filters()
    rows = evolution(_analysis().network_data(active.classification_year), active)
    return jsonify({"ok": True, "filters": network_filters.describe(active), "years": rows})


@bp.get("/summary")
@accepts("projection")
def summary() -> Response:
    """Nodes, edges, density, components, articulation points and bridges of the projection."""
    name, active = _projection_name(), _filters()
    graph = _analysis().graph(name, active)
    return jsonify({"ok": True, "projection": name, "filters": network_filters.describe(active),
                    **graph_summary(graph)})


@bp.get("/communities")
@accepts("seed")
def communities_view() -> Response:
    """Louvain communities (fixed ``seed``, default 42) of the collaboration graph, with modularity."""
    active, analysis = _filters(), _analysis()
    graph = analysis.graph("collaboration", active)
    found, modularity = analysis.communities(active, seed=_int("seed", 42, 0))
    return jsonify({"ok": True, "filters": network_filters.describe(active), "modularity": modularity,
                    "communities": [{"id": index, "size": len(members),
                                     "members": [{"iri": node, "label": graph.nodes[node].get("label")}
                                                 for node in sorted(members)]}
                                    for index, members in enumerate(found)]})
