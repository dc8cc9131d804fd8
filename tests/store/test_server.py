"""`sotegraph serve`: the store behind an oxigraph child, shared with other commands, cleaned up after."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from sotegraph.errors import StoreUnavailable
from sotegraph.store import ONTOLOGY_GRAPH, open_store
from sotegraph.store.directory import HOLDER_FILE, SERVER_FILE, pid_alive
from sotegraph.store.embedded import OxigraphStore
from sotegraph.store.remote import RemoteStore
from sotegraph.store.server import ServedStore, free_port

pytestmark = pytest.mark.server
G = "https://example.org/graph/served"


def test_served_store_is_shared_with_other_openers(tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir, query_timeout=5) as served:
        server = json.loads((tmp_store_dir / SERVER_FILE).read_text())
        assert server["pid"] == os.getpid() and served.graph_counts()[ONTOLOGY_GRAPH] > 0
        child = served.child.pid
        with open_store(tmp_store_dir) as other:
            assert isinstance(other, RemoteStore)
            other.load(b"<https://example.org/a> <https://example.org/p> \"1\" .", "nt", G)
        assert served.graph_counts()[G] == 1
        with pytest.raises(StoreUnavailable, match="already served"):
            ServedStore(tmp_store_dir).__enter__()
    assert not (tmp_store_dir / SERVER_FILE).exists() and not pid_alive_or_zombie(child)
    with open_store(tmp_store_dir) as embedded:
        assert isinstance(embedded, OxigraphStore) and embedded.graph_counts()[G] == 1


def pid_alive_or_zombie(pid: int) -> bool:
    """Whether `pid` still runs (a reaped child is gone)."""
    return pid_alive(pid) and Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return "Z"


def test_cli_uses_the_running_server(runner, tmp_store_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text("<https://example.org/a> <https://example.org/p> \"1\" .\n")
    with ServedStore(tmp_store_dir) as served:
        assert runner.invoke(["load", str(data), "--graph", G]).exit_code == 0
        assert runner.invoke(["stats"]).exit_code == 0
        assert served.graph_counts()[G] == 1


def test_serving_a_store_held_by_another_command_is_unavailable(tmp_store_dir: Path) -> None:
    with open_store(tmp_store_dir), pytest.raises(StoreUnavailable, match="in use by"):
        ServedStore(tmp_store_dir).__enter__()


def test_serve_command_runs_the_app_and_cleans_up(tmp_store_dir: Path) -> None:
    port = free_port()
    env = {**os.environ, "SOTEGRAPH_STORE": str(tmp_store_dir)}
    process = subprocess.Popen([sys.executable, "-m", "sotegraph", "serve", "--port", str(port),
                                "--query-timeout", "3"], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        figures = _get_json(f"http://127.0.0.1:{port}/stats.json", process)
        assert figures["ok"] and figures["triples"] > 0
        holder = json.loads((tmp_store_dir / HOLDER_FILE).read_text())
        assert holder["pid"] == process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        log = process.stderr.read().decode()
        process.stderr.close()
    assert re.search(r"INFO sotegraph_webviz\.request_log: GET /stats\.json 200 [\d.]+ ms id=\w+", log), log
    assert not (tmp_store_dir / SERVER_FILE).exists()
    open_store(tmp_store_dir).close()


def _get_json(url: str, process: subprocess.Popen) -> dict:
    """GET `url` once the app answers (the child may still be starting)."""
    for _ in range(600):
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read().decode()}")
        try:
            return requests.get(url, timeout=10).json()
        except requests.exceptions.ConnectionError:
            time.sleep(0.1)
    pytest.fail("serve did not answer")
