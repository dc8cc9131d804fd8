"""Projections of the knowledge graph to NetworkX graphs, with filters.

Three projections (see `sotegraph.network.fetch` for how ties, periods and areas are read):

- `collaboration_graph` — actor–actor, an edge for every pair of actors tied to the same project or
  group; ``weight`` is the number of shared projects and groups and ``shared`` lists them, so
  "why are these two linked?" has an answer. A sub-project's participants share both the
  sub-project and its parent.
- `bipartite_graph` — actors (``bipartite=0``) and projects/groups (``bipartite=1``).
- `person_organisation_graph` — people and the organisations they hold posts in.

Node ids are IRI strings. Every function takes the store (or an already fetched `NetworkData`,
which `evolution` and the web app reuse) and `Filters`.

Filters: a period keeps ties overlapping [year_from, year_to] (ties of unknown period are left
out once a period is given); region and actor types keep actors (induced subgraph; an actor's
region is read from the classification of `classification_year`); theme, funder and project keep
containers — a project filter keeps the project and everything under it, theme and funder keep
containers about or funded by it, directly or through an ancestor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from sotegraph.network.fetch import Container, NetworkData, Tie, load_network_data
from sotegraph.store import Store
from sotegraph.vocab import SOTE

__all__ = ["Filters", "NetworkData", "load_network_data", "active_ties", "actor_attributes", "network_data",
           "collaboration_graph", "bipartite_graph",
           "person_organisation_graph", "PROJECTIONS", "projection"]


@dataclass(frozen=True)
class Filters:
    """What part of the graph to project; None / empty means no restriction.

    Users give these as the filters of `sotegraph.network.filters.FILTERS` (``from`` → `year_from`,
    ``year`` → `classification_year`, …), parsed by `sotegraph.network.filters.parse_filters`.
    """

    year_from: int | None = None
    year_to: int | None = None
    region: URIRef | None = None
    classification_year: int | None = None
    actor_types: frozenset[URIRef] = frozenset()
    theme: URIRef | None = None
    funder: URIRef | None = None
    project: URIRef | None = None

    def for_year(self, year: int) -> Filters:
        """The same filters over the single year `year`."""
        return replace(self, year_from=year, year_to=year)


def network_data(source: Store | NetworkData, filters: Filters) -> NetworkData:
    """`source` if already fetched, else the store's data for the filters' classification year."""
    if isinstance(source, NetworkData):
        return source
    return load_network_data(source, filters.classification_year)


def _container_kept(container: Container, containers: dict[str, Container], filters: Filters) -> bool:
    if filters.project is not None and str(filters.project) not in (container.iri, *container.ancestors):
        return False
    chain = [container, *(containers[iri] for iri in container.ancestors)]
    if filters.theme is not None and not any(str(filters.theme) in c.themes for c in chain):
        return False
    return filters.funder is None or any(str(filters.funder) in c.funders for c in chain)


def _actor_filter(data: NetworkData, filters: Filters) -> Callable[[str], bool]:
    wanted_types = data.with_subclasses(frozenset(str(t) for t in filters.actor_types))
    region = None if filters.region is None else str(filters.region)

    def kept(iri: str) -> bool:
        actor = data.actors.get(iri)
        if actor is None:
            return not wanted_types and region is None
        if wanted_types and not actor.types & wanted_types:
            return False
        return region is None or region in actor.areas

    return kept


def active_ties(data: NetworkData, filters: Filters) -> list[Tie]:
    """Ties to kept containers, of kept actors, active in the filter's period."""
    kept_containers = {iri for iri, container in data.containers.items()
                       if _container_kept(container, data.containers, filters)}
    actor_kept = _actor_filter(data, filters)
    return [tie for tie in data.ties
            if tie.container in kept_containers and tie.active(filters.year_from, filters.year_to)
            and actor_kept(tie.actor)]


def actor_attributes(data: NetworkData, iri: str) -> dict[str, object]:
    """An actor node's attributes: ``label``, ``type``, ``type_label``, ``region``, ``region_label``."""
    actor = data.actors.get(iri)
    type_ = actor.type if actor else None
    region = actor.region if actor else None
    return {"label": data.label(iri), "type": type_, "type_label": data.label(type_),
            "region": region, "region_label": data.label(region)}


def _roles(ties: list[Tie], data: NetworkData) -> dict[tuple[str, str], str | None]:
    """(actor, container) → its roles' labels joined with ', ' (None when no role is recorded)."""
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for tie in ties:
        roles[(tie.actor, tie.container)]
        if tie.role is not None:
            roles[(tie.actor, tie.container)].add(data.label(tie.role) or tie.role)
    return {key: ", ".join(sorted(names)) or None for key, names in roles.items()}


def collaboration_graph(source: Store | NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """The actor–actor collaboration graph: actors linked by the projects and groups they share.

    Parameters
    ----------
    source : the store, or `NetworkData` already fetched from it.
    filters : which ties, actors and containers to keep (module docstring).

    Returns
    -------
    nx.Graph with nodes keyed by IRI (attrs ``label``, ``type``, ``type_label``, ``region``,
    ``region_label``) and edges with ``weight`` (shared projects + groups) and ``shared``: a list of
    ``{"iri", "label", "kind": "project"|"group", "role_a", "role_b"}`` where ``role_a`` is the
    role of the endpoint whose IRI sorts first.
    """
    data = network_data(source, filters)
    ties = active_ties(data, filters)
    roles = _roles(ties, data)
    members: dict[str, list[str]] = defaultdict(list)
    for actor, container in sorted(roles):
        members[container].append(actor)
    graph: nx.Graph = nx.Graph(projection="collaboration")
    for actor in sorted({actor for actor, _ in roles}):
        graph.add_node(actor, **actor_attributes(data, actor))
    for container in sorted(members):
        label, kind = data.label(container), data.containers[container].kind
        for a, b in combinations(members[container], 2):
            entry = {"iri": container, "label": label, "kind": kind,
                     "role_a": roles[(a, container)], "role_b": roles[(b, container)]}
            if graph.has_edge(a, b):
                edge = graph[a][b]
                edge["shared"].append(entry)
                edge["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1, shared=[entry])
    return graph


def bipartite_graph(source: Store | NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """Actors (``bipartite=0``, ``kind="actor"``) and projects/groups (``bipartite=1``, ``kind``).

    Edges carry ``role`` (labels joined, or None) and ``via`` (the sub-project or sub-group an
    inherited tie comes through, or None). Container nodes carry ``label``, ``start`` and ``end``.
    """
    data = network_data(source, filters)
    ties = active_ties(data, filters)
    roles = _roles(ties, data)
    via = {(tie.actor, tie.container): tie.via for tie in ties}
    graph: nx.Graph = nx.Graph(projection="bipartite")
    for actor in sorted({actor for actor, _ in roles}):
        graph.add_node(actor, bipartite=0, kind="actor", **actor_attributes(data, actor))
    for iri in sorted({container for _, container in roles}):
        described = data.containers[iri]
        graph.add_node(iri, bipartite=1, kind=described.kind, label=data.label(iri),
                       start=described.start, end=described.end)
    for (actor, container), role in sorted(roles.items()):
        graph.add_edge(actor, container, role=role, via=via[(actor, container)])
    return graph


def person_organisation_graph(source: Store | NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """People and the organisations they hold posts in (memberships of a person in an organisation).

    Period, region and type filters apply to the posts and organisations; theme, funder and
    project keep the people tied to a matching project or group. Nodes have ``kind`` "person" or
    "organisation" plus the actor attributes; edges ``role`` (labels joined, or None).
    """
    data = network_data(source, filters)
    persons = data.with_subclasses(frozenset({str(SOTE.Person)}))
    organisation_kept = _actor_filter(data, filters)
    if filters.theme or filters.funder or filters.project:
        involved = {tie.actor for tie in active_ties(data, replace(filters, region=None, actor_types=frozenset()))}
    else:
        involved = None
    posts = [post for post in data.posts
             if post.actor in data.actors and data.actors[post.actor].types & persons
             and post.active(filters.year_from, filters.year_to)
             and organisation_kept(post.container) and (involved is None or post.actor in involved)]
    graph: nx.Graph = nx.Graph(projection="person")
    roles = _roles(posts, data)
    for person, organisation in sorted(roles):
        graph.add_node(person, kind="person", **actor_attributes(data, person))
        graph.add_node(organisation, kind="organisation", **actor_attributes(data, organisation))
        graph.add_edge(person, organisation, role=roles[(person, organisation)])
    return graph


PROJECTIONS = {"collaboration": collaboration_graph, "bipartite": bipartite_graph,
               "person": person_organisation_graph}


def projection(name: str, source: Store | NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """The projection called `name` (a key of PROJECTIONS)."""
    return PROJECTIONS[name](source, filters)
