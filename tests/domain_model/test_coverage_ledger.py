"""data/coverage-ledger.csv: every sentence of the five documents, with what it yields or why not."""

from __future__ import annotations

import csv
import re

from rdflib import Graph, URIRef

from repo_paths import REPO_ROOT

LEDGER = REPO_ROOT / "data" / "coverage-ledger.csv"
CURATED = REPO_ROOT / "data" / "curated"
ID = "https://w3id.org/sotegraph/id/"
OUTCOMES = {"modelled", "partly", "not modelled", "no fact", "noise"}
KEY = re.compile(r"\b(?:[a-z-]+)/[A-Za-z0-9_*.-]+")


def _rows() -> list[dict[str, str]]:
    with LEDGER.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _curated() -> Graph:
    graph = Graph()
    for path in sorted(CURATED.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_ledger_rows_are_complete_and_say_why_not() -> None:
    rows = _rows()
    assert {row["document"] for row in rows} == {path.name for path in _documents()}
    for row in rows:
        assert row["outcome"] in OUTCOMES, row
        assert row["text"].strip(), row
        if row["outcome"] != "modelled":
            assert row["reason"].strip(), row


def _documents() -> list:
    graph = Graph().parse(CURATED / "documents.ttl", format="turtle")
    from pathlib import Path
    return [Path(str(name)) for name in graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))]


def test_what_the_ledger_says_is_yielded_is_in_the_graph() -> None:
    subjects = {str(s) for s in _curated().subjects()}
    for row in _rows():
        for key in KEY.findall(row["yields"]):
            if "*" in key:
                assert any(s.startswith(ID + key.rstrip("*")) for s in subjects), (row["sentence"], key)
            else:
                assert ID + key in subjects, (row["document"], row["sentence"], key)


def test_every_quoted_record_is_in_the_ledger() -> None:
    """Each node with a quote is named by the ledger row of its sentence."""
    quoted = {str(s).removeprefix(ID) for s in _curated().subjects(URIRef(
        "https://w3id.org/sotegraph/ontology#quote"))}
    named = {key for row in _rows() for key in KEY.findall(row["yields"])}
    assert sorted(quoted - named) == []
