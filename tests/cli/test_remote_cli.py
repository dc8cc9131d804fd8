"""The command line against a real SPARQL server: an Oxigraph server (PyPI `oxigraph`) on loopback.

Covers `--store http://…` (an Oxigraph server: /query, /update, /store) and `sparql+http://…`
(any SPARQL 1.1 endpoint; updates through $SOTEGRAPH_UPDATE_URL, no Graph Store Protocol).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from sotegraph import synth

pytestmark = pytest.mark.server

SYNTH_GRAPH = "https://w3id.org/sotegraph/graph/synthetic"
CURATED_GRAPH = "https://w3id.org/sotegraph/graph/curated"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(location: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """An Oxigraph server on a free loopback port, ready to answer; (process, base URL).

    Its output goes to `oxigraph.log` beside `location`.
    """
    port = free_port()
    log = location.with_name("oxigraph.log")
    with open(log, "wb") as output:
        process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph", *extra],
                                   stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {log.read_text(errors='replace')}")
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph serve did not start within 30 s")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The base URL of a fresh Oxigraph server (union default graph), stopped afterwards."""
    process, url = start_server(tmp_path / "oxigraph")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def synth_file(tmp_path: Path) -> Path:
    path = tmp_path / "synth.nt"
    synth.write(path, 60, seed=4)
    return path


def graph_counts(runner, store: str) -> dict[str, int]:
    result = runner.invoke(["--store", store, "stats", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return {row["graph"]: row["triples"] for row in json.loads(result.stdout)["graphs"]}


def test_init_load_stats_export_against_an_oxigraph_server(runner, server: str, synth_file: Path,
                                                          tmp_path: Path) -> None:
    assert runner.invoke(["--store", server, "init"]).exit_code == 0
    result = runner.invoke(["--store", server, "load", "--graph", SYNTH_GRAPH, str(synth_file)])
    assert result.exit_code == 0, result.stderr
    counts = graph_counts(runner, server)
    assert counts[SYNTH_GRAPH] == sum(1 for _ in synth.statements(60, seed=4))
    assert counts[CURATED_GRAPH] > 0
    out = tmp_path / "dump.nq"
    assert runner.invoke(["--store", server, "export", "--format", "nq", "-o", str(out)]).exit_code == 0
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    named = {graph: count for graph, count in counts.items() if graph.startswith("http")}
    assert len(quads) == sum(named.values())
    assert {quad.graph_name.value for quad in quads} == set(named)


def test_stats_count_every_triple_once_on_a_union_default_graph_server(runner, server: str) -> None:
    runner.invoke(["--store", server, "init"])
    assert "(default graph)" not in graph_counts(runner, server)


def test_a_failed_load_leaves_the_remote_store_unchanged(runner, server: str, synth_file: Path,
                                                        tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    result = runner.invoke(["--store", server, "load", "--graph", SYNTH_GRAPH, str(synth_file), str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl" in result.stderr
    assert SYNTH_GRAPH not in graph_counts(runner, server)


def test_analysis_runs_over_the_remote_union_graph(runner, server: str, synth_file: Path) -> None:
    runner.invoke(["--store", server, "init"])
    runner.invoke(["--store", server, "load", "--graph", SYNTH_GRAPH, str(synth_file)])
    result = runner.invoke(["--store", server, "analyze", "--top", "5", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "synth-" in result.stdout


def test_named_query_against_the_server(runner, server: str) -> None:
    runner.invoke(["--store", server, "init"])
    result = runner.invoke(["--store", server, "query", "actor-projects", "-p", "actor=Pikassos",
                            "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"]


def test_a_query_stopped_by_the_server_time_limit_exits_4(runner, tmp_path: Path, synth_file: Path) -> None:
    """`oxigraph serve --timeout-s` cancels the query and cuts the body short: sotegraph must notice."""
    process, url = start_server(tmp_path / "oxigraph", "--timeout-s", "1")
    try:
        runner.invoke(["--store", url, "load", "--graph", SYNTH_GRAPH, str(synth_file)])
        heavy = tmp_path / "heavy.rq"
        # A streaming cross product: the server cancels it at its limit and ends the body early.
        # (A blocking one, with ORDER BY or COUNT, is cancelled by Oxigraph 0.5 only much later.)
        heavy.write_text("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
        result = runner.invoke(["--store", url, "query", str(heavy), "--format", "csv"])
        assert result.exit_code == 4, result.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_submission_is_merged_with_one_write_request(runner, server: str, tmp_path: Path,
                                                     monkeypatch) -> None:
    """A conforming submission (a small synthetic graph) is merged by exactly one update or GSP request."""
    submission = tmp_path / "submission.ttl"
    synth.write(submission, 20, seed=9, fmt="ttl")
    assert runner.invoke(["--store", server, "init"]).exit_code == 0
    before = graph_counts(runner, server)
    writes: list[str] = []
    original = requests.Session.request

    def counting(self, method, url, *args, **kwargs):
        if method.upper() in ("POST", "PUT", "DELETE") and not url.endswith("/query"):
            writes.append(f"{method} {url}")
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", counting)
    result = runner.invoke(["--store", server, "submit", "--by", "tester", str(submission)])
    monkeypatch.undo()
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(writes) == 1, writes
    new_graphs = set(graph_counts(runner, server)) - set(before)
    assert len(new_graphs) == 1 and "/graph/submission/" in new_graphs.pop()


def test_generic_sparql_endpoint_without_graph_store_protocol(runner, server: str, synth_file: Path,
                                                              monkeypatch) -> None:
    """`sparql+http://…/query` with an update URL: files go in as one INSERT DATA request."""
    monkeypatch.setenv("SOTEGRAPH_UPDATE_URL", f"{server}/update")
    monkeypatch.delenv("SOTEGRAPH_GSP_URL", raising=False)
    store = f"sparql+{server}/query"
    result = runner.invoke(["--store", store, "load", "--graph", SYNTH_GRAPH, str(synth_file)])
    assert result.exit_code == 0, result.stderr
    assert graph_counts(runner, store)[SYNTH_GRAPH] == sum(1 for _ in synth.statements(60, seed=4))


def test_an_unreachable_server_exits_3(runner) -> None:
    result = runner.invoke(["--store", f"http://127.0.0.1:{free_port()}", "stats"])
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
