"""Spreadsheets (CSV files, XLSX workbooks) to RDF by the declarative mapping `data/templates/mapping.json`.

Each sheet (or CSV file named after it) holds one kind of entity; row 1 names the columns. The
mapping says, per sheet, how the subject IRI is made (`organisation/{key}`,
`participation/{project}--{participant:kind-key}--{role}`), which classes every row gets and, per
column, the predicate and how a cell becomes a term: a language-tagged literal (`lang`), a typed
literal (`datatype`), a reference to an entity (`ref`: its kind, or `*` for `kind/key`), or a
class (`class_choices`). Every triple remembers its sheet, row and column (`CellMap`), so a
report points at the cell. A cell that cannot be read (not a number, an unknown type) is a
violation in the report; an unknown sheet or column is an input error naming the expected ones.

Everything is bounded while it is read (`sotegraph.limits`): the file's size, an XLSX archive's
declared uncompressed size (checked before openpyxl opens it; Python's zip reader never inflates a
member past its declared size), rows per sheet, cells per submission, characters per cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from sotegraph.entities.names import normalise
from sotegraph.errors import InputError
from sotegraph.i18n import N_, SUPPORTED, gettext
from sotegraph.limits import LimitExceeded, Limits, current
from sotegraph.resources import package_ontology, read_resource
from sotegraph.validation.findings import Cell, CellMap, Finding
from sotegraph.vocab import ID_BASE, slug

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::kind-key)?\}")
_DATE_FI = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass
class Converted:
    """The RDF made from spreadsheets, where each triple came from, and the cells that could not be read."""

    graph: Graph = field(default_factory=Graph)
    cells: CellMap = field(default_factory=CellMap)
    problems: list[Finding] = field(default_factory=list)
    limits: Limits = field(default_factory=current)
    cell_count: int = 0


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """The shipped mapping (data/templates/mapping.json)."""
    return json.loads(read_resource("data", "templates/mapping.json"))


def sheet_names(spec: dict[str, Any] | None = None) -> list[str]:
    """The sheets the mapping knows, in template order."""
    return [sheet["name"] for sheet in (spec or mapping())["sheets"]]


def _sheet(spec: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    for sheet in spec["sheets"]:
        if sheet["name"] == name.strip().lower():
            return sheet
    raise InputError(f"unknown sheet '{name}' (expected: {', '.join(sheet_names(spec))})", file=source)


def _expand(spec: dict[str, Any], curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(spec["prefixes"][prefix] + local)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=1)
def _role_keys() -> tuple[str, ...]:
    """The keys of the role vocabulary shipped with the ontology (`id/role/{key}`), sorted."""
    prefix = f"{ID_BASE}role/"
    return tuple(sorted({str(s)[len(prefix):] for s in package_ontology().subjects() if str(s).startswith(prefix)}))


class _Row:
    """One data row being converted: its cells by column name and the problems found in it."""

    def __init__(self, spec: dict[str, Any], sheet: dict[str, Any], number: int, cells: dict[str, str],
                 out: Converted) -> None:
        self.spec, self.sheet, self.number, self.cells, self.out = spec, sheet, number, cells, out
        self.sheet_name = sheet["name"]

    def problem(self, column: str | None, message: str, value: str | None = None, **values: object) -> None:
        """Record a problem in this row: `message` (English, `N_`-marked) in every language, filled from `values`."""
        focus = URIRef(f"{self.spec['base']}{self.sheet_name}#row-{self.number}")
        spec_column: dict[str, Any] = next((c for c in self.sheet["columns"] if c["name"] == column), {})
        path = _expand(self.spec, spec_column["predicate"]) if "predicate" in spec_column else None
        self.out.problems.append(Finding(
            "Violation", focus, path=path, value=Literal(value) if value else None,
            messages={lang: gettext(lang, message, **values) for lang in SUPPORTED},
            component="CellValue", cell=Cell(self.sheet_name, self.number, column)))

    def reference(self, column: dict[str, Any], text: str) -> tuple[str, str] | None:
        """(kind, key) of a reference cell: `key`, `kind/key` or a full IRI of ours."""
        if text.startswith(self.spec["base"]):
            text = text[len(self.spec["base"]):]
        elif re.match(r"^https?://", text):
            self.problem(column["name"], N_("A reference outside %(base)s is not allowed: %(text)s"), text,
                         base=self.spec["base"], text=text)
            return None
        kind = column["ref"]
        if "/" in text and (kind == "*" or text.split("/", 1)[0] == kind):
            kind, text = text.split("/", 1)
        elif kind == "*":
            kind = column.get("default_kind", "")
        if kind == "*" or not kind or (column["ref"] == "*" and kind not in self.spec["actor_kinds"]):
            kinds = ", ".join(self.spec["actor_kinds"])
            self.problem(column["name"], N_("Write kind/key (kinds: %(kinds)s), e.g. organisation/pikassos"), text,
                         kinds=kinds)
            return None
        key = "/".join(part if re.fullmatch(r"[a-z0-9_-]+", part) else slug(part) for part in text.split("/"))
        if not key.strip("/"):
            self.problem(column["name"], N_("Empty key"), text)
            return None
        if kind == "role" and key not in _role_keys():
            self.problem(column["name"], N_("Unknown role '%(text)s' (choose from %(choices)s)"), text,
                         text=text, choices=", ".join(_role_keys()))
            return None
        return kind, key

    def literal(self, column: dict[str, Any], text: str) -> Literal | None:
        datatype = column.get("datatype")
        if column.get("lang"):
            return Literal(text, lang=column["lang"])
        if datatype is None:
            return Literal(text)
        if datatype == "xsd:integer":
            if re.fullmatch(r"[+-]?\d+", text):
                return Literal(int(text), datatype=XSD.integer)
            self.problem(column["name"], N_("Not a whole number: %(text)s"), text, text=text)
        elif datatype == "xsd:decimal":
            compact = text.replace("\u00a0", "").replace(" ", "")
            compact = compact.replace(",", ".") if "." not in compact else compact
            try:
                return Literal(Decimal(compact), datatype=XSD.decimal)
            except InvalidOperation:
                self.problem(column["name"], N_("Not a number: %(text)s"), text, text=text)
        elif datatype == "xsd:date":
            parsed = _parse_date(text)
            if parsed:
                return Literal(parsed.isoformat(), datatype=XSD.date)
            self.problem(column["name"], N_("Not a date (yyyy-mm-dd or dd.mm.yyyy): %(text)s"), text, text=text)
        return None

    def class_iri(self, column: dict[str, Any], text: str) -> URIRef | None:
        choices = _class_lookup(self.spec["prefixes"]["sote"], tuple(column["class_choices"]))
        found = choices.get(normalise(text))
        if found is None:
            self.problem(column["name"], N_("Unknown type '%(text)s' (choose from %(choices)s)"), text,
                         text=text, choices=", ".join(column["class_choices"]))
        return found

    def values(self, column: dict[str, Any]) -> list[str]:
        text = self.cells.get(column["name"], "") or column.get("default", "")
        if not text and column.get("year_of"):
            parsed = _parse_date(self.cells.get(column["year_of"], ""))
            text = str(parsed.year) if parsed else ""
        parts = text.split(column["separator"]) if column.get("separator") else [text]
        return [part.strip() for part in parts if part.strip()]

    def subject(self) -> URIRef | None:
        keys: dict[str, str] = {}
        for column in self.sheet["columns"]:
            values = self.values(column)
            if not values and column.get("key_from"):
                source = self.cells.get(column["key_from"], "")
                values = [slug(source)] if source else []
            if column.get("required") and not values:
                self.problem(column["name"], N_("Required column %(name)s is empty"), name=column["name"])
                return None
            if values and "ref" in column:
                found = self.reference(column, values[0])
                if found is None:
                    return None
                keys[column["name"]] = f"{found[0]}-{found[1]}" if f"{{{column['name']}:kind-key}}" in \
                    self.sheet["subject"] else found[1]
            elif values:
                keys[column["name"]] = slug(values[0]) or values[0]
        names = _PLACEHOLDER.findall(self.sheet["subject"])
        missing = [name for name in names if not keys.get(name)]
        if missing:
            self.problem(missing[0], N_("Part %(name)s of the key is missing"), name=missing[0])
            return None
        return URIRef(self.spec["base"] + _PLACEHOLDER.sub(lambda m: keys[m.group(1)], self.sheet["subject"]))

    def convert(self) -> None:
        subject = self.subject()
        if subject is None:
            return
        row_cell = Cell(self.sheet_name, self.number)
        for curie in self.sheet["classes"]:
            self.add((subject, RDF.type, _expand(self.spec, curie)), row_cell)
        for column in self.sheet["columns"]:
            if "predicate" not in column:
                continue
            predicate = _expand(self.spec, column["predicate"])
            for text in self.values(column):
                term: Node | None
                if "class_choices" in column:
                    term = self.class_iri(column, text)
                elif "ref" in column:
                    found = self.reference(column, text)
                    term = URIRef(f"{self.spec['base']}{found[0]}/{found[1]}") if found else None
                else:
                    term = self.literal(column, text)
                if term is not None:
                    self.add((subject, predicate, term), Cell(self.sheet_name, self.number, column["name"]))

    def add(self, triple: tuple[Node, Node, Node], cell: Cell) -> None:
        self.out.graph.add(triple)
        self.out.cells.add(triple, cell)


def _parse_date(text: str) -> date | None:
    match = _DATE_FI.match(text.strip())
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _class_lookup(base: str, choices: tuple[str, ...]) -> dict[str, URIRef]:
    """Class names users may write → class IRI: the local name, or its Finnish or English label."""
    ontology = package_ontology()
    lookup: dict[str, URIRef] = {}
    for name in choices:
        iri = URIRef(base + name)
        lookup[normalise(name)] = iri
        for label in ontology.objects(iri, RDFS.label):
            lookup.setdefault(normalise(str(label)), iri)
    return lookup


def convert_rows(sheet_name: str, rows: Iterable[tuple[int, Sequence[object]]], source: str,
                 out: Converted, spec: dict[str, Any] | None = None) -> None:
    """Convert one sheet's rows ((row number, cells); the first is the header) into `out`."""
    spec = spec or mapping()
    sheet = _sheet(spec, sheet_name, source)
    expected = [column["name"] for column in sheet["columns"]]
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None:
        return
    header = [_cell_text(value).lower() for value in header_row[1]]
    while header and not header[-1]:
        header.pop()
    unknown = [name for name in header if name not in expected]
    if unknown or not header:
        raise InputError(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(repr(n) for n in unknown)} "
                         f"in sheet {sheet_name} (expected: {', '.join(expected)})" if unknown else
                         f"sheet {sheet_name} has no header row (expected: {', '.join(expected)})",
                         file=source, line=header_row[0])
    missing = [column["name"] for column in sheet["columns"] if column.get("required") and column["name"] not in header]
    if missing:
        raise InputError(f"sheet {sheet_name} lacks the required column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} (expected: {', '.join(expected)})", file=source, line=header_row[0])
    limits = out.limits
    for number, values in iterator:
        if number > limits.rows:
            raise LimitExceeded("rows", limits.rows, f"more than {limits.rows} rows in sheet {sheet_name}",
                                file=source)
        if not values:
            continue
        out.cell_count += len(values)
        if out.cell_count > limits.cells:
            raise LimitExceeded("cells", limits.cells, f"more than {limits.cells} cells", file=source, line=number)
        # Cells past the header (trimmed of empty trailing columns) are ignored.
        cells = {name: _cell_text(value) for name, value in zip(header, values, strict=False) if name}
        for name, text in cells.items():
            if len(text) > limits.literal_chars:
                raise LimitExceeded("literal_chars", limits.literal_chars, f"a cell of {len(text)} characters",
                                    file=source, line=number, field=name)
        if any(cells.values()):
            _Row(spec, sheet, number, cells, out).convert()


def _csv_rows(data: bytes, source: str, limits: Limits) -> Iterator[tuple[int, list[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8 CSV",
                         file=source, line=line) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if csv.field_size_limit() <= limits.literal_chars:
        # Process-wide, and only ever raised: a longer cell must reach our own check and its message.
        csv.field_size_limit(limits.literal_chars + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, list(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise LimitExceeded("literal_chars", limits.literal_chars, "a cell longer than the limit",
                                file=source, line=reader.line_num) from None
        raise InputError(f"malformed CSV: {error}", file=source, line=reader.line_num) from None


def convert_csv(filename: str, data: bytes, out: Converted | None = None) -> Converted:
    """One CSV file; its name (without folders or suffix) says the sheet, e.g. `participations.csv`."""
    out = out or Converted()
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError("empty file", file=filename)
    _check_size(filename, data, out.limits)
    convert_rows(PurePath(filename).stem, _csv_rows(data, filename, out.limits), filename, out)
    return out


def convert_xlsx(filename: str, data: bytes, out: Converted | None = None) -> Converted:
    """An XLSX workbook, one sheet per kind; sheets named in the mapping's `ignored_sheets` are skipped."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    out = out or Converted()
    if not data:
        raise InputError("empty file", file=filename)
    _check_size(filename, data, out.limits)
    _check_archive(filename, data, out.limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(f"not an XLSX workbook: {error}", file=filename) from None
    try:
        spec = mapping()
        names = [name for name in workbook.sheetnames if name.strip().lower() not in spec["ignored_sheets"]]
        for name in names:
            _sheet(spec, name, filename)
        for name in names:
            sheet = workbook[name]
            # A declared dimension (A1:XFD1048576) would pad every row to its width: read rows as stored.
            sheet.reset_dimensions()
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
            convert_rows(name, rows, filename, out)
    except (BadZipFile, zlib.error) as error:
        raise InputError(f"damaged XLSX workbook: {error}", file=filename) from None
    finally:
        workbook.close()
    return out


def _check_size(filename: str, data: bytes, limits: Limits) -> None:
    if len(data) > limits.file_bytes:
        raise LimitExceeded("file_bytes", limits.file_bytes, f"a file of {len(data)} bytes", file=filename)


def _check_archive(filename: str, data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose members declare more than `unpacked_bytes` together (a zip bomb)."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (BadZipFile, OSError) as error:
        raise InputError(f"not an XLSX workbook: {error}", file=filename) from None
    if unpacked > limits.unpacked_bytes:
        raise LimitExceeded("unpacked_bytes", limits.unpacked_bytes,
                            f"a workbook that unpacks to {unpacked} bytes", file=filename)


def is_spreadsheet(filename: str) -> bool:
    """Whether `filename` is a CSV file or XLSX workbook by its suffix."""
    return PurePath(filename).suffix.lower() in SPREADSHEET_SUFFIXES
