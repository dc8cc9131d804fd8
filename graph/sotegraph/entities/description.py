"""Everything the graph says about one entity, with labels and sources, for pages and panels.

`describe(store, iri, lang)` reads the entity's own statements and every node that points at it —
qualified relations (participations, memberships, fundings, area classifications…) with all
their statements, so a role, a period or a source document is never lost. `summarise` groups
those relations the way a reader asks about an actor or project: projects, funding, networks
and groups, people and posts, and the source documents behind them.
Labels are chosen in the reader's language, then Finnish, then English, then any: those of the
store's ontology terms through `term_labels`, those of standard-vocabulary terms (SKOS, PROV, Dublin
Core), which the store does not label, from the `term_names` the caller gives in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from sotegraph.entities.labels import labels_in, pick_label
from sotegraph.store import Store
from sotegraph.store.binding import term_text
from sotegraph.vocab import SOTE

#: Rows fetched about the nodes pointing at an entity (a document or a region can have thousands).
INCOMING_LIMIT = 5000
_LABEL_PATH = "skos:prefLabel|rdfs:label|dcterms:title|skos:altLabel"
#: The predicates naming a node (its heading); alternative names stay facts.
_NAMING = {str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title)}
_PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The subject is written into the text with binding.term_text (IRI checked): bindings would not reach
# the sub-select, which SPARQL evaluates on its own, nor a CONSTRUCT.
_OUTGOING = _PREFIXES + f"""SELECT ?p ?o ?olabel WHERE {{
  {{subject}} ?p ?o .
  OPTIONAL {{ ?o {_LABEL_PATH} ?olabel }}
}}"""
_IDENTIFIERS = _PREFIXES + ("SELECT ?x ?identifier WHERE {{ VALUES ?x {{ {values} }} "
                             "?x dcterms:identifier ?identifier }}")
_INCOMING = _PREFIXES + f"""SELECT ?r ?via ?p ?o ?olabel WHERE {{
  {{ SELECT DISTINCT ?r ?via WHERE {{ ?r ?via {{subject}} }} LIMIT {INCOMING_LIMIT // 10} }}
  ?r ?p ?o .
  OPTIONAL {{ ?o {_LABEL_PATH} ?olabel }}
}} LIMIT {INCOMING_LIMIT}"""


@dataclass(frozen=True)
class Term:
    """A value: an IRI (`iri` set, `text` its label, `identifier` its dcterms:identifier if asked)
    or a literal (`text`, `datatype`, `lang`)."""

    text: str
    iri: str | None = None
    datatype: str | None = None
    lang: str | None = None
    identifier: str | None = None


@dataclass
class Fact:
    """One statement about the subject: predicate (with its label) and value."""

    predicate: str
    predicate_label: str
    value: Term


@dataclass
class Relation:
    """A node pointing at the entity through `via` (usually a qualified relation), with its statements.

    `label` is the node's own name (None for a qualified relation, which has none); its naming
    statements are not repeated among `facts`. `counterpart` is what a qualified relation links the
    entity to (the project of a participation, the group of a membership…), also among `facts`.
    """

    iri: str
    via: str
    via_label: str
    label: str | None = None
    counterpart: Term | None = None
    types: list[Term] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def values(self, predicate: URIRef) -> list[Term]:
        return [fact.value for fact in self.facts if fact.predicate == str(predicate)]

    def value(self, predicate: URIRef) -> Term | None:
        found = self.values(predicate)
        return found[0] if found else None


@dataclass
class Description:
    """An entity: its labels, types, own statements, the nodes pointing at it, and their sources."""

    iri: str
    label: str
    types: list[Term]
    facts: list[Fact]
    relations: list[Relation]
    truncated: bool = False
    #: dcterms:identifier of each source document (a file name), for listing sources.
    identifiers: dict[str, str] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.facts or self.relations)

    def sources(self) -> list[Term]:
        """Source documents of the entity and of every relation, each once, in order of appearance,
        with their identifiers."""
        seen: dict[str, Term] = {}
        for fact in [*self.facts, *(fact for relation in self.relations for fact in relation.facts)]:
            if fact.predicate == str(PROV.wasDerivedFrom) and fact.value.iri not in seen:
                iri = str(fact.value.iri)
                seen[iri] = replace(fact.value, identifier=self.identifiers.get(iri))
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sources": [asdict(term) for term in self.sources()]}


class _Labels:
    """Collects label literals per IRI and picks one in the preferred language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.found: dict[str, dict[str | None, str]] = {}

    def add(self, iri: object, label: object) -> None:
        if isinstance(label, Literal):
            self.found.setdefault(str(iri), {}).setdefault(label.language, str(label))

    def get(self, iri: str) -> str | None:
        return pick_label(self.found.get(iri, {}), self.lang)


def _term(node: object, labels: _Labels) -> Term:
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return Term(text=str(node), datatype=datatype, lang=node.language)
    iri = str(node)
    return Term(text=labels.get(iri) or _local_name(iri), iri=iri)


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _dedupe(facts: Iterable[Fact]) -> list[Fact]:
    seen, unique = set(), []
    for fact in facts:
        key = (fact.predicate, fact.value)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def describe(store: Store, iri: str, lang: str = "fi", term_names: Mapping[str, str] | None = None) -> Description:
    """All statements about `iri` and about the nodes pointing at it, labelled in `lang`.

    Predicates are named by their rdfs:label in the store (the ontology), else by `term_names`
    (names in `lang` of standard-vocabulary terms), else by their local name.
    """
    subject = URIRef(iri)
    labels = _Labels(lang)
    written = term_text(subject)
    outgoing = list(store.select(_OUTGOING.replace("{subject}", written)).dicts())
    incoming = list(store.select(_INCOMING.replace("{subject}", written)).dicts())
    for row in [*outgoing, *incoming]:
        labels.add(row["o"], row.get("olabel"))
    ontology_names = labels_in(store, {str(row["p"]) for row in outgoing + incoming}
                               | {str(row["via"]) for row in incoming}, lang)
    names = {**(term_names or {}), **ontology_names}

    def name(predicate: str) -> str:
        return names.get(predicate) or _local_name(predicate)

    own_labels = _Labels(lang)
    for row in outgoing:
        if str(row["p"]) in _NAMING:
            own_labels.add(subject, row["o"])
    facts = _dedupe(Fact(str(row["p"]), name(str(row["p"])), _term(row["o"], labels)) for row in outgoing)
    relations: dict[tuple[str, str], Relation] = {}
    relation_labels = _Labels(lang)
    for row in incoming:
        key = (str(row["r"]), str(row["via"]))
        relation = relations.get(key)
        if relation is None:
            relation = relations[key] = Relation(key[0], key[1], name(key[1]))
        predicate = str(row["p"])
        if predicate == str(RDF.type):
            relation.types.append(_term(row["o"], labels))
        elif predicate in _NAMING:
            relation_labels.add(relation.iri, row["o"])
        elif not (row["o"] == subject and predicate == relation.via):
            relation.facts.append(Fact(predicate, name(predicate), _term(row["o"], labels)))
    for relation in relations.values():
        relation.label = relation_labels.get(relation.iri)
        if relation.label is None and relation.via in COUNTERPARTS:
            relation.counterpart = relation.value(COUNTERPARTS[relation.via])
        relation.facts = _dedupe(relation.facts)
        relation.types = list(dict.fromkeys(relation.types))
    types = [fact.value for fact in facts if fact.predicate == str(RDF.type)]
    description = Description(iri=iri, label=own_labels.get(iri) or _local_name(iri), types=types,
                              facts=[fact for fact in facts if fact.predicate != str(RDF.type)],
                              relations=sorted(relations.values(),
                                               key=lambda r: (r.via_label, _heading(r), r.iri)),
                              truncated=len(incoming) >= INCOMING_LIMIT)
    description.identifiers = _identifiers(store, [str(term.iri) for term in description.sources()])
    return description


def _heading(relation: Relation) -> str:
    return relation.label or (relation.counterpart.text if relation.counterpart else "")


def _identifiers(store: Store, iris: list[str]) -> dict[str, str]:
    """dcterms:identifier of each IRI that has one."""
    if not iris:
        return {}
    values = " ".join(term_text(URIRef(iri)) for iri in iris)
    return {str(row[0]): str(row[1]) for row in store.select(_IDENTIFIERS.format(values=values)).rows}


def _years(relation: Relation) -> str:
    start, end = relation.value(SOTE.startYear), relation.value(SOTE.endYear)
    if start and end and start.text != end.text:
        return f"{start.text}–{end.text}"
    either = start or end
    return either.text if either else ""


def _entry(relation: Relation, counterpart: URIRef) -> dict[str, Any]:
    other = relation.value(counterpart)
    roles = [term.text for term in relation.values(SOTE.role) + relation.values(SOTE.instrument)]
    amount = relation.value(SOTE.amount)
    currency = relation.value(SOTE.currency)
    return {"relation": relation.iri, "iri": other.iri if other else None,
            "label": other.text if other else relation.iri, "role": ", ".join(roles), "years": _years(relation),
            "amount": f"{float(amount.text):,.0f} {currency.text if currency else ''}".replace(",", " ").strip()
            if amount else "",
            "quote": next((term.text for term in relation.values(SOTE.quote)), ""),
            "sources": [asdict(term) for term in relation.values(PROV.wasDerivedFrom)]}


#: (section, relation type, predicate pointing at the entity, predicate naming the counterpart)
SECTIONS = (
    ("projects", SOTE.Participation, SOTE.participant, SOTE.project),
    ("projects", SOTE.Participation, SOTE.project, SOTE.participant),
    ("funding", SOTE.Funding, SOTE.funder, SOTE.fundedProject),
    ("funding", SOTE.Funding, SOTE.fundedProject, SOTE.funder),
    ("groups", SOTE.Membership, SOTE.member, SOTE.memberOf),
    ("people", SOTE.Membership, SOTE.memberOf, SOTE.member),
)

#: predicate pointing at the entity → predicate naming the counterpart, for qualified relations.
COUNTERPARTS = {str(via): counterpart for _, _, via, counterpart in SECTIONS}


def summarise(description: Description) -> dict[str, Any]:
    """The entity grouped for a side panel: projects, funding, groups, people and posts, sources."""
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in SECTIONS}
    for relation in description.relations:
        type_iris = {term.iri for term in relation.types}
        for name, kind, via, counterpart in SECTIONS:
            if str(kind) in type_iris and relation.via == str(via):
                sections[name].append(_entry(relation, counterpart))
    for entries in sections.values():
        entries.sort(key=lambda entry: (entry["years"], entry["label"]))
    facts = {fact.predicate: fact.value.text for fact in description.facts}
    return {"iri": description.iri, "label": description.label,
            "types": [asdict(term) for term in description.types],
            "located_in": facts.get(str(SOTE.locatedIn), ""), **sections,
            "sources": [asdict(term) for term in description.sources()]}


def to_graph(store: Store, iri: str) -> Graph:
    """The entity's statements and those of the nodes pointing at it, as RDF (for Turtle / JSON-LD)."""
    subject = term_text(URIRef(iri))
    query = f"""CONSTRUCT {{ {subject} ?p ?o . ?r ?rp ?ro }} WHERE {{
      {{ {subject} ?p ?o }} UNION {{ {{ SELECT DISTINCT ?r WHERE {{ ?r ?via {subject} }} LIMIT {INCOMING_LIMIT // 10} }}
                                  ?r ?rp ?ro }}
    }}"""
    return store.construct(query)


