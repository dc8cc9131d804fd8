"""SHACL validation of a submission joined with the graph it will join, and the report people read.

Modules: `validator` (the entry point: `validate_submission`, `validate_graph`; two engines),
`compiler` (shapes compiled to one SPARQL query per constraint), `subgraph` (what a submission
touches, copied into a small store to validate), `results` (one SHACL result, comparable across
engines), `findings` (the report model: findings, cells of spreadsheets) and `report` (the report
as text, JSON or a SHACL report in Turtle).
"""

from sotegraph.validation.findings import Cell, CellMap, Finding, Report, ValidationFailed
from sotegraph.validation.validator import validate_graph, validate_submission

__all__ = ["Cell", "CellMap", "Finding", "Report", "ValidationFailed", "validate_graph", "validate_submission"]
