"""The who-works-with-whom graph page (`/explore`) and the JSON it draws from.

Every control is a query parameter, so a view is shared by sharing its URL; the page fetches
`/explore/data.json` with the same parameters. Parameters: `type` (repeatable; class IRI, path or
label), `region` (region, sub-region or wellbeing services county: IRI, `id/…` path or name),
`year` (classification year), `year_from`, `year_to`, `theme`, `funder`, `project`, `projection`
(`actors` | `bipartite`), `size` (a measure), `color` (`type` | `community`), `expand`
(community numbers, repeatable), `ego` + `radius`. Side data: `/explore/node.json?id=…`,
`/explore/path.json?from=…&to=…`, `/explore/search.json?q=…`. Errors on JSON routes have the one
shape `{"ok": false, "error", "status"}`.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, Callable

import networkx as nx
from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import URIRef
from rdflib.namespace import OWL, SKOS
from werkzeug.datastructures import MultiDict

from sotegraph import analysis_cache, measures, names, network, view_payload
from sotegraph.describe import describe, summarise
from sotegraph.errors import InputError, NotFoundError, SotegraphError
from sotegraph.questions import ego_network, explained_path
from sotegraph.store import Store
from sotegraph.vocab import SOTE
from sotegraph.webviz import choices
from sotegraph.webviz.db import get_store
from sotegraph.webviz.i18n import current_language, gettext

bp = Blueprint("explore", __name__)

#: The page's projection names → `network.PROJECTIONS` names.
PROJECTIONS = {"actors": "collaboration", "bipartite": "bipartite"}
COLOURINGS = ("type", "community")
DEFAULT_SIZE = "degree"
#: Fetched network data and computed measures are reused for this many seconds.
CACHE_SECONDS = 60.0
AREA_TYPES = (SOTE.Region, SOTE.SubRegion, SOTE.WellbeingServicesCounty)
PROJECT_TYPES = (SOTE.Project, SOTE.Programme)
#: Messages explore.js shows, sent to the page translated.
JS_MESSAGES = (
    "Large graph: showing {kept} of {total} actors (top by {measure}); {collapsed} communities are "
    "collapsed into expandable nodes.", "No actors match these filters.", "Drawing the network…", "Loading…",
    "nodes", "edges", "Expand this community", "Type", "Region", "Ego view", "Open the entity page",
    "Projects", "Funding", "Networks and groups", "People and posts", "Partners", "shared", "Measures",
    "Source documents", "Path to another actor", "Find path", "Shared between", "No matches.",
    "Not in the current view", *measures.MEASURES)


@dataclass(frozen=True)
class View:
    """What to draw: the network filters plus projection, measures, colouring and focus."""

    filters: network.Filters = network.Filters()
    projection: str = "actors"
    size: str = DEFAULT_SIZE
    color: str = "type"
    expand: tuple[int, ...] = ()
    ego: str | None = None
    radius: int = 1


class _Cache:
    """Per-store values kept for CACHE_SECONDS (network data, graphs, measures)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: weakref.WeakKeyDictionary[Store, dict[Any, tuple[float, Any]]] = weakref.WeakKeyDictionary()

    def get(self, store: Store, key: Any, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            entries = self._stores.setdefault(store, {})
            for stale in [k for k, (at, _) in entries.items() if now - at > CACHE_SECONDS]:
                del entries[stale]
            if key in entries:
                return entries[key][1]
        value = compute()
        with self._lock:
            self._stores.setdefault(store, {})[key] = (now, value)
        return value


_cache = _Cache()


def _int(args: MultiDict, name: str, low: int, high: int) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"'{name}' must be a whole number, not '{raw}'", field=name) from None
    if not low <= value <= high:
        raise InputError(f"'{name}' must be between {low} and {high}", field=name)
    return value


def _entity(store: Store, args: MultiDict, name: str, types: tuple[URIRef, ...]) -> URIRef | None:
    raw = args.get(name, "").strip()
    return names.resolve(store, raw, types=types) if raw else None


def _actor_type(store: Store, raw: str) -> URIRef:
    """An actor class from its local name (`Municipality`), IRI or label."""
    known = {choice.value: choice for choice in choices.actor_types(store, current_language())}
    if raw.strip() in known:
        return URIRef(choices.SOTE_BASE + raw.strip())
    return names.resolve(store, raw, types=(OWL.Class,))


def parse_view(store: Store, args: MultiDict) -> View:
    """The view the query parameters ask for; InputError / NotFoundError name the bad parameter."""
    year_from, year_to = _int(args, "year_from", 1900, 2100), _int(args, "year_to", 1900, 2100)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError("'year_from' is after 'year_to'", field="year_from")
    actor_types = frozenset(_actor_type(store, raw) for raw in args.getlist("type") if raw.strip())
    filters = network.Filters(
        year_from=year_from, year_to=year_to, region=_entity(store, args, "region", AREA_TYPES),
        classification_year=_int(args, "year", 1900, 2100), actor_types=actor_types,
        theme=_entity(store, args, "theme", (SKOS.Concept,)),
        funder=_entity(store, args, "funder", (SOTE.Actor,)), project=_entity(store, args, "project", PROJECT_TYPES))
    projection = args.get("projection", "actors")
    if projection not in PROJECTIONS:
        raise InputError(f"unknown projection '{projection}' (known: {', '.join(PROJECTIONS)})", field="projection")
    size = args.get("size", DEFAULT_SIZE)
    measures.check_measure_names([size])
    color = args.get("color", "type")
    if color not in COLOURINGS:
        raise InputError(f"unknown colouring '{color}' (known: {', '.join(COLOURINGS)})", field="color")
    expand = tuple(sorted({value for raw in args.getlist("expand")
                           if (value := _int(MultiDict({"expand": raw}), "expand", 0, 100000)) is not None}))
    ego = str(names.resolve(store, args["ego"], types=(SOTE.Actor,))) if args.get("ego", "").strip() else None
    return View(filters, projection, size, color, expand, ego, _int(args, "radius", 1, 3) or 1)


def full_graph(store: Store, view: View) -> nx.Graph:
    """The filtered projection, before ego focus and reduction (shared with /api/network, per store state)."""
    return analysis_cache.shared.for_store(store).graph(PROJECTIONS[view.projection], view.filters)


def view_graph(store: Store, view: View) -> nx.Graph:
    """The graph the page draws: the projection, narrowed to an ego network when one is asked for."""
    graph = full_graph(store, view)
    if view.ego is None:
        return graph
    if view.ego not in graph:
        raise NotFoundError(f"<{view.ego}> has no collaboration under these filters")
    return ego_network(graph, view.ego, radius=view.radius)


def _measures(store: Store, view: View, graph: nx.Graph, names_: tuple[str, ...] | None) -> dict[str, dict]:
    key = ("measures", view.filters, view.projection, view.ego, view.radius, names_)
    return _cache.get(store, key, lambda: measures.actor_measures(graph, names_))


def _community_label(index: int, size: int) -> str:
    return gettext("Community {n} ({size} actors)", n=index + 1, size=size)


@bp.errorhandler(SotegraphError)
def _error(error: SotegraphError) -> tuple[Response | str, int]:
    status = error.http_status
    if request.path.endswith(".json"):
        return jsonify({"ok": False, "error": str(error), "status": status}), status
    return render_template("explore.html", error=str(error), status=status, **_page_context()), status


def _page_context() -> dict[str, Any]:
    params = MultiDict(request.args)
    for name in ("ego", "radius", "expand"):
        params.poplist(name)
    return {"messages": {message: gettext(message) for message in JS_MESSAGES},
            "whole_network_url": url_for("explore.page", **params.to_dict(flat=False)),
            **_cache.get(get_store(), ("choices", current_language()),
                         lambda: choices.explore_choices(get_store(), current_language()))}


@bp.get("/explore")
def page() -> str:
    """The graph page; the parameters are checked here too, so a bad link says what is wrong."""
    parse_view(get_store(), request.args)
    return render_template("explore.html", error=None, **_page_context())


@bp.get("/explore/data.json")
def data() -> Response:
    """Nodes, edges, options and legend for vis-network, reduced on the server above ~2 000 nodes."""
    store = get_store()
    view = parse_view(store, request.args)
    graph = view_graph(store, view)
    sizes = _measures(store, view, graph, (view.size,))
    scores = {node: values[view.size] or 0.0 for node, values in sizes.items()}
    needs_communities = view.color == "community" or graph.number_of_nodes() > view_payload.MAX_NODES
    found = _cache.get(store, ("communities", view), lambda: measures.communities(graph)[0]) \
        if needs_communities else []
    payload = view_payload.build_payload(graph, scores, size_by=view.size, color_by=view.color,
                                         communities=found, expand=view.expand,
                                         community_label=_community_label,
                                         kind_labels={"project": gettext("Project"), "group": gettext("Group")})
    payload["ego"] = view.ego
    return jsonify(payload)


@bp.get("/explore/node.json")
def node() -> Response:
    """The side panel for one node: its facts grouped, its partners here, its measures, its sources."""
    store = get_store()
    view = parse_view(store, request.args)
    iri = request.args.get("id", "").strip()
    if not iri:
        raise InputError("'id' (the node's IRI) is required", field="id")
    description = describe(store, iri, current_language())
    if not description.exists:
        raise NotFoundError(f"no entity <{iri}> in the graph")
    graph = view_graph(store, view)
    partners = []
    if iri in graph:
        for other, edge in sorted(graph[iri].items(), key=lambda item: -float(item[1].get("weight", 1))):
            partners.append({"iri": other, "label": graph.nodes[other].get("label") or other,
                             "weight": edge.get("weight", 1), "shared": edge.get("shared", [])})
    values = _measures(store, view, graph, None).get(iri, {}) if iri in graph else {}
    return jsonify({"ok": True, **summarise(description), "partners": partners, "measures": values,
                    "in_view": iri in graph})


@bp.get("/explore/path.json")
def path() -> Response:
    """The shortest collaboration path between two actors, each hop with what the two share."""
    store = get_store()
    view = parse_view(store, request.args)
    ends = [names.resolve(store, request.args.get(name, ""), types=(SOTE.Actor,)) for name in ("from", "to")]
    graph = full_graph(store, view)
    for end in ends:
        if str(end) not in graph:
            raise NotFoundError(f"<{end}> has no collaboration under these filters")
    return jsonify({"ok": True, "from": str(ends[0]), "to": str(ends[1]),
                    "hops": explained_path(graph, str(ends[0]), str(ends[1]))})


@bp.get("/explore/search.json")
def search() -> Response:
    """Actors whose label (any language, preferred or alternative) contains `q`, accent-insensitively."""
    text = request.args.get("q", "").strip()
    if not text:
        raise InputError("'q' (the text to search for) is required", field="q")
    found = names.find(get_store(), text, types=(SOTE.Actor,), limit=_int(request.args, "limit", 1, 100) or 20)
    return jsonify({"ok": True, "q": text, "matches": [
        {"iri": str(match.iri), "label": match.label, "type": names.type_name(match.types), "exact": match.exact}
        for match in found]})

