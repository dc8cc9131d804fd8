"""Hostile or broken submissions get a clear error, never a crash, a fetch or a partial write."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sotegraph.errors import InputError
from sotegraph.stewarding.submissions import Upload, parse_submission
from sotegraph.store import Store
from sotegraph_webviz import create_app

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/sotegraph/id/organisation/x"><s:prefLabel>&lol9;</s:prefLabel></rdf:Description>
</rdf:RDF>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/sotegraph/id/organisation/x"><s:prefLabel>&xxe;</s:prefLabel></rdf:Description>
</rdf:RDF>"""


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A loopback TCP listener that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connections.append(connection)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("name, data, message", [
    ("laughs.rdf", BILLION_LAUGHS, "DOCTYPE or ENTITY declaration is refused"),
    ("xxe.rdf", EXTERNAL_ENTITY, "DOCTYPE or ENTITY declaration is refused"),
    ("broken.ttl", b"@prefix s: <http://x/> .\ns:a s:b s:c ;\n  s:d .\n", "broken.ttl:3:"),
    ("latin1.ttl", '<http://x/a> <http://x/b> "Hämeenlinna" .\n'.encode("latin-1"), "latin1.ttl"),
    ("empty.ttl", b"", "empty.ttl: empty file"),
    ("blank.nt", b"  \n\n", "blank.nt: empty file"),
    ("prefixes.ttl", b"@prefix s: <http://x/> .\n", "no triples in the file"),
    ("organisations.csv", b"\xef\xbb\xbf\r\n", "organisations.csv: empty file"),
    ("people.csv", b"name\n\xff\xfe\n", "people.csv:2: not UTF-8 text"),
    ("bad.xml", b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><oops></rdf:RDF>", "malformed XML"),
])
def test_bad_files_are_input_errors_with_context(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_submission([Upload.of(name, data)])
    assert message in str(error.value)


@pytest.mark.parametrize("context", ['"http://127.0.0.1:{port}/context.jsonld"',
                                     '["http://127.0.0.1:{port}/context.jsonld"]',
                                     '{{"@import": "http://127.0.0.1:{port}/c.jsonld"}}',
                                     '"http\\u003a//127.0.0.1:{port}/context.jsonld"'])
def test_a_remote_jsonld_context_is_never_fetched(listener: tuple[int, list[object]], context: str) -> None:
    port, connections = listener
    document = ('{"@context": ' + context.format(port=port) + ', "@id": "https://w3id.org/sotegraph/id/x", '
                '"name": "x"}').encode()
    with pytest.raises(InputError):
        parse_submission([Upload.of("remote.jsonld", document)])
    assert connections == []


def test_hostile_uploads_on_the_web_are_400_and_change_nothing(memory_store: Store, tmp_path: Path) -> None:
    client = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)}).test_client()
    before = memory_store.graph_counts()
    for name, data in (("laughs.rdf", BILLION_LAUGHS), ("xxe.rdf", EXTERNAL_ENTITY)):
        response = client.post("/steward/validate.json", data={"files": [(__import__("io").BytesIO(data), name)]},
                               content_type="multipart/form-data")
        assert response.status_code == 400 and "refused" in response.json["error"]
    assert memory_store.graph_counts() == before
