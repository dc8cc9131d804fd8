"""Build the spreadsheet templates from data/templates/mapping.json: one CSV per sheet and one XLSX
workbook (an instructions sheet, then one sheet per kind, each with its example rows).

Run after editing the mapping: `python scripts/build_templates.py`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"


def _column_note(column: dict) -> str:
    parts = [f"{column['help']['fi']} / {column['help']['en']}"]
    if column.get("required"):
        parts.append("pakollinen / required")
    if column.get("class_choices"):
        parts.append("vaihtoehdot / choices: " + ", ".join(column["class_choices"]))
    if column.get("default"):
        parts.append(f"oletus / default: {column['default']}")
    return "; ".join(parts)


def write_csv(sheet: dict) -> None:
    """`{sheet}.csv`: the header row and the example rows, UTF-8 with a BOM so Excel reads it."""
    names = [column["name"] for column in sheet["columns"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for example in sheet["example"]:
        writer.writerow([example.get(name, "") for name in names])
    (TEMPLATES / f"{sheet['name']}.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write_workbook(mapping: dict) -> None:
    """`sotegraph-template.xlsx`: instructions, then one sheet per kind with notes on the headers."""
    workbook = Workbook()
    guide = workbook.active
    assert isinstance(guide, Worksheet)  # a new workbook's one sheet
    guide.title = "instructions"
    guide.append(["sotegraph: tietojen toimituspohja / submission template"])
    guide.append([mapping["about"]])
    guide.append([])
    guide.append(["sheet", "column", "fi", "en", "required", "choices / default"])
    for sheet in mapping["sheets"]:
        for column in sheet["columns"]:
            guide.append([sheet["name"], column["name"], column["help"]["fi"], column["help"]["en"],
                          "x" if column.get("required") else "",
                          ", ".join(column.get("class_choices", [])) or column.get("default", "")])
    guide["A1"].font = Font(bold=True)
    for sheet in mapping["sheets"]:
        page = workbook.create_sheet(sheet["name"])
        names = [column["name"] for column in sheet["columns"]]
        page.append(names)
        for cell, column in zip(page[1], sheet["columns"], strict=True):
            cell.font = Font(bold=True)
            cell.comment = Comment(_column_note(column), "sotegraph")
        for example in sheet["example"]:
            page.append([example.get(name) or None for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (TEMPLATES / "sotegraph-template.xlsx").write_bytes(buffer.getvalue())


def main() -> None:
    mapping = json.loads((TEMPLATES / "mapping.json").read_text(encoding="utf-8"))
    for sheet in mapping["sheets"]:
        write_csv(sheet)
    write_workbook(mapping)


if __name__ == "__main__":
    main()
