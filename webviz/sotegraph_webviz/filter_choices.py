"""The options the explore page's controls offer, read from the store in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sotegraph.entities.labels import language_rank
from sotegraph.network import measures
from sotegraph.store import Store
from sotegraph.vocab import ID, ID_BASE, SOTE_BASE, sparql_prefixes

_PREFIXES = sparql_prefixes("sote", "rdfs", "skos")


@dataclass(frozen=True)
class Choice:
    """One option: the value put in the URL and the text shown."""

    value: str
    label: str
    group: str = ""


def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    return list(store.select(_PREFIXES + query).dicts())


def _pick(rows: list[dict[str, Any]], key: str, lang: str) -> dict[str, dict[str, Any]]:
    """One row per `key`, the one whose label suits `lang` best (`language_rank`)."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row[key])
        current = best.get(iri)
        rank = language_rank(row["label"].language, lang)
        if current is None or rank < language_rank(current["label"].language, lang):
            best[iri] = row
    return best


def short(iri: str) -> str:
    """An IRI as it goes in a URL: `id/…` for data, the local name for ontology classes."""
    if iri.startswith(ID_BASE):
        return "id/" + iri[len(ID_BASE):]
    if iri.startswith(SOTE_BASE):
        return iri[len(SOTE_BASE):]
    return iri


def actor_types(store: Store, lang: str) -> list[Choice]:
    """sote:Actor and its subclasses."""
    rows = _rows(store, "SELECT ?c ?label WHERE { ?c rdfs:subClassOf* sote:Actor ; rdfs:label ?label }")
    return sorted((Choice(short(iri), str(row["label"])) for iri, row in _pick(rows, "c", lang).items()),
                  key=lambda choice: choice.label.casefold())


def areas(store: Store, lang: str) -> list[Choice]:
    """Regions, sub-regions and wellbeing services counties, grouped by kind."""
    kinds = {str(iri): str(row["label"]) for iri, row in _pick(_rows(store, """SELECT ?kind ?label WHERE {
      VALUES ?kind { sote:Region sote:SubRegion sote:WellbeingServicesCounty } ?kind rdfs:label ?label }"""),
        "kind", lang).items()}
    rows = _rows(store, """SELECT DISTINCT ?a ?kind ?label WHERE {
      VALUES ?kind { sote:Region sote:SubRegion sote:WellbeingServicesCounty }
      ?a a ?kind ; skos:prefLabel ?label FILTER(lang(?label) = "fi" || lang(?label) = "en") }""")
    return sorted((Choice(short(iri), str(row["label"]), kinds.get(str(row["kind"]), ""))
                   for iri, row in _pick(rows, "a", lang).items()),
                  key=lambda choice: (choice.group, choice.label.casefold()))


def themes(store: Store, lang: str) -> list[Choice]:
    """The concepts of the themes scheme."""
    rows = _rows(store, f"""SELECT ?c ?label WHERE {{
      ?c skos:inScheme <{ID.scheme}/themes> ; skos:prefLabel ?label }}""")
    return sorted((Choice(short(iri), str(row["label"])) for iri, row in _pick(rows, "c", lang).items()),
                  key=lambda choice: choice.label.casefold())


def classification_years(store: Store) -> list[int]:
    """The classification years present, newest first."""
    rows = _rows(store, "SELECT DISTINCT ?y WHERE { ?c sote:classificationYear ?y }")
    return sorted((int(row["y"]) for row in rows), reverse=True)


def explore_choices(store: Store, lang: str) -> dict[str, Any]:
    """Everything the explore template needs for its controls."""
    return {"actor_types": actor_types(store, lang), "areas": areas(store, lang), "themes": themes(store, lang),
            "years": classification_years(store), "measures": list(measures.MEASURES)}
