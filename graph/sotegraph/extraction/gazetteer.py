"""The graph's own labels as a gazetteer: known actors, projects, groups, areas and events in a text.

Labels and types are read from the store (or any rdflib graph), so new entities and classes in the
graph are found without a code change. A label matches a run of words when each word matches in
some inflected form: the same word, a shared base form from the morphological analyser, or — for
names no dictionary knows ("Pikassoksen", "XAMKin", "THL:n", "Junnolla") — a case ending stripped
by the stem rules below. A capitalised label only matches capitalised words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from sotegraph.entities.names import normalise as _normalise
from sotegraph.extraction.morphology import Analyser
from sotegraph.store import Store
from sotegraph.vocab import ID_BASE, SOTE, SOTE_BASE

#: The classes whose members extraction looks for, and each one's kind of mention.
MENTIONED_CLASSES = {SOTE.Organisation: "actor", SOTE.Person: "person", SOTE.Group: "group",
                     SOTE.Project: "project", SOTE.Programme: "programme", SOTE.Area: "area", SOTE.Event: "event"}
#: Roles (the `id/role/…` concepts) are read too, as the kind "role": their labels are job titles.
ROLE_PREFIX = f"{ID_BASE}role/"
_LABELS = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
_CLITICS = ("kin", "kaan", "kään")
_ENDINGS = tuple(sorted(
    (
        "n", "in", "en", "an", "än", "on", "ön", "un", "yn", "seen", "hin", "han", "hen", "hön", "hon", "iin",
        "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "na", "nä", "ta", "tä", "tta",
        "ttä", "a", "ä", "t", "ja", "jä", "ineen"
    ), key=len, reverse=True))
_STEM_RULES = (("kse", "s"), ("kse", "ks"), ("se", "nen"), ("e", "i"), ("e", "ki"), ("ee", "e"), (":", ""),
               ("de", "ti"), ("nne", "nti"), ("lle", "lti"), ("mme", "nti"), ("e", "e"))
#: `sotegraph.entities.names.normalise`, remembered: extraction normalises the same words many times.
normalise = lru_cache(maxsize=1 << 17)(_normalise)
TOKEN = re.compile(r"[^\W_](?:[\w\-‑:’'&.]*[^\W_])?")


@dataclass(frozen=True)
class Entry:
    """A known entity: IRI, preferred label, kind of mention and its classes."""

    iri: URIRef
    label: str
    kind: str
    types: frozenset[URIRef]


@dataclass(frozen=True)
class Token:
    """A word of the text with its character offsets."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The words of `text` with offsets (hyphenated words and 'THL:n' stay one word)."""
    return [Token(m.group(0).rstrip("."), m.start(), m.start() + len(m.group(0).rstrip(".")))
            for m in TOKEN.finditer(text)]


def name_stems(word: str) -> set[str]:
    """Nominative candidates of an inflected name by stripping a case ending ('Pikassoksen' → 'pikassos')."""
    norm = normalise(word)
    candidates = {norm}
    for clitic in _CLITICS:
        if norm.endswith(clitic) and len(norm) > len(clitic) + 2:
            candidates.add(norm[: -len(clitic)])
    for base in list(candidates):
        for ending in _ENDINGS:
            if base.endswith(ending) and len(base) - len(ending) >= 2:
                stem = base[: -len(ending)]
                candidates.add(stem)
                for tail, replacement in _STEM_RULES:
                    if stem.endswith(tail):
                        candidates.add(stem[: len(stem) - len(tail)] + replacement)
    return candidates


class Gazetteer:
    """Known entities by the words of their labels; `find` yields every label match in a token list."""

    def __init__(self, entries: Iterable[tuple[Entry, str]], analyser: Analyser) -> None:
        self.analyser = analyser
        self.entries: dict[URIRef, Entry] = {}
        self._by_first: dict[str, list[tuple[tuple[frozenset[str], ...], bool, str, Entry]]] = defaultdict(list)
        for entry, label in entries:
            self.entries[entry.iri] = entry
            words = [token.text for token in tokens(label)]
            if not words or len(normalise(label)) < 3:
                continue
            forms = tuple(self.label_forms(word) for word in words)
            capital = label[:1].isupper()
            for key in forms[0]:
                self._by_first[key].append((forms, capital, label, entry))

    def label_forms(self, word: str) -> frozenset[str]:
        """A label word's own form and its base forms, normalised."""
        return frozenset({normalise(word)} | {normalise(base) for base in self.analyser.baseforms(word)})

    def text_forms(self, word: str) -> frozenset[str]:
        """Every form a text word may stand for: itself, its base forms, and name stems if capitalised."""
        forms = {normalise(word)} | {normalise(base) for base in self.analyser.baseforms(word)}
        if word[:1].isupper() or any(ch.isdigit() for ch in word):
            forms |= name_stems(word)
        return frozenset(forms)

    def find(self, words: list[Token]) -> Iterator[tuple[int, int, str, Entry, bool]]:
        """(first token, end token, matched label, entry, exact) for every label match in `words`."""
        forms = [self.text_forms(token.text) for token in words]
        for index, token_forms in enumerate(forms):
            seen: set[tuple[URIRef, int]] = set()
            for key in token_forms:
                for label_forms, capital, label, entry in self._by_first.get(key, ()):
                    end = index + len(label_forms)
                    if end > len(words) or (entry.iri, end) in seen:
                        continue
                    if capital and not words[index].text[:1].isupper():
                        continue
                    if all(label_forms[k] & forms[index + k] for k in range(len(label_forms))):
                        seen.add((entry.iri, end))
                        exact = all(normalise(words[index + k].text) in label_forms[k] for k in range(len(label_forms)))
                        yield index, end, label, entry, exact


def _kind(subject: URIRef, types: set[URIRef], hierarchy: Graph) -> str | None:
    if str(subject).startswith(ROLE_PREFIX):
        return "role"
    for kind_class, kind in MENTIONED_CLASSES.items():
        for type_ in types:
            if type_ == kind_class or (type_, RDFS.subClassOf * "+", kind_class) in hierarchy:  # type: ignore[operator]
                return kind
    return None


def gazetteer_from_graph(graph: Graph, analyser: Analyser) -> Gazetteer:
    """A gazetteer of every labelled entity of a mentioned class in `graph` (which holds the ontology)."""
    hierarchy = Graph()
    for triple in graph.triples((None, RDFS.subClassOf, None)):
        hierarchy.add(triple)
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for subject, type_ in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and isinstance(type_, URIRef) and not str(subject).startswith(SOTE_BASE):
            types[subject].add(type_)
    pairs: list[tuple[Entry, str]] = []
    for subject, subject_types in types.items():
        kind = _kind(subject, subject_types, hierarchy)
        if kind is None:
            continue
        labels = [str(label) for prop in _LABELS for label in graph.objects(subject, prop)]
        if not labels:
            continue
        preferred = next((str(label) for label in graph.objects(subject, SKOS.prefLabel)
                          if getattr(label, "language", None) == "fi"), labels[0])
        entry = Entry(subject, preferred, kind, frozenset(subject_types))
        pairs.extend((entry, label) for label in sorted(set(labels)))
    return Gazetteer(pairs, analyser)


_GAZETTEER_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE {
  { VALUES ?p { skos:prefLabel skos:altLabel rdfs:label rdf:type } ?s ?p ?o }
  UNION { ?s rdfs:subClassOf ?o BIND(rdfs:subClassOf AS ?p) }
}"""


def load_gazetteer(store: Store, analyser: Analyser) -> Gazetteer:
    """The gazetteer of the entities in `store` (labels, types and the class hierarchy in one query)."""
    return gazetteer_from_graph(store.construct(_GAZETTEER_QUERY), analyser)
