"""Everything the graph says about one entity, with labels and sources, for pages and panels.

`describe(store, iri, lang)` reads the entity's own statements and every node that points at it —
qualified relations (participations, memberships, fundings, area classifications…) with all
their statements, so a role, a period or a source document is never lost. `summarise` groups
those relations the way a reader asks about an actor or project: projects, funding, networks
and groups, people and posts, and the source documents behind them.
Labels are chosen in the reader's language, then Finnish, then English, then any.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from sotegraph.binding import term_text
from sotegraph.store import SelectResult, Store
from sotegraph.vocab import SOTE

#: Rows fetched about the nodes pointing at an entity (a document or a region can have thousands).
INCOMING_LIMIT = 5000
_LABEL_PATH = "skos:prefLabel|rdfs:label|dcterms:title|skos:altLabel"
_PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The subject is written into the text with binding.term_text (IRI checked): bindings would not reach
# the sub-select, which SPARQL evaluates on its own, nor a CONSTRUCT.
_OUTGOING = _PREFIXES + f"""SELECT ?p ?o ?plabel ?olabel WHERE {{
  {{subject}} ?p ?o .
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{ ?o {_LABEL_PATH} ?olabel }}
}}"""
_INCOMING = _PREFIXES + f"""SELECT ?r ?via ?vialabel ?p ?o ?plabel ?olabel WHERE {{
  {{ SELECT DISTINCT ?r ?via WHERE {{ ?r ?via {{subject}} }} LIMIT {INCOMING_LIMIT // 10} }}
  ?r ?p ?o .
  OPTIONAL {{ ?via rdfs:label ?vialabel }}
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{ ?o {_LABEL_PATH} ?olabel }}
}} LIMIT {INCOMING_LIMIT}"""


@dataclass(frozen=True)
class Term:
    """A value: an IRI (`iri` set, `text` its label) or a literal (`text`, `datatype`, `lang`)."""

    text: str
    iri: str | None = None
    datatype: str | None = None
    lang: str | None = None


@dataclass
class Fact:
    """One statement about the subject: predicate (with its label) and value."""

    predicate: str
    predicate_label: str
    value: Term


@dataclass
class Relation:
    """A node pointing at the entity through `via` (usually a qualified relation), with its statements."""

    iri: str
    via: str
    via_label: str
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

    @property
    def exists(self) -> bool:
        return bool(self.facts or self.relations)

    def sources(self) -> list[Term]:
        """Source documents of the entity and of every relation, each once, in order of appearance."""
        seen: dict[str, Term] = {}
        for fact in [*self.facts, *(fact for relation in self.relations for fact in relation.facts)]:
            if fact.predicate == str(PROV.wasDerivedFrom) and fact.value.iri not in seen:
                seen[str(fact.value.iri)] = fact.value
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sources": [asdict(term) for term in self.sources()]}


class _Labels:
    """Collects label literals per IRI and picks one in the preferred language."""

    def __init__(self, lang: str) -> None:
        self.order = (lang, "fi", "en", "", None)
        self.found: dict[str, dict[str | None, str]] = {}

    def add(self, iri: object, label: object) -> None:
        if isinstance(label, Literal):
            self.found.setdefault(str(iri), {}).setdefault(label.language, str(label))

    def get(self, iri: str) -> str | None:
        options = self.found.get(iri)
        if not options:
            return None
        for language in self.order:
            if language in options:
                return options[language]
        return next(iter(options.values()))


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


def describe(store: Store, iri: str, lang: str = "fi") -> Description:
    """All statements about `iri` and about the nodes pointing at it, labelled in `lang`."""
    subject = URIRef(iri)
    labels = _Labels(lang)
    written = term_text(subject)
    outgoing = list(_select(store, _OUTGOING.replace("{subject}", written)).dicts())
    incoming = list(_select(store, _INCOMING.replace("{subject}", written)).dicts())
    for row in [*outgoing, *incoming]:
        labels.add(row["p"], row.get("plabel"))
        labels.add(row["o"], row.get("olabel"))
        if "via" in row:
            labels.add(row["via"], row.get("vialabel"))
    own_labels = _Labels(lang)
    for row in outgoing:
        if str(row["p"]) in {"http://www.w3.org/2004/02/skos/core#prefLabel",
                             "http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title"}:
            own_labels.add(subject, row["o"])
    facts = _dedupe(Fact(str(row["p"]), labels.get(str(row["p"])) or _local_name(str(row["p"])),
                         _term(row["o"], labels)) for row in outgoing)
    relations: dict[tuple[str, str], Relation] = {}
    for row in incoming:
        key = (str(row["r"]), str(row["via"]))
        relation = relations.get(key)
        if relation is None:
            via = str(row["via"])
            relation = relations[key] = Relation(key[0], via, labels.get(via) or _local_name(via))
        predicate = str(row["p"])
        if predicate == str(RDF.type):
            relation.types.append(_term(row["o"], labels))
        elif not (row["o"] == subject and predicate == relation.via):
            relation.facts.append(Fact(predicate, labels.get(predicate) or _local_name(predicate),
                                       _term(row["o"], labels)))
    for relation in relations.values():
        relation.facts = _dedupe(relation.facts)
        relation.types = list(dict.fromkeys(relation.types))
    types = [fact.value for fact in facts if fact.predicate == str(RDF.type)]
    return Description(iri=iri, label=own_labels.get(iri) or _local_name(iri), types=types,
                       facts=[fact for fact in facts if fact.predicate != str(RDF.type)],
                       relations=sorted(relations.values(), key=lambda r: (r.via_label, r.iri)),
                       truncated=len(incoming) >= INCOMING_LIMIT)


def _years(relation: Relation) -> str:
    start, end = relation.value(SOTE.startYear), relation.value(SOTE.endYear)
    if start and end and start.text != end.text:
        return f"{start.text}–{end.text}"
    return (start or end).text if (start or end) else ""


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
    graph = store.query(query)
    if not isinstance(graph, Graph):
        raise TypeError("a CONSTRUCT query must return a graph")
    return graph


def _select(store: Store, query: str) -> SelectResult:
    result = store.query(query)
    if not isinstance(result, SelectResult):
        raise TypeError("a SELECT query must return rows")
    return result
