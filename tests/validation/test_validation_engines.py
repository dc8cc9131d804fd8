"""The compiled SPARQL engine gives the same results as pySHACL: every broken fixture of test_shapes,
the valid fixture, a synthetic sample and the curated bundle; and the SPARQL constraint fires on a
submission joining a store."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from repo_paths import REPO_ROOT
from shape_cases import CASES, VALID, Case, _broken
from sotegraph import synth
from sotegraph.resources import package_ontology, package_shapes
from sotegraph.store import CURATED_GRAPH, Store
from sotegraph.validation.compiler import compile_shapes
from sotegraph.validation.subgraph import ShapeNeeds, extract
from sotegraph.validation.validator import shacl_results, validate_submission
from sotegraph.vocab import SHAPES, SOTE

ROOT = REPO_ROOT
FUNDING = "https://w3id.org/sotegraph/id/funding/"


def _results(data: Graph, engine: str) -> set[tuple]:
    """(focus, path, source shape, severity, component, value) of every result about `data`'s nodes."""
    shapes = package_shapes()
    work = extract(None, data, ShapeNeeds.of(shapes), package_ontology())
    try:
        return {(r.focus, r.path, r.source_shape, r.severity, r.component, r.value)
                for r in shacl_results(work, shapes, engine)}  # type: ignore[arg-type]
    finally:
        work.close()


def test_the_package_shapes_compile_without_fallback() -> None:
    assert compile_shapes(package_shapes()).fallback == {}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_fixture_same_results_as_pyshacl(case: Case) -> None:
    compiled = _results(_broken(case), "sparql")
    assert compiled == _results(_broken(case), "pyshacl")
    expected = SHAPES[case.source]
    holder = package_shapes().value(predicate=SH.sparql, object=expected) or expected  # a SPARQL constraint's shape
    assert holder in {shape for _, _, shape, *_ in compiled}


def test_valid_fixture_no_results_with_either_engine() -> None:
    assert _results(VALID, "sparql") == _results(VALID, "pyshacl") == set()


def test_synthetic_sample_same_results_as_pyshacl() -> None:
    sample = Graph()
    for subject, predicate, obj in synth.generate(120, 30, seed=7):
        sample.add((subject, predicate, obj))
    compiled = _results(sample, "sparql")
    assert compiled == _results(sample, "pyshacl")


def test_curated_bundle_same_results_as_pyshacl() -> None:
    curated = Graph()
    for path in sorted((ROOT / "data" / "curated").glob("*.ttl")):
        curated.parse(path, format="turtle")
    for path in sorted((ROOT / "data" / "reference").glob("*.ttl")):
        curated.parse(path, format="turtle")
    assert _results(curated, "sparql") == _results(curated, "pyshacl")


def _share(amount: str, blank: bool = False) -> Graph:
    """A new share of funding:pro-sos--1 (2 400 000 € in the store, with a 215 000 € share already)."""
    share = BNode() if blank else URIRef(FUNDING + "pro-sos-new--1")
    graph = Graph()
    graph.add((share, RDF.type, SOTE.Funding))
    graph.add((share, SOTE.shareOf, URIRef(FUNDING + "pro-sos--1")))
    graph.add((share, SOTE.fundedProject, URIRef("https://w3id.org/sotegraph/id/project/pro-sos-pikassos")))
    graph.add((share, SOTE.amount, Literal(amount, datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    graph.add((share, SOTE.currency, Literal("EUR")))
    graph.add((share, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
                URIRef("https://w3id.org/sotegraph/id/document/000_44814395cc703dc1")))
    return graph


@pytest.mark.parametrize("blank", [False, True], ids=["iri", "blank"])
@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("amount, fires", [("2300000.0", True), ("2000000.0", False)])
def test_shares_above_the_parent_in_the_store_are_refused(memory_store: Store, engine: str, amount: str,
                                                          fires: bool, blank: bool) -> None:
    """The parent's amount and its other shares are in the store only: the extract must carry them
    (from a blank share too, whose link to the parent only the submission holds)."""
    memory_store.load((ROOT / "tests" / "data" / "shapes" / "valid.ttl").read_bytes(), "ttl", CURATED_GRAPH)
    submission = _share(amount, blank)
    report = validate_submission(submission, memory_store, engine=engine)  # type: ignore[arg-type]
    shares = [f for f in report.findings if f.component == "SPARQLConstraintComponent"]
    assert bool(shares) is fires and report.conforms is not fires
    if fires:
        assert shares[0].severity == "Violation" and "2515000" in shares[0].message("en")
        assert shares[0].focus == submission.value(None, RDF.type, SOTE.Funding)
