"""Reading RDF safely: format detection, hostile input refused, syntax errors located."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from sotegraph.errors import InputError
from sotegraph.store.formats import check_safe, detect_format, normalise_format, parse_graph, parse_quads, read_file

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
<rdf:Description rdf:about="https://example.org/a"><ex:p>&lol3;</ex:p></rdf:Description></rdf:RDF>"""
RDF_XML = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
<rdf:Description rdf:about="https://example.org/a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>"""


@pytest.mark.parametrize("name, fmt", [("a.ttl", "ttl"), ("a.NT", "nt"), ("a.nq", "nq"), ("a.trig", "trig"),
                                       ("a.jsonld", "jsonld"), ("a.json", "jsonld"), ("a.rdf", "rdfxml"),
                                       ("a.owl", "rdfxml")])
def test_format_from_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


@pytest.mark.parametrize("given, fmt", [("turtle", "ttl"), ("N-Quads", "nq"), ("application/ld+json", "jsonld"),
                                        ("text/turtle; charset=utf-8", "ttl"), ("rdf/xml", "rdfxml")])
def test_format_names_and_media_types(given: str, fmt: str) -> None:
    assert normalise_format(given) == fmt


@pytest.mark.parametrize("name, fmt", [("data.csv", None), ("data", None), ("a.ttl", "yaml")])
def test_unknown_format_is_bad_input(name: str, fmt: str | None) -> None:
    with pytest.raises(InputError):
        detect_format(name, fmt)


def test_missing_and_directory_paths_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        read_file(tmp_path / "missing.ttl")
    assert caught.value.file.endswith("missing.ttl")
    with pytest.raises(InputError, match="directory"):
        read_file(tmp_path)


@pytest.mark.parametrize("fmt, data, line, column", [
    ("ttl", b"@prefix ex: <https://example.org/> .\nex:a ex:p .\n", 2, 11),
    ("nt", b"<https://example.org/a> <https://example.org/p> \"x\" .\n<a> <b> <c> .\n", 2, None),
    ("nq", b"<https://example.org/a> <https://example.org/p> \"x\" <g> <h> .\n", 1, None),
    ("trig", b"<https://example.org/g> { <https://example.org/a> <https://example.org/p> }", 1, None),
    ("jsonld", b'{"@id": "https://example.org/a",\n "https://example.org/p": [1, }', 2, None),
])
def test_syntax_errors_carry_line_and_column(fmt: str, data: bytes, line: int, column: int | None) -> None:
    with pytest.raises(InputError) as caught:
        parse_quads(data, fmt, source="input")
    assert caught.value.file == "input" and caught.value.line == line
    if column is not None:
        assert caught.value.column == column


def test_malformed_rdfxml_is_located() -> None:
    with pytest.raises(InputError) as caught:
        parse_quads(b"<?xml version='1.0'?>\n<rdf:RDF>\n<a></b>", "rdfxml", source="x.rdf")
    assert caught.value.file == "x.rdf" and caught.value.line is not None


def test_rdfxml_with_entities_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        check_safe(BILLION_LAUGHS, "rdfxml", "lol.rdf")
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        parse_quads(BILLION_LAUGHS, "rdfxml", source="lol.rdf")


def test_plain_rdfxml_is_read() -> None:
    graph = parse_graph(RDF_XML, "rdfxml")
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x")) in graph


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server recording every path requested of it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"p": "https://example.org/p"}}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("document", [
    '{{"@context": "{url}/context.jsonld", "@id": "https://example.org/a", "p": "x"}}',
    '{{"@context": [{{"q": "https://example.org/q"}}, "{url}/context.jsonld"], "@id": "https://example.org/a"}}',
    '{{"@context": {{"@import": "{url}/context.jsonld"}}, "@id": "https://example.org/a"}}',
])
def test_jsonld_remote_context_is_never_fetched(counting_server: tuple[str, list[str]], document: str) -> None:
    url, requests = counting_server
    with pytest.raises(InputError, match="remote @context"):
        parse_quads(document.format(url=url).encode(), "jsonld", source="doc.jsonld")
    assert requests == []


def test_jsonld_inline_context_is_read() -> None:
    data = b'{"@context": {"p": "https://example.org/p"}, "@id": "https://example.org/a", "p": "x"}'
    assert len(parse_graph(data, "jsonld")) == 1
