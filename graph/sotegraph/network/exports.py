"""Writing a projection to files Gephi and Cytoscape open: GraphML, GEXF and an edge-list CSV,
and a standalone HTML page of the network that opens offline (what pyvis is used for).

GraphML and GEXF hold only scalar attributes, so `file_ready` copies the graph with ``None``
values left out and lists (``shared``) flattened to one readable string; measures and the
Louvain community become node attributes. The CSV is the edge list (endpoints with labels and
types, weight, what they share); per-actor tables come from `sotegraph analyze --format csv`.

The HTML page (`standalone_html`) inlines the vendored vis-network, the page's label drawing
(`network-labels.js`) and the view's payload (`sotegraph.network.payload`, positions included) and
draws with physics off. Nothing in it can
run as markup: the payload sits in a `<script type="application/json">` block with `<`, `>` and
`&` written as JSON escapes, the title is HTML-escaped, labels reach vis-network as data (drawn on
a canvas, tooltips as text), and a Content-Security-Policy forbids every request.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import Any, BinaryIO

import networkx as nx

from sotegraph.errors import InputError
from sotegraph.network.measures import actor_measures, communities
from sotegraph.network.payload import OVERVIEW_ABOVE, build_payload

EXPORT_FORMATS = ("graphml", "gexf", "csv", "html")
#: The web app's scripts inlined into the HTML export: the vendored vis-network and the label drawing.
INLINED_SCRIPTS = ("static/vendor/vis-network/vis-network.min.js", "static/network-labels.js")
#: What the standalone page says, by language (the web app passes its own translations).
HTML_TEXTS = {
    "fi": {"title": "Yhteistyöverkosto", "summary": "{nodes} solmua, {edges} yhteyttä.",
           "overview": "Yleiskuva: {collapsed} yhteisöä edustaa {inside} toimijaa {total} toimijasta."},
    "en": {"title": "Collaboration network", "summary": "{nodes} nodes, {edges} ties.",
           "overview": "Overview: {collapsed} communities stand for {inside} of {total} actors."},
}
_DRAW = """(function () {
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var heaviest = data.edges.reduce(function (most, e) { return Math.max(most, e[2]); }, 1);
  var nodes = data.nodes.map(function (r) {
    var kind = r[6] || "actor", legend = data.legend[r[3]];
    return {id: r[0], name: r[1], title: legend ? r[1] + " \u2014 " + legend.label : r[1], value: r[2],
      x: r[4], y: r[5], kind: kind, shape: data.shapes[kind] || "dot",
      color: legend ? legend.color : kind === "community" ? data.colors.community : data.colors.other};
  });
  var order = nodes.slice().sort(function (a, b) {
    return (b.kind === "community") - (a.kind === "community") || b.value - a.value;
  }).map(function (node) { return node.id; });
  var edges = data.edges.map(function (e, i) {
    return {id: i, from: nodes[e[0]].id, to: nodes[e[1]].id, value: e[2],
      color: {color: data.colors.edge, opacity: 0.15 + 0.7 * e[2] / heaviest}};
  });
  var network = new vis.Network(document.getElementById("network"),
    {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}, data.options);
  window.network = network;
  network.on("afterDrawing", function (ctx) { window.sotegraphLabels.draw(network, ctx, order, []); });
  network.once("afterDrawing", function () {
    network.fit({animation: false});
    network.moveTo({position: network.getViewPosition(), scale: network.getScale() * 0.88, animation: false});
  });
  var list = document.getElementById("legend");
  data.legend.forEach(function (entry) {
    var item = document.createElement("li"), swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = entry.color;
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(entry.label));
    list.appendChild(item);
  });
}());"""
_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; \
style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1a1a1a; }}
#network {{ height: 80vh; border: 1px solid #ccd; border-radius: 6px; }}
#legend {{ display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; }}
#legend li {{ display: flex; align-items: center; gap: .35rem; }}
.swatch {{ width: .9rem; height: .9rem; border-radius: 50%; display: inline-block; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{summary}</p>
<div id="network"></div>
<ul id="legend"></ul>
<script type="application/json" id="network-data">{data}</script>
{scripts}
<script>{draw}</script>
</body>
</html>
"""
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
    """Write `G` to `out` as `fmt` (graphml, gexf, csv or html)."""
    if fmt == "csv":
        write_csv(G, out)
    elif fmt == "html":
        write_html(G, out, seed=seed)
    elif fmt == "graphml":
        nx.write_graphml(file_ready(G, measures, seed=seed), out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(file_ready(G, measures, seed=seed), out, encoding="utf-8")
    else:
        raise InputError(f"unknown network format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})", field="format")


def _script_safe_json(value: Any) -> str:
    """JSON that cannot end its `<script>` block or open markup: `<`, `>` and `&` as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def standalone_html(payload: Mapping[str, Any], *, title: str, summary: str, lang: str = "fi") -> str:
    """One offline HTML page drawing `payload` (as `build_payload` makes it) with the inlined vis-network."""
    scripts = "\n".join("<script>" + (files("sotegraph_webviz") / name).read_text(encoding="utf-8")
                        .replace("</script", "<\\/script") + "</script>" for name in INLINED_SCRIPTS)
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title), summary=html.escape(summary),
                        data=_script_safe_json(payload), scripts=scripts, draw=_DRAW)


def html_summary(payload: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The line under the title: what is drawn, and for an overview what it stands for."""
    line = texts["summary"].format(**payload["counts"])
    reduced = payload.get("reduced")
    if reduced:
        line += " " + texts["overview"].format(total=reduced["total_nodes"], inside=reduced["collapsed_nodes"],
                                               collapsed=reduced["collapsed_communities"])
    return line


def write_html(G: nx.Graph, out: BinaryIO, *, seed: int = 42, lang: str = "fi") -> None:
    """`G` as a standalone HTML page: sized by degree, coloured by type, an overview of communities if big."""
    scores = {node: value or 0.0 for node, value in
              ((node, values["degree"]) for node, values in actor_measures(G, ["degree"], seed=seed).items())}
    found = communities(G, seed=seed)[0] if G.number_of_nodes() > OVERVIEW_ABOVE else []
    payload = build_payload(G, scores, size_by="degree", communities=found)
    texts = HTML_TEXTS.get(lang, HTML_TEXTS["en"])
    out.write(standalone_html(payload, title=texts["title"], summary=html_summary(payload, texts),
                              lang=lang).encode("utf-8"))
