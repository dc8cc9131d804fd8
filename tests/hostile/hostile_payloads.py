"""Hostile and careless inputs, each with what sotegraph must answer: HTTP status, exit code, message.

Shared by the web and command-line cases and by the bounded-memory run (`memory_probe.py`).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

ORG = "https://w3id.org/sotegraph/id/organisation/"
PREFIXES = (b"@prefix sote: <https://w3id.org/sotegraph/ontology#> .\n"
            b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            b"@prefix o: <https://w3id.org/sotegraph/id/organisation/> .\n")
RDF_XML_HEAD = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                b'xmlns:s="http://www.w3.org/2004/02/skos/core#">')

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
""" + RDF_XML_HEAD + b"""
  <rdf:Description rdf:about="https://w3id.org/sotegraph/id/organisation/x"><s:prefLabel>&lol9;</s:prefLabel></rdf:Description>
</rdf:RDF>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
""" + RDF_XML_HEAD + b"""
  <rdf:Description rdf:about="https://w3id.org/sotegraph/id/organisation/x"><s:prefLabel>&xxe;</s:prefLabel></rdf:Description>
</rdf:RDF>"""


def organisation(key: str, label: str) -> bytes:
    """A conforming submission: one competence centre with a Finnish name."""
    escaped = label.replace("\\", "\\\\").replace('"', '\\"')
    return PREFIXES + f'o:{key} a sote:CompetenceCentre ; skos:prefLabel "{escaped}"@fi .\n'.encode()


def deep_blank_nodes(depth: int) -> bytes:
    """A blank node nested `depth` deep (4 MB at 10⁶: Oxigraph alone would take half a gigabyte)."""
    return PREFIXES + b"o:x skos:note " + b"[ skos:note " * depth + b'"x"' + b" ]" * depth + b" .\n"


def deep_collection(depth: int) -> bytes:
    """A collection nested `depth` deep."""
    return PREFIXES + b"o:x skos:note " + b"( " * depth + b'"x"' + b" )" * depth + b" .\n"


def deep_triple_terms(depth: int) -> bytes:
    """RDF 1.2 triple terms nested `depth` deep (200 000 make Oxigraph's parser crash the process)."""
    term = b"<<( o:s skos:note "
    return PREFIXES + b"o:x skos:note " + term * depth + b'"x"' + b" )>>" * depth + b" .\n"


def deep_json_ld(depth: int) -> bytes:
    """JSON-LD whose value is a list nested `depth` deep."""
    return (b'{"@id": "' + ORG.encode() + b'x", "http://www.w3.org/2004/02/skos/core#note": '
            + b'{"@list": [' * depth + b'"x"' + b"]}" * depth + b"}")


def deep_rdf_xml(depth: int) -> bytes:
    """RDF/XML with node and property elements nested `depth` deep."""
    return (RDF_XML_HEAD + b"<rdf:Description><s:note>" * depth + b"x" + b"</s:note></rdf:Description>" * depth
            + b"</rdf:RDF>")


def long_literal(chars: int) -> bytes:
    """A conforming-looking organisation whose name is `chars` characters long."""
    return organisation("pitka", "a" * chars)


def many_triples(count: int) -> bytes:
    """`count` triples about one organisation."""
    lines = [f'o:x skos:altLabel "nimi {number}"@fi .' for number in range(count)]
    return PREFIXES + "\n".join(lines).encode() + b"\n"


def remote_context(port: int) -> bytes:
    """JSON-LD whose @context would be fetched from a loopback listener."""
    return (b'{"@context": "http://127.0.0.1:' + str(port).encode() + b'/context.jsonld", '
            b'"@id": "' + ORG.encode() + b'x", "name": "x"}')


def _xlsx(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/xl/workbook.xml" '
                  b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  b'<Override PartName="/xl/worksheets/sheet1.xml" '
                  b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  b"</Types>")
_ROOT_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/relationships/officeDocument"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             b'<sheets><sheet name="organisations" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
                  b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
                  b"</Relationships>")


def workbook(sheet_data: bytes, dimension: str = "A1:B2") -> bytes:
    """A minimal XLSX workbook with one sheet `organisations` whose <sheetData> content is `sheet_data`."""
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="' + dimension.encode() + b'"/><sheetData>' + sheet_data
             + b"</sheetData></worksheet>")
    return _xlsx({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS, "xl/workbook.xml": _WORKBOOK,
                  "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet})


def _inline_row(number: int, *values: str) -> bytes:
    cells = "".join(f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
                    for index, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def zip_bomb(unpacked: int) -> bytes:
    """A workbook whose one sheet holds an inline string of `unpacked` bytes (1.5 MB of zip per 1.5 GB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>' + _inline_row(1, "name_fi")[:-6] + b'<c r="B1" t="inlineStr"><is><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(unpacked >> 20):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def lying_zip_bomb(unpacked: int) -> bytes:
    """`zip_bomb`, its sheet's declared uncompressed size rewritten to 1 KB where readers look for it.

    The central directory holds the size zip readers trust (32 bits here); the local header's zip64
    field is rewritten too. The true data still inflates to `unpacked` bytes.
    """
    data = bytearray(zip_bomb(unpacked))
    name = b"xl/worksheets/sheet1.xml"
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46:position + 46 + length] == name:
            struct.pack_into("<I", data, position + 24, 1024)
        position = data.find(b"PK\x01\x02", position + 4)
    marker = struct.pack("<HH", 0x0001, 16)
    position = data.find(marker)
    while position >= 0:
        struct.pack_into("<Q", data, position + 4, 1024)
        position = data.find(marker, position + 1)
    return bytes(data)


def wide_sheet(rows: int) -> bytes:
    """A sheet declared A1:XFD1048576 whose `rows` rows each have one cell in the last column."""
    body = b"".join(f'<row r="{number}"><c r="XFD{number}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
                    for number in range(2, rows + 2))
    return workbook(_inline_row(1, "name_fi") + body, dimension="A1:XFD1048576")


def far_rows() -> bytes:
    """A sheet whose second row is row 1 048 576 (every row between is read as empty)."""
    return workbook(_inline_row(1, "name_fi") + _inline_row(1048576, "x"))


def long_cell_csv(chars: int) -> bytes:
    """organisations.csv with one name `chars` long."""
    return b"name_fi\n" + b"a" * chars + b"\n"


def multipart(filename: str, data: bytes, field: str = "files") -> tuple[bytes, str]:
    """(body, content type) of a form upload of `data` as `filename`, built as bytes: werkzeug's test
    client would spool a large form to a temporary file that it never closes."""
    boundary = "sotegraph-hostile-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class Case:
    """An upload and what must come back: `status` (web), exit code 2 (CLI), `message` in both."""

    name: str
    make: Callable[[], bytes]
    status: int
    message: str


CASES = [
    Case("laughs.rdf", lambda: BILLION_LAUGHS, 400, "DOCTYPE or ENTITY declaration is refused"),
    Case("xxe.rdf", lambda: XXE, 400, "DOCTYPE or ENTITY declaration is refused"),
    Case("deep.ttl", lambda: deep_blank_nodes(1_000_000), 413, "SOTEGRAPH_MAX_NESTING_DEPTH"),
    Case("collection.ttl", lambda: deep_collection(1_000_000), 413, "SOTEGRAPH_MAX_NESTING_DEPTH"),
    Case("triple-terms.ttl", lambda: deep_triple_terms(200_000), 413, "SOTEGRAPH_MAX_NESTING_DEPTH"),
    Case("deep.jsonld", lambda: deep_json_ld(100_000), 413, "SOTEGRAPH_MAX_NESTING_DEPTH"),
    Case("deep.rdf", lambda: deep_rdf_xml(100_000), 413, "SOTEGRAPH_MAX_NESTING_DEPTH"),
    Case("long.ttl", lambda: long_literal(64 * 1024 + 1), 413, "a literal of 65537 characters"),
    Case("huge.ttl", lambda: long_literal(17 * 1024 * 1024), 413, "a literal of 17825792 characters"),
    Case("many.ttl", lambda: many_triples(100_001), 413, "SOTEGRAPH_MAX_TRIPLES"),
    Case("lang.ttl", lambda: PREFIXES + b'o:x skos:prefLabel "x"@fi-!! .\n', 400, "invalid language tag '@fi-!!'"),
    Case("bomb.xlsx", lambda: zip_bomb(1536 * 1024 * 1024), 413, "SOTEGRAPH_MAX_UNPACKED_BYTES"),
    Case("lying.xlsx", lambda: lying_zip_bomb(256 * 1024 * 1024), 400, "Bad CRC-32"),
    Case("wide.xlsx", lambda: wide_sheet(400), 413, "SOTEGRAPH_MAX_CELLS"),
    Case("far.xlsx", far_rows, 413, "SOTEGRAPH_MAX_ROWS"),
    Case("organisations.csv", lambda: long_cell_csv(200_000), 413, "SOTEGRAPH_MAX_LITERAL_CHARS"),
]
