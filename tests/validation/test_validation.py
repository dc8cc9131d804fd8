"""Validation of a submission joined with the graph: verdicts, duplicates, reports, and equivalence
with whole-graph pySHACL on the submission's nodes."""

from __future__ import annotations

import json

import pytest
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from repo_paths import REPO_ROOT, TEST_DATA
from sotegraph.resources import package_ontology, package_shapes
from sotegraph.stewarding.submissions import parse_submission, read_uploads
from sotegraph.store import CURATED_GRAPH, Store
from sotegraph.store.formats import parse_graph
from sotegraph.validation.report import render
from sotegraph.validation.subgraph import extract
from sotegraph.validation.validator import ShapeNeeds, validate_submission
from sotegraph.vocab import SOTE

DATA = TEST_DATA / "steward"
TEMPLATES = REPO_ROOT / "data" / "templates"
ID = "https://w3id.org/sotegraph/id/"
PREFIXES = """@prefix sote: <https://w3id.org/sotegraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix role: <https://w3id.org/sotegraph/id/role/> .
@prefix o: <https://w3id.org/sotegraph/id/organisation/> .
@prefix p: <https://w3id.org/sotegraph/id/project/> .
@prefix doc: <https://w3id.org/sotegraph/id/document/> .
"""
#: A participation written as a blank node, missing its participant, project and source.
BLANK_INVALID = PREFIXES + "[] a sote:Participation ; sote:role role:partner .\n"
#: The same, complete (Pikassos in the Kanta-Häme project, both in the bundled data).
BLANK_VALID = PREFIXES + """[] a sote:Participation ; sote:role role:partner ;
    sote:participant o:pikassos ; sote:project p:kanta-hameen-tulevaisuuden-sote-keskushanke ;
    prov:wasDerivedFrom doc:000_44814395cc703dc1 .
"""


@pytest.fixture
def test_shapes() -> Graph:
    return Graph().parse(DATA / "shapes.ttl")


@pytest.fixture
def store(memory_store: Store) -> Store:
    """The bundled graphs plus the small existing graph the fixtures refer to."""
    memory_store.load((DATA / "existing.ttl").read_bytes(), "ttl", CURATED_GRAPH)
    return memory_store


def _submission(name: str) -> Graph:
    return parse_graph((DATA / name).read_bytes(), "ttl", source=name)


def _verdicts(findings) -> set[tuple[str, str, str, str]]:
    return {(str(f.focus), f.severity, str(f.path), str(f.value)) for f in findings if f.component != "LikelyDuplicate"}


def whole_graph_verdicts(store: Store, submission: Graph, shapes: Graph) -> set[tuple[str, str, str, str]]:
    """pySHACL over the whole merged graph (store ∪ submission), results on the submission's nodes."""
    merged = Graph()
    merged += store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    merged += submission
    merged += package_ontology()
    _, results, _ = shacl_validate(merged, shacl_graph=shapes, allow_warnings=True)
    focus = set(submission.subjects()) | {o for p in ShapeNeeds.of(shapes).target_objects_of
                                         for o in submission.objects(None, p)}
    verdicts = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        if node in focus:
            path = results.value(result, SH.resultPath)
            simple = path if isinstance(path, URIRef) else results.value(path, SH.inversePath)
            severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
            verdicts.add((str(node), severity, str(simple), str(results.value(result, SH.value))))
    return verdicts


def test_a_good_submission_conforms(store: Store, test_shapes: Graph) -> None:
    report = validate_submission(_submission("good.ttl"), store, shapes=test_shapes)
    assert report.conforms and report.findings == []


def test_violations_reach_into_referenced_nodes_and_inverse_paths(store: Store, test_shapes: Graph) -> None:
    report = validate_submission(_submission("bad.ttl"), store, shapes=test_shapes)
    found = {(f.focus.rsplit("/", 1)[-1], f.severity, f.component) for f in report.findings}
    assert not report.conforms
    assert ("nimeton", "Violation", "MinCountConstraintComponent") in found
    assert ("monni--project-pro-sos--partner", "Violation", "ClassConstraintComponent") in found
    assert ("english-only--organisation-pikassos--partner", "Violation", "NodeConstraintComponent") in found
    assert ("yksin", "Warning", "MinCountConstraintComponent") in found


def test_a_new_entity_named_like_an_existing_one_is_a_likely_duplicate(store: Store, test_shapes: Graph) -> None:
    report = validate_submission(_submission("bad.ttl"), store, shapes=test_shapes)
    duplicates = [f for f in report.findings if f.component == "LikelyDuplicate"]
    assert [(str(f.focus), str(f.duplicate_of), f.severity) for f in duplicates] == [
        (ID + "organisation/pikassos-oy", ID + "organisation/pikassos", "Warning")]


def test_warnings_alone_do_not_block(store: Store, test_shapes: Graph) -> None:
    submission = _submission("good.ttl")
    submission.add((URIRef(ID + "project/uusi"), RDF.type, URIRef("https://w3id.org/sotegraph/ontology#Project")))
    submission.add((URIRef(ID + "project/uusi"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
                    __import__("rdflib").Literal("Uusi", lang="fi")))
    report = validate_submission(submission, store, shapes=test_shapes)
    assert report.conforms and report.count("Warning") == 1


def test_shape_needs_are_read_from_the_shapes(test_shapes: Graph) -> None:
    needs = ShapeNeeds.of(test_shapes)
    assert needs.inverse_predicates == {URIRef("https://w3id.org/sotegraph/ontology#project")}
    assert needs.depth == 1


@pytest.mark.parametrize("name", ["good.ttl", "bad.ttl"])
def test_same_verdict_as_whole_graph_validation_with_test_shapes(store: Store, test_shapes: Graph, name: str) -> None:
    submission = _submission(name)
    ours = validate_submission(submission, store, shapes=test_shapes)
    assert _verdicts(ours.findings) == whole_graph_verdicts(store, submission, test_shapes)


@pytest.mark.parametrize("name", ["good.ttl", "bad.ttl", "templates"])
def test_same_verdict_as_whole_graph_validation_with_package_shapes(store: Store, name: str) -> None:
    if name == "templates":
        submission = parse_submission(read_uploads(sorted(TEMPLATES.glob("*.csv")))).graph
    else:
        submission = _submission(name)
    ours = validate_submission(submission, store)
    whole = whole_graph_verdicts(store, submission, package_shapes())
    assert _verdicts(ours.findings) == whole
    if name == "bad.ttl":
        assert whole, "the fixture must give the package shapes something to find"


def test_naive_extraction_would_give_false_violations(store: Store, test_shapes: Graph) -> None:
    """Validating the extract as a whole flags referenced nodes that carry only their types."""
    submission = _submission("good.ttl")
    work = extract(store, submission, ShapeNeeds(frozenset(), frozenset(), 0), Graph())
    _, results, _ = shacl_validate(work.graph(), shacl_graph=test_shapes, allow_warnings=True)
    outside = {results.value(r, SH.focusNode) for r in results.subjects(RDF.type, SH.ValidationResult)} - work.focus
    work.close()
    assert URIRef(ID + "project/monni") in outside  # typed, but its name was not extracted
    assert validate_submission(submission, store, shapes=test_shapes).conforms


def test_text_report_in_finnish_and_english(store: Store, test_shapes: Graph) -> None:
    report = validate_submission(_submission("bad.ttl"), store, shapes=test_shapes, sources=["bad.ttl"])
    finnish, english = render(report, "text", "fi"), render(report, "text", "en")
    assert finnish.startswith("Ei kelpaa: 3 virhettä, 3 varoitusta (bad.ttl, ")
    assert "VIRHE: osallistuja = PRO SOS <" in finnish and "Osallistujan pitää olla toimija." in finnish
    assert english.startswith("Does not conform: 3 violations, 3 warnings")
    assert "VIOLATION: participant = PRO SOS <" in english and "The participant must be an actor." in english
    assert "warning: project (inverse)" in english


def test_json_and_turtle_reports(store: Store, test_shapes: Graph) -> None:
    report = validate_submission(_submission("bad.ttl"), store, shapes=test_shapes)
    data = json.loads(render(report, "json", "en"))
    assert data["conforms"] is False and data["violations"] == 3
    duplicate = next(r for r in data["results"] if r["duplicateOf"])
    assert duplicate["duplicateOf"] == ID + "organisation/pikassos" and duplicate["property"] == "preferred name"
    graph = Graph().parse(data=render(report, "ttl"), format="turtle")
    root = graph.value(None, RDF.type, SH.ValidationReport, any=False)
    assert graph.value(root, SH.conforms).toPython() is False
    assert len(list(graph.objects(root, SH.result))) == len(report.findings)


def _blank_submission(text: str) -> Graph:
    return parse_graph(text.encode(), "ttl", source="blank.ttl")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_an_invalid_blank_node_is_reported(memory_store: Store, engine: str) -> None:
    submission = _blank_submission(BLANK_INVALID)
    [node] = submission.subjects(RDF.type, SOTE.Participation)
    report = validate_submission(submission, memory_store, engine=engine)  # type: ignore[arg-type]
    assert not report.conforms
    missing = {str(f.path).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in report.findings
               if f.focus == node and f.severity == "Violation" and f.component == "MinCountConstraintComponent"}
    assert missing == {"participant", "project", "wasDerivedFrom"}
    english, finnish = render(report, "text", "en"), render(report, "text", "fi")
    assert english.startswith("Does not conform: 3 violations")
    assert f"participation (blank node; role: partner) _:{node}" in english
    assert f"osallistuminen (tyhjä solmu; rooli: kumppani) _:{node}" in finnish
    assert "A participation needs exactly one participant" in english


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_valid_blank_node_conforms(memory_store: Store, engine: str) -> None:
    report = validate_submission(_blank_submission(BLANK_VALID), memory_store, engine=engine)  # type: ignore[arg-type]
    assert report.conforms, render(report, "text", "en")
    assert report.count("Violation") == 0


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_blank_nodes_same_verdict_as_whole_graph_validation(store: Store, test_shapes: Graph, engine: str) -> None:
    """Blank participations reaching into stored projects (a nested shape) and a new project whose only
    participation is a blank node (an inverse path)."""
    submission = _blank_submission("""@prefix sote: <https://w3id.org/sotegraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix o: <https://w3id.org/sotegraph/id/organisation/> .
@prefix p: <https://w3id.org/sotegraph/id/project/> .
[] a sote:Participation ; sote:participant o:pikassos ; sote:project p:monni .
[] a sote:Participation ; sote:participant o:verso ; sote:project p:english-only .
[] a sote:Participation ; sote:project p:uusi .
[] a sote:Participation ; sote:participant p:monni ; sote:project p:monni ; sote:startYear "x" .
p:uusi a sote:Project ; skos:prefLabel "Uusi"@fi .
p:yksin a sote:Project ; skos:prefLabel "Yksin"@fi ; sote:partOf [ a sote:Project ] .
""")
    ours = validate_submission(submission, store, shapes=test_shapes, engine=engine)  # type: ignore[arg-type]
    whole = whole_graph_verdicts(store, submission, test_shapes)
    assert _verdicts(ours.findings) == whole
    blank = {focus for focus, *_ in whole if any(str(b) == focus for b in submission.all_nodes()
                                                 if isinstance(b, BNode))}
    assert len(blank) == 4, whole  # english-only, the one without a participant, the bad one, the unnamed project
