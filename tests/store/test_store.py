"""The Store interface over embedded Oxigraph: queries, atomic writes, directories, locks, versions."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from sotegraph.errors import InputError, StoreUnavailable
from sotegraph.store import CURATED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, SelectResult, Store, open_store
from sotegraph.store.directory import MARKER_FILE, SERVER_FILE
from store_holder import held_by_another_process

G = "https://example.org/graph/test"
EX = "https://example.org/"
TURTLE = b"@prefix ex: <https://example.org/> .\nex:a ex:p ex:b ; ex:q \"one\"@fi , 2 .\n"


def test_memory_store_has_the_bundled_graphs(memory_store: Store) -> None:
    counts = memory_store.graph_counts()
    assert counts[ONTOLOGY_GRAPH] > 0
    for year in (2016, 2021, 2025):
        assert counts[REFERENCE_GRAPH.format(year=year)] > 1000


def test_select_returns_rdflib_terms_with_unbound_as_none(memory_store: Store) -> None:
    memory_store.load(TURTLE, "ttl", G)
    result = memory_store.query(f"SELECT ?o ?none WHERE {{ <{EX}a> ?p ?o OPTIONAL {{ ?o <{EX}x> ?none }} }} "
                                "ORDER BY ?o")
    assert isinstance(result, SelectResult)
    assert result.variables == ["o", "none"]
    assert set(row[0] for row in result.rows) == {URIRef(EX + "b"), Literal("one", lang="fi"), Literal(2)}
    assert all(row[1] is None for row in result.rows)
    assert list(result.dicts())[0].keys() == {"o"}


def test_plain_literals_compare_equal_to_rdflib_plain_literals(memory_store: Store) -> None:
    memory_store.load(b'<https://example.org/a> <https://example.org/p> "x" .', "nt", G)
    result = memory_store.query(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }}")
    assert result.rows == [(Literal("x"),)]


def test_ask_construct_and_bindings(memory_store: Store) -> None:
    memory_store.load(TURTLE, "ttl", G)
    assert memory_store.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}") is True
    graph = memory_store.query(f"CONSTRUCT {{ ?s <{EX}p> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(graph, Graph) and len(graph) == 1
    bound = memory_store.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef(EX + "a"), "p": URIRef(EX + "p")})
    assert bound.rows == [(URIRef(EX + "b"),)]


def test_bindings_are_not_spliced_into_the_query(memory_store: Store) -> None:
    hostile = Literal('x" } ; DROP ALL ; SELECT * { "')
    result = memory_store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"o": hostile})
    assert result.rows == []
    assert memory_store.graph_counts()[ONTOLOGY_GRAPH] > 0


def test_default_graph_is_the_union_unless_narrowed(memory_store: Store) -> None:
    memory_store.load(TURTLE, "ttl", G)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(memory_store.query(count).rows[0][0])
    narrowed = int(memory_store.query(count, default_graph_uris=[G]).rows[0][0])
    assert narrowed == 3 and union == sum(memory_store.graph_counts().values())


@pytest.mark.parametrize("media_type, marker", [
    ("application/sparql-results+json", b'"head"'),
    ("application/sparql-results+xml", b"<sparql"),
    ("text/csv", b"s\r\n"),
    ("text/tab-separated-values", b"?s\n"),
])
def test_select_serialised(memory_store: Store, media_type: str, marker: bytes) -> None:
    body, content_type = memory_store.query_serialized("SELECT ?s WHERE { ?s a ?c } LIMIT 1", media_type)
    assert marker in body and content_type.split(";")[0] == media_type


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples", "application/ld+json",
                                        "application/rdf+xml"])
def test_construct_serialised(memory_store: Store, media_type: str) -> None:
    body, content_type = memory_store.query_serialized(
        "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", media_type)
    assert body and content_type == media_type


def test_unsupported_media_type_is_bad_input(memory_store: Store) -> None:
    with pytest.raises(InputError):
        memory_store.query_serialized("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")


def test_query_syntax_error_has_line_and_column(memory_store: Store) -> None:
    with pytest.raises(InputError) as caught:
        memory_store.query("SELECT *\nWHERE { ?s ?p }")
    assert caught.value.line == 2 and caught.value.column in (15, 16)


def test_load_is_all_or_nothing(memory_store: Store) -> None:
    before = memory_store.graph_counts()
    bad = TURTLE + b"ex:c ex:p .\n"
    with pytest.raises(InputError) as caught:
        memory_store.load(bad, "ttl", G, source="bad.ttl")
    assert caught.value.file == "bad.ttl" and caught.value.line == 3
    assert memory_store.graph_counts() == before


def test_load_from_a_binary_stream(memory_store: Store) -> None:
    memory_store.load(io.BytesIO(TURTLE), "ttl", G)
    assert memory_store.graph_counts()[G] == 3


def test_replace_and_drop_graph(memory_store: Store) -> None:
    memory_store.load(TURTLE, "ttl", G)
    memory_store.replace_graph(G, b"<https://example.org/z> <https://example.org/p> _:b .", "nt")
    assert memory_store.graph_counts()[G] == 1
    with pytest.raises(InputError):
        memory_store.replace_graph(G, b"<https://example.org/z> <https://example.org/p> .", "nt")
    assert memory_store.graph_counts()[G] == 1
    memory_store.drop_graph(G)
    assert G not in memory_store.graph_counts()


def test_update_is_atomic(memory_store: Store) -> None:
    before = memory_store.graph_counts()
    with pytest.raises(InputError):
        memory_store.update(f"DROP GRAPH <{ONTOLOGY_GRAPH}> ; INSERT DATA {{ <{EX}a> }}")
    assert memory_store.graph_counts() == before


def test_invalid_graph_iri_is_bad_input(memory_store: Store) -> None:
    with pytest.raises(InputError):
        memory_store.load(TURTLE, "ttl", "not an iri")


def test_dump_round_trips_the_dataset(memory_store: Store) -> None:
    memory_store.load(TURTLE, "ttl", G)
    memory_store.load(b'<https://example.org/d> <https://example.org/p> _:x .', "nt", None)
    for fmt in ("nq", "trig", "jsonld"):
        out = io.BytesIO()
        memory_store.dump(out, fmt)
        copy = open_store(":memory:", initialise=False)
        copy.load(out.getvalue(), fmt, None)
        assert copy.graph_counts() == memory_store.graph_counts(), fmt


def test_dump_of_a_triple_format_is_the_union(memory_store: Store) -> None:
    out = io.BytesIO()
    memory_store.dump(out, "nt")
    distinct = memory_store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    assert out.getvalue().count(b"\n") == int(distinct.rows[0][0])
    one = io.BytesIO()
    memory_store.dump(one, "ttl", ONTOLOGY_GRAPH)
    assert Graph().parse(data=one.getvalue(), format="turtle").__len__() == memory_store.graph_counts()[ONTOLOGY_GRAPH]


def test_new_directory_store_is_initialised_and_persists(tmp_store_dir: Path) -> None:
    with open_store(tmp_store_dir) as store:
        counts = store.graph_counts()
        store.load(TURTLE, "ttl", CURATED_GRAPH)
    assert json.loads((tmp_store_dir / MARKER_FILE).read_text())["initialised"] is True
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts()[CURATED_GRAPH] == counts.get(CURATED_GRAPH, 0) + 3


def test_environment_names_the_store(tmp_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOTEGRAPH_STORE", str(tmp_store_dir))
    with open_store() as store:
        assert store.location == str(tmp_store_dir)


def test_second_process_is_told_who_holds_the_store(tmp_store_dir: Path) -> None:
    open_store(tmp_store_dir).close()
    with held_by_another_process(tmp_store_dir) as holder, pytest.raises(StoreUnavailable, match=f"pid {holder.pid}"):
        open_store(tmp_store_dir)
    open_store(tmp_store_dir).close()


def test_store_of_another_version_is_unavailable(tmp_store_dir: Path) -> None:
    open_store(tmp_store_dir).close()
    (tmp_store_dir / MARKER_FILE).write_text(json.dumps({"format": 99, "sotegraph": "9.0"}))
    with pytest.raises(StoreUnavailable, match="another version|sotegraph 9.0"):
        open_store(tmp_store_dir)


@pytest.mark.parametrize("make", ["file", "foreign-dir"])
def test_path_that_is_not_a_store_is_bad_input(tmp_path: Path, make: str) -> None:
    target = tmp_path / "target"
    if make == "file":
        target.write_text("x")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="not a"):
        open_store(target)
    assert sorted(path.name for path in target.iterdir()) == ["notes.txt"] if make != "file" else True


def test_stale_server_file_is_removed(tmp_store_dir: Path) -> None:
    open_store(tmp_store_dir).close()
    (tmp_store_dir / SERVER_FILE).write_text(json.dumps({"pid": 2 ** 22 + 12345, "url": "http://127.0.0.1:9"}))
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts()
    assert not (tmp_store_dir / SERVER_FILE).exists()


def test_directory_holding_only_sotegraph_configuration_becomes_a_store(tmp_store_dir: Path) -> None:
    tmp_store_dir.mkdir()
    (tmp_store_dir / "secret_key").write_text("k")
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts()[ONTOLOGY_GRAPH] > 0
