"""Network analysis at 1 k, 10 k and 100 k actors: fetch, projection and every per-actor measure.

Input: `sotegraph.synth` graphs (power-law partners per project, `actors // 4` projects), loaded
into an in-memory Oxigraph store untimed; the fetched `NetworkData` and the projections are
pickled next to the synthetic file, so each measurement's untimed setup is a quick unpickle.
Steps timed, each in its own child with a time cap: fetching the projection data from the store
(`load_network_data`), the collaboration projection as `sotegraph analyze` makes it
(`network.incidence.collaboration_network`: sparse B·Bᵀ straight into igraph), each measure of
`sotegraph.network.measures.MEASURES` alone and all of them together on that network, its summary
(components, articulation points, bridges), Louvain, and the whole analysis as the command runs it
(fetch, projection, measures, summary). Baselines: plain NetworkX
(`bipartite.weighted_projected_graph` for the projection, the reference implementation of each
measure — betweenness with the same sampled sources, closeness exact —, `graph_summary`'s NetworkX
calls, Louvain) on a weighted NetworkX copy of the same graph; for the whole analysis, the previous
code (`collaboration_graph` + `actor_measures` + `graph_summary`).

    python benchmarks/bench_analysis.py [--quick] [--sizes 1000,10000] [--cap 120] [--repeats 3]
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BENCHMARK = "analysis"
TARGET_SECONDS = 10.0


def load_store(actors: int) -> Any:
    from sotegraph import synth
    from sotegraph.store import CURATED_GRAPH
    from sotegraph.store.embedded import OxigraphStore

    path = common.synth_file_for(actors, actors // synth.ACTORS_PER_PROJECT)
    store = OxigraphStore(None)
    store.load(path.read_bytes(), "nt", CURATED_GRAPH)
    return store


def _prepared(actors: int, name: str, build: Callable[[], Any]) -> Any:
    """`build()` pickled beside the synthetic file (built once, then unpickled)."""
    from sotegraph import synth

    source = common.synth_file_for(actors, actors // synth.ACTORS_PER_PROJECT)
    path = source.with_name(f"{source.stem}-{name}.pickle")
    if path.exists():
        with path.open("rb") as file:
            return pickle.load(file)
    value = build()
    partial = path.with_suffix(".part")
    with partial.open("wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return value


def setup_data(actors: int) -> Any:
    import sotegraph.network.measures  # noqa: F401  (imports are not part of the timed step)
    from sotegraph.network.projections import load_network_data

    return _prepared(actors, "network-data", lambda: load_network_data(load_store(actors)))


def setup_network(actors: int) -> Any:
    """The collaboration network as `sotegraph analyze` builds it (not pickled: it holds an igraph graph)."""
    from sotegraph.network.incidence import collaboration_network

    return collaboration_network(setup_data(actors))


def setup_weighted(actors: int) -> Any:
    """A plain weighted NetworkX copy of the collaboration network (the baselines' input)."""
    def build() -> Any:
        import networkx as nx

        network = setup_network(actors)
        graph: nx.Graph = nx.Graph()
        graph.add_nodes_from(network.nodes)
        names = network.nodes
        graph.add_weighted_edges_from((names[a], names[b], weight) for (a, b), weight
                                      in zip(network.graph.get_edgelist(), network.graph.es["weight"], strict=True))
        return graph

    return _prepared(actors, "weighted", build)


def setup_bipartite(actors: int) -> Any:
    from sotegraph.network.projections import bipartite_graph

    return _prepared(actors, "bipartite", lambda: bipartite_graph(setup_data(actors)))


def task_fetch(store: Any) -> dict[str, Any]:
    from sotegraph.network.projections import load_network_data

    data = load_network_data(store)
    return {"ties": len(data.ties)}


def task_projection(data: Any) -> dict[str, Any]:
    from sotegraph.network.incidence import collaboration_network

    network = collaboration_network(data)
    return {"nodes": network.number_of_nodes(), "edges": network.graph.ecount()}


def task_analysis(store: Any) -> dict[str, Any]:
    from sotegraph.network.incidence import network
    from sotegraph.network.projections import Filters

    analysed = network("collaboration", store, Filters())
    analysed.measures(seed=42)
    summary = analysed.summary()
    return {"bridges": len(summary["bridges"]), "articulation points": len(summary["articulation_points"])}


def previous_analysis(store: Any) -> dict[str, Any]:
    from sotegraph.network.measures import actor_measures, graph_summary
    from sotegraph.network.projections import collaboration_graph

    graph = collaboration_graph(store)
    actor_measures(graph, seed=42)
    graph_summary(graph)
    return {}


def task_summary(network: Any) -> dict[str, Any]:
    summary = network.summary()
    return {"components": summary["components"]}


def nx_summary(graph: Any) -> dict[str, Any]:
    from sotegraph.network.measures import graph_summary

    graph_summary(graph)
    return {}


def baseline_projection(bipartite: Any) -> dict[str, Any]:
    import networkx as nx

    actors = [node for node, side in bipartite.nodes(data="bipartite") if side == 0]
    graph = nx.bipartite.weighted_projected_graph(bipartite, actors)
    return {"edges": graph.number_of_edges()}


def _run_measure(name: str, network: Any) -> dict[str, Any]:
    network.measures([name], seed=42)
    return {}


def task_degree(graph: Any) -> dict[str, Any]:
    return _run_measure("degree", graph)


def task_weighted_degree(graph: Any) -> dict[str, Any]:
    return _run_measure("weighted_degree", graph)


def task_betweenness(graph: Any) -> dict[str, Any]:
    from sotegraph.network.measures import SAMPLE_ABOVE, SAMPLE_SOURCES

    _run_measure("betweenness", graph)
    return {"sources": SAMPLE_SOURCES if graph.number_of_nodes() > SAMPLE_ABOVE else "all"}


def task_pagerank(graph: Any) -> dict[str, Any]:
    return _run_measure("pagerank", graph)


def task_closeness(graph: Any) -> dict[str, Any]:
    return _run_measure("closeness", graph)


def task_clustering(graph: Any) -> dict[str, Any]:
    return _run_measure("clustering", graph)


def task_core_number(graph: Any) -> dict[str, Any]:
    return _run_measure("core_number", graph)


def task_constraint(graph: Any) -> dict[str, Any]:
    return _run_measure("constraint", graph)


def task_effective_size(graph: Any) -> dict[str, Any]:
    return _run_measure("effective_size", graph)


def task_all_measures(network: Any) -> dict[str, Any]:
    network.measures(seed=42)
    return {}


def task_louvain(graph: Any) -> dict[str, Any]:
    from sotegraph.network.measures import communities

    found, modularity = communities(graph, seed=42)
    return {"communities": len(found), "modularity": round(modularity, 3)}


def nx_degree(graph: Any) -> dict[str, Any]:
    dict(graph.degree())
    return {}


def nx_weighted_degree(graph: Any) -> dict[str, Any]:
    dict(graph.degree(weight="weight"))
    return {}


def nx_betweenness(graph: Any) -> dict[str, Any]:
    import networkx as nx

    from sotegraph.network.measures import SAMPLE_ABOVE, SAMPLE_SOURCES

    nx.betweenness_centrality(graph, k=SAMPLE_SOURCES if len(graph) > SAMPLE_ABOVE else None, seed=42)
    return {}


def nx_pagerank(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.pagerank(graph, weight="weight")
    return {}


def nx_closeness(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.closeness_centrality(graph)
    return {}


def nx_clustering(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.clustering(graph)
    return {}


def nx_core_number(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.core_number(graph)
    return {}


def nx_constraint(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.constraint(graph, weight="weight")
    return {}


def nx_effective_size(graph: Any) -> dict[str, Any]:
    import networkx as nx

    nx.effective_size(graph)
    return {}


def nx_all_measures(graph: Any) -> dict[str, Any]:
    for baseline in NX_MEASURES.values():
        baseline(graph)
    return {}


def nx_louvain(graph: Any) -> dict[str, Any]:
    import networkx as nx

    found = nx.community.louvain_communities(graph, weight="weight", seed=42)
    return {"modularity": round(nx.community.modularity(graph, found, weight="weight"), 3)}


MEASURE_NAMES = ("degree", "weighted_degree", "betweenness", "pagerank", "closeness", "clustering",
                 "core_number", "constraint", "effective_size")
NX_MEASURES: dict[str, Callable[[Any], dict[str, Any]]] = {name: globals()[f"nx_{name}"] for name in MEASURE_NAMES}


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "actors")
    rows: list[common.Row] = []
    totals: dict[str, float | None] = {}
    for actors in args.sizes:
        size = common.size_label(actors, "actors")
        common.progress(f"{size}: preparing the synthetic graph…")
        common.synth_file_for(actors, actors // 4)
        measured = [
            ("fetch from store", task_fetch, load_store, None, None),
            ("collaboration projection", task_projection, setup_data, baseline_projection, setup_bipartite),
            *((name, globals()[f"task_{name}"], setup_network, NX_MEASURES[name], setup_weighted)
              for name in MEASURE_NAMES),
            ("all per-actor measures", task_all_measures, setup_network, nx_all_measures, setup_weighted),
            ("summary (components, articulation points, bridges)", task_summary, setup_network, nx_summary,
             setup_weighted),
            ("louvain communities", task_louvain, setup_weighted, nx_louvain, setup_weighted),
            ("whole analysis (fetch, projection, measures, summary)", task_analysis, load_store,
             previous_analysis, load_store),
        ]
        total: float | None = 0.0
        for label, task, setup, baseline, baseline_setup in measured:
            common.progress(f"{size}: {label}…")
            ours = common.measure("sotegraph", task, setup=setup, args=(actors,), repeats=args.repeats, cap=args.cap)
            other = None
            if baseline is not None:
                other = common.measure("previous code" if baseline is previous_analysis else "networkx", baseline,
                                       setup=baseline_setup, args=(actors,), repeats=args.repeats, cap=args.cap)
            rows.append(common.Row(BENCHMARK, label, size, ours, other))
            if label in ("collaboration projection", "all per-actor measures"):
                total = None if total is None or ours.median_s is None else total + ours.median_s
        totals[size] = total
    under = [size for size, total in totals.items() if total is not None and total < TARGET_SECONDS]
    notes = ["Projection + all per-actor measures: "
             + ", ".join(f"{size} {f'{total:.1f} s' if total is not None else '> cap'}"
                         for size, total in totals.items())
             + f". Largest size under {TARGET_SECONDS:g} s: {under[-1] if under else 'none'}.",
             "Input: sotegraph.synth (power-law partners per project, actors // 4 projects), loaded untimed "
             "into an in-memory Oxigraph store. Measures run in igraph on the network the sparse projection "
             "built (no NetworkX graph); baselines in NetworkX on a weighted copy. Betweenness and closeness "
             "are sampled (200 sources, seed 42) above 2 000 nodes; the betweenness baseline samples the "
             "same sources, the closeness baseline is exact."]
    default_json = Path(__file__).resolve().parent / "results" / "analysis.json"
    common.report(BENCHMARK, rows, args.json or default_json, notes)


if __name__ == "__main__":
    main()
