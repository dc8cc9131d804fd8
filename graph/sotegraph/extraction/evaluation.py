"""Leave-one-document-out evaluation of extraction against the curated graph (read at run time).

For a document D: the *held-out graph* is the bundled graph without D's facts — every curated node
derived from D alone is dropped with all its triples, and D is dropped from the provenance of nodes
that other documents support too. Extraction runs against that graph and is compared with D's
curated facts:

- mentions: the known entities (still in the held-out graph) that D's facts name — the nodes
  derived from D and every entity those nodes point at — against the known entities extraction
  linked a mention to (recall); precision is judged inside the passages D's facts quote;
- new entities: the entities derived from D alone, matched to a proposal by IRI or by any label
  (case-, accent- and inflection-insensitive: the same base form; or a proposal of three words or
  more, or one hyphenated compound, that ends a curated label);
- links: D's participations and memberships as (actor, project or group, role); a proposal's new
  entities are first mapped to the curated entities they matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from sotegraph.extraction.extractor import Extraction
from sotegraph.extraction.gazetteer import MENTIONED_CLASSES, Gazetteer, name_stems, normalise
from sotegraph.vocab import ID_BASE, SOTE

_LINK_PARTS = {SOTE.Participation: (SOTE.participant, SOTE.project),
               SOTE.Membership: (SOTE.member, SOTE.memberOf)}


@dataclass(frozen=True)
class Gold:
    """D's curated facts: known entities it names, its own new entities (with labels), its links."""

    mentions: frozenset[URIRef]
    quotes: tuple[str, ...]
    entities: dict[URIRef, frozenset[str]]
    links: frozenset[tuple[URIRef, URIRef, URIRef]]


@dataclass(frozen=True)
class Score:
    """Precision and recall of one kind of fact: true positives, proposed, expected."""

    hits: int
    proposed: int
    expected: int
    found: int | None = None  # expected facts found anywhere (mentions: also outside curated passages)

    @property
    def precision(self) -> float:
        return self.hits / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        found = self.hits if self.found is None else self.found
        return found / self.expected if self.expected else 1.0

    def __add__(self, other: Score) -> Score:
        found = None if self.found is None or other.found is None else self.found + other.found
        return Score(self.hits + other.hits, self.proposed + other.proposed, self.expected + other.expected, found)


def derived_only_from(full: Graph, document: URIRef) -> set[URIRef]:
    """Curated nodes whose only source is `document`."""
    sources: dict[URIRef, set[URIRef]] = defaultdict(set)
    for node, source in full.subject_objects(PROV.wasDerivedFrom):
        if isinstance(node, URIRef) and isinstance(source, URIRef):
            sources[node].add(source)
    return {node for node, found in sources.items() if found == {document}} | {document}


def held_out_graph(full: Graph, document: URIRef) -> Graph:
    """`full` without `document`'s facts (nodes derived from it alone; it as a source of the others)."""
    dropped = derived_only_from(full, document)
    held = Graph()
    for s, p, o in full:
        if s in dropped or o in dropped or (p == PROV.wasDerivedFrom and o == document):
            continue
        held.add((s, p, o))
    return held


def _mentionable(graph: Graph, node: URIRef, hierarchy: Graph) -> bool:
    for type_ in graph.objects(node, RDF.type):
        for cls in MENTIONED_CLASSES:
            if type_ == cls or (type_, RDFS.subClassOf * "+", cls) in hierarchy:  # type: ignore[operator]
                return True
    return False


def gold_facts(full: Graph, document: URIRef) -> Gold:
    """The curated facts of `document` as the evaluation compares them."""
    hierarchy = Graph()
    for triple in full.triples((None, RDFS.subClassOf, None)):
        hierarchy.add(triple)
    own = derived_only_from(full, document) - {document}
    sourced = {node for node in full.subjects(PROV.wasDerivedFrom, document) if isinstance(node, URIRef)}
    named = set(sourced)
    for node in sourced:
        named |= {o for o in full.objects(node, None) if isinstance(o, URIRef) and str(o).startswith(ID_BASE)}
    mentions = frozenset(n for n in named - own if _mentionable(full, n, hierarchy))
    entities = {n: frozenset(str(label) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
                             for label in full.objects(n, p))
                for n in own if _mentionable(full, n, hierarchy)}
    links = set()
    for cls, (actor_property, target_property) in _LINK_PARTS.items():
        for node in sourced:
            if (node, RDF.type, cls) in full:
                actor, target, role = (full.value(node, actor_property), full.value(node, target_property),
                                       full.value(node, SOTE.role))
                if isinstance(actor, URIRef) and isinstance(target, URIRef) and isinstance(role, URIRef):
                    links.add((actor, target, role))
    quotes = tuple(sorted({part.strip() for node in sourced for quote in full.objects(node, SOTE.quote)
                           for part in str(quote).split("…") if part.strip()}))
    return Gold(mentions, quotes, entities, frozenset(links))


def _forms(label: str, gazetteer: Gazetteer) -> set[str]:
    """A label's comparable forms: normalised, without a '-hanke' tail, last word in its base forms."""
    norm = normalise(label).replace(" -hanke", "").replace("-hanke", "").strip()
    words = norm.split(" ")
    forms = {norm}
    if words and words[-1]:
        for last in gazetteer.text_forms(words[-1]) | name_stems(words[-1]):
            forms.add(" ".join(words[:-1] + [normalise(last)]))
    return forms


def _tail_match(forms: set[str], labels: set[str]) -> bool:
    """A proposal that ends a curated label: three words or more, or one hyphenated compound
    ('Lape-tiimi' of 'Pirkanmaan LAPE-tiimi')."""
    return any((len(form.split()) >= 3 or ("-" in form and " " not in form and len(form) >= 8))
               and label.endswith(" " + form) for form in forms for label in labels)


def match_entities(extraction: Extraction, gold: Gold, gazetteer: Gazetteer) -> dict[URIRef, URIRef]:
    """Proposed new entity → the curated entity it is (same IRI, or a shared label form); one to one."""
    gold_forms = {iri: set().union(*(_forms(label, gazetteer) for label in labels)) if labels else set()
                  for iri, labels in gold.entities.items()}
    matched: dict[URIRef, URIRef] = {}
    for entity in extraction.entities:
        if entity.iri in gold.entities and entity.iri not in matched.values():
            matched[entity.iri] = entity.iri
            continue
        forms = _forms(entity.label, gazetteer) | _forms(entity.quote, gazetteer)
        for iri, labels in gold_forms.items():
            if iri not in matched.values() and (forms & labels or _tail_match(forms, labels)):
                matched[entity.iri] = iri
                break
    return matched


def curated_passages(text: str, quotes: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every curated quote found verbatim (spaces collapsed) in `text`."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()))
        spans.extend((match.start(), match.end()) for match in pattern.finditer(text))
    return spans


def score(extraction: Extraction, gold: Gold, gazetteer: Gazetteer) -> dict[str, Score]:
    """Precision/recall of mentions (all known kinds, and actors only), new entities, links and link pairs.

    Mentions: recall over the known entities the curated facts name; precision over the mentions
    inside the passages the curated facts quote (the text the curators read and modelled: a list of
    "similar pages" or a region's municipalities that no fact uses has no gold to judge against).
    """
    passages = curated_passages(extraction.document.text, gold.quotes)
    judged = [m for m in extraction.mentions if m.known and any(s <= m.start and m.end <= e for s, e in passages)]
    known = {m.iri for m in judged}
    actors = {m.iri for m in judged if m.kind in {"actor", "area"}}
    found = {m.iri for m in extraction.mentions if m.known}
    gold_actors = {iri for iri in gold.mentions
                   if iri in gazetteer.entries and gazetteer.entries[iri].kind in {"actor", "area"}}
    matched = match_entities(extraction, gold, gazetteer)
    links = {(matched.get(link.actor, link.actor), matched.get(link.target, link.target), link.role)
             for link in extraction.links}
    pairs = {(actor, target) for actor, target, _ in links}
    gold_pairs = {(actor, target) for actor, target, _ in gold.links}
    return {
        "mentions": Score(len(known & gold.mentions), len(known), len(gold.mentions),
                          len(found & gold.mentions)),
        "mentions of actors": Score(len(actors & gold_actors), len(actors), len(gold_actors),
                                    len({m.iri for m in extraction.mentions if m.known} & gold_actors)),
        "new entities": Score(len(matched), len(extraction.entities), len(gold.entities)),
        "links": Score(len(links & gold.links), len(links), len(gold.links)),
        "link pairs": Score(len(pairs & gold_pairs), len(pairs), len(gold_pairs)),
    }
