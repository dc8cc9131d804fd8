"""Public queries under a hard time limit, parse included.

rdflib's SPARQL parser (the guard's read-only and no-`SERVICE` check) is slow on long texts —
about 2 ms per element of an `IN (…)` list, holding the GIL all the while — and recurses per
nesting level. So a public query is checked in three steps:

1. `guard.check_size`, in the web process, in linear time: too long → 413, too deep → 400;
2. `guard.check_query` in a worker process of a small pool (`ParsePool`), under the query's time
   limit: a worker still parsing at the deadline is killed (and replaced in the background), the
   client gets QueryTimeout; the worker's memory is capped (`WORKER_MEMORY`) and it runs at a
   lower CPU priority than the web server and the store;
3. the store runs the query with the time that is left (`CheckedQuery.remaining`); the served
   store stops it at that limit for real (`sotegraph.store.served`).

`check_public_query(text, timeout)` does steps 1 and 2 and returns the form and the deadline; the
verdicts on the last `ACCEPTED_CACHE` accepted texts are remembered, so a repeated query (a named
query with the same values, a re-run) is not parsed again.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import IO

from sotegraph.errors import InputError, QueryTimeout, StoreUnavailable
from sotegraph.sparql.guard import QueryTooLarge, ServiceRefused, UpdateRefused, check_query, check_size

log = logging.getLogger(__name__)

#: Worker processes parsing queries at the same time (a killed one is replaced).
POOL_SIZE = 2
#: Address space of one parse worker (bytes): a parse bomb fails there with MemoryError.
WORKER_MEMORY = 1 << 30
#: The parser recurses per nesting level: the worker parses on a thread with a deep stack.
_PARSE_STACK = 256 * 1024 * 1024
_START_TIMEOUT = 60.0
#: Scheduling priority added to the workers (lower priority than the web server and the store).
_NICE = 10
#: Accepted query texts remembered (rdflib takes 50–150 ms even for a named query of 1.5 KB).
ACCEPTED_CACHE = 1024
_ERRORS: dict[str, type[InputError]] = {cls.__name__: cls for cls in
                                         (InputError, UpdateRefused, ServiceRefused, QueryTooLarge)}


@dataclass(frozen=True)
class CheckedQuery:
    """A public query that passed the guard: its form and when its time is up (monotonic clock)."""

    text: str
    form: str
    deadline: float
    timeout: float

    def remaining(self) -> float:
        """Seconds left for running the query; QueryTimeout if none."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout(f"the query was stopped at the time limit of {self.timeout:g} s")
        return left


def _limit_memory() -> None:
    """Cap this worker's address space (Linux; elsewhere the time limit still applies)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))


def _check(text: str) -> tuple[str, str]:
    """("ok", form) or (error class name, message) for one query text."""
    try:
        return "ok", check_query(text)
    except InputError as error:
        return type(error).__name__ if type(error).__name__ in _ERRORS else "InputError", str(error)
    except RecursionError:
        return "InputError", "the query nests too deep to be read"
    except MemoryError:
        return "InputError", "the query is too complex to be read within this endpoint's memory limit"


def _read_frame(stream: IO[bytes]) -> bytes | None:
    """One length-prefixed message, None at the end of the stream."""
    header = stream.read(4)
    if len(header) < 4:
        return None
    return stream.read(struct.unpack(">I", header)[0])


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(struct.pack(">I", len(payload)) + payload)
    stream.flush()


def serve_worker() -> None:
    """A parse worker (`python -c …serve_worker()`): answer each query text on stdin with `_check`'s verdict."""
    _limit_memory()
    with contextlib.suppress(AttributeError, OSError):
        os.nice(_NICE)  # reading a query yields the CPU to answering the ones already read
    sys.setrecursionlimit(100_000)
    threading.stack_size(_PARSE_STACK)
    _check("ASK {}")  # warm the parser up before the first real query
    _write_frame(sys.stdout.buffer, b'"ready"')

    def serve() -> None:
        while (frame := _read_frame(sys.stdin.buffer)) is not None:
            verdict = _check(frame.decode("utf-8", errors="surrogatepass"))
            _write_frame(sys.stdout.buffer, json.dumps(verdict).encode())

    thread = threading.Thread(target=serve, name="sotegraph-parse")
    thread.start()
    thread.join()


class _Worker:
    """One parse worker process (a fresh interpreter, not a fork of the web server) and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from sotegraph.sparql.execution import serve_worker; serve_worker()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def wait_ready(self) -> _Worker:
        """Wait for the worker's "ready" (its imports take most of a second); StoreUnavailable if it fails."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], _START_TIMEOUT)
        if not ready or _read_frame(self.process.stdout) != b'"ready"':
            self.kill()
            raise StoreUnavailable("the query checker process did not start")
        return self

    def ask(self, text: str, wait: float) -> tuple[str, str] | None:
        """The worker's verdict on `text`, None if it has none within `wait` seconds."""
        assert self.process.stdin is not None and self.process.stdout is not None
        _write_frame(self.process.stdin, text.encode("utf-8", errors="surrogatepass"))
        ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, wait))
        if not ready:
            return None
        frame = _read_frame(self.process.stdout)
        if frame is None:
            raise EOFError("the parse worker ended")
        verdict, detail = json.loads(frame)
        return verdict, detail

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class ParsePool:
    """Worker processes running the guard's parse; a worker past its deadline is killed and replaced."""

    def __init__(self, size: int = POOL_SIZE) -> None:
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for worker in [_Worker() for _ in range(size)]:
            self._idle.put(worker.wait_ready())

    def _replace(self) -> None:
        """Start a new worker in the background (spawning takes a good part of a second)."""
        def spawn() -> None:
            try:
                self._idle.put(_Worker().wait_ready())
            except StoreUnavailable:
                log.exception("could not replace a query checker process")

        threading.Thread(target=spawn, name="sotegraph-parse-spawn", daemon=True).start()

    def check(self, text: str, deadline: float, timeout: float) -> str:
        """The form of query `text`, checked by a worker before `deadline`; QueryTimeout past it."""
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout(f"the query was stopped at the time limit of {timeout:g} s "
                               "(every query checker was busy)") from None
        try:
            answer = worker.ask(text, deadline - time.monotonic())
            verdict, detail = answer if answer is not None else ("timeout", "")
        except (OSError, EOFError, ValueError):
            verdict, detail = "died", ""
        if verdict in ("timeout", "died"):
            worker.kill()
            self._replace()
            if verdict == "died":
                raise StoreUnavailable("the query checker stopped unexpectedly; try again")
            raise QueryTimeout(f"the query was stopped at the time limit of {timeout:g} s "
                               "(while it was being read)")
        self._idle.put(worker)
        if verdict == "ok":
            return detail
        raise _ERRORS.get(verdict, InputError)(detail)

    def close(self) -> None:
        """Stop the idle workers."""
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


_POOL: ParsePool | None = None
_POOL_LOCK = threading.Lock()


def parse_pool() -> ParsePool:
    """This process's pool, started on first use."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ParsePool()
        return _POOL


@atexit.register
def close_pool() -> None:
    """Stop this process's pool (a later `parse_pool()` starts a new one)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.close()
            _POOL = None


class _Accepted:
    """The forms of recently accepted query texts: a repeated query (a named one, a re-run) skips the parse."""

    def __init__(self, size: int = ACCEPTED_CACHE) -> None:
        self._forms: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, text: str) -> str | None:
        with self._lock:
            form = self._forms.get(text)
            if form is not None:
                self._forms.move_to_end(text)
            return form

    def put(self, text: str, form: str) -> None:
        with self._lock:
            self._forms[text] = form
            if len(self._forms) > self._size:
                self._forms.popitem(last=False)


_ACCEPTED = _Accepted()


def check_public_query(text: str, timeout: float) -> CheckedQuery:
    """Check a query from outside (size, nesting, then the guard in a worker) within `timeout` seconds.

    Raises QueryTooLarge (413), InputError/ServiceRefused (400), UpdateRefused (403) or QueryTimeout.
    """
    deadline = time.monotonic() + timeout
    form = _ACCEPTED.get(text)
    if form is None:
        check_size(text)
        form = parse_pool().check(text, deadline, timeout)
        _ACCEPTED.put(text, form)
    return CheckedQuery(text, form, deadline, timeout)


def check_named_query(template: str, prepared: str, timeout: float) -> CheckedQuery:
    """Check a named query: its shipped `template` (once, then remembered); `prepared` adds only a VALUES block
    of terms bound by `sotegraph.store.binding.bind` (and, for a page, `catalog.paged`'s LIMIT/OFFSET),
    so it needs no parse of its own."""
    checked = check_public_query(template, timeout)
    return CheckedQuery(prepared, checked.form, checked.deadline, timeout)
