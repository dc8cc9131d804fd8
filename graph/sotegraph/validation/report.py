"""A validation `Report` as text for people (grouped by entity, Finnish or English), JSON, or Turtle.

The Turtle form is a SHACL `sh:ValidationReport` whose `sh:conforms` follows sotegraph's rule:
warnings and infos alone do not block.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from sotegraph.entities.labels import graph_label
from sotegraph.i18n import N_, gettext
from sotegraph.resources import package_ontology
from sotegraph.validation.findings import Cell, Finding, Report
from sotegraph.vocab import SHAPES, local_name

FORMATS = ("text", "json", "ttl")

#: Words for the standard properties the ontology uses but does not define (translated when shown).
_PROPERTY_WORDS: dict[URIRef, str] = {
    SKOS.prefLabel: N_("preferred name"), SKOS.altLabel: N_("alternative name"), RDF.type: N_("type"),
    RDFS.label: N_("label"), PROV.wasDerivedFrom: N_("source document"),
    DCTERMS.identifier: N_("identifier"), DCTERMS.title: N_("title"),
}
_SEVERITY_WORDS = {"Violation": N_("VIOLATION"), "Warning": N_("warning"), "Info": N_("info")}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def render(report: Report, fmt: str = "text", lang: str = "fi") -> str:
    """`report` in `fmt` ("text", "json" or "ttl"), messages in `lang` ("fi" or "en")."""
    if fmt == "json":
        return json.dumps(as_json(report, lang), ensure_ascii=False, indent=2)
    if fmt == "ttl":
        return as_graph(report).serialize(format="turtle")
    return as_text(report, lang)


def property_words(path: URIRef | None, lang: str, report: Report | None = None) -> str:
    """A property in words: its rdfs:label in `lang` from the ontology, else the catalogues' word for a
    standard property, else its label in `report`, else its local name."""
    if path is None:
        return ""
    found = graph_label(package_ontology(), path, lang)
    if found is None and path in _PROPERTY_WORDS:
        found = gettext(lang, _PROPERTY_WORDS[path])
    if found is None and report:
        found = report.label(path, lang)
    return found or local_name(str(path))


def value_text(value: Node | None, report: Report, lang: str) -> str:
    """An offending value as a reader sees it: a quoted literal, or a label with the IRI."""
    if value is None:
        return ""
    if isinstance(value, Literal):
        return json.dumps(str(value), ensure_ascii=False) + (f"@{value.language}" if value.language else "")
    label = report.label(value, lang)
    return f"{label} <{value}>" if label else f"<{value}>"


def cell_text(cell: Cell | None, lang: str) -> str:
    """"sheet organisations, row 3, column name_fi" in `lang`."""
    if cell is None:
        return ""
    parts = [gettext(lang, "sheet %(sheet)s", sheet=cell.sheet), gettext(lang, "row %(row)s", row=cell.row)]
    if cell.column:
        parts.append(gettext(lang, "column %(column)s", column=cell.column))
    return ", ".join(parts)


def summary(report: Report, lang: str) -> str:
    """One line: the verdict and the counts."""
    verdict = gettext(lang, "Conforms") if report.conforms else gettext(lang, "Does not conform")
    counts = [gettext(lang, "%(n)s violations", n=report.count("Violation")),
              gettext(lang, "%(n)s warnings", n=report.count("Warning"))]
    if report.count("Info"):
        counts.append(gettext(lang, "%(n)s infos", n=report.count("Info")))
    sources = [*report.sources, gettext(lang, "%(n)s triples", n=report.triples)]
    return f"{verdict}: {', '.join(counts)} ({', '.join(sources)})"


def entity_heading(report: Report, focus: Node, lang: str) -> str:
    """An entity as the report names it: its label and IRI."""
    label = report.label(focus, lang)
    name = f"<{focus}>" if isinstance(focus, URIRef) else f"_:{focus}"
    return f"{label} {name}" if label else name


def _group_key(finding: Finding) -> str:
    return str(finding.focus)


def grouped(report: Report) -> list[tuple[Node, list[Finding]]]:
    """Findings grouped by entity, the entities with violations first, each group by severity."""
    ordered = sorted(report.findings, key=_group_key)
    groups = [(items[0].focus, sorted(items, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3)))
              for _, group in groupby(ordered, key=_group_key) for items in [list(group)]]
    return sorted(groups, key=lambda group: (_SEVERITY_ORDER.get(group[1][0].severity, 3), str(group[0])))


def as_text(report: Report, lang: str) -> str:
    """The report for people: a summary, then each entity with its findings."""
    lines = [summary(report, lang)]
    if not report.findings:
        lines.append("  (" + gettext(lang, "no remarks") + ")")
    for focus, findings in grouped(report):
        lines.append("")
        lines.append(entity_heading(report, focus, lang))
        for finding in findings:
            prop = property_words(finding.path, lang, report)
            if finding.inverse:
                prop = gettext(lang, "%(property)s (inverse)", property=prop)
            value = value_text(finding.value, report, lang)
            severity = gettext(lang, _SEVERITY_WORDS[finding.severity])
            text = f"  {severity}: {prop}" if prop else f"  {severity}:"
            if value:
                text += f" = {value}"
            text += f" — {finding.message(lang)}"
            if finding.cell:
                text += f" [{cell_text(finding.cell, lang)}]"
            lines.append(text)
    return "\n".join(lines) + "\n"


def finding_json(finding: Finding, report: Report, lang: str) -> dict[str, Any]:
    """One finding as a JSON object."""
    value: Any = None
    if finding.value is not None:
        value = str(finding.value) if isinstance(finding.value, Literal) else {"iri": str(finding.value)}
    return {
        "severity": finding.severity,
        "focusNode": str(finding.focus),
        "focusLabel": report.label(finding.focus, lang),
        "path": str(finding.path) if finding.path else None,
        "inversePath": finding.inverse,
        "property": property_words(finding.path, lang, report) or None,
        "value": value,
        "message": finding.message(lang),
        "component": finding.component,
        "cell": None if finding.cell is None else
        {"sheet": finding.cell.sheet, "row": finding.cell.row, "column": finding.cell.column},
        "duplicateOf": str(finding.duplicate_of) if finding.duplicate_of else None,
    }


def as_json(report: Report, lang: str) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    return {"conforms": report.conforms, "violations": report.count("Violation"),
            "warnings": report.count("Warning"), "infos": report.count("Info"),
            "sources": report.sources, "triples": report.triples,
            "results": [finding_json(f, report, lang) for _, group in grouped(report) for f in group]}


def as_graph(report: Report) -> Graph:
    """The report as a SHACL validation report graph (messages in every language known)."""
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for finding in report.findings:
        result = BNode()
        graph.add((root, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, finding.focus))
        graph.add((result, SH.resultSeverity, SH[finding.severity]))
        if finding.path is not None:
            path: Node = finding.path
            if finding.inverse:
                path = BNode()
                graph.add((path, SH.inversePath, finding.path))
            graph.add((result, SH.resultPath, path))
        if finding.value is not None:
            graph.add((result, SH.value, finding.value))
        for lang, text in finding.messages.items():
            graph.add((result, SH.resultMessage, Literal(text, lang=lang or None)))
        if finding.component:
            graph.add((result, SH.sourceConstraintComponent, SH[finding.component]
                       if finding.component.endswith("ConstraintComponent") else SHAPES[finding.component]))
        if finding.cell:
            graph.add((result, RDFS.comment, Literal(cell_text(finding.cell, "en"), lang="en")))
        if finding.duplicate_of:
            graph.add((result, RDFS.seeAlso, finding.duplicate_of))
    return graph
