"""OWL RL over the ontology, the curated and reference data and the reused vocabularies' own axioms: no clash.

The reused vocabularies' disjointness, domain and range axioms (PROV-O, FOAF, ORG) are restated in
tests/data/vocabularies/reused-axioms.ttl; owlrl's OWL 2 RL closure records every inconsistency it
meets (disjoint classes shared by a node, a functional property with two distinct literal values …)
as an error message in the graph.
"""

from __future__ import annotations

import owlrl
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from repo_paths import REPO_ROOT, TEST_DATA
from sotegraph.vocab import SOTE

ERRORS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def _graph(*, curated: bool = True) -> Graph:
    graph = Graph()
    for path in sorted((REPO_ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.parse(TEST_DATA / "vocabularies" / "reused-axioms.ttl", format="turtle")
    if curated:
        for path in sorted((REPO_ROOT / "data" / "curated").glob("*.ttl")):
            graph.parse(path, format="turtle")
        graph.parse(REPO_ROOT / "data" / "reference" / "reference-2021.ttl", format="turtle")
    return graph


def _clashes(graph: Graph) -> list[str]:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted(str(message) for node in graph.subjects(RDF.type, ERRORS) for message in graph.objects(node, ERROR))


def test_ontology_curated_and_reference_data_are_consistent_with_prov_foaf_org():
    assert _clashes(_graph()) == []


def test_the_reasoner_finds_a_clash_when_there_is_one():
    """The old alignment (a project as a prov:Activity carrying prov:wasDerivedFrom) is inconsistent."""
    graph = _graph(curated=False)
    project = URIRef("https://w3id.org/sotegraph/id/project/x")
    graph.add((project, RDF.type, SOTE.Project))
    graph.add((project, RDF.type, PROV.Activity))
    graph.add((project, PROV.wasDerivedFrom, URIRef("https://w3id.org/sotegraph/id/document/x")))
    assert _clashes(graph)


def test_no_class_of_ours_is_an_activity():
    """What we give provenance to is never a prov:Activity (PROV-O: Activity ⊥ Entity)."""
    graph = _graph(curated=False)
    activities = set(graph.transitive_subjects(RDFS.subClassOf, PROV.Activity)) - {PROV.Activity}
    assert not {c for c in activities if c in SOTE}
