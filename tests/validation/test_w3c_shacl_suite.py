"""The W3C SHACL test suite (core and SPARQL), vendored in tests/data/w3c-shacl, on both engines.

Each sht:Validate entry of the manifests runs `validate_graph` on its data and shapes graphs and
compares conforms and the results (focus node, path, value, source shape, constraint component,
severity) with the expected report, as pySHACL's own runner does: blank focus nodes and values are
not compared (their labels differ between graphs), blank-node paths are compared as SPARQL path
text and blank source shapes by their description. Messages are not compared (no expected result
of the core suite has one; pySHACL's runner drops them too). The test id names the engine that
handled the shapes for the compiled engine: compiled, fallback (pySHACL) or both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from repo_paths import TEST_DATA
from sotegraph.validation.compiler import compile_shapes
from sotegraph.validation.results import ShaclResult, path_text
from sotegraph.validation.validator import validate_graph

SUITE = TEST_DATA / "w3c-shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
#: Tests pySHACL fails, by the engines that fail them: the compiled engine leaves shapesGraph-001 to pySHACL.
PYSHACL_FAILS = {
    "sparql/pre-binding/shapesGraph-001": (("sparql", "pyshacl"), "pySHACL does not pre-bind $shapesGraph (its own "
                                           "runner lists it in ALLOWABLE_FAILURES); the shape falls back to pySHACL"),
    "core/property/uniqueLang-002": (("pyshacl",), "pySHACL activates sh:uniqueLang on \"1\"^^xsd:boolean (it "
                                     "passes its own runner only because rdflib rewrites the literal as \"true\")"),
}


@dataclass(frozen=True)
class Case:
    """One sht:Validate entry: its manifest graph, expected result node and data/shapes files."""

    name: str
    manifest: Graph
    expected: Node
    data: Path
    shapes: Path


_graphs: dict[Path, Graph] = {}


def _graph(path: Path) -> Graph:
    """`path` parsed once (a file both data and shapes keeps one set of blank nodes), literals as written.

    rdflib would otherwise rewrite "1"^^xsd:boolean as "true", which core/property/uniqueLang-002 tells apart.
    """
    if path not in _graphs:
        normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
        try:
            _graphs[path] = Graph().parse(path, format="turtle", publicID=path.as_uri())
        finally:
            rdflib.NORMALIZE_LITERALS = normalize
    return _graphs[path]


def _cases(manifest_path: Path) -> list[Case]:
    graph = _graph(manifest_path)
    manifest = graph.value(predicate=RDF.type, object=MF.Manifest)
    found = [case for include in graph.objects(manifest, MF.include)
             for case in _cases(Path(include.removeprefix("file://")))]
    for entries in graph.objects(manifest, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(entry, MF.action)
            name = str(entry).removeprefix(SUITE.as_uri() + "/")
            found.append(Case(name, graph, graph.value(entry, MF.result),
                              Path(graph.value(action, SHT.dataGraph).removeprefix("file://")),
                              Path(graph.value(action, SHT.shapesGraph).removeprefix("file://"))))
    return found


CASES = sorted(_cases(SUITE / "manifest.ttl"), key=lambda case: case.name)


def _handled_by(case: Case) -> str:
    compiled = compile_shapes(_graph(case.shapes))
    kinds = [kind for kind, shapes in (("compiled", compiled.checks), ("fallback", compiled.fallback)) if shapes]
    return "+".join(kinds) or "no targets"


def _described(graph: Graph, node: Node, depth: int = 0) -> object:
    """A blank node as the sorted (predicate, object) pairs describing it; other nodes as themselves."""
    if not isinstance(node, BNode) or depth > 8:
        return node
    if (node, RDF.first, None) in graph:
        return tuple(_described(graph, item, depth + 1) for item in Collection(graph, node))
    return tuple(sorted(((p, _described(graph, o, depth + 1)) for p, o in graph.predicate_objects(node)), key=repr))


def _term(node: Node | None) -> Node | str | None:
    """A focus node or value as pySHACL's runner compares it: blank nodes all alike."""
    return "BNode" if isinstance(node, BNode) else node


def _expected(case: Case) -> tuple[bool, Counter]:
    graph = case.manifest
    conforms = graph.value(case.expected, SH.conforms)
    keys: Counter = Counter()
    for result in graph.objects(case.expected, SH.result):
        path = graph.value(result, SH.resultPath)
        keys[(_term(graph.value(result, SH.focusNode)), None if path is None else path_text(graph, path),
              _term(graph.value(result, SH.value)), _described(graph, graph.value(result, SH.sourceShape)),
              graph.value(result, SH.sourceConstraintComponent), graph.value(result, SH.resultSeverity))] += 1
    return bool(conforms.toPython()), keys


def _actual(results: list[ShaclResult], shapes: Graph) -> tuple[bool, Counter]:
    return not results, Counter((_term(r.focus), r.path, _term(r.value), _described(shapes, r.source_shape),
                                 r.component, r.severity) for r in results)


def _params() -> list:
    params = []
    for engine in ("sparql", "pyshacl"):
        for case in CASES:
            label = f"{case.name}[{_handled_by(case) if engine == 'sparql' else 'pyshacl'}]"
            engines, reason = PYSHACL_FAILS.get(case.name, ((), ""))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if engine in engines else []
            params.append(pytest.param(case, engine, id=f"{engine}:{label}", marks=marks))
    return params


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 121 and len({case.name for case in CASES}) == 121  # 98 core, 23 SPARQL


@pytest.mark.parametrize("case, engine", _params())
def test_w3c_case(case: Case, engine: str) -> None:
    data, shapes = _graph(case.data), _graph(case.shapes)
    if case.expected == SHT.Failure:
        with pytest.raises(ReportableRuntimeError):  # from pySHACL: the compiled engine leaves these to it
            validate_graph(data, shapes, engine)  # type: ignore[arg-type]
        return
    assert (case.expected, RDF.type, SH.ValidationReport) in case.manifest
    assert _actual(validate_graph(data, shapes, engine), shapes) == _expected(case)  # type: ignore[arg-type]
