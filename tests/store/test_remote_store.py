"""RemoteStore against a real `oxigraph serve` on loopback: protocol, atomic writes, time limits, errors."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef

from sotegraph.errors import InputError, QueryTimeout, StoreUnavailable
from sotegraph.store import ONTOLOGY_GRAPH, SelectResult, open_store
from sotegraph.store.bundled import load_bundled
from sotegraph.store.remote import RemoteStore
from sotegraph.store.server import OxigraphServer, free_port

pytestmark = pytest.mark.server
G = "https://example.org/graph/test"
EX = "https://example.org/"
TURTLE = b"@prefix ex: <https://example.org/> .\nex:a ex:p ex:b ; ex:q \"one\"@fi , 2 , _:x .\n"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a <https://example.org/p> ?x . ?b <https://example.org/p> ?y . "
        "?c <https://example.org/p> ?z }")


@pytest.fixture
def server() -> Iterator[OxigraphServer]:
    """A fresh in-memory oxigraph server with a 1-second query time limit."""
    running = OxigraphServer(None, query_timeout=1)
    yield running
    running.stop()


@pytest.fixture
def remote(server: OxigraphServer) -> Iterator[RemoteStore]:
    """A RemoteStore over `server`, reached the way a user names it (`--store http://…`)."""
    store = open_store(server.url)
    assert isinstance(store, RemoteStore)
    yield store
    store.close()


def test_queries_see_the_union_and_return_rdflib_terms(remote: RemoteStore) -> None:
    remote.load(TURTLE, "ttl", G)
    result = remote.query(f"SELECT ?o WHERE {{ <{EX}a> ?p ?o }}")
    assert isinstance(result, SelectResult)
    assert {URIRef(EX + "b"), Literal("one", lang="fi"), Literal(2)} <= {row[0] for row in result.rows}
    assert remote.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}") is True
    graph = remote.query(f"CONSTRUCT {{ ?s <{EX}p> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(graph, Graph) and len(graph) == 1
    narrowed = remote.query("SELECT ?s WHERE { ?s ?p ?o }", default_graph_uris=["https://example.org/none"])
    assert narrowed.rows == []


def test_bindings(remote: RemoteStore) -> None:
    remote.load(TURTLE, "ttl", G)
    result = remote.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef(EX + "a"), "p": URIRef(EX + "p")})
    assert result.rows == [(URIRef(EX + "b"),)]


def test_serialised_results(remote: RemoteStore) -> None:
    remote.load(TURTLE, "ttl", G)
    body, content_type = remote.query_serialized("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/csv")
    assert content_type.startswith("text/csv") and body.startswith(b"s,p,o")
    body, content_type = remote.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert content_type.startswith("text/turtle") and b"example.org" in body


def test_load_replace_drop_and_counts(remote: RemoteStore) -> None:
    remote.load(TURTLE, "ttl", G)
    remote.load(b'<https://example.org/d> <https://example.org/p> "x" .', "nt", None)
    remote.load(b'<https://example.org/e> <https://example.org/p> "y" <https://example.org/g2> .', "nq", None)
    assert remote.graph_counts() == {"": 1, G: 4, "https://example.org/g2": 1}
    remote.replace_graph(G, b"<https://example.org/z> <https://example.org/p> _:b .", "nt")
    assert remote.graph_counts()[G] == 1
    remote.drop_graph(G)
    assert G not in remote.graph_counts()


@pytest.mark.parametrize("action", ["load", "replace", "update"])
def test_bad_writes_change_nothing(remote: RemoteStore, action: str) -> None:
    remote.load(TURTLE, "ttl", G)
    before = remote.graph_counts()
    bad = b"<https://example.org/a> <https://example.org/p> .\n"
    with pytest.raises(InputError) as caught:
        if action == "load":
            remote.load(TURTLE + b"ex:c ex:p .\n", "ttl", G, source="bad.ttl")
        elif action == "replace":
            remote.replace_graph(G, bad, "nt", source="bad.nt")
        else:
            remote.update(f"DROP GRAPH <{G}> ; INSERT DATA {{ <{EX}a> }}")
    assert caught.value.line is not None
    assert remote.graph_counts() == before


def test_dump_round_trips(remote: RemoteStore) -> None:
    load_bundled(remote)
    remote.load(TURTLE, "ttl", G)
    out = io.BytesIO()
    remote.dump(out, "nq")
    copy = open_store(":memory:", initialise=False)
    copy.load(out.getvalue(), "nq", None)
    assert copy.graph_counts() == remote.graph_counts()
    one = io.BytesIO()
    remote.dump(one, "nt", ONTOLOGY_GRAPH)
    assert one.getvalue().count(b"\n") == remote.graph_counts()[ONTOLOGY_GRAPH]


def _slow_data(remote: RemoteStore) -> None:
    remote.load(b"".join(b"<https://example.org/n%d> <https://example.org/p> <https://example.org/n%d> .\n"
                         % (i, i * 7 % 500) for i in range(500)), "nt", None)


def test_time_limit_stops_the_query_and_others_are_answered(remote: RemoteStore) -> None:
    _slow_data(remote)
    outcome: list[BaseException] = []

    def slow() -> None:
        try:
            remote.query(SLOW)
        except QueryTimeout as error:
            outcome.append(error)

    worker = threading.Thread(target=slow)
    worker.start()
    assert remote.query("ASK { ?s ?p ?o }") is True
    worker.join(120)
    assert len(outcome) == 1


def test_cut_short_serialised_answer_is_a_timeout(remote: RemoteStore) -> None:
    _slow_data(remote)
    with pytest.raises(QueryTimeout):
        remote.query_serialized(SLOW, "application/sparql-results+json")


def test_syntax_error_is_bad_input_with_location(remote: RemoteStore) -> None:
    with pytest.raises(InputError) as caught:
        remote.query("SELECT * WHERE { ?s ?p }")
    assert caught.value.line == 1


def test_unreachable_store_is_unavailable() -> None:
    store = open_store(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="connection refused"):
        store.graph_counts()


def test_generic_endpoint_without_graph_store(server: OxigraphServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOTEGRAPH_UPDATE_URL", f"{server.url}/update")
    monkeypatch.delenv("SOTEGRAPH_GSP_URL", raising=False)
    generic = open_store(f"sparql+{server.url}/query")
    assert isinstance(generic, RemoteStore) and generic.gsp_url is None
    generic.load(TURTLE, "ttl", G)
    generic.replace_graph(G, b"<https://example.org/z> <https://example.org/p> \"1\" .", "nt")
    assert generic.graph_counts() == {G: 1}
    out = io.BytesIO()
    generic.dump(out, "nq")
    assert out.getvalue().count(b"\n") == 1


def test_counts_on_a_server_whose_default_graph_is_the_union() -> None:
    running = OxigraphServer(None, union_default_graph=True)
    try:
        store = running.store()
        store.load(TURTLE, "ttl", G)
        store.load(b'<https://example.org/d> <https://example.org/p> "x" .', "nt", None)
        assert store.graph_counts() == {"": 1, G: 4}
    finally:
        running.stop()
