"""Running the `oxigraph` server as a child process, so that queries can be stopped at a time limit.

`sotegraph serve` puts the store directory behind `oxigraph serve` on a free loopback port and
talks to it as a RemoteStore. The child holds Oxigraph's lock; `server.json` in the directory
announces `{pid, url, version}`, so other `sotegraph` commands use the same server meanwhile.
"""

from __future__ import annotations

import ctypes
import math
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import requests

from sotegraph.errors import StoreUnavailable
from sotegraph.store.directory import StoreDir
from sotegraph.store.embedded import data_directory
from sotegraph.store.opening import open_local
from sotegraph.store.remote import RemoteStore

_START_TIMEOUT = 60.0


def oxigraph_binary() -> str:
    """Path of the `oxigraph` server program (PyPI `oxigraph`), beside our Python first."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreUnavailable("the oxigraph server program is not installed (pip install oxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on `host` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to stop it when its parent dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class OxigraphServer:
    """An `oxigraph serve` child on loopback: a directory (`location`) or in memory (None).

    sotegraph asks for the union default graph per query, so the server's own default graph stays
    countable; `union_default_graph=True` makes it the union for every client (as some users run it).
    """

    def __init__(self, location: Path | None = None, *, query_timeout: float | None = None,
                 union_default_graph: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            command += ["--location", str(location)]
        if union_default_graph:
            command.append("--union-default-graph")
        if query_timeout is not None:
            command += ["--timeout-s", str(max(1, math.ceil(query_timeout)))]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        self._wait_until_ready()

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = (self.process.stderr.read() if self.process.stderr else b"").decode(errors="replace")
                raise StoreUnavailable(f"the oxigraph server did not start: {message.strip()[-500:]}")
            try:
                requests.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=2)
                return
            except requests.exceptions.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise StoreUnavailable(f"the oxigraph server did not answer within {_START_TIMEOUT:g} s")

    def store(self, location: str | None = None) -> RemoteStore:
        """A RemoteStore talking to this server."""
        return RemoteStore.for_server(self.url, location=location)

    def stop(self) -> None:
        """Stop the child (politely, then firmly) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


class ServedStore:
    """A context manager putting the store directory `path` behind an oxigraph child process."""

    def __init__(self, path: Path, *, query_timeout: float | None = None) -> None:
        self.path, self.query_timeout = path, query_timeout
        self.store_dir = StoreDir(path)
        self.server: OxigraphServer | None = None

    def __enter__(self) -> RemoteStore:
        running = self.store_dir.running_server()
        if running is not None:
            raise StoreUnavailable(f"{self.path} is already served by pid {running['pid']} at {running['url']}")
        open_local(self.path).close()  # creates and fills a new store; checks version and lock
        self.store_dir.acquire()
        try:
            self.server = OxigraphServer(data_directory(self.path), query_timeout=self.query_timeout)
        except BaseException:
            self.store_dir.release()
            raise
        self.store_dir.write_server(self.server.pid, self.server.url)
        return self.server.store(location=str(self.path))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.store_dir.remove_server()
        if self.server is not None:
            self.server.stop()
        self.store_dir.release()
