"""What validation finds, as a model the reports render: findings, the report, and spreadsheet cells.

A `Finding` is one problem (a SHACL result, a conversion problem or a likely duplicate); a `Report`
holds them with the labels a reader needs. Spreadsheet conversion records where each triple came
from in a `CellMap`, so a finding can point at its sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from sotegraph.entities.labels import pick_label
from sotegraph.errors import SotegraphError


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
        """The message for `lang` (`pick_label`); "" if there is none."""
        return pick_label(self.messages, lang) or ""


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
        """The label of `node` for `lang` (`pick_label`); None if none is known."""
        return pick_label(self.labels.get(node, {}), lang)


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


class ValidationFailed(SotegraphError):
    """A submission does not conform to the shapes; `report` holds the validation report."""

    exit_code = 1
    http_status = 422

    def __init__(self, message: str, report: Report) -> None:
        self.report = report
        super().__init__(message)
