"""The explore view at 100, 1 000 and 5 000 nodes: payload size and time to a drawn network.

Input: a power-law clustered NetworkX graph (`powerlaw_cluster_graph(n, 4, 0.3)`, about 4 ties
per actor, 8 actor types, labels and shared-project lists like the collaboration projection).
Ours: `view_payload.build_payload` (degree sizes, Louvain communities, server reduction above
2 000 nodes) drawn by the real `/explore` page of the app (served on 127.0.0.1; the page's
`/explore/data.json` request is answered with that payload). Baseline: pyvis's own page for the
same graph (`Network.from_nx`, `cdn_resources="in_line"`, unreduced), with every request that
would leave the machine blocked by `page.route`. Times are wall clock in headless Chromium from
navigation to vis-network's `stabilizationIterationsDone` on both pages (ours marks
`data-network-ready`; on pyvis's page an init script listens on its global `network`).

    python benchmarks/bench_view.py [--quick] [--sizes 100,1000] [--cap 120] [--repeats 3]
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BENCHMARK = "view"
CHROMIUM = "/usr/bin/chromium"
TYPES = [f"https://w3id.org/sotegraph/ontology#{name}" for name in (
    "Municipality", "CompetenceCentre", "NonGovernmentalOrganisation", "WellbeingServicesCounty",
    "University", "Company", "Ministry", "Network")]


VENDOR = Path(__file__).resolve().parent.parent / "webviz" / "sotegraph_webviz" / "static" / "vendor"
PAN_SECONDS = 3.0
#: Counts animation frames from now on (`window.__frames`, since `window.__framesFrom`).
COUNT_FRAMES = """() => { window.__frames = 0; window.__framesFrom = performance.now();
  const tick = () => { window.__frames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); }"""


def pan_fps(page: Any, seconds: float = PAN_SECONDS) -> float:
    """Frames per second while the mouse drags the drawing around in circles for `seconds`, as a user pans."""
    # Grab near the top left corner of the drawing, where no node sits after a fit, so the view moves.
    box = page.evaluate("""() => { const r = (document.getElementById('network') || document.getElementById('mynetwork')
        || document.getElementById('c')).getBoundingClientRect(); return {x: r.left + 150, y: r.top + 150}; }""")
    page.mouse.move(box["x"], box["y"])
    page.mouse.down()
    page.evaluate(COUNT_FRAMES)
    start = time.perf_counter()
    step = 0
    while time.perf_counter() - start < seconds:
        step += 1
        page.mouse.move(box["x"] + 120 * math.cos(step / 8), box["y"] + 120 * math.sin(step / 8), steps=2)
    frames = page.evaluate("window.__frames * 1000 / (performance.now() - window.__framesFrom)")
    page.mouse.up()
    return float(frames)


#: A bare page drawing positioned nodes with one renderer ({scripts}, {data} and {code} filled in).
RENDERER_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html, body {{ margin: 0 }} #c {{ width: 1400px; height: 900px }}</style>{scripts}</head>
<body><div id="c"></div><script type="application/json" id="data">{data}</script>
<script>{code}</script></body></html>"""
RENDERERS = {
    "vis-network, physics off": (("vis-network/vis-network.min.js",), """
const data = JSON.parse(document.getElementById("data").textContent);
const nodes = new vis.DataSet(data.nodes.map(n => ({id: n[0], x: n[1], y: n[2], value: n[3], label: n[4],
  color: n[5]})));
const edges = new vis.DataSet(data.edges.map((e, i) => ({id: i, from: data.nodes[e[0]][0], to: data.nodes[e[1]][0]})));
window.network = new vis.Network(document.getElementById("c"), {nodes, edges}, {physics: false,
  edges: {smooth: false, color: {color: "#7d8791", opacity: 0.4}}, nodes: {shape: "dot", scaling: {min: 4, max: 20}},
  layout: {improvedLayout: false}});
window.network.once("afterDrawing", () => { window.__drawn = performance.now(); });"""),
    "sigma.js 4 + graphology (WebGL)": (("graphology/graphology.umd.min.js", "sigma/sigma.min.js"), """
const data = JSON.parse(document.getElementById("data").textContent);
const graph = new graphology.Graph();
data.nodes.forEach(n => graph.addNode(n[0], {x: n[1], y: n[2], size: n[3], label: n[4], color: n[5]}));
data.edges.forEach(e => graph.addEdge(data.nodes[e[0]][0], data.nodes[e[1]][0],
  {size: 1, color: "rgba(125,135,145,0.4)"}));
window.renderer = new Sigma(graph, document.getElementById("c"));
requestAnimationFrame(() => requestAnimationFrame(() => { window.__drawn = performance.now(); }));"""),
}


#: Run before pyvis's page scripts: note when its global `network` finishes stabilising (same event as ours).
PYVIS_HOOK = """(() => {
  let drawn;
  Object.defineProperty(window, "network", {configurable: true, get() { return drawn; }, set(value) {
    drawn = value;
    if (value && value.once) { value.once("stabilizationIterationsDone", () => { window.__stabilised = true; }); }
  }});
})();"""


def sample_graph(nodes: int) -> Any:
    """A collaboration-like graph with `nodes` actors (attributes as `collaboration_graph` sets them)."""
    import networkx as nx

    graph = nx.powerlaw_cluster_graph(nodes, 10, 0.3, seed=common.SYNTH_SEED)
    graph = nx.relabel_nodes(graph, lambda i: f"https://w3id.org/sotegraph/id/organisation/actor-{i}")
    for position, node in enumerate(graph):
        kind = TYPES[position % len(TYPES)]
        graph.nodes[node].update(label=f"Toimija {position}", type=kind, type_label=kind.rsplit("#", 1)[1],
                                 region=None, region_label=None)
    for position, (a, b) in enumerate(graph.edges):
        graph[a][b].update(weight=1 + position % 3, shared=[{
            "iri": f"https://w3id.org/sotegraph/id/project/p-{position}", "label": f"Hanke {position}",
            "kind": "project", "role_a": "kumppani", "role_b": "hallinnoija"}])
    return graph


def our_payload(graph: Any) -> dict[str, Any]:
    from sotegraph.network import measures
    from sotegraph.network import payload as view_payload

    scores = {node: values["degree"] or 0.0 for node, values in measures.actor_measures(graph, ["degree"]).items()}
    found = measures.communities(graph)[0] if graph.number_of_nodes() > view_payload.OVERVIEW_ABOVE else []
    return view_payload.build_payload(graph, scores, size_by="degree", communities=found)


def renderer_page(renderer: str, graph: Any) -> str:
    """A bare page drawing `graph` at `network.layout` positions with one of `RENDERERS`."""
    from sotegraph.network.layout import positions

    placed = positions(graph)
    order = list(graph)
    index = {node: position for position, node in enumerate(order)}
    degree = dict(graph.degree())
    data = {"nodes": [[node, placed[node][0], placed[node][1], 2 + degree[node] ** 0.5, graph.nodes[node]["label"],
                       "#0072B2"] for node in order],
            "edges": [[index[a], index[b]] for a, b in graph.edges]}
    scripts, code = RENDERERS[renderer]
    tags = "".join(f'<script src="{(VENDOR / script).as_uri()}"></script>' for script in scripts)
    return RENDERER_PAGE.format(scripts=tags, data=json.dumps(data).replace("<", "\\u003c"), code=code)


def pyvis_page(graph: Any) -> str:
    from pyvis.network import Network

    net = Network(height="750px", width="100%", cdn_resources="in_line")
    net.from_nx(graph)
    return net.generate_html()


class _App:
    """The real app on 127.0.0.1 (in-memory store with the bundled graphs) in a thread."""

    def __enter__(self) -> _App:
        from werkzeug.serving import make_server

        from sotegraph.store.bundled import load_bundled
        from sotegraph.store.embedded import OxigraphStore
        from sotegraph_webviz import create_app

        store = OxigraphStore(None)
        load_bundled(store)
        self.server = make_server("127.0.0.1", 0, create_app({"STORE": store}), threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def _time_page(browser: Any, prepare: Callable[[Any], str], ready: Callable[[Any], None], cap: float,
               fps: list[float]) -> float:
    """Seconds from navigation to `ready`; then pans for `PAN_SECONDS` and appends the frame rate to `fps`."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(cap * 1000)
    try:
        url = prepare(page)
        start = time.perf_counter()
        page.goto(url)
        ready(page)
        seconds = time.perf_counter() - start
        fps.append(pan_fps(page))
        return seconds
    finally:
        context.close()


def _fps(values: list[float]) -> str:
    return f"{sorted(values)[len(values) // 2]:.1f}" if values else "–"


def _runs(label: str, repeats: int, cap: float, once: Callable[[], float], extra: dict[str, Any]) -> common.Timing:
    timing = common.Timing(label, extra=extra)
    try:
        for _ in range(repeats):
            timing.runs.append(once())
            if sum(timing.runs) > cap:
                break
    except Exception as error:  # a timeout or a crash of the page is reported in the table, not raised
        if "Timeout" in type(error).__name__:
            timing.capped_at = cap
        else:
            timing.error = f"{type(error).__name__}: {error}"
    if timing.runs:
        timing.median_s = sorted(timing.runs)[len(timing.runs) // 2]
    return timing


def measure_size(browser: Any, app: _App, nodes: int, repeats: int, cap: float) -> common.Row:
    graph = sample_graph(nodes)
    started = time.perf_counter()
    payload = our_payload(graph)
    build_s = time.perf_counter() - started
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")  # as Flask's jsonify writes it
    started = time.perf_counter()
    html = pyvis_page(graph)
    pyvis_build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-view-") as tmp:
        baseline_file = Path(tmp) / "pyvis.html"
        baseline_file.write_text(html, encoding="utf-8")

        def ours_prepare(page: Any) -> str:
            page.route("**/explore/data.json*", lambda route: route.fulfill(
                status=200, content_type="application/json", body=body))
            return f"{app.url}/explore?lang=en"

        def ours_ready(page: Any) -> None:
            page.locator("body[data-network-ready]").wait_for(state="attached")

        def pyvis_prepare(page: Any) -> str:
            page.add_init_script(PYVIS_HOOK)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            return baseline_file.as_uri()

        def pyvis_ready(page: Any) -> None:
            page.wait_for_function("() => window.__stabilised === true", polling=50)

        ours_fps: list[float] = []
        pyvis_fps: list[float] = []
        ours = _runs("/explore page", repeats, cap,
                     lambda: _time_page(browser, ours_prepare, ours_ready, cap, ours_fps),
                     {"drawn nodes": payload["counts"]["nodes"], "edges": graph.number_of_edges(),
                      "payload": f"{len(body) / 1024:.0f} KB", "payload build": f"{build_s:.2f} s",
                      "overview": "yes" if payload["reduced"] else "no"})
        baseline = _runs("pyvis in_line page", repeats, cap,
                         lambda: _time_page(browser, pyvis_prepare, pyvis_ready, cap, pyvis_fps),
                         {"pyvis page": f"{len(html.encode()) / 1024:.0f} KB", "pyvis build": f"{pyvis_build_s:.2f} s"})
    ours.extra.update({"pan fps": _fps(ours_fps), "pyvis pan fps": _fps(pyvis_fps),
                       "pyvis page": baseline.extra["pyvis page"], "pyvis build": baseline.extra["pyvis build"]})
    return common.Row(BENCHMARK, "time to drawn network", common.size_label(nodes, "nodes"), ours, baseline)


def _renderer_ready(page: Any) -> None:
    page.wait_for_function("() => window.__drawn !== undefined", polling=20)


def measure_renderers(browser: Any, nodes: int, repeats: int, cap: float) -> common.Row:
    """vis-network (physics off) against sigma.js on the same positioned graph, each in a bare page."""
    graph = sample_graph(nodes)
    timings = []
    with tempfile.TemporaryDirectory(prefix="bench-renderer-") as tmp:
        for position, renderer in enumerate(RENDERERS):
            page_file = Path(tmp) / f"renderer-{position}.html"
            page_file.write_text(renderer_page(renderer, graph), encoding="utf-8")
            url = page_file.as_uri()
            fps: list[float] = []
            timing = _runs(renderer, repeats, cap,
                           lambda: _time_page(browser, lambda page: url, _renderer_ready, cap, fps),  # noqa: B023
                           {"edges": graph.number_of_edges()})
            timing.extra["pan fps"] = _fps(fps)
            timings.append(timing)
    ours, baseline = timings
    ours.extra["sigma pan fps"] = baseline.extra["pan fps"]
    return common.Row(BENCHMARK, "renderer: first frame of positioned nodes", common.size_label(nodes, "nodes"),
                      ours, baseline)


def main(argv: list[str] | None = None) -> int:
    args = common.arguments(__doc__.splitlines()[0], "nodes", argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with _App() as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for nodes in args.sizes:
                common.progress(f"{nodes} nodes")
                rows.append(measure_size(browser, app, nodes, args.repeats, args.cap))
            for nodes in args.sizes:
                common.progress(f"renderers, {nodes} nodes")
                rows.append(measure_renderers(browser, nodes, args.repeats, args.cap))
        finally:
            browser.close()
    common.report(BENCHMARK, rows, args.json, notes=[
        "Payload: our /explore/data.json body; the vendored vis-network (640 KB) and page assets are static and "
        "cached. pyvis page: its whole HTML with vis-network 9.1.2 inlined.",
        "Above 1 000 nodes ours opens on the overview: one node per community (every actor inside one), "
        "ties between communities summed; pyvis draws everything with its physics.",
        "pan fps: animation frames per second while the mouse drags the drawing in circles for 3 s (goal ≥ 30).",
        "Renderer rows: baseline = sigma.js 4 + graphology on the same positions; headless Chromium runs "
        "WebGL in software (SwiftShader), which is what this machine measures."])
    return 0


if __name__ == "__main__":
    sys.exit(main())
