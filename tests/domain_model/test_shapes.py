"""The SHACL shapes: documented, a complete fixture conforms, and each constraint catches its own mistake.

Validation follows the contract in docs/ontology.md: pySHACL with inference="none" on a data graph that
contains the ontology graph (class hierarchy and concept schemes), as the union of named graphs does.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import ORG, RDFS, SDO, SH

from repo_paths import REPO_ROOT
from shape_cases import CASES, VALID, Case, _broken, _term
from sotegraph.vocab import SHAPES, SOTE

ROOT = REPO_ROOT
SHAPES_GRAPH = Graph().parse(ROOT / "shapes" / "sotegraph-shapes.ttl", format="turtle")
ONTOLOGY_GRAPH = Graph()
for _name in ("sotegraph.ttl", "vocabularies.ttl"):
    ONTOLOGY_GRAPH.parse(ROOT / "ontology" / _name, format="turtle")
CONSTRAINT_KEYS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH.node, SH["or"],
                   SH.minInclusive, SH.maxInclusive, SH.qualifiedValueShape, SH.uniqueLang, SH.nodeKind,
                   SH.lessThanOrEquals, SH.hasValue, SH.languageIn}


def run_validation(data: Graph) -> tuple[bool, Graph]:
    """Validate `data` joined with the ontology graph; warnings and infos do not break conformance."""
    union = data + ONTOLOGY_GRAPH
    conforms, report, _ = validate(union, shacl_graph=SHAPES_GRAPH, inference="none", allow_warnings=True)
    return conforms, report


class Result(NamedTuple):
    source: URIRef  # the SPARQL constraint, else the shape that reported
    focus: URIRef
    path: URIRef | None
    severity: URIRef
    messages: tuple[Literal, ...]


def results(report: Graph) -> list[Result]:
    found = []
    for node in report.objects(None, SH.result):  # top-level results, not their sh:detail
        source = report.value(node, SH.sourceConstraint) or report.value(node, SH.sourceShape)
        found.append(Result(source, report.value(node, SH.focusNode), report.value(node, SH.resultPath),
                            report.value(node, SH.resultSeverity),
                            tuple(report.objects(node, SH.resultMessage))))
    return found


# --- the shapes graph itself -----------------------------------------------------------------------

def _constraint_nodes() -> set:
    """Every shape or SPARQL constraint that states a constraint of its own, nested ones included."""
    nodes = {s for s, p in SHAPES_GRAPH.subject_predicates() if p in CONSTRAINT_KEYS}
    nodes |= set(SHAPES_GRAPH.objects(None, SH.sparql))
    # shapes that only appear inside sh:or / sh:qualifiedValueShape lists describe alternatives, not errors
    inner = set(SHAPES_GRAPH.objects(None, SH.qualifiedValueShape))
    for head in SHAPES_GRAPH.objects(None, SH["or"]):
        inner |= set(Collection(SHAPES_GRAPH, head))
    return nodes - inner


def test_shapes_parse_and_every_constraint_has_severity_and_fi_en_message():
    nodes = _constraint_nodes()
    assert len(nodes) > 60
    for node in nodes:
        languages = sorted(m.language for m in SHAPES_GRAPH.objects(node, SH.message))
        assert languages == ["en", "fi"], node
        holder = SHAPES_GRAPH.value(predicate=SH.sparql, object=node) or node  # SPARQL: severity of its shape
        assert SHAPES_GRAPH.value(holder, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, node


def _subclasses(cls: URIRef) -> set:
    return set(ONTOLOGY_GRAPH.transitive_subjects(RDFS.subClassOf, cls))


def test_what_one_can_be_a_member_of_is_organisations_groups_and_projects():
    """sote:memberOf and sote:subGroupOf are checked with sh:class org:Organization."""
    ours = {c for c in _subclasses(ORG.Organization) if c in SOTE}
    assert ours == _subclasses(SOTE.Organisation) | _subclasses(SOTE.Group) | _subclasses(SOTE.Project)


def test_what_can_be_funded_is_projects_and_programmes():
    """sote:fundedProject is checked with sh:class schema:Project."""
    ours = {c for c in _subclasses(SDO.Project) if c in SOTE}
    assert ours == _subclasses(SOTE.Project) | _subclasses(SOTE.Programme)


def test_organisation_targets_name_every_organisation_type():
    assert set(SHAPES_GRAPH.objects(SHAPES.Organisation, SH.targetClass)) == _subclasses(SOTE.Organisation)


def test_entity_provenance_targets_no_area():
    targets = set(SHAPES_GRAPH.objects(SHAPES.EntityProvenance, SH.targetClass))
    assert targets and not any(_subclasses(target) & _subclasses(SOTE.Area) for target in targets)


# --- valid data ------------------------------------------------------------------------------------

def test_complete_fixture_conforms_without_any_result():
    conforms, report = run_validation(VALID)
    assert conforms, results(report)
    assert results(report) == []


def test_bundled_reference_graphs_conform():
    reference = Graph()
    for year in (2016, 2021, 2025):
        reference.parse(ROOT / "data" / "reference" / f"reference-{year}.ttl", format="turtle")
    conforms, report = run_validation(reference)
    assert conforms, results(report)[:5]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_fixture_is_reported(case: Case):
    conforms, report = run_validation(_broken(case))
    found = results(report)
    expected = SHAPES[case.source]
    matching = [r for r in found if r.source == expected]
    assert matching, f"{case.name}: expected {case.source}, got {[r.source for r in found]}"
    # the expected focus node's result (a mistake may be reported on several nodes, in any order)
    result = next((r for r in matching if r.focus == _term(case.focus)), matching[0])
    assert result.focus == _term(case.focus)
    if case.path is None:
        assert result.path is None
    elif case.path.startswith("^"):
        assert isinstance(result.path, BNode) and report.value(result.path, SH.inversePath) == _term(case.path[1:])
    elif "|" in case.path:
        assert isinstance(result.path, BNode)
        alternatives = report.value(result.path, SH.alternativePath)
        assert list(Collection(report, alternatives)) == [_term(step) for step in case.path.split("|")]
    elif "/" in case.path:
        steps = [report.value(step, SH.oneOrMorePath) if isinstance(step, BNode) else step
                 for step in Collection(report, result.path)]
        assert steps == [_term(step.rstrip("+")) for step in case.path.split("/")]
    else:
        assert result.path == _term(case.path)
    assert result.severity == case.severity
    assert any(case.message in str(m) for m in result.messages), [str(m) for m in result.messages]
    assert len(result.messages) == 2  # Finnish and English
    unexpected = {r.source for r in found} - {expected} - {SHAPES[name] for name in case.also}
    assert not unexpected, f"{case.name}: also reported {unexpected}"
    assert conforms is (case.severity != SH.Violation)


def test_every_constraint_has_a_broken_fixture():
    reported_as = set()
    for node in _constraint_nodes():
        if isinstance(node, BNode):  # concept-scheme checks inside sh:node, reported through their outer shape
            continue
        reported_as.add(node)
    assert reported_as == {SHAPES[case.source] for case in CASES}


def test_warnings_alone_keep_data_conforming_but_are_reported():
    data = _broken(CASES[[c.name for c in CASES].index("entity without source")])
    conforms, report = run_validation(data)
    assert conforms and [r.severity for r in results(report)] == [SH.Warning]


def test_currency_codes_are_cldrs_iso_4217_list():
    """sotesh:Funding-currency-form allows exactly the ISO 4217 codes CLDR lists (babel), FIM included."""
    from babel.numbers import list_currencies

    pattern = str(SHAPES_GRAPH.value(SHAPES["Funding-currency-form"], SH.pattern))
    assert pattern == "^(" + "|".join(sorted(list_currencies())) + ")$"
    assert "XYZ" not in pattern and "|FIM|" in pattern


def test_programme_participation_and_organisation_funding_are_accepted():
    """The complete fixture holds both, and conforms (test_complete_fixture_conforms_without_any_result)."""
    programme = URIRef("https://w3id.org/sotegraph/id/programme/lape")
    assert any(VALID.triples((None, SOTE.project, programme)))
    recipient = VALID.value(URIRef("https://w3id.org/sotegraph/id/funding/pikassos--1"), SOTE.recipient)
    assert (recipient, None, SOTE.CompetenceCentre) in VALID
    conforms, _ = run_validation(VALID)
    assert conforms
