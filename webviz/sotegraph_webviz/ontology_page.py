"""`/ontology`: every class and property of the shipped ontology, and the concept schemes.

Generated from the Turtle files in `ontology/` (read once with importlib.resources): label and
comment in Finnish and English, super-classes / super-properties, domain and range; each term has
an anchor (`/ontology#Participation`) so entity pages can link their types and properties.
The same content is JSON at `/ontology.json`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, jsonify, render_template
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from sotegraph.resources import resource_graph
from sotegraph.vocab import SOTE_BASE

bp = Blueprint("ontology_page", __name__)

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_NAMESPACES = {"http://www.w3.org/2002/07/owl#": "owl:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
               "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://www.w3.org/ns/org#": "org:",
               "http://xmlns.com/foaf/0.1/": "foaf:", "https://schema.org/": "schema:",
               "http://www.w3.org/ns/prov#": "prov:", "http://www.w3.org/2004/02/skos/core#": "skos:",
               "http://purl.org/dc/terms/": "dcterms:", "http://purl.org/cerif/frapo/": "frapo:",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", SOTE_BASE: "sote:"}


def ontology_graph() -> Graph:
    """All shipped ontology files in one rdflib graph."""
    return resource_graph("ontology")


def curie(iri: str) -> str:
    """`sote:Participation`, `xsd:integer`… or the IRI when no prefix fits."""
    for namespace, prefix in _NAMESPACES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    return {(value.language or "") if isinstance(value, Literal) else "": str(value)
            for value in graph.objects(subject, predicate)}


def _refs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[dict[str, str]]:
    return sorted(({"iri": str(value), "curie": curie(str(value)),
                    "anchor": str(value)[len(SOTE_BASE):] if str(value).startswith(SOTE_BASE) else ""}
                   for value in graph.objects(subject, predicate) if isinstance(value, URIRef)),
                  key=lambda ref: ref["curie"])


def _term(graph: Graph, subject: URIRef, kind: str) -> dict[str, Any]:
    iri = str(subject)
    anchor = iri[len(SOTE_BASE):] if iri.startswith(SOTE_BASE) else curie(iri)
    return {"iri": iri, "curie": curie(iri), "anchor": anchor,
            "kind": kind, "label": _texts(graph, subject, RDFS.label), "comment": _texts(graph, subject, RDFS.comment),
            "super": _refs(graph, subject, RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf),
            "domain": _refs(graph, subject, RDFS.domain), "range": _refs(graph, subject, RDFS.range)}


@lru_cache(maxsize=1)
def documentation() -> dict[str, Any]:
    """Classes, properties and concept schemes (with their concepts) of the ontology, sorted by name."""
    graph = ontology_graph()
    classes = [_term(graph, subject, "class") for subject in set(graph.subjects(RDF.type, OWL.Class))
               if isinstance(subject, URIRef)]
    properties = [_term(graph, subject, curie(str(kind)))
                  for kind in PROPERTY_TYPES for subject in set(graph.subjects(RDF.type, kind))
                  if isinstance(subject, URIRef)]
    schemes = []
    for scheme in sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        concepts = [{"iri": str(concept), "label": _texts(graph, concept, SKOS.prefLabel),
                     "definition": _texts(graph, concept, SKOS.definition)}
                    for concept in set(graph.subjects(SKOS.inScheme, scheme))]
        concepts.sort(key=lambda concept: str(concept["iri"]))
        schemes.append({"iri": str(scheme), "label": _texts(graph, scheme, SKOS.prefLabel)
                        or _texts(graph, scheme, RDFS.label), "concepts": concepts})
    return {"classes": sorted(classes, key=lambda term: term["curie"]),
            "properties": sorted(properties, key=lambda term: term["curie"]), "schemes": schemes}


@bp.get("/ontology")
def page() -> str:
    """The ontology documentation page."""
    return render_template("ontology.html", doc=documentation())


@bp.get("/ontology.json")
def as_json() -> Response:
    """The same documentation as JSON."""
    return jsonify({"ok": True, **documentation()})
