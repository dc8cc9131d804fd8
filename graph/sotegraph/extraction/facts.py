"""What extraction proposes: mentions, new entities, links and amounts, each pointing at its passage."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from sotegraph.extraction.reading import Document


@dataclass
class Mention:
    """A word run standing for an entity: known (its IRI in the graph) or proposed new."""

    start: int
    end: int
    text: str
    iri: URIRef
    label: str
    kind: str
    known: bool
    confidence: float
    types: frozenset[URIRef] = frozenset()
    alternatives: tuple[URIRef, ...] = ()


@dataclass
class NewEntity:
    """An entity the graph does not have: its proposed IRI, name, class and the first passage naming it."""

    iri: URIRef
    label: str
    cls: URIRef
    kind: str
    start: int
    end: int
    quote: str
    confidence: float


@dataclass
class Link:
    """A qualified relation between two mentioned entities, with its role and the sentence saying it."""

    relation: str  # "participation" or "membership"
    actor: URIRef
    target: URIRef
    role: URIRef
    start: int
    end: int
    quote: str
    confidence: float
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class Funding:
    """An amount of money for a project named in the same sentence."""

    project: URIRef
    amount: float
    start: int
    end: int
    quote: str
    confidence: float
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class Extraction:
    """Everything proposed for one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: list[NewEntity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    statuses: list[tuple[URIRef, str, int, int, str]] = field(default_factory=list)
