"""`sotegraph serve`: the store behind an oxigraph child, shared with other commands, cleaned up after."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from sotegraph.errors import InputError, QueryTimeout, StoreUnavailable
from sotegraph.store import ONTOLOGY_GRAPH, open_store
from sotegraph.store.directory import HOLDER_FILE, SERVER_FILE, pid_alive
from sotegraph.store.embedded import OxigraphStore
from sotegraph.store.remote import RemoteStore
from sotegraph.store.server import ServedStore, free_port
from sotegraph_webviz.serving import is_loopback

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


OUTSIDE_WRITE = """
import json, sys, requests
url = json.load(open(sys.argv[1]))["url"]
triple = "<https://example.org/x> <https://example.org/p> <https://example.org/y> ."
answers = [
    requests.post(url + "/update", data="INSERT DATA { %s }" % triple,
                  headers={"Content-Type": "application/sparql-update"}),
    requests.post(url + "/update", data={"update": "DROP ALL"}),
    requests.put(url + "/store", params={"graph": "https://example.org/g"}, data=triple,
                 headers={"Content-Type": "application/n-triples"}),
    requests.post(url + "/store", params={"default": ""}, data=triple,
                  headers={"Content-Type": "application/n-triples"}),
    requests.delete(url + "/store", params={"graph": "https://w3id.org/sotegraph/graph/curated"}),
]
print(json.dumps([answer.status_code for answer in answers]))
"""


def _nquads(store) -> bytes:
    out = io.BytesIO()
    store.dump(out, "nq")
    return out.getvalue()


def test_the_child_refuses_writes_from_another_local_process(tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir, query_timeout=5) as served:
        before = _nquads(served)
        done = subprocess.run([sys.executable, "-c", OUTSIDE_WRITE, str(tmp_store_dir / SERVER_FILE)],
                              capture_output=True, text=True, timeout=60, check=True)
        assert json.loads(done.stdout) == [403] * 5
        assert _nquads(served) == before
        # sotegraph's own writes still work: in-process, and from another command through the socket
        served.load(b"<https://example.org/a> <https://example.org/p> \"1\" .", "nt", G)
        with open_store(tmp_store_dir) as other:
            other.load(b"<https://example.org/b> <https://example.org/p> \"2\" .", "nt", G)
            with pytest.raises(InputError) as caught:
                other.load(b"<https://example.org/c> <https://example.org/p> .\n", "nt", G, source="bad.nt")
            assert caught.value.file == "bad.nt" and caught.value.line == 1
            other.drop_graph(G)
        assert G not in served.graph_counts()


def test_the_write_socket_is_private(tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir) as served:
        server = json.loads((tmp_store_dir / SERVER_FILE).read_text())
        socket_path = Path(server["socket"])
        assert stat.S_IMODE(socket_path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(socket_path.stat().st_mode) == 0o600
        assert served.graph_counts()
    assert not socket_path.exists()


#: Oxigraph does not cancel a sort at its --timeout-s: this one runs on for tens of seconds.
UNCANCELLED = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?p ?y } ORDER BY ?a ?b LIMIT 1"


def test_a_query_the_child_does_not_cancel_is_cut_within_a_second_and_others_keep_answering(
        tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir, query_timeout=1) as served:
        first_child = served.child.pid
        fast_answers: list[bool | Exception] = []

        def fast() -> None:
            for _ in range(40):
                try:
                    fast_answers.append(served.query("ASK { ?s ?p ?o }") is True)
                except (StoreUnavailable, QueryTimeout) as error:
                    fast_answers.append(error)
                time.sleep(0.05)

        worker = threading.Thread(target=fast)
        worker.start()
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 1 s"):
            served.query(UNCANCELLED)
        took = time.monotonic() - started
        worker.join(60)
        assert 1.0 <= took < 2.0
        assert served.child.pid != first_child and not pid_alive_or_zombie(first_child)
        assert fast_answers == [True] * 40  # none failed, though the child was restarted under them
        assert served.query("ASK { ?s ?p ?o }") is True


def test_a_child_past_its_memory_limit_is_restarted_and_the_query_stopped(tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir, query_timeout=30) as served:
        resting = served.child.pid
        served.child.watch_memory(200)  # the sort below needs some 500 MB within a second or two
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="memory limit of 200 MB"):
            served.query(UNCANCELLED)
        assert time.monotonic() - started < 20
        assert served.child.pid != resting and served.query("ASK { ?s ?p ?o }") is True


def test_a_child_that_died_is_restarted_by_the_next_query(tmp_store_dir: Path) -> None:
    with ServedStore(tmp_store_dir) as served:
        gone = served.child.pid
        os.kill(gone, signal.SIGKILL)
        time.sleep(0.2)
        assert served.query("ASK { ?s ?p ?o }") is True
        assert served.child.pid != gone


def test_serve_warns_when_exposed_and_not_on_loopback(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sotegraph_webviz.serving.serve_app", lambda app, host, port, **options: None)
    monkeypatch.setattr("sotegraph.store.server.ServedStore",
                        lambda path, **limits: contextlib.nullcontext(open_store(":memory:")))
    quiet = runner.invoke(["serve"])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    exposed = runner.invoke(["serve", "--host", "0.0.0.0"])
    assert exposed.exit_code == 0 and "warning: listening on 0.0.0.0" in exposed.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("[::1]", True), ("0.0.0.0", False), ("192.168.1.2", False),
                                                ("example.org", False)])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
