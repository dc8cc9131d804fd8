"""Questions people ask of the collaboration network: whose neighbourhood, how linked, who is missing, what changed.

`ego_network` and `explained_path` work on a collaboration graph (`sotegraph.network.projections`);
`coverage` and `evolution` read the store (or a `NetworkData` fetched from it) themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import networkx as nx
from rdflib import URIRef

from sotegraph.errors import InputError, NotFoundError
from sotegraph.network.projections import Filters, NetworkData, active_ties, collaboration_graph, load_network_data
from sotegraph.store import Store


def _label(G: nx.Graph, node: str) -> str:
    return G.nodes[node].get("label") or node


def _require(G: nx.Graph, node: str) -> None:
    if node not in G:
        raise NotFoundError(f"{node} has no ties in this network (check the filters)")


def ego_network(G: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """The actors within `radius` hops of `node`, with the ties among them (NotFoundError if absent)."""
    if radius < 1:
        raise InputError(f"radius must be at least 1, not {radius}", field="radius")
    _require(G, node)
    return nx.ego_graph(G, node, radius=radius)


def explained_path(G: nx.Graph, a: str, b: str) -> list[dict]:
    """A shortest path (fewest hops) from `a` to `b`, each hop explained by what the two actors share.

    Returns
    -------
    One dict per hop: ``{"from", "to", "from_label", "to_label", "shared": [{"iri", "label",
    "kind", "role_from", "role_to"}]}``. NotFoundError if either actor is absent or no path exists.
    """
    _require(G, a)
    _require(G, b)
    if a == b:
        raise InputError("the two actors are the same", field="b")
    try:
        nodes = nx.shortest_path(G, a, b)
    except nx.NetworkXNoPath:
        raise NotFoundError(f"no path between {_label(G, a)} and {_label(G, b)}") from None
    hops = []
    for source, target in itertools.pairwise(nodes):
        source_first = source <= target
        shared = [{"iri": item["iri"], "label": item["label"], "kind": item["kind"],
                   "role_from": item["role_a"] if source_first else item["role_b"],
                   "role_to": item["role_b"] if source_first else item["role_a"]}
                  for item in G[source][target].get("shared", [])]
        hops.append({"from": source, "to": target, "from_label": _label(G, source),
                     "to_label": _label(G, target), "shared": shared})
    return hops


def coverage(source: Store | NetworkData, region: URIRef | str, year: int | None = None, *,
             filters: Filters = Filters()) -> dict:
    """The share of a region's municipalities taking part in any project or group, and which do not.

    A municipality is involved if it, or one of its units (``sote:subOrganisationOf``), has a tie
    kept by `filters` (period, theme, funder, project; region and type filters are ignored).

    Parameters
    ----------
    region : a Region, SubRegion, WellbeingServicesCounty or HospitalDistrict.
    year : area classification year (None → newest; between classifications → the one before).

    Returns
    -------
    {"region", "region_label", "classification_year", "total", "involved_count", "share",
     "involved": [{"iri", "label", "via": [{"iri", "label", "kind"}]}], "not_involved": [{"iri", "label"}]}
    """
    data = source if isinstance(source, NetworkData) else load_network_data(source, year)
    region_iri = str(region)
    municipalities = sorted(data.municipalities_by_area.get(region_iri, ()))
    if not municipalities:
        raise NotFoundError(f"{data.label(region_iri)} has no municipalities in the "
                            f"{data.classification_year} area classification")
    via: dict[str, set[str]] = {}
    for tie in active_ties(data, replace(filters, region=None, actor_types=frozenset())):
        via.setdefault(tie.actor, set()).add(tie.container)
    involved, not_involved = [], []
    for municipality in municipalities:
        containers = set(via.get(municipality, ()))
        for unit in data.units.get(municipality, ()):
            containers |= via.get(unit, set())
        entry: dict[str, Any] = {"iri": municipality, "label": data.label(municipality)}
        if containers:
            entry["via"] = [{"iri": iri, "label": data.label(iri), "kind": data.containers[iri].kind}
                            for iri in sorted(containers)]
            involved.append(entry)
        else:
            not_involved.append(entry)
    return {"region": region_iri, "region_label": data.label(region_iri),
            "classification_year": data.classification_year, "total": len(municipalities),
            "involved_count": len(involved), "share": len(involved) / len(municipalities),
            "involved": involved, "not_involved": not_involved}


def _year_span(data: NetworkData, filters: Filters) -> range:
    known = [year for tie in data.ties for year in (tie.start, tie.end) if year is not None]
    first = filters.year_from if filters.year_from is not None else min(known, default=None)
    last = filters.year_to if filters.year_to is not None else max(known, default=None)
    if first is None or last is None:
        return range(0)
    return range(first, last + 1)


def evolution(source: Store | NetworkData, filters: Filters = Filters(),
              years: Iterable[int] | None = None) -> list[dict]:
    """Year by year: actors, links and density of the collaboration graph, and links new that year.

    A link is new in a year when the two actors shared no project or group in any earlier year.
    Ties of unknown period take part in no year.

    Parameters
    ----------
    filters : as for `collaboration_graph`; their period is replaced by each year in turn.
    years : the years to report (default: the filter's period, else every year the data spans).

    Returns
    -------
    [{"year", "actors", "links", "density", "new_links"}] in year order.
    """
    data = source if isinstance(source, NetworkData) else load_network_data(source, filters.classification_year)
    wanted = sorted(set(years)) if years is not None else list(_year_span(data, filters))
    if not wanted:
        return []
    history = collaboration_graph(data, replace(filters, year_from=None, year_to=wanted[0] - 1))
    seen = {frozenset(edge) for edge in history.edges}
    report = []
    for year in range(wanted[0], wanted[-1] + 1):
        graph = collaboration_graph(data, filters.for_year(year))
        links = {frozenset(edge) for edge in graph.edges}
        if year in wanted:
            report.append({"year": year, "actors": graph.number_of_nodes(), "links": len(links),
                           "density": nx.density(graph) if len(graph) > 1 else 0.0,
                           "new_links": len(links - seen)})
        seen |= links
    return report
