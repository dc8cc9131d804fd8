"""SHACL validation of a submission joined with the graph it will join, giving a `Report`.

Validating a million-triple graph with pySHACL takes minutes, so only what the submission touches
is validated: the submission, the existing triples of its subjects (its *focus nodes*), the
triples the shapes reach from them (inverse paths, nested shapes) and the types of what they
refer to, plus the class hierarchy. Only results about the focus nodes are kept: nodes pulled in
as references carry just their types, so their own verdicts would be wrong and are not asked for.
`ShapeNeeds` reads from the shapes how far they reach, which keeps the verdict on the focus nodes
equal to that of whole-graph validation (tests check this on fixtures). SPARQL-based constraints
see only this extract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from sotegraph.names import normalise
from sotegraph.resources import resource_files
from sotegraph.store import SelectResult, Store

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
#: Shapes that hold further shapes the value nodes are checked against.
_NESTING = (SH.node, SH.qualifiedValueShape, SH["not"])
_NESTING_LISTS = (SH["and"], SH["or"], SH.xone)
#: How many hops are extracted when shapes refer to each other in a cycle.
_MAX_DEPTH = 4
_BATCH = 500
_LABELS = f"{SKOS.prefLabel.n3()}|{SKOS.altLabel.n3()}"


@dataclass(frozen=True)
class Cell:
    """Where a spreadsheet value came from: sheet, row (1 = header) and column (None: the whole row)."""

    sheet: str
    row: int
    column: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem: a SHACL result about a focus node, a conversion problem or a likely duplicate."""

    severity: str
    focus: Node
    path: URIRef | None = None
    inverse: bool = False
    value: Node | None = None
    messages: Mapping[str, str] = field(default_factory=dict)
    component: str = ""
    cell: Cell | None = None
    duplicate_of: URIRef | None = None

    def message(self, lang: str) -> str:
        """The message in `lang`, else English, else any."""
        for key in (lang, "en", ""):
            if key in self.messages:
                return self.messages[key]
        return next(iter(self.messages.values()), "")


@dataclass
class Report:
    """The verdict on a submission: findings plus the labels a reader needs (by language)."""

    findings: list[Finding]
    sources: list[str]
    triples: int
    labels: dict[Node, dict[str, str]] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True unless there is a violation: warnings and infos alone do not block."""
        return not any(finding.severity == "Violation" for finding in self.findings)

    def count(self, severity: str) -> int:
        """How many findings have `severity`."""
        return sum(finding.severity == severity for finding in self.findings)

    def label(self, node: Node, lang: str) -> str | None:
        """The label of `node` in `lang`, else Finnish, else English, else any; None if none is known."""
        by_lang = self.labels.get(node, {})
        for key in (lang, "fi", "en", ""):
            if key in by_lang:
                return by_lang[key]
        return next(iter(by_lang.values()), None)


class CellMap:
    """Where each triple of a converted spreadsheet came from, to point a finding at its cell."""

    def __init__(self) -> None:
        self.cells: dict[tuple[Node, Node, Node], Cell] = {}
        self.rows: dict[Node, Cell] = {}
        self.columns: dict[tuple[str, Node], str] = {}

    def add(self, triple: tuple[Node, Node, Node], cell: Cell) -> None:
        """Record the cell of `triple` (the first one wins) and the row of its subject."""
        self.cells.setdefault(triple, cell)
        self.rows.setdefault(triple[0], Cell(cell.sheet, cell.row))
        if cell.column:
            self.columns.setdefault((cell.sheet, triple[1]), cell.column)

    def locate(self, focus: Node, path: Node | None, value: Node | None) -> Cell | None:
        """The cell of (focus, path, value), else the column of `path` in focus's row, else the row."""
        if path is not None and value is not None and (focus, path, value) in self.cells:
            return self.cells[(focus, path, value)]
        row = self.rows.get(focus)
        if row is None:
            return None
        return Cell(row.sheet, row.row, self.columns.get((row.sheet, path)) if path is not None else None)


@dataclass(frozen=True)
class ShapeNeeds:
    """What the shapes read beyond a focus node's own triples."""

    inverse_predicates: frozenset[URIRef]
    target_objects_of: frozenset[URIRef]
    depth: int

    @classmethod
    def of(cls, shapes: Graph) -> "ShapeNeeds":
        """Read inverse paths, sh:targetObjectsOf and how many hops nested shapes reach."""
        inverse = frozenset(p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef))
        objects_of = frozenset(p for p in shapes.objects(None, SH.targetObjectsOf) if isinstance(p, URIRef))
        roots = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                 for s in shapes.subjects(p, None)}
        roots |= set(shapes.subjects(RDF.type, SH.NodeShape))
        depth = max([0] + [_reach(shapes, shape) for shape in roots])
        return cls(inverse, objects_of, depth)


def _nested(shapes: Graph, shape: Node) -> Iterator[Node]:
    for predicate in _NESTING:
        yield from shapes.objects(shape, predicate)
    for predicate in _NESTING_LISTS:
        for head in shapes.objects(shape, predicate):
            yield from Collection(shapes, head)


def _path_length(shapes: Graph, path: Node) -> int:
    if isinstance(path, BNode) and (path, RDF.first, None) in shapes:
        return sum(_path_length(shapes, step) for step in Collection(shapes, path))
    return 1


def _reach(shapes: Graph, shape: Node, visiting: frozenset[Node] = frozenset()) -> int:
    """Hops beyond the node `shape` checks whose full descriptions it reads; -1 if it reads none.

    Shapes nested in a node shape (sh:or, sh:node …) check the same node; shapes nested in a
    property shape check its value nodes, one path length further away. Types of value nodes
    (for sh:class) are always extracted, so they count as no reading.
    """
    if shape in visiting:
        return _MAX_DEPTH
    visiting = visiting | {shape}
    path = shapes.value(shape, SH.path)
    hops = _path_length(shapes, path) if path is not None else 0
    reach = hops - 1
    for inner in _nested(shapes, shape):
        inner_reach = _reach(shapes, inner, visiting)
        reach = max(reach, inner_reach + hops if inner_reach >= 0 else hops - 1)
    for prop in shapes.objects(shape, SH.property):
        reach = max(reach, _reach(shapes, prop, visiting))
    return min(reach, _MAX_DEPTH)


@lru_cache(maxsize=1)
def package_shapes() -> Graph:
    """The shapes shipped with sotegraph (shapes/*.ttl)."""
    graph = Graph()
    for item in resource_files("shapes", ".ttl"):
        graph.parse(data=item.read_bytes(), format="turtle")
    return graph


@lru_cache(maxsize=1)
def package_ontology() -> Graph:
    """The ontology shipped with sotegraph (ontology/*.ttl): class hierarchy and property labels."""
    graph = Graph()
    for item in resource_files("ontology", ".ttl"):
        graph.parse(data=item.read_bytes(), format="turtle")
    return graph


def _values(nodes: Iterable[Node]) -> str:
    return " ".join(node.n3() for node in nodes)


def _batches(nodes: Iterable[Node]) -> Iterator[list[Node]]:
    batch: list[Node] = []
    for node in nodes:
        batch.append(node)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _construct(store: Store, sparql: str) -> Graph:
    result = store.query(sparql)
    assert isinstance(result, Graph)
    return result


def _select(store: Store, sparql: str) -> SelectResult:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return result


def _describe(store: Store, nodes: set[Node], inverse: frozenset[URIRef], context: Graph) -> set[Node]:
    """Add the stored triples of `nodes` (outgoing, and incoming by `inverse`); return nodes with any."""
    known: set[Node] = set()
    iris = sorted(node for node in nodes if isinstance(node, URIRef))
    for batch in _batches(iris):
        found = _construct(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s ?p ?o }}")
        known.update(found.subjects())
        context += found
        if inverse:
            context += _construct(store, f"CONSTRUCT {{ ?x ?p ?s }} WHERE {{ VALUES ?s {{ {_values(batch)} }} "
                                         f"VALUES ?p {{ {_values(sorted(inverse))} }} ?x ?p ?s }}")
    return known


def _add_types(store: Store, nodes: set[Node], context: Graph) -> None:
    for batch in _batches(sorted(node for node in nodes if isinstance(node, URIRef))):
        context += _construct(store, f"CONSTRUCT {{ ?s a ?t }} WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s a ?t }}")


def _neighbours(context: Graph, nodes: set[Node], inverse: frozenset[URIRef]) -> set[Node]:
    found = {o for node in nodes for p, o in context.predicate_objects(node)
             if p != RDF.type and not isinstance(o, Literal)}
    found |= {s for node in nodes for p in inverse for s in context.subjects(p, node)}
    return found


def focus_nodes(submission: Graph, needs: ShapeNeeds) -> set[Node]:
    """The submission's own nodes: its subjects, and objects of predicates the shapes target."""
    nodes: set[Node] = set(submission.subjects())
    nodes |= {o for p in needs.target_objects_of for o in submission.objects(None, p) if not isinstance(o, Literal)}
    return nodes


def extract_context(store: Store | None, submission: Graph, needs: ShapeNeeds,
                    ontology: Graph) -> tuple[Graph, set[Node], set[Node]]:
    """(graph to validate, focus nodes, focus nodes already in the store) for `submission`.

    The ontology (class hierarchy, concept schemes) is always part of the graph, as the shapes
    require; the store's own class hierarchy is added to it.
    """
    context = Graph()
    context += submission
    context += ontology
    focus = focus_nodes(submission, needs)
    if store is None:
        return context, focus, set()
    context += _construct(store, f"CONSTRUCT {{ ?a {RDFS.subClassOf.n3()} ?b }} WHERE {{ ?a {RDFS.subClassOf.n3()} ?b }}")
    existing = _describe(store, focus, needs.inverse_predicates, context)
    described, frontier = set(focus), _neighbours(context, focus, needs.inverse_predicates) - focus
    for _ in range(needs.depth):
        _describe(store, frontier, needs.inverse_predicates, context)
        described |= frontier
        frontier = _neighbours(context, frontier, needs.inverse_predicates) - described
    _add_types(store, frontier, context)
    return context, focus, existing


def _messages(results: Graph, result: Node) -> dict[str, str]:
    """The result's messages by language; a nested shape's failure speaks through its details."""
    messages = {(m.language or ""): str(m) for m in results.objects(result, SH.resultMessage)
                if isinstance(m, Literal)}
    details = list(results.objects(result, SH.detail))
    if details and set(messages) <= {""}:
        nested: dict[str, list[str]] = {}
        for detail in details:
            for lang, text in _messages(results, detail).items():
                nested.setdefault(lang, []).append(text)
        messages = {lang: " ".join(sorted(set(texts))) for lang, texts in nested.items()} or messages
    return messages


def _findings(results: Graph, focus: set[Node], cells: CellMap | None) -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        if node not in focus:
            continue
        path = results.value(result, SH.resultPath)
        inverse = results.value(path, SH.inversePath) if isinstance(path, BNode) else None
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        findings.append(Finding(
            severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation"),
            focus=node, path=inverse or (path if isinstance(path, URIRef) else None),
            inverse=inverse is not None, value=value, messages=_messages(results, result),
            component=str(component).rsplit("#", 1)[-1] if component else "",
            cell=cells.locate(node, path, value) if cells and not inverse else None))
    return sorted(findings, key=_finding_order)


def _finding_order(finding: Finding) -> tuple[str, str, str, str]:
    return (str(finding.focus), finding.severity, str(finding.path or ""), str(finding.value or ""))


def likely_duplicates(store: Store, submission: Graph, new_nodes: set[Node], cells: CellMap | None) -> list[Finding]:
    """Warnings for new entities whose type and (folded) label match an existing entity's."""
    wanted: dict[tuple[Node, str], set[tuple[Node, Node]]] = {}
    for node in new_nodes:
        for label in submission.objects(node, SKOS.prefLabel):
            for kind in submission.objects(node, RDF.type):
                wanted.setdefault((kind, normalise(str(label))), set()).add((node, label))
    if not wanted:
        return []
    kinds = sorted({kind for kind, _ in wanted})
    rows = _select(store, f"SELECT ?e ?t ?label WHERE {{ VALUES ?t {{ {_values(kinds)} }} "
                          f"?e a ?t ; {_LABELS} ?label }}")
    findings: dict[tuple[Node, Node], Finding] = {}
    for existing, kind, existing_label in rows.rows:
        for node, label in sorted(wanted.get((kind, normalise(str(existing_label))), ())):
            if node != existing and (node, existing) not in findings:
                findings[(node, existing)] = Finding(
                    "Warning", node, SKOS.prefLabel, value=label, component="LikelyDuplicate",
                    duplicate_of=existing if isinstance(existing, URIRef) else None,
                    messages={"fi": f"Todennäköinen kaksoiskappale: samanniminen ja -tyyppinen {existing.n3()} "
                                    "on jo tietokannassa. Käytä sen tunnistetta.",
                              "en": f"Likely duplicate: {existing.n3()} of the same type and name already "
                                    "exists. Use its IRI."},
                    cell=cells.locate(node, SKOS.prefLabel, label) if cells else None)
    return list(findings.values())


def _collect_labels(report: Report, graphs: Iterable[Graph], store: Store | None) -> None:
    wanted = {f.focus for f in report.findings} | {f.path for f in report.findings if f.path}
    wanted |= {f.value for f in report.findings if isinstance(f.value, URIRef)}
    for graph in graphs:
        for node in wanted:
            for predicate in (SKOS.prefLabel, RDFS.label):
                for label in graph.objects(node, predicate):
                    if isinstance(label, Literal):
                        report.labels.setdefault(node, {}).setdefault(label.language or "", str(label))
    missing = sorted(n for n in wanted if n not in report.labels and isinstance(n, URIRef))
    if store is None or not missing:
        return
    for batch in _batches(missing):
        rows = _select(store, f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s {SKOS.prefLabel.n3()}|{RDFS.label.n3()} ?l }}")
        for node, label in rows.rows:
            if isinstance(label, Literal):
                report.labels.setdefault(node, {}).setdefault(label.language or "", str(label))


def validate_submission(submission: Graph, store: Store | None = None, *, sources: Iterable[str] = (),
                        shapes: Graph | None = None, ontology: Graph | None = None,
                        cells: CellMap | None = None, problems: Iterable[Finding] = ()) -> Report:
    """Validate `submission` as it would stand once merged into `store` (None: on its own).

    `problems` are findings found before SHACL (e.g. a spreadsheet cell that is not a number).
    """
    shapes = package_shapes() if shapes is None else shapes
    ontology = package_ontology() if ontology is None else ontology
    context, focus, existing = extract_context(store, submission, ShapeNeeds.of(shapes), ontology)
    _, results, _ = shacl_validate(context, shacl_graph=shapes, inplace=True, allow_warnings=True)
    problems = list(problems)
    findings = problems + _findings(results, focus, cells)
    if store is not None:
        findings += likely_duplicates(store, submission, focus - existing, cells)
    report = Report(findings, list(sources), len(submission))
    for problem in problems:
        if problem.cell is not None:
            report.labels[problem.focus] = {"fi": f"{problem.cell.sheet}, rivi {problem.cell.row}",
                                            "en": f"{problem.cell.sheet}, row {problem.cell.row}"}
    _collect_labels(report, (submission, context, ontology), store)
    return report
