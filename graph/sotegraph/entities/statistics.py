"""The store's headline figures: triples per named graph and instances per class (CLI `stats`, home page)."""

from __future__ import annotations

from typing import Any

from sotegraph.store import Store
from sotegraph.vocab import SOTE_BASE

_CLASS_COUNTS = """SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE { ?entity a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class"""
_PREFIXES = {SOTE_BASE: "sote:", "http://www.w3.org/2002/07/owl#": "owl:",
             "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:",
             "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "http://www.w3.org/ns/org#": "org:",
             "http://xmlns.com/foaf/0.1/": "foaf:", "https://schema.org/": "schema:",
             "http://purl.org/dc/terms/": "dcterms:", "http://www.w3.org/ns/shacl#": "sh:",
             "http://www.w3.org/ns/dcat#": "dcat:"}


def compact(iri: str) -> str:
    """`iri` shortened with a well-known prefix, for tables."""
    for namespace, prefix in _PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def store_figures(store: Store) -> dict[str, Any]:
    """{store, triples, graphs: [{graph, triples}], classes: [{class, name, instances}]}."""
    counts = store.graph_counts()
    classes = store.select(_CLASS_COUNTS)
    return {"store": store.location, "triples": sum(counts.values()),
            "graphs": [{"graph": graph or "(default graph)", "triples": count} for graph, count in counts.items()],
            "classes": [{"class": str(row["class"]), "name": compact(str(row["class"])),
                         "instances": int(str(row["n"]))} for row in classes.dicts()]}
