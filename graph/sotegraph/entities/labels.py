"""Labels in the reader's language: the one rule for choosing among languages, and labels from the store.

`pick_label` and `language_rank` are the rule every part of sotegraph uses: the reader's language,
then Finnish (the language of the documents), English, Swedish, no language tag, then any.

The projections (`sotegraph.network.projections`) label nodes, types and roles once, Finnish first (the
cached graph is shared by every reader). Pages in English relabel what they show — the types on
screen, the projects two actors share, the hops of a path — with `labels_in` (one query for the
IRIs asked) and translate role texts with `role_names`: the ontology and concept labels @fi/@en
are in the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from sotegraph.store import Store
from sotegraph.store.binding import term_text
from sotegraph.vocab import sparql_prefixes

_PREFIXES = sparql_prefixes("skos", "rdfs", "sote")
_ROLES = _PREFIXES + "SELECT DISTINCT ?role WHERE { [] sote:role ?role FILTER(isIRI(?role)) }"
#: IRIs per query (a hub's partner list can be long).
CHUNK = 500
#: The languages tried after the reader's own, in order ("" = no language tag).
FALLBACK_LANGUAGES = ("fi", "en", "sv", "")

_Value = TypeVar("_Value")


def language_rank(language: str | None, lang: str) -> int:
    """How well text in `language` (None or "" = untagged) suits a reader of `lang`: 0 is best."""
    order = (lang, *FALLBACK_LANGUAGES)
    tag = language or ""
    return order.index(tag) if tag in order else len(order)


def pick_label(by_language: Mapping[str, _Value] | Mapping[str | None, _Value], lang: str) -> _Value | None:
    """The value for `lang`, else Finnish, English, Swedish, untagged, else the first; None if empty.

    >>> pick_label({"en": "Project", "fi": "Hanke"}, "sv")
    'Hanke'
    """
    if not by_language:
        return None
    return min(by_language.items(), key=lambda item: language_rank(item[0], lang))[1]




def graph_label(graph: Graph, term: Node, lang: str) -> str | None:
    """The rdfs:label of `term` in `graph` for `lang` (`pick_label`); None if it has none."""
    return pick_label({label.language: str(label) for label in graph.objects(term, RDFS.label)
                       if isinstance(label, Literal)}, lang)


def labels_in(store: Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    """A label per IRI (skos:prefLabel or rdfs:label) in `lang`, else Finnish, English, Swedish, any.

    IRIs without a label are left out.
    """
    wanted = sorted(set(iris))
    best: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        values = " ".join(term_text(URIRef(iri)) for iri in wanted[start:start + CHUNK])
        query = _PREFIXES + f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x skos:prefLabel|rdfs:label ?label }}"
        for iri, label in store.select(query).rows:
            language = label.language if isinstance(label, Literal) else None
            key = (language_rank(language, lang), str(label))
            if str(iri) not in best or key < best[str(iri)]:
                best[str(iri)] = key
    return {iri: label for iri, (_, label) in best.items()}


def role_names(store: Store, stored_label: Callable[[str], str | None],
               lang: str) -> Callable[[str | None], str | None]:
    """Translate role texts as the projections write them (`stored_label` of each role, joined with ', ').

    `stored_label` is how the projection labelled a role IRI (`NetworkData.label`). Unknown texts
    are returned unchanged.
    """
    roles = [str(row[0]) for row in store.select(_ROLES).rows]
    wanted = labels_in(store, roles, lang)
    names = {stored: wanted[iri] for iri in roles if iri in wanted and (stored := stored_label(iri))}

    def translate(text: str | None) -> str | None:
        if text is None or text in names:
            return None if text is None else names[text]
        return ", ".join(sorted(names.get(part, part) for part in text.split(", ")))

    return translate
