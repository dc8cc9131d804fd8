"""Synthetic sote collaboration graphs of any size, for tests and benchmarks.

The graphs follow docs/model.md and conform to the shapes when loaded beside the bundled
reference data: organisations of every type seated in the real municipalities (2021
classification), groups with memberships and roles, people with posts, projects with
sub-projects, goals, funding (funders, instruments, amounts in EUR; sub-project shares never
exceed the parent's amount), participations with roles, meetings and service agreements, all
with `prov:wasDerivedFrom` synthetic source documents. Every key starts with `synth-`, so
nothing collides with curated data. Partners per project follow a power law (Pareto), and
popular actors take part more often (Zipf weights), as in the real network.

How size maps to triples: about `TRIPLES_PER_ACTOR` triples per actor with the default
`projects = actors // ACTORS_PER_PROJECT` (`size_for_triples` inverts it). Actors are the
synthetic organisations, groups and people (45 % / 10 % / 45 %); real municipalities and
wellbeing services counties also take part but are not counted.

Deterministic: the same (actors, projects, seed) gives the same triples in the same order.

>>> actors, projects = size_for_triples(10_000)
>>> sum(1 for _ in generate(actors, projects, seed=1)) in range(8_000, 12_000)
True
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Literal, URIRef

from sotegraph.errors import InputError
from sotegraph.resources import read_resource
from sotegraph.synth.builder import DCT, ID, SOTE, XSD, Builder, Lit, Reference, Statement, Term

#: Bumped whenever the output for a given (actors, projects, seed) changes.
GENERATOR_VERSION = 1
#: Measured average (seed 1, 10 k–100 k actors); see `size_for_triples`.
TRIPLES_PER_ACTOR = 38.0
ACTORS_PER_PROJECT = 4
#: The named graph of the `nq` output.
SYNTH_GRAPH = "https://w3id.org/sotegraph/graph/synthetic"
FORMATS = ("nt", "ttl", "nq")


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The real municipalities and wellbeing services counties of 2021 (shipped package data)."""
    quads = ox.parse(read_resource("data", "reference/reference-2021.ttl"), format=ox.RdfFormat.TURTLE)
    rows: dict[str, dict[str, str]] = {}
    for quad in quads:
        if quad.predicate.value in (SOTE + "municipality", SOTE + "wellbeingServicesCounty"):
            rows.setdefault(quad.subject.value, {})[quad.predicate.value] = quad.object.value
    county_of = {row[SOTE + "municipality"]: row[SOTE + "wellbeingServicesCounty"]
                 for row in rows.values() if len(row) == 2}
    return Reference(tuple(sorted(county_of)), county_of)


@lru_cache(maxsize=1)
def themes() -> tuple[str, ...]:
    """The theme concepts of the shipped vocabulary (IRIs, sorted)."""
    quads = ox.parse(read_resource("ontology", "vocabularies.ttl"), format=ox.RdfFormat.TURTLE)
    return tuple(sorted({quad.subject.value for quad in quads
                         if quad.subject.value.startswith(ID + "theme/")}))


def size_for_triples(target: int) -> tuple[int, int]:
    """(actors, projects) that give about `target` triples: ±15 % at 10 k triples, ±2 % at 1 M (seed-dependent)."""
    if target < 1:
        raise InputError(f"the number of triples must be positive, not {target}")
    actors = max(ACTORS_PER_PROJECT * 2, round(target / TRIPLES_PER_ACTOR))
    return actors, max(1, actors // ACTORS_PER_PROJECT)


def generate(actors: int, projects: int | None = None,
             seed: int = 0) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The synthetic graph as rdflib triples (`projects` defaults to actors // ACTORS_PER_PROJECT)."""
    for subject, predicate, obj in statements(actors, projects, seed):
        term: URIRef | Literal
        if isinstance(obj, Lit):
            term = Literal(obj.value, lang=obj.lang, datatype=URIRef(obj.datatype) if obj.datatype else None)
        else:
            term = URIRef(obj)
        yield URIRef(subject), URIRef(predicate), term


def write(out: str | Path | BinaryIO, actors: int, projects: int | None = None, seed: int = 0,
          fmt: str = "nt") -> int:
    """Write the synthetic graph to a file or binary stream in `fmt` (nt, ttl, nq); returns the triple count."""
    if fmt not in FORMATS:
        raise InputError(f"unknown synthetic output format '{fmt}' (choose from {', '.join(FORMATS)})")
    if isinstance(out, (str, Path)):
        with open(out, "wb") as stream:
            return write(stream, actors, projects, seed, fmt)
    if fmt == "ttl":
        return _write_turtle(out, actors, projects, seed)
    suffix = f" <{SYNTH_GRAPH}> .\n" if fmt == "nq" else " .\n"
    count = 0
    for batch in _batched(statements(actors, projects, seed), 20_000):
        out.write("".join(f"<{s}> <{p}> {_nt(o)}{suffix}" for s, p, o in batch).encode("utf-8"))
        count += len(batch)
    return count


def _write_turtle(out: BinaryIO, actors: int, projects: int | None, seed: int) -> int:
    """Turtle through Oxigraph's serializer, with the usual prefixes."""
    count = 0

    def triples() -> Iterator[ox.Triple]:
        nonlocal count
        for s, p, o in statements(actors, projects, seed):
            count += 1
            yield ox.Triple(ox.NamedNode(s), ox.NamedNode(p), _ox(o))

    prefixes = {"sote": SOTE, "skos": "http://www.w3.org/2004/02/skos/core#",
                "prov": "http://www.w3.org/ns/prov#", "dcterms": DCT, "xsd": XSD}
    prefixes.update({kind: f"{ID}{kind}/" for kind in _KINDS})
    ox.serialize(triples(), out, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return count


_KINDS = ("organisation", "person", "group", "project", "programme", "goal", "participation", "membership",
          "funding", "meeting", "agreement", "document", "municipality", "wellbeing-county", "theme", "role",
          "instrument")


def _ox(term: Term) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    return ox.NamedNode(term)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Term) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, Lit):
        text = f'"{term.value.translate(_ESCAPES)}"'
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def _batched(items: Iterator[Statement], size: int) -> Iterator[list[Statement]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def statements(actors: int, projects: int | None = None, seed: int = 0) -> Iterator[Statement]:
    """The synthetic graph as (subject IRI, predicate IRI, IRI or Lit) in a fixed order."""
    if actors < 1:
        raise InputError(f"the number of actors must be positive, not {actors}")
    projects = max(1, actors // ACTORS_PER_PROJECT) if projects is None else projects
    if projects < 1:
        raise InputError(f"the number of projects must be positive, not {projects}")
    return Builder(actors, projects, random.Random(seed), reference(), themes()).statements()
