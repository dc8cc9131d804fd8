"""Running the `oxigraph` server as a child process, so that queries can be stopped at a time limit.

`sotegraph serve` puts the store directory behind `oxigraph serve-read-only` on a free loopback
port; the serving process holds the directory's lock and is the only writer (`sotegraph.store.served`).
`server.json` in the directory announces `{pid, url, socket, version}` (pid: the serving process),
so other `sotegraph` commands query the same child and send their writes through the socket.
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

import requests

from sotegraph.errors import StoreUnavailable
from sotegraph.store.directory import StoreDir
from sotegraph.store.embedded import data_directory
from sotegraph.store.opening import open_local
from sotegraph.store.remote import RemoteStore
from sotegraph.store.served import ServedRemoteStore, WriteChannel

_START_TIMEOUT = 60.0
log = logging.getLogger(__name__)


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


def _resident_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MB (Linux /proc); None where it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class OxigraphServer:
    """An `oxigraph serve` child on loopback: a directory (`location`) or in memory (None).

    `read_only=True` runs `serve-read-only`: the child answers queries and Graph Store reads and
    refuses every write (see `sotegraph.store.served`). `restart` kills it and starts it again on
    the same port (the hard stop of a query it did not cancel); `generation` counts the starts.
    sotegraph asks for the union default graph per query, so the server's own default graph stays
    countable; `union_default_graph=True` makes it the union for every client (as some users run it).
    """

    def __init__(self, location: Path | None = None, *, query_timeout: float | None = None,
                 union_default_graph: bool = False, read_only: bool = False) -> None:
        if read_only and location is None:
            raise ValueError("a read-only server needs a store directory")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.location = location
        command = [oxigraph_binary(), "serve-read-only" if read_only else "serve",
                   "--bind", f"127.0.0.1:{self.port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        if query_timeout is not None:
            command += ["--timeout-s", str(max(1, math.ceil(query_timeout)))]
        self.command = command
        self.generation = 0
        self.last_restart = ""
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sotegraph-oxigraph")
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def pid(self) -> int:
        """The current child's process id."""
        if self.process is None:
            raise StoreUnavailable("the oxigraph server is not running")
        return self.process.pid

    def start(self) -> None:
        """Start the child (if it is not running) and wait until it answers."""
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        # Started from one long-lived thread: Linux sends the parent-death signal when the *thread*
        # that forked the child ends (a watchdog's or a request's thread would take the child with it).
        # The store's current data generation is looked up at every start: a load may have switched it.
        command = self.command if self.location is None else \
            [*self.command, "--location", str(data_directory(self.location))]
        self.process = self._spawner.submit(subprocess.Popen, command, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            preexec_fn=_die_with_parent).result()
        self.generation += 1
        self._wait_until_ready(self.process)

    def wait_ready(self) -> None:
        """Return once no start or restart is in progress."""
        with self._lock:
            pass

    def _wait_until_ready(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                message = (process.stderr.read() if process.stderr else b"").decode(errors="replace")
                raise StoreUnavailable(f"the oxigraph server did not start: {message.strip()[-500:]}")
            try:
                requests.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=2)
                return
            except requests.exceptions.ConnectionError:
                time.sleep(0.02)
        self._end(process, kill=True)
        raise StoreUnavailable(f"the oxigraph server did not answer within {_START_TIMEOUT:g} s")

    def restart(self, generation: int, *, only_if_dead: bool = False, reason: str = "a query overran") -> bool:
        """Kill the child of `generation` and start a new one; False if it has been replaced already
        (or, with `only_if_dead`, if it is still running)."""
        with self._lock:
            if self.generation != generation or self.process is None:
                return False
            if only_if_dead and self.process.poll() is None:
                return False
            self.generation += 1  # queries cut by the kill see a new generation and are sent again
            self.last_restart = reason
            self._end(self.process, kill=True)
            self.process = None
            self._start_locked()
        return True

    def watch_memory(self, limit_mb: float) -> None:
        """Restart the child whenever its resident memory passes `limit_mb` (checked ten times a second)."""
        def watch() -> None:
            while not self._closed.wait(0.1):
                process, generation = self.process, self.generation
                if process is None or process.poll() is not None:
                    continue
                resident = _resident_mb(process.pid)
                if resident is not None and resident > limit_mb:
                    log.warning("the store server uses %.0f MB, over its limit of %g MB: restarting it",
                                resident, limit_mb)
                    self.restart(generation, reason=f"its memory limit of {limit_mb:g} MB was reached")

        threading.Thread(target=watch, name="sotegraph-oxigraph-memory", daemon=True).start()

    def close(self) -> None:
        """Stop the child for good (and its memory watch)."""
        self._closed.set()
        self.stop()

    def store(self, location: str | None = None) -> RemoteStore:
        """A RemoteStore talking to this server."""
        return RemoteStore.for_server(self.url, location=location)

    def stop(self) -> None:
        """Stop the child (politely, then firmly) and wait for it."""
        with self._lock:
            if self.process is not None:
                self._end(self.process, kill=False)
                self.process = None

    @staticmethod
    def _end(process: subprocess.Popen[bytes], *, kill: bool) -> None:
        if process.poll() is None:
            if kill:
                process.kill()
            else:
                process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr:
            process.stderr.close()


class ServedStore:
    """A context manager putting the store directory `path` behind a read-only oxigraph child.

    Yields the serving process's `ServedRemoteStore` (hard query limits, the one write path) and
    announces the child's URL and the write socket in `server.json` for other commands.
    """

    def __init__(self, path: Path, *, query_timeout: float = 10.0, memory_limit_mb: float | None = None) -> None:
        self.path, self.query_timeout, self.memory_limit_mb = path, query_timeout, memory_limit_mb
        self.store_dir = StoreDir(path)
        self.server: OxigraphServer | None = None
        self.channel: WriteChannel | None = None

    def __enter__(self) -> ServedRemoteStore:
        running = self.store_dir.running_server()
        if running is not None:
            raise StoreUnavailable(f"{self.path} is already served by pid {running['pid']} at {running['url']}")
        open_local(self.path).close()  # creates and fills a new store; checks version and lock
        self.store_dir.acquire()
        try:
            self.server = OxigraphServer(self.path, query_timeout=self.query_timeout, read_only=True)
            if self.memory_limit_mb is not None:
                self.server.watch_memory(self.memory_limit_mb)
            store = ServedRemoteStore(self.server, self.path, query_timeout=self.query_timeout)
            self.channel = WriteChannel(store)
        except BaseException:
            if self.server is not None:
                self.server.stop()
            self.store_dir.release()
            raise
        self.store_dir.write_server(os.getpid(), self.server.url, str(self.channel.socket_path))
        return store

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.store_dir.remove_server()
        if self.channel is not None:
            self.channel.close()
        if self.server is not None:
            self.server.close()
        self.store_dir.release()
