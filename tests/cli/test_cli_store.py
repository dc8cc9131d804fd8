"""`sotegraph init | load | stats | export`: what operators see, and the exit codes."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from sotegraph.store import CURATED_GRAPH, ONTOLOGY_GRAPH, open_store
from sotegraph.store.directory import MARKER_FILE
from sotegraph.store.embedded import BULK_LOAD_ABOVE
from store_holder import held_by_another_process

TURTLE = "@prefix ex: <https://example.org/> .\nex:a a ex:Thing ; ex:p ex:b .\n"
G = "https://example.org/graph/loaded"


def canonical_quads(nquads: bytes) -> set[str]:
    """The quads of an N-Quads document with blank nodes canonically relabelled."""
    dataset = ox.Dataset(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def test_init_loads_the_bundled_graphs(runner, tmp_store_dir: Path) -> None:
    result = runner.invoke(["init"])
    assert result.exit_code == 0, result.stderr
    assert ONTOLOGY_GRAPH in result.stdout
    assert runner.invoke(["init", "--force"]).exit_code == 0
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts()[ONTOLOGY_GRAPH] > 0


def test_stats_table_and_json(runner) -> None:
    table = runner.invoke(["stats"])
    assert table.exit_code == 0 and "sote:Municipality" in table.stdout and "named graph" in table.stdout
    figures = json.loads(runner.invoke(["stats", "--format", "json"]).stdout)
    assert figures["triples"] == sum(row["triples"] for row in figures["graphs"])
    assert {"class", "name", "instances"} <= figures["classes"][0].keys()


def test_load_into_a_named_graph(runner, tmp_path: Path, tmp_store_dir: Path) -> None:
    data = tmp_path / "things.ttl"
    data.write_text(TURTLE)
    result = runner.invoke(["load", str(data), "--graph", G])
    assert result.exit_code == 0, result.stderr
    assert "2 new triples" in result.stdout
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts()[G] == 2


def test_load_several_files_and_formats(runner, tmp_path: Path, tmp_store_dir: Path) -> None:
    (tmp_path / "a.ttl").write_text(TURTLE)
    (tmp_path / "b.nq").write_text('<https://example.org/c> <https://example.org/p> "x" <https://example.org/g2> .\n')
    (tmp_path / "c.data").write_text('{"@id": "https://example.org/d", "https://example.org/p": "y"}')
    result = runner.invoke(["load", str(tmp_path / "a.ttl"), str(tmp_path / "b.nq"), "--graph", G])
    assert result.exit_code == 0, result.stderr
    assert runner.invoke(["load", "--format", "json-ld", str(tmp_path / "c.data")]).exit_code == 0
    with open_store(tmp_store_dir) as store:
        counts = store.graph_counts()
    assert counts[G] == 2 and counts["https://example.org/g2"] == 1 and counts[""] == 1


def test_load_help_says_it_does_not_validate(runner) -> None:
    assert "with NO validation" in " ".join(runner.invoke(["load", "--help"]).stdout.split())


@pytest.mark.parametrize("name, content, extra, message", [
    ("missing.ttl", None, [], "missing.ttl: no such file"),
    ("data.csv", "a,b\n", [], "cannot tell the RDF format"),
    ("data.ttl", TURTLE, ["--format", "yaml"], "unknown RDF format 'yaml'"),
    ("broken.ttl", TURTLE + "ex:c ex:p .\n", [], "broken.ttl:3:11:"),
    ("broken.nt", "<https://example.org/a> <https://example.org/p> \n", [], "broken.nt:2:1: line jumps"),
    ("lol.rdf", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', [], "DOCTYPE or ENTITY"),
    ("bad.jsonld", '{"@context": "https://example.org/ctx", "@id": "https://example.org/a"}', [], "remote @context"),
])
def test_bad_input_exits_2_and_leaves_the_store_unchanged(runner, tmp_path: Path, tmp_store_dir: Path, name: str,
                                                          content: str | None, extra: list[str], message: str) -> None:
    runner.invoke(["init"])
    with open_store(tmp_store_dir) as store:
        before = store.graph_counts()
    good = tmp_path / "good.ttl"
    good.write_text(TURTLE)
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = runner.invoke(["load", str(good), str(path), *extra])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with open_store(tmp_store_dir) as store:
        assert store.graph_counts() == before


def test_path_that_is_not_a_store_exits_2(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(["--store", str(tmp_path), "stats"])
    assert result.exit_code == 2 and "not a sotegraph store" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_store_of_another_version_exits_3(runner, tmp_store_dir: Path) -> None:
    runner.invoke(["init"])
    (tmp_store_dir / MARKER_FILE).write_text(json.dumps({"format": 0, "sotegraph": "0.0.1"}))
    result = runner.invoke(["stats"])
    assert result.exit_code == 3 and "sotegraph 0.0.1" in result.stderr


def test_busy_store_exits_3_naming_the_holder(runner, tmp_store_dir: Path) -> None:
    runner.invoke(["init"])
    with held_by_another_process(tmp_store_dir) as holder:
        result = runner.invoke(["stats"])
    assert result.exit_code == 3 and f"pid {holder.pid}" in result.stderr


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_round_trips_the_whole_store(runner, tmp_path: Path, tmp_store_dir: Path, fmt: str) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(TURTLE + "ex:a ex:q [ ex:r 1 ] .\n")
    runner.invoke(["load", str(extra), "--graph", CURATED_GRAPH])
    exported = tmp_path / f"export.{fmt}"
    assert runner.invoke(["export", "--format", fmt, "-o", str(exported)]).exit_code == 0
    copy = tmp_path / "copy"
    assert runner.invoke(["--store", str(copy), "init", "--empty"]).exit_code == 0
    assert runner.invoke(["--store", str(copy), "load", str(exported)]).exit_code == 0
    original = runner.invoke(["export", "--format", "nq"]).stdout_bytes
    reloaded = runner.invoke(["--store", str(copy), "export", "--format", "nq"]).stdout_bytes
    assert canonical_quads(original) == canonical_quads(reloaded)


def test_export_triple_formats_and_format_from_extension(runner, tmp_path: Path) -> None:
    assert runner.invoke(["export", "--format", "ttl"]).stdout.count("sote") > 0
    out = tmp_path / "all.nt"
    assert runner.invoke(["export", "-o", str(out)]).exit_code == 0
    assert out.read_text().endswith(" .\n")


@pytest.mark.parametrize("args", [["export", "--format", "rdfxml"], ["export", "--format", "png"],
                                  ["export", "-o", "out.png"]])
def test_export_to_an_unknown_format_exits_2(runner, args: list[str]) -> None:
    assert runner.invoke(args).exit_code == 2


def test_init_empty_refuses_an_existing_store(runner) -> None:
    runner.invoke(["init"])
    result = runner.invoke(["init", "--empty"])
    assert result.exit_code == 2 and "--empty" in result.stderr


@pytest.mark.parametrize(("env", "args", "expected"), [
    ({}, [], 10.0),
    ({"SOTEGRAPH_QUERY_TIMEOUT": "2.5"}, [], 2.5),
    ({"SOTEGRAPH_QUERY_TIMEOUT": "2.5"}, ["--query-timeout", "4"], 4.0)])
def test_serve_query_timeout_from_option_or_environment(runner, monkeypatch, env: dict[str, str], args: list[str],
                                                        expected: float) -> None:
    seen: dict[str, float] = {}

    class FakeServedStore(contextlib.nullcontext):
        def __init__(self, path: Path, *, query_timeout: float, memory_limit_mb: float) -> None:
            super().__init__(open_store(":memory:"))
            seen["server"] = query_timeout

    def fake_serve_app(app, host: str, port: int, **options) -> None:
        seen["app"] = app.config["QUERY_TIMEOUT"]

    monkeypatch.setattr("sotegraph.store.server.ServedStore", FakeServedStore)
    monkeypatch.setattr("sotegraph_webviz.serving.serve_app", fake_serve_app)
    assert runner.invoke(["init"]).exit_code == 0
    result = runner.invoke(["serve", *args], env=env)
    assert result.exit_code == 0, result.stderr
    assert seen == {"server": expected, "app": expected}


def _triples(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return sum(store.graph_counts().values())


def test_load_leaves_a_generation_and_cleans_up(runner, tmp_path: Path, tmp_store_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sotegraph.store.embedded.BULK_LOAD_ABOVE", 0)  # every load a new generation
    data = tmp_path / "things.ttl"
    data.write_text(TURTLE)
    assert runner.invoke(["init"]).exit_code == 0
    before = _triples(tmp_store_dir)
    for number in (1, 2):
        result = runner.invoke(["load", str(data), "--graph", f"{G}/{number}"])
        assert result.exit_code == 0, result.stderr
        assert (tmp_store_dir / ".current-data").read_text().strip() == f".data-{number}"
    assert sorted(entry.name for entry in tmp_store_dir.iterdir() if entry.name.startswith(".data-")) == [".data-2"]
    assert not list(tmp_store_dir.glob("*.sst")) and not (tmp_store_dir / "CURRENT").exists()
    assert _triples(tmp_store_dir) == before + 4
    bad = tmp_path / "bad.ttl"
    bad.write_text(TURTLE + "ex:c ex:p .\n")
    assert runner.invoke(["load", str(data), str(bad), "--graph", f"{G}/3"]).exit_code == 2
    assert _triples(tmp_store_dir) == before + 4
    assert (tmp_store_dir / ".current-data").read_text().strip() == ".data-2"


def test_load_killed_at_any_moment_leaves_old_or_new_content(runner, tmp_path: Path, tmp_store_dir: Path) -> None:
    """kill -9 during `load` at ten moments spread over its run: the store opens with the old or the new triples."""
    import signal
    import subprocess
    import sys
    import time

    from sotegraph import synth

    data = tmp_path / "synth.nt"
    synth.write(data, 1500, 375, seed=3, fmt="nt")
    assert data.stat().st_size > BULK_LOAD_ABOVE  # a bulk load into a new generation
    assert runner.invoke(["init"]).exit_code == 0

    def load(graph: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "sotegraph", "--store", str(tmp_store_dir), "load", str(data),
                                 "--graph", graph], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    assert load(f"{G}/whole").wait(timeout=120) == 0
    duration = time.monotonic() - started
    with open_store(tmp_store_dir) as store:
        triples = store.graph_counts()[f"{G}/whole"]
    outcomes = []
    for step in range(10):
        before = _triples(tmp_store_dir)
        process = load(f"{G}/{step}")
        time.sleep(duration * (step + 0.5) / 10)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = _triples(tmp_store_dir)
        assert after in (before, before + triples), (step, before, after)
        outcomes.append(after - before)
    assert triples > 10_000 and len(outcomes) == 10
    assert outcomes[0] == 0  # killed while starting: the old content
