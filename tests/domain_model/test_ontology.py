"""The ontology and concept schemes: parse, are documented in fi and en, and match docs/model.md and vocab.py."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VANN, XSD

from repo_paths import REPO_ROOT
from sotegraph.vocab import ID, ONTOLOGY_IRI, SOTE

ROOT = REPO_ROOT
FRAPO_FUNDING = URIRef("http://purl.org/cerif/frapo/Funding")  # checked in SPAROntologies/frapo
# Properties used on many kinds of node, so deliberately without rdfs:domain.
DOMAINLESS = {SOTE.startDate, SOTE.endDate, SOTE.startYear, SOTE.endYear, SOTE.startMonth,
              SOTE.endMonth, SOTE.quote}


def _parse(name: str) -> Graph:
    return Graph().parse(ROOT / "ontology" / name, format="turtle")


ONTOLOGY = _parse("sotegraph.ttl")
VOCABULARIES = _parse("vocabularies.ttl")
CLASSES = sorted(c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
OBJECT_PROPERTIES = sorted(ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty))
DATATYPE_PROPERTIES = sorted(ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty))
TERMS = CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES
CONCEPTS = sorted(VOCABULARIES.subjects(RDF.type, SKOS.Concept))
MODEL_MD = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")


def _languages(graph: Graph, subject, predicate) -> list[str]:
    return sorted(o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language)


def test_ontology_header():
    header = ONTOLOGY.resource(ONTOLOGY_IRI)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ONTOLOGY
    assert header.value(OWL.versionIRI).identifier == URIRef("https://w3id.org/sotegraph/ontology/0.1.0")
    assert str(header.value(OWL.versionInfo)) == "0.1.0"
    assert header.value(DCTERMS.creator) is not None
    assert header.value(DCTERMS.license).identifier == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert _languages(ONTOLOGY, ONTOLOGY_IRI, DCTERMS.title) == ["en", "fi"]
    assert _languages(ONTOLOGY, ONTOLOGY_IRI, DCTERMS.description) == ["en", "fi"]
    assert header.value(VANN.preferredNamespacePrefix) == Literal("sote")


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.fragment)
def test_term_documented_in_finnish_and_english(term):
    assert _languages(ONTOLOGY, term, RDFS.label) == ["en", "fi"]
    assert _languages(ONTOLOGY, term, RDFS.comment) == ["en", "fi"]
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ONTOLOGY


def test_vocab_module_declares_exactly_the_ontology_terms():
    assert {SOTE[name] for name in SOTE.__annotations__} == set(TERMS)


def test_every_sote_term_in_the_model_contract_is_declared():
    named = {SOTE._NS[name] for name in re.findall(r"`sote:([A-Za-z][A-Za-z0-9]*)", MODEL_MD)}
    assert named and named <= set(TERMS), sorted(named - set(TERMS))


def test_property_kinds_and_ranges():
    assert not set(OBJECT_PROPERTIES) & set(DATATYPE_PROPERTIES)
    for prop in DATATYPE_PROPERTIES:
        (value_range,) = ONTOLOGY.objects(prop, RDFS.range)
        assert str(value_range).startswith(str(XSD)) or value_range == RDF.langString, prop
    for prop in OBJECT_PROPERTIES:
        (value_range,) = ONTOLOGY.objects(prop, RDFS.range)
        assert not str(value_range).startswith(str(XSD)), prop
    for prop in set(OBJECT_PROPERTIES + DATATYPE_PROPERTIES) - DOMAINLESS:
        assert ONTOLOGY.value(prop, RDFS.domain) is not None, prop


def test_alignments_point_at_existing_external_terms():
    external = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in ONTOLOGY.objects(None, p)
                if isinstance(o, URIRef) and o not in SOTE}
    unknown = {o for o in external
               if o != FRAPO_FUNDING and not any(o in ns for ns in (DCTERMS, FOAF, ORG, PROV, SDO, SKOS))}
    assert external and not unknown, sorted(unknown)


def test_every_class_but_the_root_ones_is_aligned_or_specialised():
    unaligned = {c for c in CLASSES if ONTOLOGY.value(c, RDFS.subClassOf) is None}
    assert unaligned == {SOTE.Goal, SOTE.AreaClassification, SOTE.ServiceAgreement}


# --- concept schemes -------------------------------------------------------------------------

SCHEMES = {"themes": "theme", "roles": "role", "instruments": "instrument", "project-statuses": "status"}


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.removeprefix(str(ID)))
def test_concept_labelled_defined_and_in_its_scheme(concept):
    assert _languages(VOCABULARIES, concept, SKOS.prefLabel) == ["en", "fi"]
    assert _languages(VOCABULARIES, concept, SKOS.definition) == ["en", "fi"]
    (scheme,) = VOCABULARIES.objects(concept, SKOS.inScheme)
    kind = SCHEMES[scheme.removeprefix(str(ID["scheme/"]))]
    assert concept.startswith(str(ID[f"{kind}/"]))
    for broader in VOCABULARIES.objects(concept, SKOS.broader):
        assert (broader, SKOS.inScheme, scheme) in VOCABULARIES


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_scheme_labelled_with_top_concepts(scheme):
    iri = ID[f"scheme/{scheme}"]
    assert (iri, RDF.type, SKOS.ConceptScheme) in VOCABULARIES
    assert _languages(VOCABULARIES, iri, SKOS.prefLabel) == ["en", "fi"]
    tops = set(VOCABULARIES.objects(iri, SKOS.hasTopConcept))
    assert tops == set(VOCABULARIES.subjects(SKOS.topConceptOf, iri))
    assert tops == {c for c in VOCABULARIES.subjects(SKOS.inScheme, iri) if VOCABULARIES.value(c, SKOS.broader) is None}


def test_roles_of_the_model_contract_exist():
    paragraph = MODEL_MD.split("Role concepts")[1].split("\n\n")[0]
    roles = set(re.findall(r"`([a-z-]+)`", paragraph))
    assert len(roles) >= 20
    assert {ID[f"role/{role}"] for role in roles} == set(VOCABULARIES.subjects(SKOS.inScheme, ID["scheme/roles"]))


def test_instruments_and_required_themes_exist():
    instruments = {"esr", "state-grant", "state-subsidy", "basic-funding", "municipal-funding"}
    declared = set(VOCABULARIES.subjects(SKOS.inScheme, ID["scheme/instruments"]))
    assert {ID[f"instrument/{i}"] for i in instruments} == declared
    themes = {"child-welfare", "family-centres", "child-and-family-services", "adult-social-work", "social-work",
              "income-support", "economic-social-work", "prevention", "substance-abuse-and-mental-health",
              "disability-services", "older-people-services", "informal-care", "health-social-work",
              "social-rehabilitation", "client-participation", "documentation", "guardianship-in-child-welfare",
              "sote-reform", "employment-and-work-ability", "client-guidance", "social-ombudsman",
              "youth-services", "student-welfare", "violence-prevention"}
    assert {ID[f"theme/{t}"] for t in themes} <= set(VOCABULARIES.subjects(SKOS.inScheme, ID["scheme/themes"]))


def test_lape_is_an_alternative_label_of_child_and_family_services():
    assert Literal("LAPE", lang="fi") in set(VOCABULARIES.objects(ID["theme/child-and-family-services"], SKOS.altLabel))
