"""The who-works-with-whom graph page (`/explore`) and the JSON it draws from.

Every control is a query parameter, so a view is shared by sharing its URL; the page fetches
`/explore/data.json` with the same parameters. Parameters: the network filters of the CLI and the
API (`sotegraph.network.filters.FILTERS`: `from`, `to`, `region`, `year`, `type`, `theme`, `funder`,
`project`) and the view's own `VIEW_PARAMETERS`: `projection` (`actors` | `bipartite`), `size` (a
measure), `color` (`type` | `community`), `expand` (community numbers, repeatable), `ego` + `radius`.
Side data: `/explore/node.json?id=…`, `/explore/edge.json?a=…&b=…`, `/explore/path.json?a=…&b=…`,
`/explore/search.json?q=…`, `/explore/suggest.json?field=funder|project&q=…` (names as you type),
`/explore/table.json` (region and measures of every actor, for the table twin) and
`/explore/export.html` (the current view as a standalone offline page). Any other parameter is a
400 naming the valid ones. Errors on JSON routes have the one shape `{"ok": false, "error", "status"}`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import networkx as nx
from flask import Blueprint, Flask, Response, current_app, g, jsonify, render_template, request, url_for
from flask_babel import gettext
from rdflib import URIRef
from werkzeug.datastructures import MultiDict

from sotegraph.entities import names
from sotegraph.entities.description import describe, summarise
from sotegraph.entities.labels import labels_in, role_names
from sotegraph.errors import InputError, NotFoundError, SotegraphError
from sotegraph.i18n import N_
from sotegraph.network import cache as analysis_cache
from sotegraph.network import exports as view_exports
from sotegraph.network import layout, measures
from sotegraph.network import payload as view_payload
from sotegraph.network import projections as network
from sotegraph.network.cache import LRU
from sotegraph.network.filters import FILTER_BY_NAME, YEAR_RANGE, parse_filters
from sotegraph.network.questions import ego_network, explained_path
from sotegraph.store import Store
from sotegraph.vocab import SOTE
from sotegraph_webviz import errors, filter_choices
from sotegraph_webviz.db import get_store
from sotegraph_webviz.i18n import current_language
from sotegraph_webviz.parameters import accepts, filter_values

bp = Blueprint("explore", __name__)

#: The page's projection names → `network.PROJECTIONS` names.
PROJECTIONS = {"actors": "collaboration", "bipartite": "bipartite"}
COLOURINGS = ("type", "community")
#: Measures the table twin shows beside the size measure.
TABLE_MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank")
#: The filter fields whose names are suggested as the user types, and how many suggestions.
SUGGESTED = ("funder", "project")
SUGGESTIONS = 10
DEFAULT_SIZE = "degree"
#: The view's own parameters, taken beside the network filters by the page and its JSON routes.
VIEW_PARAMETERS = ("projection", "size", "color", "expand", "ego", "radius")
#: The measures' names as the page shows them (`measures.MEASURES`, marked for the catalogues).
MEASURE_NAMES = (N_("degree"), N_("weighted_degree"), N_("betweenness"), N_("pagerank"), N_("closeness"),
                 N_("clustering"), N_("core_number"), N_("constraint"), N_("effective_size"))
#: Messages explore.js shows, sent to the page translated ({name} placeholders are filled by the script).
JS_MESSAGES = (
    N_("Overview of {total} actors: {collapsed} communities stand for {inside} actors, {kept} actors are shown "
       "one by one. Click a community to open it."), N_("Back to the overview"), N_("Community (click to open)"),
    N_("Community"), N_("Name"),
    N_("What the drawing shows: {nodes} nodes. Sort by a column heading; a name opens the panel."),
    N_("No actors match these filters."), N_("Drawing the network…"),
    N_("Loading…"), N_("nodes"), N_("edges"), N_("Expand this community"), N_("Type"), N_("Region"),
    N_("Ego view"), N_("Open the entity page"), N_("Projects"), N_("Funding"), N_("Networks and groups"),
    N_("People and posts"), N_("Partners"), N_("shared"), N_("Measures"), N_("Role"), N_("Source documents"),
    N_("Path to another actor"), N_("Find path"), N_("Shared between"), N_("No matches."),
    N_("Not in the current view"), *MEASURE_NAMES)


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


def parse_view(store: Store, args: MultiDict) -> View:
    """The view the query parameters ask for; InputError / NotFoundError name the bad parameter."""
    filters = parse_filters(store, filter_values(args))
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


class _Kept:
    """One store's computed positions and payloads (keys start with the store's state)."""

    def __init__(self) -> None:
        self.positions: LRU[layout.Positions] = LRU(layout.CACHE_ENTRIES)
        self.payloads: LRU[dict[str, Any]] = LRU(layout.CACHE_ENTRIES)


_KEPT: weakref.WeakKeyDictionary[Store, _Kept] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()
_WARM_UP = "sotegraph_explore_warm_up"


def _kept(store: Store) -> _Kept:
    with _KEPT_LOCK:
        if store not in _KEPT:
            _KEPT[store] = _Kept()
        return _KEPT[store]


@bp.before_app_request
def _warm_up_on_first_request() -> None:
    """With `EXPLORE_WARM_UP` (`sotegraph serve` sets it), the app's first request that is not the
    graph view's own starts building the default view's data in the background.

    A planner who opens the home page first then finds the projection, measures, communities and
    layout ready: on a 5 000-actor store, 7–10 s of fetching and computing off their first view.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("EXPLORE_WARM_UP") or _WARM_UP in app.extensions:
        return
    with _KEPT_LOCK:
        if _WARM_UP in app.extensions:
            return
        app.extensions[_WARM_UP] = True
    if request.blueprint != bp.name:  # the view's own first request builds it anyway
        threading.Thread(target=_warm_up, args=(app,), name="explore-warm-up", daemon=True).start()


def _warm_up(app: Flask) -> None:
    with app.test_request_context("/explore/data.json"):
        try:
            _payload()
        except SotegraphError as error:
            errors.log_error(error)


def _analysis(store: Store) -> analysis_cache.StoreAnalysis:
    """The store's cached analysis, its state read once per request."""
    if "explore_analysis" not in g:
        g.explore_analysis = analysis_cache.shared.for_store(store)
    return g.explore_analysis


def full_graph(store: Store, view: View) -> nx.Graph:
    """The filtered projection, before ego focus and reduction (shared with /api/network, per store state)."""
    return _analysis(store).graph(PROJECTIONS[view.projection], view.filters)


def view_graph(store: Store, view: View) -> nx.Graph:
    """The graph the page draws: the projection, narrowed to an ego network when one is asked for."""
    graph = full_graph(store, view)
    if view.ego is None:
        return graph
    if view.ego not in graph:
        raise NotFoundError(f"<{view.ego}> has no collaboration under these filters")
    return ego_network(graph, view.ego, radius=view.radius)


def _measures(store: Store, view: View, names_: tuple[str, ...] | None) -> dict[str, dict[str, float | None]]:
    """Measures of the whole filtered projection (cached per store state)."""
    return _analysis(store).measures(PROJECTIONS[view.projection], view.filters, names_)


def _communities(store: Store, view: View, drawn: Collection[str]) -> list[set[str]]:
    """Louvain communities of the filtered network (projects and groups join their partners'), as drawn."""
    found = _analysis(store).communities(view.filters)[0]
    if view.projection == "bipartite":
        found = view_payload.container_communities(full_graph(store, view), found)
    return found if view.ego is None else [members & set(drawn) for members in found]


def _community_label(index: int, size: int, leaders: Sequence[str]) -> str:
    """A community named by its most central actors (in the legend, where none are given, by number)."""
    if leaders:
        return gettext("%(names)s … (%(size)s actors)", names=", ".join(leaders), size=size)
    return gettext("Community %(n)s (%(size)s actors)", n=index + 1, size=size)


@bp.errorhandler(SotegraphError)
def _error(error: SotegraphError) -> tuple[Response | str, int] | Response:
    """The page again with the message and the filters as given; the app's answer for JSON or 5xx."""
    status = error.http_status
    if errors.wants_json() or status >= 500:
        return errors.sotegraph_error(error)
    errors.log_error(error)
    as_given = {"type": request.args.getlist("type"), "region": request.args.get("region"),
                "theme": request.args.get("theme")}
    return render_template("explore.html", error=str(error), status=status, selected=as_given,
                           **_page_context()), status


def _tie_years(store: Store) -> tuple[int, int] | None:
    """The first and last year any tie is known to be active in (the year slider's range)."""
    ties = _analysis(store).network_data().ties
    years = [year for tie in ties for year in (tie.start, tie.end) if year is not None]
    return (min(years), max(years)) if years else None


def _page_context() -> dict[str, Any]:
    params = MultiDict(request.args)
    for name in ("ego", "radius", "expand"):
        params.poplist(name)
    return {"messages": {message: gettext(message) for message in JS_MESSAGES},
            "year_range": (YEAR_RANGE.start, YEAR_RANGE.stop - 1),
            "whole_network_url": url_for("explore.page") + (f"?{urlencode(list(params.items(multi=True)))}"
                                                            if params else ""),
            **filter_choices.explore_choices(get_store(), current_language())}


def _selected(filters: network.Filters) -> dict[str, Any]:
    """The options to show selected: filters given by name or IRI in the URL, as the controls write them."""
    return {"type": [filter_choices.short(str(kind)) for kind in filters.actor_types],
            "region": filter_choices.short(str(filters.region)) if filters.region else None,
            "theme": filter_choices.short(str(filters.theme)) if filters.theme else None}


@bp.get("/explore")
@accepts(*VIEW_PARAMETERS)
def page() -> str:
    """The graph page; the parameters are checked here too, so a bad link says what is wrong."""
    view = parse_view(get_store(), request.args)
    return render_template("explore.html", error=None, selected=_selected(view.filters), **_page_context())


@bp.get("/explore/data.json")
@accepts(*VIEW_PARAMETERS)
def data() -> Response:
    """Compact positioned nodes and edges, options and legend; an overview of communities above ~1 000 nodes."""
    return jsonify(_payload())


@bp.get("/explore/table.json")
@accepts(*VIEW_PARAMETERS)
def table() -> Response:
    """The table twin's columns for every actor of the view: region (interface language) and `TABLE_MEASURES`."""
    store = get_store()
    view = parse_view(store, request.args)
    graph = view_graph(store, view)
    shown = tuple(dict.fromkeys((view.size, *TABLE_MEASURES)))
    values = _measures(store, view, shown)
    regions = {str(data["region"]) for _, data in graph.nodes(data=True) if data.get("region")}
    labels = labels_in(store, regions, current_language())
    return jsonify({"ok": True, "measures": list(shown), "rows": {
        node: {"region": labels.get(data.get("region") or "", data.get("region_label") or ""),
               "measures": values.get(node, {})} for node, data in graph.nodes(data=True)}})


@bp.get("/explore/export.html")
@accepts(*VIEW_PARAMETERS)
def export_html() -> Response:
    """The current view as one standalone HTML file that opens offline (vis-network and data inlined)."""
    payload = _payload()
    texts = {"title": gettext("Collaboration network"), "summary": gettext("{nodes} nodes, {edges} ties."),
             "overview": gettext("Overview: {collapsed} communities stand for {inside} of {total} actors.")}
    page = view_exports.standalone_html(payload, title=texts["title"], lang=current_language(),
                                        summary=view_exports.html_summary(payload, texts))
    return Response(page, mimetype="text/html", headers={
        "Content-Disposition": 'attachment; filename="sotegraph-network.html"'})


def _payload() -> dict[str, Any]:
    """The payload of the view the request's parameters ask for, kept per store state, view and language."""
    store = get_store()
    view = parse_view(store, request.args)
    key = (_analysis(store).state, view, current_language())
    return _kept(store).payloads.get(key, lambda: _build_payload(store, view))


def _build_payload(store: Store, view: View) -> dict[str, Any]:
    graph = view_graph(store, view)
    sizes = _measures(store, view, (view.size,))
    scores = {node: sizes.get(node, {}).get(view.size) or 0.0 for node in graph}
    needs_communities = view.color == "community" or graph.number_of_nodes() > view_payload.OVERVIEW_ABOVE
    types = {data["type"] for _, data in graph.nodes(data=True) if data.get("type")}
    language = current_language()
    layout_key = (_analysis(store).state, view.filters, view.projection, view.expand, view.ego, view.radius)
    payload = view_payload.build_payload(
        graph, scores, size_by=view.size, color_by=view.color,
        communities=_communities(store, view, graph) if needs_communities else [],
        expand=view.expand, community_label=_community_label,
        kind_labels={"project": gettext("Project"), "group": gettext("Group")},
        type_labels=labels_in(store, types, language),
        node_labels=lambda iris: labels_in(store, iris, language),
        place=lambda drawn: _kept(store).positions.get(
            (*layout_key, drawn.number_of_nodes(), drawn.number_of_edges()), lambda: layout.positions(drawn)))
    payload["ego"] = view.ego
    payload["tie_years"] = _tie_years(store)
    return payload


def _node_iri(name: str) -> str:
    iri = request.args.get(name, "").strip()
    if not iri:
        raise InputError(f"'{name}' (a node's IRI) is required", field=name)
    return iri


@bp.get("/explore/node.json")
@accepts(*VIEW_PARAMETERS, "id")
def node() -> Response:
    """The side panel for one node: its facts grouped, its partners here, its measures, its sources."""
    store = get_store()
    view = parse_view(store, request.args)
    iri = _node_iri("id")
    description = describe(store, iri, current_language())
    if not description.exists:
        raise NotFoundError(f"no entity <{iri}> in the graph")
    graph = view_graph(store, view)
    neighbours = sorted(graph[iri].items(), key=lambda item: -float(item[1].get("weight", 1))) if iri in graph else []
    region = graph.nodes[iri].get("region") if iri in graph else None
    labels = labels_in(store, [other for other, _ in neighbours] + ([region] if region else []), current_language())
    partners = [{"iri": other, "label": labels.get(other) or graph.nodes[other].get("label") or other,
                 "weight": edge.get("weight", 1)} for other, edge in neighbours]
    values = _measures(store, view, None).get(iri, {}) if iri in graph else {}
    return jsonify({"ok": True, **summarise(description), "region": labels.get(region, "") if region else "",
                    "partners": partners, "measures": values, "in_view": iri in graph})


class _Localiser:
    """Labels and role texts of the collaboration graph in the interface language, for one answer."""

    def __init__(self, store: Store, view: View, iris: Collection[str]) -> None:
        data = _analysis(store).network_data(view.filters.classification_year)
        self.labels = labels_in(store, iris, current_language())
        self.role = role_names(store, data.label, current_language())

    def label(self, iri: str, fallback: str) -> str:
        return self.labels.get(iri) or fallback

    def shared(self, items: list[dict[str, Any]], roles: tuple[str, str]) -> list[dict[str, Any]]:
        return [{**item, "label": self.label(item["iri"], item["label"]),
                 **{role: self.role(item.get(role)) for role in roles}} for item in items]


@bp.get("/explore/edge.json")
@accepts(*VIEW_PARAMETERS, "a", "b")
def edge() -> Response:
    """What two linked nodes share (projects and groups with both roles; in the bipartite view, the role)."""
    store = get_store()
    view = parse_view(store, request.args)
    a, b = _node_iri("a"), _node_iri("b")
    graph = full_graph(store, view)
    if not graph.has_edge(a, b):
        raise NotFoundError(f"<{a}> and <{b}> are not linked under these filters")
    found = graph[a][b]
    shared = found.get("shared", [])
    local = _Localiser(store, view, [a, b, *(item["iri"] for item in shared)])
    flipped = a > b  # role_a belongs to the endpoint whose IRI sorts first
    oriented = [{**item, "role_a": item["role_b"], "role_b": item["role_a"]} if flipped else item for item in shared]
    return jsonify({"ok": True, "a": a, "b": b, "a_label": local.label(a, graph.nodes[a].get("label") or a),
                    "b_label": local.label(b, graph.nodes[b].get("label") or b),
                    "weight": found.get("weight", 1), "role": local.role(found.get("role")),
                    "shared": local.shared(oriented, ("role_a", "role_b"))})


@bp.get("/explore/path.json")
@accepts(*VIEW_PARAMETERS, "a", "b")
def path() -> Response:
    """The shortest collaboration path between two actors, each hop with what the two share."""
    store = get_store()
    view = parse_view(store, request.args)
    ends = [names.resolve(store, request.args.get(name, ""), types=(SOTE.Actor,)) for name in ("a", "b")]
    graph = full_graph(store, view)
    for end in ends:
        if str(end) not in graph:
            raise NotFoundError(f"<{end}> has no collaboration under these filters")
    hops = explained_path(graph, str(ends[0]), str(ends[1]))
    local = _Localiser(store, view, {iri for hop in hops for iri in
                                     (hop["from"], hop["to"], *(item["iri"] for item in hop["shared"]))})
    return jsonify({"ok": True, "from": str(ends[0]), "to": str(ends[1]), "hops": [
        {**hop, "from_label": local.label(hop["from"], hop["from_label"]),
         "to_label": local.label(hop["to"], hop["to_label"]),
         "shared": local.shared(hop["shared"], ("role_from", "role_to"))} for hop in hops]})


@bp.get("/explore/search.json")
@accepts("q", "limit", filters=())
def search() -> Response:
    """Actors whose label (any language, preferred or alternative) contains `q`, accent-insensitively."""
    text = request.args.get("q", "").strip()
    if not text:
        raise InputError("'q' (the text to search for) is required", field="q")
    store = get_store()
    found = names.find(store, text, types=(SOTE.Actor,), limit=_int(request.args, "limit", 1, 100) or 20)
    kinds = {str(match.iri): _most_specific(match.types) for match in found}
    labels = labels_in(store, [kind for kind in kinds.values() if kind], current_language())
    return jsonify({"ok": True, "q": text, "matches": [
        {"iri": str(match.iri), "label": match.label, "type": names.type_name(match.types),
         "type_label": labels.get(kinds[str(match.iri)] or "", names.type_name(match.types)), "exact": match.exact}
        for match in found]})


@bp.get("/explore/suggest.json")
@accepts("field", "q", filters=())
def suggest() -> Response:
    """Names for the funder or project field as the user types: entities of the filter's accepted types."""
    field = request.args.get("field", "")
    if field not in SUGGESTED:
        raise InputError(f"unknown field '{field}' (known: {', '.join(SUGGESTED)})", field="field")
    text = request.args.get("q", "").strip()
    if not text:
        raise InputError("'q' (the text to search for) is required", field="q")
    store = get_store()
    accepted = [kind for tier in FILTER_BY_NAME[field].accepts for kind in tier]
    found = names.find(store, text, types=accepted, limit=SUGGESTIONS)
    kinds = {str(match.iri): _most_specific(match.types) for match in found}
    labels = labels_in(store, [kind for kind in kinds.values() if kind], current_language())
    return jsonify({"ok": True, "field": field, "q": text, "matches": [
        {"iri": str(match.iri), "label": match.label,
         "type_label": labels.get(kinds[str(match.iri)] or "", names.type_name(match.types))} for match in found]})


def _most_specific(types: Collection[URIRef]) -> str | None:
    """The sotegraph class `names.type_name` names (the first one)."""
    return next((str(kind) for kind in types if str(kind).startswith(str(SOTE))), None)
