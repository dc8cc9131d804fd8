"""`sotegraph queries` and `sotegraph query`: listing, running, formats and exit codes 0/1/2/4."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import xml.dom.minidom
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from sotegraph.store.bundled import load_bundled
from sotegraph.store.server import OxigraphServer

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"


def test_queries_lists_names_titles_parameters(runner) -> None:
    result = runner.invoke(["queries"])
    assert result.exit_code == 0
    assert "project-participants" in result.output and "--param project" in result.output
    listed = json.loads(runner.invoke(["queries", "--format", "json"]).output)
    assert {"region-municipalities", "uninvolved-municipalities"} <= {query["name"] for query in listed}


def test_query_csv(runner) -> None:
    result = runner.invoke(["query", "region-municipalities", "-p", "region=kanta-hame", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 11 and "Riihimäki" in {row["municipalityLabel"] for row in rows}


def test_query_json_is_sparql_results(runner) -> None:
    result = runner.invoke(["query", "project-funding", "--param", "project=PRO SOS", "--format", "json"])
    body = json.loads(result.output)
    assert body["head"]["vars"][0] == "funding" and len(body["results"]["bindings"]) == 2


def test_query_table_and_tsv(runner) -> None:
    table = runner.invoke(["query", "person-roles", "-p", "person=heli niemi"])
    assert table.exit_code == 0 and "hanketyöntekijä" in table.output and "rows)" in table.output
    tsv = runner.invoke(["query", "person-roles", "-p", "person=heli niemi", "--format", "tsv"])
    assert tsv.output.startswith("?context\t")


def test_query_file(runner, tmp_path: Path) -> None:
    path = tmp_path / "regions.rq"
    path.write_text("SELECT ?r WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> } LIMIT 2\n")
    result = runner.invoke(["query", str(path), "--format", "csv"])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 3


@pytest.mark.parametrize(("args", "code", "message"), [
    (["query", "no-such-query"], 2, "valid: actor-partners"),
    (["query", "project-funding", "-p", "projekt=PRO SOS"], 2, "valid: project"),
    (["query", "project-funding"], 2, "needs parameter 'project'"),
    (["query", "project-funding", "-p", "PRO SOS"], 2, "NAME=VALUE"),
    (["query", "projects-active", "-p", "year=soon"], 2, "not a valid integer"),
    (["query", "person-roles", "-p", "person=Heli Nieminen-Virtanen"], 1, "no entity"),
])
def test_query_errors_exit_codes(runner, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(args)
    assert result.exit_code == code and message in result.stderr


def test_update_file_is_refused(runner, tmp_path: Path) -> None:
    path = tmp_path / "drop.rq"
    path.write_text("DROP ALL\n")
    result = runner.invoke(["query", str(path)])
    assert result.exit_code == 2 and "read-only" in result.stderr


def test_timeout_on_embedded_store_exits_4(tmp_path: Path) -> None:
    path = tmp_path / "slow.rq"
    path.write_text(SLOW)
    completed = subprocess.run(
        [sys.executable, "-c", "from sotegraph.cli.group import main; main()", "--store", str(tmp_path / "store"),
         "query", str(path), "--timeout", "1"], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 4 and "time limit of 1 s" in completed.stderr


def test_query_xml_is_sparql_results_xml(runner) -> None:
    result = runner.invoke(["query", "project-funding", "--param", "project=PRO SOS", "--format", "xml"])
    assert result.exit_code == 0, result.stderr
    document = xml.dom.minidom.parseString(result.output)
    assert len(document.getElementsByTagName("result")) == 2


@pytest.mark.parametrize(("fmt", "parser"), [("table", "turtle"), ("ttl", "turtle"), ("nt", "nt"),
                                             ("xml", "xml"), ("jsonld", "json-ld")])
def test_construct_in_rdf_formats(runner, tmp_path: Path, fmt: str, parser: str) -> None:
    path = tmp_path / "regions.rq"
    path.write_text("CONSTRUCT WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> }\n")
    result = runner.invoke(["query", str(path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if parser == "json-ld":  # rdflib's JSON-LD parser warns (ConjunctiveGraph); read the JSON itself
        assert len(json.loads(result.output)) == 19
    else:
        assert len(Graph().parse(data=result.output, format=parser)) == 19


def test_csv_for_a_graph_is_refused(runner, tmp_path: Path) -> None:
    path = tmp_path / "regions.rq"
    path.write_text("CONSTRUCT WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> }\n")
    result = runner.invoke(["query", str(path), "--format", "csv"])
    assert result.exit_code == 2 and "--format csv cannot write a CONSTRUCT result" in result.stderr


@pytest.fixture
def slow_server() -> Iterator[str]:
    """An in-memory Oxigraph server with the bundled graphs whose own time limit (60 s) is far away."""
    server = OxigraphServer(None, query_timeout=60)
    try:
        load_bundled(server.store())
        yield server.url
    finally:
        server.stop()


@pytest.mark.server
def test_timeout_is_kept_as_given_on_a_remote_store(slow_server: str, tmp_path: Path) -> None:
    """--timeout 1 stops at 1 s even when the server's own limit is later (it answered ~6 s saying 5 s)."""
    path = tmp_path / "slow.rq"
    path.write_text(SLOW)
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-c", "from sotegraph.cli.group import main; main()", "--store", slow_server,
         "query", str(path), "--timeout", "1", "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 4, completed.stderr
    assert "time limit of 1 s (--timeout)" in completed.stderr
    assert time.monotonic() - started < 30  # not the server's 60 s
