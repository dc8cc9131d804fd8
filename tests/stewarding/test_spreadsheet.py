"""Spreadsheets to RDF by the declarative mapping: templates, cells, readable errors."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from repo_paths import REPO_ROOT
from sotegraph.errors import InputError
from sotegraph.stewarding.spreadsheets import convert_csv, convert_xlsx, mapping, sheet_names
from sotegraph.validation.findings import Cell

ROOT = REPO_ROOT
TEMPLATES = ROOT / "data" / "templates"
SOTE = "https://w3id.org/sotegraph/ontology#"
ID = "https://w3id.org/sotegraph/id/"


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        page = workbook.create_sheet(name)
        for row in rows:
            page.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_template_csvs_and_workbook_give_the_same_graph() -> None:
    from sotegraph.stewarding.spreadsheets import Converted

    from_csv = Converted()
    for path in sorted(TEMPLATES.glob("*.csv")):
        convert_csv(path.name, path.read_bytes(), from_csv)
    from_xlsx = convert_xlsx("t.xlsx", (TEMPLATES / "sotegraph-template.xlsx").read_bytes())
    assert not from_csv.problems and not from_xlsx.problems
    assert set(from_csv.graph) == set(from_xlsx.graph) and len(from_csv.graph) > 50
    assert {path.stem for path in TEMPLATES.glob("*.csv")} == set(sheet_names())


def test_the_shipped_templates_are_built_from_the_mapping(tmp_path: Path) -> None:
    script = (ROOT / "scripts" / "build_templates.py").read_text(encoding="utf-8")
    copy = tmp_path / "scripts" / "build_templates.py"
    copy.parent.mkdir()
    copy.write_text(script, encoding="utf-8")
    (tmp_path / "data" / "templates").mkdir(parents=True)
    (tmp_path / "data" / "templates" / "mapping.json").write_bytes((TEMPLATES / "mapping.json").read_bytes())
    subprocess.run([sys.executable, str(copy)], check=True)
    for csv_file in TEMPLATES.glob("*.csv"):
        assert (tmp_path / "data" / "templates" / csv_file.name).read_bytes() == csv_file.read_bytes()


def test_a_participation_row_becomes_a_qualified_relation_with_cells() -> None:
    data = (b"project,participant,role,start_year,source\n"
            b"PRO SOS,organisation/pikassos,administrator,2016,001_88213a215f076537\n")
    out = convert_csv("participations.csv", data)
    node = URIRef(ID + "participation/pro-sos--organisation-pikassos--administrator")
    assert (node, RDF.type, URIRef(SOTE + "Participation")) in out.graph
    assert (node, URIRef(SOTE + "project"), URIRef(ID + "project/pro-sos")) in out.graph
    assert (node, URIRef(SOTE + "startYear"), Literal(2016, datatype=XSD.integer)) in out.graph
    assert out.cells.locate(node, URIRef(SOTE + "participant"), URIRef(ID + "organisation/pikassos")) == \
        Cell("participations", 2, "participant")
    assert out.cells.locate(node, URIRef(SOTE + "endYear"), None) == Cell("participations", 2, None)


def test_finnish_habits_semicolons_decimal_commas_dates_and_type_names() -> None:
    data = (b"project;n;amount;start_date\nhanke;1;215 000,50;1.8.2016\n")
    out = convert_csv("funding.csv", data)
    node = URIRef(ID + "funding/hanke--1")
    assert (node, URIRef(SOTE + "amount"), Literal("215000.50", datatype=XSD.decimal)) in out.graph
    assert (node, URIRef(SOTE + "startDate"), Literal("2016-08-01", datatype=XSD.date)) in out.graph
    assert (node, URIRef(SOTE + "startYear"), Literal(2016, datatype=XSD.integer)) in out.graph
    orgs = convert_csv("organisations.csv", b"name_fi,type\nPikassos,sosiaalialan osaamiskeskus\n")
    pikassos = URIRef(ID + "organisation/pikassos")
    assert (pikassos, RDF.type, URIRef(SOTE + "CompetenceCentre")) in orgs.graph
    assert (pikassos, SKOS.prefLabel, Literal("Pikassos", lang="fi")) in orgs.graph


@pytest.mark.parametrize("row, column, fragment", [
    ("hanke,x,partner,20x", "start_year", "Not a whole number: 20x"),
    (",pikassos,partner,", "project", "Required column project is empty"),
    ("hanke,foo/bar,partner,", "participant", "Write kind/key"),
    ("hanke,http://example.org/x,partner,", "participant", "A reference outside"),
])
def test_unreadable_cells_are_violations_pointing_at_the_cell(row: str, column: str, fragment: str) -> None:
    out = convert_csv("participations.csv", f"project,participant,role,start_year\n{row}\n".encode())
    assert len(out.problems) == 1
    problem = out.problems[0]
    assert problem.severity == "Violation" and problem.cell == Cell("participations", 2, column)
    assert fragment in problem.message("en")


def test_a_bad_year_names_its_property() -> None:
    out = convert_csv("participations.csv", b"project,participant,role,start_year\nhanke,x,partner,20x4\n")
    [problem] = out.problems
    assert problem.path == URIRef("https://w3id.org/sotegraph/ontology#startYear")


def test_a_bad_role_lists_the_valid_roles() -> None:
    out = convert_csv("participations.csv", b"project,participant,role\nhanke,x,pomo\n")
    [problem] = out.problems
    message = problem.message("en")
    assert "Unknown role 'pomo'" in message and "administrator" in message and "partner" in message
    assert problem.cell == Cell("participations", 2, "role")


def test_an_unknown_type_lists_the_choices() -> None:
    out = convert_csv("groups.csv", b"name_fi,type\nVerkosto,kerho\n")
    assert "Unknown type 'kerho' (choose from Group, Network" in out.problems[0].message("en")


@pytest.mark.parametrize("name, data, message", [
    ("participations.csv", b"project,participant,role,colour\n", "unknown column 'colour' in sheet participations "
     "(expected: project, participant, role"),
    ("participations.csv", b"participant,role\n", "lacks the required column project"),
    ("partners.csv", b"a,b\n", "unknown sheet 'partners' (expected: organisations, projects"),
    ("organisations.csv", b"", "empty file"),
    ("organisations.csv", "name_fi\nPäijät-Häme\n".encode("latin-1"), "not UTF-8 text (byte 0xe4)"),
])
def test_bad_csv_files_are_input_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as error:
        convert_csv(name, data)
    assert message in str(error.value) and name in str(error.value)


def test_an_unknown_workbook_sheet_names_the_expected_ones() -> None:
    data = _xlsx({"instructions": [["anything"]], "organisations": [["name_fi"], ["Pikassos"]], "Taul1": [["x"]]})
    with pytest.raises(InputError, match="unknown sheet 'Taul1' \\(expected: organisations"):
        convert_xlsx("book.xlsx", data)


def test_workbook_cells_keep_their_sheet_row_and_column() -> None:
    rows = [["key", "name_fi", "start_year"], ["a", "A", 2020], [None, None, None], ["b", "B", "x"]]
    data = _xlsx({"projects": rows})
    out = convert_xlsx("book.xlsx", data)
    assert (URIRef(ID + "project/a"), URIRef(SOTE + "startYear"), Literal(2020, datatype=XSD.integer)) in out.graph
    assert [p.cell for p in out.problems] == [Cell("projects", 4, "start_year")]


def test_not_a_workbook_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an XLSX workbook"):
        convert_xlsx("book.xlsx", b"PK\x03\x04 not really")


def test_the_mapping_documents_every_column_in_both_languages() -> None:
    for sheet in mapping()["sheets"]:
        for column in sheet["columns"]:
            assert column["help"]["fi"] and column["help"]["en"], (sheet["name"], column["name"])
