"""The stewards' commands: validate (exit codes, formats, languages), submit, submissions, retract, steward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from repo_paths import REPO_ROOT, TEST_DATA
from sotegraph.store import open_store

DATA = TEST_DATA / "steward"
TEMPLATES = REPO_ROOT / "data" / "templates"
CSVS = [str(p) for p in sorted(TEMPLATES.glob("*.csv"))]


@pytest.fixture
def bad_file(tmp_path: Path) -> str:
    path = tmp_path / "participations.csv"
    path.write_text("project,participant,role\nmonni,organisation/ei-ole-olemassa,partner\n", encoding="utf-8")
    return str(path)


def test_validate_conforming_templates_exits_0(runner) -> None:
    result = runner.invoke(["validate", *CSVS, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Conforms: 0 violations")


def test_validate_violations_exit_1_with_the_cell_in_finnish(runner, bad_file: str) -> None:
    result = runner.invoke(["validate", bad_file])
    assert result.exit_code == 1
    assert "VIRHE: osallistuja = <https://w3id.org/sotegraph/id/organisation/ei-ole-olemassa>" in result.stdout
    assert "[taulukko participations, rivi 2, sarake participant]" in result.stdout


def test_validate_json_and_ttl(runner, bad_file: str) -> None:
    data = json.loads(runner.invoke(["validate", bad_file, "--format", "json", "--lang", "en"]).stdout)
    assert data["conforms"] is False
    assert {"sheet": "participations", "row": 2, "column": "participant"} in [r["cell"] for r in data["results"]]
    graph = Graph().parse(data=runner.invoke(["validate", bad_file, "--format", "ttl"]).stdout, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in graph


@pytest.mark.parametrize("content, name, message", [
    (b"", "empty.ttl", "empty.ttl: empty file"),
    (b"<a> <b> .\n", "broken.ttl", "broken.ttl:1:"),
    (b"x", "data.docx", "cannot tell the RDF format"),
])
def test_validate_unreadable_input_exits_2(runner, tmp_path: Path, content: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(["validate", str(path)])
    assert result.exit_code == 2 and message in result.stderr


def test_validate_a_missing_file_exits_2(runner, tmp_path: Path) -> None:
    result = runner.invoke(["validate", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_submit_list_and_retract(runner, bad_file: str) -> None:
    refused = runner.invoke(["submit", bad_file, "--by", "Maija"])
    assert refused.exit_code == 1 and "does not conform" in refused.stderr
    merged = runner.invoke(["submit", *CSVS, "--by", "Maija", "--note", "esimerkit", "--lang", "en"])
    assert merged.exit_code == 0, merged.output
    last_line = merged.stdout.strip().splitlines()[-1]
    submission_id = last_line.split()[3].rstrip(":")
    assert "triples submitted; its graph holds" in last_line and "of provenance" in last_line
    listing = runner.invoke(["submissions"])
    assert submission_id in listing.stdout and "by Maija" in listing.stdout and "note: esimerkit" in listing.stdout
    [record] = json.loads(runner.invoke(["submissions", "--json"]).stdout)
    assert record["id"] == submission_id and len(record["files"]) == len(CSVS)
    unconfirmed = runner.invoke(["retract", submission_id])
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr
    again = runner.invoke(["submit", *CSVS, "--by", "Maija"])
    assert again.exit_code == 2 and submission_id in again.stderr
    retracted = runner.invoke(["retract", submission_id, "--yes"])
    assert retracted.exit_code == 0 and f"retracted submission {submission_id}" in retracted.stdout
    assert runner.invoke(["retract", submission_id, "--yes"]).exit_code == 1
    assert runner.invoke(["submissions"]).stdout.strip() == "no submissions"


def test_submit_refuses_an_invalid_blank_node(runner, tmp_path: Path) -> None:
    path = tmp_path / "tyhja.ttl"
    path.write_text("@prefix sote: <https://w3id.org/sotegraph/ontology#> .\n"
                    "[] a sote:Participation ; sote:role <https://w3id.org/sotegraph/id/role/partner> .\n",
                    encoding="utf-8")
    assert runner.invoke(["submissions"]).stdout.strip() == "no submissions"
    with open_store(runner.store_dir) as store:
        before = store.graph_counts()
    refused = runner.invoke(["submit", str(path), "--by", "Maija", "--lang", "en"])
    assert refused.exit_code == 1 and "does not conform" in refused.stderr
    assert "participation (blank node; role: partner) _:" in refused.output
    with open_store(runner.store_dir) as store:
        assert store.graph_counts() == before


def test_submit_needs_by(runner) -> None:
    assert runner.invoke(["submit", *CSVS]).exit_code == 2


def test_steward_accounts_are_stored_hashed(runner, tmp_store_dir: Path) -> None:
    result = runner.invoke(["steward", "add", "maija"], input="salainen-sana\nsalainen-sana\n")
    assert result.exit_code == 0 and "steward maija added" in result.stdout
    stored = (tmp_store_dir / "stewards.json").read_text(encoding="utf-8")
    assert "salainen-sana" not in stored and "maija" in stored
    assert (tmp_store_dir / "stewards.json").stat().st_mode & 0o077 == 0
    assert runner.invoke(["steward", "list"]).stdout.split() == ["maija"]
    assert runner.invoke(["steward", "add", "lyhyt"], input="abc\nabc\n").exit_code == 2
    assert runner.invoke(["steward", "remove", "maija"]).exit_code == 0
    assert runner.invoke(["steward", "remove", "maija"]).exit_code == 2
