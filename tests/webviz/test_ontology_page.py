"""/ontology documents every class and property of ontology/*.ttl, and the concept schemes."""

from __future__ import annotations

from flask.testing import FlaskClient
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sotegraph_webviz.ontology_page import SOTE_BASE, ontology_graph


def test_every_class_and_property_is_documented(client: FlaskClient) -> None:
    html = client.get("/ontology?lang=en").get_data(as_text=True)
    graph = ontology_graph()
    terms = [subject for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for subject in graph.subjects(RDF.type, kind) if str(subject).startswith(SOTE_BASE)]
    assert len(terms) > 50
    for term in terms:
        assert f'id="{str(term)[len(SOTE_BASE):]}"' in html, term
        for label in graph.objects(term, RDFS.label):
            assert str(label) in html
        for comment in graph.objects(term, RDFS.comment):
            assert str(comment).replace("'", "&#39;").replace('"', "&#34;") in html


def test_domain_range_and_superclasses_are_shown(client: FlaskClient) -> None:
    body = client.get("/ontology.json").get_json()
    participant = next(term for term in body["properties"] if term["curie"] == "sote:participant")
    assert [ref["curie"] for ref in participant["domain"]] == ["sote:Participation"]
    assert [ref["curie"] for ref in participant["range"]] == ["sote:Actor"]
    municipality = next(term for term in body["classes"] if term["curie"] == "sote:Municipality")
    assert {"sote:Organisation", "sote:Area"} <= {ref["curie"] for ref in municipality["super"]}
    assert set(municipality["label"]) >= {"fi", "en"}


def test_concept_schemes_are_listed(client: FlaskClient) -> None:
    body = client.get("/ontology.json").get_json()
    schemes = {scheme["iri"].rsplit("/", 1)[-1]: scheme for scheme in body["schemes"]}
    assert set(schemes) >= {"themes", "roles", "instruments"}
    roles = {concept["iri"] for concept in schemes["roles"]["concepts"]}
    assert "https://w3id.org/sotegraph/id/role/administrator" in roles
    graph = ontology_graph()
    assert len(roles) == len(set(graph.subjects(SKOS.inScheme, URIRef("https://w3id.org/sotegraph/id/scheme/roles"))))
    assert "hallinnoija" in client.get("/ontology?lang=fi").get_data(as_text=True)
