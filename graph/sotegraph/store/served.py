"""A store directory served by `sotegraph serve`: queries to a read-only child, one write path.

`sotegraph serve` runs `oxigraph serve-read-only` on the directory (see `sotegraph.store.server`),
so the child's HTTP port — reachable by every local process — answers queries only: SPARQL Update
and Graph Store writes are refused by the child itself. Writes are made by the serving process
alone (`ServedRemoteStore`): it pauses queries, stops the child, applies the write to the
directory with the embedded backend (one atomic Oxigraph call, as everywhere), and starts the
child again (about 0.1 s). Other `sotegraph` commands send their writes to the serving process
over a Unix socket in a private directory (mode 0700, `server.json` names it); whoever can reach
that socket can write the store's files anyway. `ChannelStore` is their side.

Every query of the serving process has a hard time limit: the child cancels most queries at its
`--timeout-s`, but not all (an ORDER BY over a large join runs on); if an answer has not come
`GRACE` seconds after the limit, the child is killed and restarted, and the other queries that
were running are sent again. `sotegraph serve` also restarts the child when its memory passes
`--store-memory` (`OxigraphServer.watch_memory`). A child that died (killed by the system, say) is restarted by the
next query that finds it gone.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import socketserver
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import requests

from sotegraph.errors import InputError, QueryTimeout, StoreUnavailable
from sotegraph.store.embedded import OxigraphStore
from sotegraph.store.interface import Store
from sotegraph.store.remote import RemoteStore, StoreUnreachable

log = logging.getLogger(__name__)

#: Seconds past a query's limit before the child running it is restarted.
GRACE = 0.5
#: How long a client waits for the child to come back (a write or a restart in progress).
_RECONNECT_WAIT = 15.0
_SOCKET_NAME = "writes.sock"
_MAX_HEADER = 64 * 1024


class Child(Protocol):
    """What the served store needs of the server child (`sotegraph.store.server.OxigraphServer`)."""

    url: str
    generation: int
    last_restart: str

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def restart(self, generation: int, *, only_if_dead: bool = False, reason: str = ...) -> bool: ...

    def wait_ready(self) -> None: ...


class ReadWriteGate:
    """Many queries at once, or one write alone (a writer waits for running queries, new ones wait for it)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False
        self._held = threading.local()  # a thread already reading does not queue behind a writer

    @contextmanager
    def reading(self) -> Iterator[None]:
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._readers += 1
        self._held.depth = 1
        try:
            yield
        finally:
            self._held.depth = 0
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._writing = True
            self._condition.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


class ServedRemoteStore(RemoteStore):
    """The serving process's store: queries to the read-only child under a hard limit, writes in-process."""

    def __init__(self, child: Child, path: Path, *, query_timeout: float, location: str | None = None) -> None:
        base = child.url.rstrip("/")
        super().__init__(f"{base}/query", update_url=f"{base}/update", gsp_url=f"{base}/store",
                         union_parameter=True, location=location or str(path))
        self.child, self.path, self.query_timeout = child, path, query_timeout
        self.gate = ReadWriteGate()

    def _post_query(self, sparql: str, accept: str, default_graph_uris: Sequence[str],
                    named_graph_uris: Sequence[str], timeout: float | None, *, union: bool = True) -> requests.Response:
        """Send the query; past its limit + GRACE the child is restarted and QueryTimeout raised."""
        limit = self.query_timeout if timeout is None else min(timeout, self.query_timeout)
        with self.gate.reading():
            for _attempt in range(2):
                generation = self.child.generation
                cut = threading.Event()

                def stop_it(generation: int = generation, cut: threading.Event = cut) -> None:
                    cut.set()  # before the kill, which makes the request fail
                    if self.child.restart(generation):
                        log.warning("a query ran %.1f s past its limit of %g s: the store server was restarted",
                                    GRACE, limit)
                    else:
                        cut.clear()  # the child it ran on is gone already: the request is being resent

                watchdog = threading.Timer(limit + GRACE, stop_it)
                watchdog.daemon = True
                watchdog.start()
                try:
                    return super()._post_query(sparql, accept, default_graph_uris, named_graph_uris,
                                               limit, union=union)
                except (StoreUnavailable, QueryTimeout):
                    if cut.is_set():
                        raise QueryTimeout(f"the query was stopped at the time limit of {limit:g} s") from None
                    self.child.wait_ready()
                    if self.child.generation == generation and not self.child.restart(generation, only_if_dead=True):
                        raise
                    # the child was restarted (for another query's limit, or it had died): send it again
                finally:
                    watchdog.cancel()
        raise StoreUnavailable(f"the query was stopped: the store server was restarted twice while it ran "
                               f"({self.child.last_restart})")

    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Write the store out (see `RemoteStore.dump`), never while a write has the child stopped."""
        with self.gate.reading():
            super().dump(out, fmt, graph)

    def write(self, action: Callable[[Store], None]) -> None:
        """Apply `action` to the directory in-process while the child is stopped (queries wait)."""
        with self.gate.writing():
            self.child.stop()
            try:
                with OxigraphStore(self.path) as embedded:
                    action(embedded)
            finally:
                self.child.start()

    def update(self, sparql_update: str) -> None:
        """Run one SPARQL Update (atomic)."""
        self.write(lambda store: store.update(sparql_update))

    def load(self, data: bytes | BinaryIO, fmt: str, graph: str | None, *, base_iri: str | None = None,
             source: str | None = None) -> None:
        """Add RDF atomically (see `Store.load`)."""
        body = data if isinstance(data, bytes) else data.read()
        self.write(lambda store: store.load(body, fmt, graph, base_iri=base_iri, source=source))

    def replace_graph(self, graph: str, data: bytes, fmt: str, *, source: str | None = None) -> None:
        """Replace `graph` atomically."""
        self.write(lambda store: store.replace_graph(graph, data, fmt, source=source))

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` atomically."""
        self.write(lambda store: store.drop_graph(graph))


# ---------------------------------------------------------------- the write channel for other processes

def _error_document(error: Exception) -> dict[str, Any]:
    if isinstance(error, InputError):
        return {"ok": False, "kind": "input", "error": error.message, "file": error.file, "line": error.line,
                "column": error.column, "field": error.field}
    return {"ok": False, "kind": "unavailable", "error": str(error)}


class _ChannelHandler(socketserver.StreamRequestHandler):
    """One write: a JSON header line, `length` bytes of data; answers one JSON line."""

    server: WriteChannel

    def handle(self) -> None:
        try:
            header = json.loads(self.rfile.readline(_MAX_HEADER))
            data = self.rfile.read(int(header.get("length", 0)))
            self.server.apply(header, data)
            answer: dict[str, Any] = {"ok": True}
        except (InputError, StoreUnavailable) as error:
            answer = _error_document(error)
        except (ValueError, KeyError, TypeError) as error:
            answer = {"ok": False, "kind": "input", "error": f"malformed write request: {error}"}
        self.wfile.write(json.dumps(answer).encode() + b"\n")


class WriteChannel(socketserver.ThreadingUnixStreamServer):
    """The serving process's Unix socket (in a private 0700 directory) taking writes from other commands."""

    daemon_threads = True

    def __init__(self, store: ServedRemoteStore) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sotegraph-serve-"))  # mode 0700
        self.socket_path = self.folder / _SOCKET_NAME
        self.store = store
        super().__init__(str(self.socket_path), _ChannelHandler)
        os.chmod(self.socket_path, 0o600)
        self._thread = threading.Thread(target=self.serve_forever, name="sotegraph-writes", daemon=True)
        self._thread.start()

    def apply(self, header: dict[str, Any], data: bytes) -> None:
        """Run one write request on the served store."""
        operation = header["op"]
        if operation == "update":
            self.store.update(data.decode("utf-8"))
        elif operation == "load":
            self.store.load(data, header["fmt"], header.get("graph"), base_iri=header.get("base_iri"),
                            source=header.get("source"))
        elif operation == "replace":
            self.store.replace_graph(header["graph"], data, header["fmt"], source=header.get("source"))
        elif operation == "drop":
            self.store.drop_graph(header["graph"])
        else:
            raise ValueError(f"unknown operation {operation!r}")

    def close(self) -> None:
        """Stop taking writes and remove the socket and its folder."""
        self.shutdown()
        self.server_close()
        self.socket_path.unlink(missing_ok=True)
        self.folder.rmdir()


class ChannelStore(RemoteStore):
    """Another process's view of a served directory: queries to the child, writes over the Unix socket."""

    def __init__(self, url: str, socket_path: str, *, location: str | None = None) -> None:
        base = url.rstrip("/")
        super().__init__(f"{base}/query", update_url=f"{base}/update", gsp_url=f"{base}/store",
                         union_parameter=True, location=location or url)
        self.socket_path = socket_path

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """As RemoteStore, waiting while the child is briefly down (a write or a restart)."""
        waited = 0.0
        while True:
            try:
                return super()._request(method, url, **kwargs)
            except StoreUnreachable:
                if waited >= _RECONNECT_WAIT:
                    raise
                threading.Event().wait(0.1)
                waited += 0.1

    def _send(self, header: dict[str, Any], data: bytes) -> None:
        header = {**header, "length": len(data)}
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
                channel.connect(self.socket_path)
                channel.sendall(json.dumps(header).encode() + b"\n" + data)
                with channel.makefile("rb") as answers:
                    answer = json.loads(answers.readline() or b"{}")
        except (OSError, ValueError) as error:
            raise StoreUnavailable(f"cannot send the write to sotegraph serve ({self.socket_path}): {error}") from None
        if answer.get("ok"):
            return
        if answer.get("kind") == "input":
            raise InputError(answer.get("error", "refused"), file=answer.get("file"), line=answer.get("line"),
                             column=answer.get("column"), field=answer.get("field"))
        raise StoreUnavailable(answer.get("error", "the write failed"))

    def update(self, sparql_update: str) -> None:
        """Run one SPARQL Update through the serving process."""
        self._send({"op": "update"}, sparql_update.encode("utf-8"))

    def load(self, data: bytes | BinaryIO, fmt: str, graph: str | None, *, base_iri: str | None = None,
             source: str | None = None) -> None:
        """Add RDF through the serving process (atomic there)."""
        body = data if isinstance(data, bytes) else data.read()
        self._send({"op": "load", "fmt": fmt, "graph": graph, "base_iri": base_iri, "source": source}, body)

    def replace_graph(self, graph: str, data: bytes, fmt: str, *, source: str | None = None) -> None:
        """Replace `graph` through the serving process."""
        self._send({"op": "replace", "graph": graph, "fmt": fmt, "source": source}, data)

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` through the serving process."""
        self._send({"op": "drop", "graph": graph}, b"")


def connect_served(server: dict[str, Any], *, location: str) -> RemoteStore:
    """The store of a running `sotegraph serve` as announced in its `server.json`."""
    if not server.get("socket"):
        raise StoreUnavailable(f"{location} is served by pid {server.get('pid')}, which takes no writes from "
                               "other commands (an older sotegraph); stop it and try again")
    return ChannelStore(server["url"], server["socket"], location=location)
