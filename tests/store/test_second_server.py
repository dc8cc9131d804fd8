"""The remote-store path against a second, independent SPARQL server: Comunica's `comunica-sparql-file-http`.

The server (npm `@comunica/query-sparql-file`, pinned in scripts/second-server/) is installed into
`.cache/second-server/` by `scripts/second_server.sh`, which CI runs; without it these tests are
skipped on a developer's machine and fail under CI. It serves the bundled graphs, exported as N-Quads,
with `--unionDefaultGraph`, read-only: it keeps the file in memory and cannot write it back, so `load`
and `submit` must fail cleanly. The answers are compared with the embedded Oxigraph store's.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from repo_paths import REPO_ROOT
from sotegraph import synth
from sotegraph.cli.group import main

pytestmark = pytest.mark.server

SERVER = REPO_ROOT / ".cache" / "second-server" / "node_modules" / ".bin" / "comunica-sparql-file-http"
SYNTH_GRAPH = "https://w3id.org/sotegraph/graph/synthetic"
ONTOLOGY_GRAPH = "https://w3id.org/sotegraph/graph/ontology"
GROUP_CONCATS = {"shared": " ", "sharedLabels": " | "}
QUERIES = [
    ("project-participants", "project=PRO SOS"),
    ("region-municipalities", "region=Pirkanmaa"),
    ("region-municipalities", "region=Kanta-Häme"),
    ("actor-partners", "actor=Pikassos"),
    ("projects-active", "year=2017"),
    # Comunica 4.5 answers a FILTER NOT EXISTS holding a FILTER EXISTS with nothing (comunica/comunica#1691).
    pytest.param("uninvolved-municipalities", "region=Kanta-Häme",
                 marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason="nested EXISTS in Comunica 4.5")),
    ("project-funding", "project=PRO SOS"),
]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI installs it with scripts/second_server.sh")
    pytest.skip(f"{reason}: run scripts/second_server.sh")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An embedded store with the bundled graphs, for comparison."""
    location = str(tmp_path_factory.mktemp("embedded") / "store")
    assert CliRunner().invoke(main, ["--store", location, "init"]).exit_code == 0
    return location


@pytest.fixture(scope="module")
def served(embedded: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded store exported as N-Quads: the file the second server serves."""
    data = tmp_path_factory.mktemp("comunica") / "bundled.nq"
    result = CliRunner().invoke(main, ["--store", embedded, "export", "--format", "nq", "-o", str(data)])
    assert result.exit_code == 0, result.output
    return data


@pytest.fixture(scope="module")
def endpoint(served: Path) -> Iterator[str]:
    """`sparql+http://127.0.0.1:PORT/sparql`: Comunica serving `served`, union default graph, read-only."""
    if not SERVER.exists():
        _missing(f"{SERVER} is not installed")
    if shutil.which("node") is None:
        _missing("node is not installed")
    data, folder = served, served.parent
    port = _free_port()
    log = folder / "comunica.log"
    with open(log, "wb") as output:
        # Its own process group, so that stopping it also stops its worker process.
        process = subprocess.Popen([str(SERVER), str(data), "--port", str(port), "--unionDefaultGraph"],
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"comunica-sparql-file-http exited: {log.read_text(errors='replace')}")
            try:
                if requests.get(url, params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"comunica-sparql-file-http did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield f"sparql+{url}"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)


def _json(runner, *args: str) -> dict:
    result = runner.invoke(list(args))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _rows(document: dict) -> list[str]:
    """The rows in a stable order; GROUP_CONCAT values (whose order SPARQL leaves open) with sorted parts."""
    rows = []
    for binding in document["results"]["bindings"]:
        for name, separator in GROUP_CONCATS.items():
            if name in binding:
                binding[name]["value"] = separator.join(sorted(binding[name]["value"].split(separator)))
        rows.append(json.dumps(binding, sort_keys=True))
    return sorted(rows)


def test_stats_count_every_named_graph_once(runner, endpoint: str, embedded: str) -> None:
    remote = _json(runner, "--store", endpoint, "stats", "--format", "json")
    local = _json(runner, "--store", embedded, "stats", "--format", "json")
    assert remote["graphs"] == local["graphs"]
    assert all(row["graph"].startswith("https://") for row in remote["graphs"])


@pytest.mark.parametrize(("name", "parameter"), QUERIES)
def test_named_queries_answer_as_the_embedded_store(runner, endpoint: str, embedded: str, name: str,
                                                   parameter: str) -> None:
    args = ["query", name, "-p", parameter, "--format", "json"]
    remote = _json(runner, "--store", endpoint, *args)
    assert remote["results"]["bindings"], f"{name} {parameter}: no rows"
    assert _rows(remote) == _rows(_json(runner, "--store", embedded, *args))


def test_paged_named_query(runner, endpoint: str, embedded: str) -> None:
    """A page of rows of the whole answer (which rows: Comunica breaks ORDER BY ties otherwise than Oxigraph)."""
    args = ["query", "actor-partners", "-p", "actor=Pikassos", "--format", "json"]
    page = _rows(_json(runner, "--store", endpoint, *args, "--limit", "5", "--offset", "5"))
    assert len(page) == 5
    assert set(page) <= set(_rows(_json(runner, "--store", embedded, *args)))


def test_analysis_ranks_actors_as_the_embedded_store(runner, endpoint: str, embedded: str) -> None:
    """The same ranking and measures (up to float rounding: the rows come in another order)."""
    args = ["analyze", "--top", "10", "--format", "json"]
    assert _rounded(_json(runner, "--store", endpoint, *args)) == _rounded(_json(runner, "--store", embedded, *args))


def test_csv_is_the_servers_own(runner, endpoint: str) -> None:
    """`query --format csv` passes on the server's CSV; Comunica 4.5 writes IRIs in <…> (the CSV format: bare)."""
    result = runner.invoke(["--store", endpoint, "query", "region-municipalities", "-p", "region=Pirkanmaa",
                            "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "<https://w3id.org/sotegraph/id/municipality/" in result.stdout


def test_export_writes_the_served_dataset(runner, endpoint: str, served: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.nq"
    result = runner.invoke(["--store", endpoint, "export", "--format", "nq", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    exported = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    quads = list(ox.parse(path=str(served), format=ox.RdfFormat.N_QUADS))
    assert len(exported) == len(quads)  # each quad once: the union default graph adds no copies
    graphs = {quad.graph_name for quad in quads}
    assert {quad.graph_name for quad in exported} == graphs
    for graph in graphs:  # the same graphs up to blank-node labels
        assert isomorphic(_graph(exported, graph), _graph(quads, graph)), graph


def test_export_of_one_graph(runner, endpoint: str, served: Path, tmp_path: Path) -> None:
    out = tmp_path / "ontology.nt"
    result = runner.invoke(["--store", endpoint, "export", "--format", "nt", "--graph", ONTOLOGY_GRAPH,
                            "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    ontology = [quad for quad in ox.parse(path=str(served), format=ox.RdfFormat.N_QUADS)
                if quad.graph_name == ox.NamedNode(ONTOLOGY_GRAPH)]
    assert len(out.read_bytes().splitlines()) == len(ontology)


def test_writes_are_refused_with_a_clear_error(runner, endpoint: str, embedded: str, tmp_path: Path) -> None:
    """The file-backed endpoint is read-only: `load` and `submit` exit 2 naming the cause, and change nothing."""
    data = tmp_path / "synth.nt"
    synth.write(data, 20, seed=4)
    before = _json(runner, "--store", endpoint, "stats", "--format", "json")["graphs"]
    for args in (["load", "--graph", SYNTH_GRAPH, str(data)], ["submit", "--by", "tester", str(data)]):
        result = runner.invoke(["--store", endpoint, *args])
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "read-only" in result.stderr
        assert "Traceback" not in result.stderr
    assert _json(runner, "--store", endpoint, "stats", "--format", "json")["graphs"] == before


def _rounded(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def _graph(quads: list[ox.Quad], name: ox.NamedNode | ox.DefaultGraph) -> Graph:
    graph = Graph()
    triples = [quad.triple for quad in quads if quad.graph_name == name]
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph
