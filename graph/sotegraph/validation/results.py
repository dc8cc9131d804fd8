"""One SHACL validation result as both engines give it (compiled SPARQL or pySHACL), comparable.

Paths are kept as SPARQL property-path text ("<p>", "^<p>", "(<a>/<b>+)"), which is the same for
equal paths whichever graph (shapes or pySHACL's results graph) holds their blank nodes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

_SIMPLE_PATH = re.compile(r"(\^?)<([^<>]*)>")


class UnsupportedShape(ValueError):
    """A shape uses something the SPARQL compiler does not cover; pySHACL validates it instead."""


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult: focus node, path (SPARQL text), value, source shape, severity, messages."""

    focus: Node
    path: str | None
    value: Node | None
    source_shape: Node
    severity: URIRef
    component: URIRef
    messages: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def simple_path(self) -> tuple[URIRef | None, bool]:
        """(property, inverse) when the path is one property or its inverse, else (None, False)."""
        match = _SIMPLE_PATH.fullmatch(self.path or "")
        return (URIRef(match.group(2)), bool(match.group(1))) if match else (None, False)


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL path node of `graph` as a SPARQL property path; UnsupportedShape for unknown forms."""
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(path_text(graph, step) for step in Collection(graph, path)) + ")"
    for predicate, template in ((SH.inversePath, "^{}"), (SH.oneOrMorePath, "{}+"),
                                (SH.zeroOrMorePath, "{}*"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            text = path_text(graph, inner)
            return template.format(text if isinstance(inner, URIRef) else f"({text})")
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, step) for step in Collection(graph, alternatives)) + ")"
    raise UnsupportedShape(f"unknown SHACL path {path!r}")


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


def _required(results: Graph, result: Node, predicate: URIRef) -> Node:
    """The value of a property that every sh:ValidationResult has (SHACL 3.6.2)."""
    value = results.value(result, predicate)
    if value is None:
        raise ValueError(f"the validation result {result} has no {predicate.n3()}")
    return value


def _iri(value: Node) -> URIRef:
    if not isinstance(value, URIRef):
        raise ValueError(f"{value} in a validation result is not an IRI")
    return value


def results_of_report(results: Graph) -> list[ShaclResult]:
    """The top-level results of a pySHACL report graph."""
    found = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            path = results.value(result, SH.resultPath)
            found.append(ShaclResult(
                focus=_required(results, result, SH.focusNode),
                path=None if path is None else path_text(results, path),
                value=results.value(result, SH.value), source_shape=_required(results, result, SH.sourceShape),
                severity=_iri(results.value(result, SH.resultSeverity) or SH.Violation),
                component=_iri(_required(results, result, SH.sourceConstraintComponent)),
                messages=_messages(results, result)))
    return found
