"""SHACL validation of a submission joined with the graph it will join, giving a `Report`.

Validating a million-triple graph with pySHACL takes minutes, so only what the submission touches
is validated (`sotegraph.validation.subgraph` copies it into a small in-memory store) and only results about
the submission's own nodes are kept. Two engines give the same verdict (tests check it on every
broken fixture): "sparql" (default) runs the shapes compiled to SPARQL (`sotegraph.validation.compiler`)
on that store, and hands any shape the compiler does not cover to pySHACL; "pyshacl" runs pySHACL
on the extract, the reference implementation. A submission's blank nodes are validated like any
other node and stay blank when merged (no skolemisation): `Extract` keeps their identity, and the
report names one by its type and links, e.g. "participation (blank node; role: partner) _:N…".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Literal as Choice

from pyshacl import validate as shacl_validate
from pyshacl.errors import ValidationFailure
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from sotegraph.entities.labels import graph_label
from sotegraph.entities.names import normalise
from sotegraph.i18n import SUPPORTED, gettext
from sotegraph.resources import package_ontology, package_shapes
from sotegraph.store import SelectResult, Store, open_store
from sotegraph.validation.compiler import DATA_GRAPH, TARGETS, CompiledShapes, compile_shapes, mark_all_nodes, run
from sotegraph.validation.findings import CellMap, Finding, Report
from sotegraph.validation.results import ShaclResult, results_of_report
from sotegraph.validation.subgraph import Extract, ShapeNeeds, extract
from sotegraph.vocab import local_name

__all__ = ["ShapeNeeds", "likely_duplicates",
           "shacl_results", "validate_graph", "validate_submission"]

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
Engine = Choice["sparql", "pyshacl"]
_BATCH = 2000
_LABELS = f"{SKOS.prefLabel.n3()}|{SKOS.altLabel.n3()}"


@lru_cache(maxsize=4)
def _compiled(shapes: Graph) -> CompiledShapes:
    return compile_shapes(shapes)


def _fallback_shapes(shapes: Graph, compiled: CompiledShapes) -> Graph:
    """`shapes` for pySHACL to validate the fallback shapes: without the targets (explicit, or implicit
    as a class) of the compiled shapes, which are validated already."""
    fallback = Graph()
    for triple in shapes:
        if triple[0] not in compiled.checks or (triple[1] not in TARGETS and triple[1] != RDF.type):
            fallback.add(triple)
    return fallback


def _pyshacl(data: Graph, shapes: Graph) -> list[ShaclResult]:
    _, results, _ = shacl_validate(data, shacl_graph=shapes, inplace=True, allow_warnings=True)
    if isinstance(results, ValidationFailure):  # pySHACL returns, not raises, e.g. on forbidden SPARQL
        raise results
    return results_of_report(results)


def _engine_results(store: Store, data: Callable[[], Graph], shapes: Graph, engine: Engine) -> list[ShaclResult]:
    """Results of `engine` on `store` (prepared as `run` wants it), `data` giving its data graph for pySHACL."""
    if engine == "pyshacl":
        return _pyshacl(data(), shapes)
    compiled = _compiled(shapes)
    found = run(compiled, store)
    if compiled.fallback:
        found += _pyshacl(data(), _fallback_shapes(shapes, compiled))
    return found


def shacl_results(work: Extract, shapes: Graph, engine: Engine = "sparql") -> list[ShaclResult]:
    """SHACL results about the focus nodes of `work`, by the compiled SPARQL or by pySHACL.

    Blank nodes are given as the submission names them (the store names them otherwise)."""
    found = []
    for result in _engine_results(work.store, work.graph, shapes, engine):
        result = replace(result, focus=work.submitted(result.focus),
                         value=None if result.value is None else work.submitted(result.value))
        if result.focus in work.focus:
            found.append(result)
    return found


def validate_graph(data: Graph, shapes: Graph, engine: Engine = "sparql") -> list[ShaclResult]:
    """SHACL results of the whole of `data` (every node may be a focus node), by either engine.

    The general "validate this graph" path, without extraction: the W3C SHACL test suite runs here.
    """
    store = open_store(":memory:", initialise=False)
    try:
        store.load(data.serialize(format="nt", encoding="utf-8"), "nt", DATA_GRAPH)
        mark_all_nodes(store, shapes)  # in the store: a separate load would relabel the blank nodes
        return _engine_results(store, lambda: data, shapes, engine)
    finally:
        store.close()


def _as_submitted(result: ShaclResult, submission: Graph) -> Node | None:
    """The offending value as the submission wrote it (the store writes 2.0 as 2, 01 as 1)."""
    path, inverse = result.simple_path()
    if not isinstance(result.value, Literal) or path is None or inverse:
        return result.value
    return next((given for given in submission.objects(result.focus, path) if isinstance(given, Literal)
                 and given.datatype == result.value.datatype and given.language == result.value.language
                 and (given == result.value or given.eq(result.value))), result.value)


def _findings(results: Iterable[ShaclResult], submission: Graph, cells: CellMap | None) -> list[Finding]:
    findings = []
    for result in results:
        path, inverse = result.simple_path()
        value = _as_submitted(result, submission)
        findings.append(Finding(
            severity=SEVERITIES.get(result.severity, "Violation"), focus=result.focus, path=path, inverse=inverse,
            value=value, messages=result.messages, component=str(result.component).rsplit("#", 1)[-1],
            cell=cells.locate(result.focus, path, value) if cells and not inverse else None))
    return sorted(findings, key=_finding_order)


def _finding_order(finding: Finding) -> tuple[str, str, str, str]:
    return (str(finding.focus), finding.severity, str(finding.path or ""), str(finding.value or ""))


def likely_duplicates(store: Store, submission: Graph, new_nodes: set[Node], cells: CellMap | None) -> list[Finding]:
    """Warnings for new entities whose type and (folded) label match an existing entity's.

    One pass over the stored labels (as SPARQL JSON results, folded in Python), then the types of the
    few matches. JSON, not CSV: Python's csv reader refuses fields over 131 072 characters, and one
    stored label that long must not break every later validation.
    """
    wanted: dict[str, set[tuple[Node, Node, Node]]] = {}
    for node in new_nodes:
        for label in submission.objects(node, SKOS.prefLabel):
            for kind in submission.objects(node, RDF.type):
                wanted.setdefault(normalise(str(label)), set()).add((node, kind, label))
    if not wanted:
        return []
    body, _ = store.query_serialized(f"SELECT ?e ?label WHERE {{ ?e {_LABELS} ?label }}",
                                     "application/sparql-results+json")
    matches: dict[URIRef, set[str]] = {}
    for row in json.loads(body)["results"]["bindings"]:
        entity, label = row.get("e"), row.get("label")
        if entity and label and entity["type"] == "uri":
            key = normalise(label["value"])
            if key in wanted:
                matches.setdefault(URIRef(entity["value"]), set()).add(key)
    findings: dict[tuple[Node, Node], Finding] = {}
    iris = sorted(matches)
    for start in range(0, len(iris), _BATCH):
        values = " ".join(iri.n3() for iri in iris[start:start + _BATCH])
        rows = store.query(f"SELECT ?e ?t WHERE {{ VALUES ?e {{ {values} }} ?e a ?t }}")
        assert isinstance(rows, SelectResult)
        for existing, existing_kind in sorted(rows.rows):
            if not isinstance(existing, URIRef):  # always: ?e is bound by VALUES to IRIs
                continue
            for key in sorted(matches[existing]):
                for node, wanted_kind, label in sorted(wanted[key]):
                    if wanted_kind == existing_kind and node != existing and (node, existing) not in findings:
                        findings[(node, existing)] = _duplicate(node, existing, label, cells)
    return list(findings.values())


def _duplicate(node: Node, existing: URIRef, label: Node, cells: CellMap | None) -> Finding:
    return Finding(
        "Warning", node, SKOS.prefLabel, value=label, component="LikelyDuplicate", duplicate_of=existing,
        messages={lang: gettext(lang, "Likely duplicate: %(existing)s of the same type and name already exists. "
                                      "Use its IRI.", existing=existing.n3()) for lang in SUPPORTED},
        cell=cells.locate(node, SKOS.prefLabel, label) if cells else None)


#: How many of a blank node's links name it in a report.
_BLANK_LINKS = 2


def _blank_links(submission: Graph, node: Node) -> list[tuple[URIRef, URIRef]]:
    """The links that name a blank node (by property IRI; not its type or source document)."""
    return sorted((p, o) for p, o in submission.predicate_objects(node)
                  if isinstance(p, URIRef) and isinstance(o, URIRef) and p not in (RDF.type, PROV.wasDerivedFrom)
                  )[:_BLANK_LINKS]


def _term_label(ontology: Graph, term: URIRef, lang: str) -> str:
    """The rdfs:label of an ontology term for `lang`, else its local name."""
    return graph_label(ontology, term, lang) or local_name(str(term))


def _name_blank_nodes(report: Report, submission: Graph, ontology: Graph) -> None:
    """Labels for the findings' blank nodes that have none: "participation (blank node; role: partner)"."""
    for node in {f.focus for f in report.findings if isinstance(f.focus, BNode)} - set(report.labels):
        kinds = sorted(k for k in submission.objects(node, RDF.type) if isinstance(k, URIRef))
        for lang in SUPPORTED:
            blank = gettext(lang, "blank node")
            links = [f"{_term_label(ontology, p, lang)}: {report.label(o, lang) or _term_label(ontology, o, lang)}"
                     for p, o in _blank_links(submission, node)]
            kind = ", ".join(_term_label(ontology, k, lang) for k in kinds)
            report.labels.setdefault(node, {})[lang] = (f"{kind} ({'; '.join([blank, *links])})" if kind else
                                                        blank + (f" ({'; '.join(links)})" if links else ""))


def _collect_labels(report: Report, submission: Graph, stores: Iterable[Store]) -> None:
    """Labels of the findings' nodes, paths and values: the submission's first, then each store's;
    also of the nodes a blank node is named by (`_name_blank_nodes`)."""
    wanted = {f.focus for f in report.findings} | {f.path for f in report.findings if f.path}
    wanted |= {f.value for f in report.findings if isinstance(f.value, URIRef)}
    wanted |= {o for f in report.findings if isinstance(f.focus, BNode) for _, o in _blank_links(submission, f.focus)}
    for node in wanted:
        for predicate in (SKOS.prefLabel, RDFS.label):
            for label in submission.objects(node, predicate):
                if isinstance(label, Literal):
                    report.labels.setdefault(node, {}).setdefault(label.language or "", str(label))
    for store in stores:
        missing = sorted(n for n in wanted if n not in report.labels and isinstance(n, URIRef))
        for start in range(0, len(missing), _BATCH):
            values = " ".join(node.n3() for node in missing[start:start + _BATCH])
            rows = store.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                               f"?s {SKOS.prefLabel.n3()}|{RDFS.label.n3()} ?l }}")
            assert isinstance(rows, SelectResult)
            for labelled, stored_label in rows.rows:
                if labelled is not None and isinstance(stored_label, Literal):
                    report.labels.setdefault(labelled, {}).setdefault(stored_label.language or "", str(stored_label))


def validate_submission(submission: Graph, store: Store | None = None, *, sources: Iterable[str] = (),
                        shapes: Graph | None = None, ontology: Graph | None = None,
                        cells: CellMap | None = None, problems: Iterable[Finding] = (),
                        engine: Engine = "sparql") -> Report:
    """Validate `submission` as it would stand once merged into `store` (None: on its own).

    `problems` are findings found before SHACL (e.g. a spreadsheet cell that is not a number).
    `engine` "pyshacl" runs the reference implementation instead of the compiled shapes.
    """
    shapes = package_shapes() if shapes is None else shapes
    ontology = package_ontology() if ontology is None else ontology
    work = extract(store, submission, ShapeNeeds.of(shapes), ontology)
    try:
        problems = list(problems)
        findings = problems + _findings(shacl_results(work, shapes, engine), submission, cells)
        if store is not None:
            findings += likely_duplicates(store, submission, work.focus - work.existing, cells)
        report = Report(findings, list(sources), len(submission))
        for problem in problems:
            if problem.cell is not None:
                report.labels[problem.focus] = {lang: gettext(lang, "%(sheet)s, row %(row)s", sheet=problem.cell.sheet,
                                                              row=problem.cell.row) for lang in SUPPORTED}
        _collect_labels(report, submission, [work.store] + ([store] if store is not None else []))
        _name_blank_nodes(report, submission, ontology)
    finally:
        work.close()
    return report
