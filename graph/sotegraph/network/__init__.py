"""The collaboration network: from the store to NetworkX graphs, filters, measures and questions.

Data flows through the modules in this order: `fetch` (one snapshot of ties, containers, actors
and areas from the store), `filters` (the one filter model for CLI, API and view), `projections`
(actor–actor, actor–project and person–organisation graphs under `Filters`), `measures`
(centralities, communities, summary; pure functions), `questions` (ego network, explained path,
coverage of a region, evolution over periods), `exports` (GraphML, GEXF, CSV), `payload` (the JSON
the graph view draws) and `cache` (projections and measures kept per store state).
"""

from sotegraph.network.cache import StoreAnalysis
from sotegraph.network.exports import EXPORT_FORMATS, write_graph
from sotegraph.network.fetch import NetworkData, load_network_data
from sotegraph.network.filters import FILTERS, Filter, parse_filters
from sotegraph.network.measures import MEASURES, actor_measures, communities, graph_summary
from sotegraph.network.projections import PROJECTIONS, Filters, collaboration_graph, projection
from sotegraph.network.questions import coverage, ego_network, evolution, explained_path

__all__ = ["EXPORT_FORMATS", "FILTERS", "MEASURES", "PROJECTIONS", "Filter", "Filters", "NetworkData", "StoreAnalysis",
           "actor_measures", "collaboration_graph", "communities", "coverage", "ego_network", "evolution",
           "explained_path", "graph_summary", "load_network_data", "parse_filters", "projection", "write_graph"]
