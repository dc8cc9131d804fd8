"""One snapshot of what the network projections need, fetched from the store with a few queries.

`load_network_data(store, classification_year)` runs ten small SELECT queries (ties, containers,
container links, actor types, places, area classifications, regions, labels, organisation units
and the class hierarchy), each read as the store's own TSV result (no rdflib term per value;
joining in the store beat single-pattern scans joined in Python, measured on 10 k actors), and
returns a `NetworkData`; every projection and filter in `sotegraph.network.projections` then works
on it in Python, so no query is ever run per node. The rules it applies (docs/model.md):

- A *tie* links an actor to a *container* — a project (incl. sub-projects and programmes) or a
  group — through a `sote:Participation`, a `sote:Membership` whose `sote:memberOf` is a project or
  group, or attendance of a `sote:Meeting` of a group.
- Sub-projects count towards their parent (transitively): a participant of a sub-project is a
  participant of the parent, with the sub-project's role and period (`Tie.via`).
- A tie's period is its own `sote:startYear`/`sote:endYear`, else its container's (a meeting: the
  year of its date). An open end is open; a tie with neither year has an unknown period.
- A membership of a person in an organisation is a *post* (the person–organisation graph).
- An actor's areas, for one classification year: a municipality's own classification row; an
  area (region, sub-region, county) is inside every area that contains all its municipalities; an
  organisation is where its `sote:locatedIn` municipality is, else where it `sote:operatesIn`;
  an actor with neither (a person) is where the organisations it holds posts in are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sotegraph.entities.labels import language_rank
from sotegraph.store import Store
from sotegraph.vocab import SOTE, SOTE_BASE, sparql_prefixes

_PREFIXES = sparql_prefixes("sote", "skos", "rdfs", "owl")

PROJECT_CLASSES = (SOTE.Project, SOTE.SubProject, SOTE.Programme, SOTE.GovernmentKeyProject)
GROUP_CLASSES = (SOTE.Group, SOTE.Network, SOTE.Forum, SOTE.WorkingGroup, SOTE.SteeringGroup)
AREA_PROPERTIES = ("subRegion", "region", "wellbeingServicesCounty", "hospitalDistrict")
_SOTE_NS = str(SOTE)
#: Used only when the ontology graph is absent: classes that never are an actor's most specific type.
_GENERAL_CLASSES = {str(SOTE.Actor), str(SOTE.Organisation), str(SOTE.Group), str(SOTE.Area)}

_TIES = _PREFIXES + """SELECT ?actor ?container ?role ?start ?end ?date WHERE {
  { ?link sote:participant ?actor ; sote:project ?container .
    OPTIONAL { ?link sote:role ?role } OPTIONAL { ?link sote:startYear ?start } OPTIONAL { ?link sote:endYear ?end } }
  UNION
  { ?link sote:member ?actor ; sote:memberOf ?container .
    OPTIONAL { ?link sote:role ?role } OPTIONAL { ?link sote:startYear ?start } OPTIONAL { ?link sote:endYear ?end } }
  UNION
  { ?event sote:meetingOf ?container ; sote:attendee ?actor . OPTIONAL { ?event sote:date ?date } }
}"""

_CONTAINER_CLASSES = " ".join(f"<{iri}>" for iri in PROJECT_CLASSES + GROUP_CLASSES)
_CONTAINERS = _PREFIXES + f"""SELECT ?container ?type ?start ?end WHERE {{
  VALUES ?type {{ {_CONTAINER_CLASSES} }}
  ?container a ?type .
  OPTIONAL {{ ?container sote:startYear ?start }} OPTIONAL {{ ?container sote:endYear ?end }}
}}"""

_CONTAINER_LINKS = _PREFIXES + """SELECT ?container ?relation ?value WHERE {
  { ?container sote:parentProject ?value BIND("parent" AS ?relation) }
  UNION { ?container sote:subGroupOf ?value BIND("parent" AS ?relation) }
  UNION { ?container sote:theme ?value BIND("theme" AS ?relation) }
  UNION { ?funding sote:fundedProject ?container ; sote:funder ?value BIND("funder" AS ?relation) }
  UNION { ?funding sote:fundedProject ?container ; sote:instrument ?value BIND("funder" AS ?relation) }
}"""

_ACTOR_TYPES = _PREFIXES + """SELECT DISTINCT ?actor ?type WHERE {
  { ?x sote:participant ?actor } UNION { ?x sote:member ?actor } UNION { ?x sote:attendee ?actor }
  UNION { ?x sote:memberOf ?actor }
  ?actor a ?type .
}"""

_PLACES = _PREFIXES + """SELECT ?actor ?relation ?area WHERE {
  { ?actor sote:locatedIn ?area BIND("located" AS ?relation) }
  UNION { ?actor sote:operatesIn ?area BIND("operates" AS ?relation) }
}"""

_CLASSIFICATIONS = _PREFIXES + """SELECT ?year ?municipality ?subRegion ?region ?wellbeingServicesCounty
  ?hospitalDistrict WHERE {
  ?row sote:classificationYear ?year ; sote:municipality ?municipality .
  OPTIONAL { ?row sote:subRegion ?subRegion } OPTIONAL { ?row sote:region ?region }
  OPTIONAL { ?row sote:wellbeingServicesCounty ?wellbeingServicesCounty }
  OPTIONAL { ?row sote:hospitalDistrict ?hospitalDistrict }
}"""

_LABELS = _PREFIXES + """SELECT ?entity ?label WHERE {
  { ?entity skos:prefLabel ?label } UNION { ?entity a owl:Class ; rdfs:label ?label }
}"""

_SUB_ORGANISATIONS = _PREFIXES + """SELECT ?unit ?organisation WHERE { ?unit sote:subOrganisationOf+ ?organisation }"""

_SUBCLASSES = _PREFIXES + f"""SELECT ?class ?super WHERE {{
  ?class rdfs:subClassOf+ ?super .
  FILTER(STRSTARTS(STR(?class), "{SOTE_BASE}"))
}}"""


@dataclass(frozen=True)
class Tie:
    """An actor's tie to a project or group; years None when unknown; `via` the sub-unit it came through."""

    actor: str
    container: str
    role: str | None
    start: int | None
    end: int | None
    via: str | None = None

    def active(self, year_from: int | None, year_to: int | None) -> bool:
        """Whether the tie overlaps [year_from, year_to]; without a period every tie is active."""
        if year_from is None and year_to is None:
            return True
        if self.start is None and self.end is None:
            return False
        starts_in_time = year_to is None or self.start is None or self.start <= year_to
        lasts_long_enough = year_from is None or self.end is None or self.end >= year_from
        return starts_in_time and lasts_long_enough


@dataclass(frozen=True)
class Container:
    """A project or group: kind "project" or "group", its period, ancestors and what it is about."""

    iri: str
    kind: str
    start: int | None
    end: int | None
    ancestors: tuple[str, ...]
    themes: frozenset[str]
    funders: frozenset[str]


@dataclass(frozen=True)
class Actor:
    """An actor: its rdf:types (with superclasses), most specific type, and containing areas."""

    iri: str
    types: frozenset[str]
    type: str | None
    areas: frozenset[str]
    region: str | None


@dataclass
class NetworkData:
    """Everything the projections read; `classification_year` is the one used for actors' areas."""

    actors: dict[str, Actor]
    containers: dict[str, Container]
    ties: list[Tie]
    posts: list[Tie]
    labels: dict[str, str]
    subclasses: dict[str, frozenset[str]]
    classification_year: int | None
    classification_years: tuple[int, ...] = ()
    municipalities_by_area: dict[str, frozenset[str]] = field(default_factory=dict)
    #: organisation → its units, transitively (sote:subOrganisationOf)
    units: dict[str, frozenset[str]] = field(default_factory=dict)

    def label(self, iri: str | None) -> str | None:
        """The preferred label (fi, else en, sv, any), else the IRI's last path segment."""
        if iri is None:
            return None
        return self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def with_subclasses(self, classes: frozenset[str]) -> frozenset[str]:
        """`classes` and all their subclasses known to the ontology graph."""
        result = set(classes)
        for sub, supers in self.subclasses.items():
            if supers & classes:
                result.add(sub)
        return frozenset(result)




_TSV = "text/tab-separated-values"
#: A literal in a SPARQL TSV result: its escaped lexical form, then a language tag or a datatype IRI.
_TSV_LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>]*>)?', re.DOTALL)
_TSV_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}
_TSV_ESCAPE = re.compile(r"\\(.)")

Term = tuple[str, str | None]


def _tsv_term(text: str) -> Term | None:
    """(value, language) of one TSV cell: an IRI without brackets, a literal's lexical form, a blank node's id."""
    if not text:
        return None
    if text[0] == "<":
        return text[1:-1], None
    if text[0] == '"':
        found = _TSV_LITERAL.fullmatch(text)
        if found is None:
            return text, None
        value = found.group(1)
        if "\\" in value:
            value = _TSV_ESCAPE.sub(lambda escape: _TSV_ESCAPES.get(escape.group(1), escape.group(0)), value)
        return value, found.group(2)
    return (text[2:], None) if text.startswith("_:") else (text, None)


def _tsv(store: Store, sparql: str) -> Iterable[list[Term | None]]:
    """The rows of a SELECT as (value, language) cells read from the store's TSV result (None = unbound)."""
    body, _ = store.query_serialized(sparql, _TSV)
    lines = body.decode("utf-8").split("\n")
    return ([_tsv_term(cell) for cell in line.rstrip("\r").split("\t")] for line in lines[1:] if line)


def _values(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT as plain strings (IRIs, lexical forms), None where unbound."""
    return [tuple(None if cell is None else cell[0] for cell in row) for row in _tsv(store, sparql)]


def _text(term: object) -> str | None:
    return None if term is None else str(term)


def _year(term: object) -> int | None:
    """An integer year from an xsd:integer (or a date's first four digits); None when absent or odd."""
    if term is None:
        return None
    text = str(term)
    try:
        return int(text[:4]) if len(text) >= 10 and text[4] == "-" else int(text)
    except ValueError:
        return None


def _labels(store: Store) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for entity, label in _tsv(store, _LABELS):
        if entity is None or label is None:
            continue
        text, language = label
        rank = language_rank(language, "fi")
        key = entity[0]
        if key not in best or (rank, text) < best[key]:
            best[key] = (rank, text)
    return {key: label for key, (_, label) in best.items()}


def _subclasses(store: Store) -> dict[str, frozenset[str]]:
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _values(store, _SUBCLASSES):
        supers[str(sub)].add(str(sup))
    return {sub: frozenset(values) for sub, values in supers.items()}


def _containers(store: Store) -> dict[str, Container]:
    kinds: dict[str, str] = {}
    years: dict[str, tuple[int | None, int | None]] = {}
    project_classes = {str(iri) for iri in PROJECT_CLASSES}
    for container, type_, start, end in _values(store, _CONTAINERS):
        key = str(container)
        kinds[key] = "project" if str(type_) in project_classes else kinds.get(key, "group")
        years[key] = (_year(start), _year(end))
    parents: dict[str, set[str]] = defaultdict(set)
    themes: dict[str, set[str]] = defaultdict(set)
    funders: dict[str, set[str]] = defaultdict(set)
    targets = {"parent": parents, "theme": themes, "funder": funders}
    for container, relation, value in _values(store, _CONTAINER_LINKS):
        targets[str(relation)][str(container)].add(str(value))

    def ancestors(iri: str) -> tuple[str, ...]:
        seen: list[str] = []
        frontier = sorted(parents.get(iri, ()))
        while frontier:
            parent = frontier.pop(0)
            if parent in kinds and parent not in seen and parent != iri:
                seen.append(parent)
                frontier.extend(sorted(parents.get(parent, ())))
        return tuple(seen)

    return {iri: Container(iri, kind, *years[iri], ancestors(iri), frozenset(themes.get(iri, ())),
                           frozenset(funders.get(iri, ())))
            for iri, kind in kinds.items()}


#: (actor, container, role, start, end, date) of one tie as the store holds it.
TieRow = tuple[str, str, str | None, str | None, str | None, str | None]


def _tie_rows(store: Store) -> list[TieRow]:
    """(actor, container, role, start, end, date) rows of `_TIES`, in a stable order."""
    rows: list[TieRow] = [(actor, container, role, start, end, date)
                          for actor, container, role, start, end, date in _values(store, _TIES)
                          if actor is not None and container is not None]
    return sorted(rows, key=lambda row: tuple(value or "" for value in row))


def _ties(rows: list[TieRow], containers: dict[str, Container]) -> tuple[list[Tie], list[Tie]]:
    """Ties to containers (with derived ties to ancestors) and the remaining memberships (posts)."""
    direct: dict[tuple[str, str, str | None], Tie] = {}
    posts: list[Tie] = []
    for actor, container, role, start, end, date in rows:
        key = container
        start_year, end_year = _year(start), _year(end)
        if date is not None:
            start_year = end_year = _year(date)
        target = containers.get(key)
        if target is None:
            posts.append(Tie(actor, key, role, start_year, end_year))
            continue
        if start_year is None and end_year is None:
            start_year, end_year = target.start, target.end
        tie = Tie(actor, key, role, start_year, end_year)
        previous = direct.get((tie.actor, key, tie.role))
        direct[(tie.actor, key, tie.role)] = tie if previous is None else _widen(previous, tie)
    ties = list(direct.values())
    own = {(tie.actor, tie.container) for tie in ties}
    for tie in list(ties):
        for ancestor in containers[tie.container].ancestors:
            if (tie.actor, ancestor) not in own:
                ties.append(Tie(tie.actor, ancestor, tie.role, tie.start, tie.end, via=tie.container))
    return ties, posts


def _widen(a: Tie, b: Tie) -> Tie:
    """One tie spanning two periods of the same actor, container and role (meetings of many years)."""
    start = None if a.start is None or b.start is None else min(a.start, b.start)
    end = None if a.end is None or b.end is None else max(a.end, b.end)
    return Tie(a.actor, a.container, a.role, start, end, a.via)


def _classification(store: Store, year: int | None) -> tuple[int | None, tuple[int, ...], dict[str, frozenset[str]]]:
    """Chosen year, all years, and for each municipality the areas containing it that year."""
    rows = _values(store, _CLASSIFICATIONS)
    years = tuple(sorted({found for row in rows if (found := _year(row[0])) is not None}))
    if year is None:
        chosen = years[-1] if years else None
    else:
        earlier = [candidate for candidate in years if candidate <= year]
        chosen = earlier[-1] if earlier else (years[0] if years else None)
    areas: dict[str, frozenset[str]] = {}
    for row in rows:
        if _year(row[0]) == chosen:
            areas[str(row[1])] = frozenset(str(term) for term in row[1:] if term is not None)
    return chosen, years, areas


def _area_containment(municipal_areas: dict[str, frozenset[str]]) -> tuple[dict[str, frozenset[str]],
                                                                             dict[str, frozenset[str]]]:
    """Areas containing each area (itself included), and the municipalities of each area."""
    members: dict[str, set[str]] = defaultdict(set)
    for municipality, areas in municipal_areas.items():
        for area in areas:
            members[area].add(municipality)
    containing: dict[str, frozenset[str]] = dict(municipal_areas)
    for area, municipalities in members.items():
        if area not in municipal_areas:
            common = frozenset.intersection(*(municipal_areas[m] for m in municipalities))
            containing[area] = common - municipalities | {area}
    return containing, {area: frozenset(ms) for area, ms in members.items()}


def _most_specific(types: frozenset[str], subclasses: dict[str, frozenset[str]]) -> str | None:
    sote_types = sorted(t for t in types if t.startswith(_SOTE_NS))
    if subclasses:
        candidates = [t for t in sote_types if not any(t in subclasses.get(other, ()) for other in sote_types)]
    else:
        candidates = [t for t in sote_types if t not in _GENERAL_CLASSES] or sote_types
    return candidates[0] if candidates else None


def _actors(store: Store, subclasses: dict[str, frozenset[str]], containing: dict[str, frozenset[str]],
            region_iris: frozenset[str], posts: list[Tie]) -> dict[str, Actor]:
    """The typed actors of every tie or membership with their types (and superclasses) and areas."""
    types: dict[str, set[str]] = defaultdict(set)
    for actor, type_ in _values(store, _ACTOR_TYPES):
        if actor is not None and type_ is not None:
            types[actor].add(type_)
            types[actor].update(subclasses.get(type_, ()))
    located: dict[str, set[str]] = defaultdict(set)
    operates: dict[str, set[str]] = defaultdict(set)
    for place_of, relation, area in _values(store, _PLACES):
        (located if relation == "located" else operates)[str(place_of)].add(str(area))

    def own_places(iri: str) -> set[str]:
        return located.get(iri) or operates.get(iri) or ({iri} if iri in containing else set())

    post_places: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        post_places[post.actor] |= own_places(post.container)
    actors = {}
    for iri, actor_types in types.items():
        places = own_places(iri) or post_places.get(iri, set())
        areas = frozenset().union(*(containing.get(place, frozenset({place})) for place in places))
        regions = sorted(areas & region_iris)
        actors[iri] = Actor(iri, frozenset(actor_types), _most_specific(frozenset(actor_types), subclasses),
                            areas, regions[0] if len(regions) == 1 else None)
    return actors


def load_network_data(store: Store, classification_year: int | None = None) -> NetworkData:
    """Fetch ties, containers, actors, areas and labels from `store` (a handful of queries).

    Parameters
    ----------
    store : the sotegraph store (its default graph is the union of all named graphs).
    classification_year : area classification used for actors' regions; None → newest in the
        graph; a year between classifications → the newest classification not after it.
    """
    subclasses = _subclasses(store)
    containers = _containers(store)
    ties, posts = _ties(_tie_rows(store), containers)
    chosen, years, municipal_areas = _classification(store, classification_year)
    containing, municipalities = _area_containment(municipal_areas)
    region_rows = _values(store, _PREFIXES + "SELECT DISTINCT ?r WHERE { ?r a sote:Region }")
    region_iris = frozenset(row[0] for row in region_rows if row[0] is not None)
    actors = _actors(store, subclasses, containing, region_iris, posts)
    units: dict[str, set[str]] = defaultdict(set)
    for unit, organisation in _values(store, _SUB_ORGANISATIONS):
        if unit is not None and organisation is not None:
            units[organisation].add(unit)
    return NetworkData(actors, containers, ties, posts, _labels(store), subclasses, chosen, years, municipalities,
                       {organisation: frozenset(members) for organisation, members in units.items()})
