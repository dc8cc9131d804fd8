"""Queries at the same time per client: past the limit, 429 with Retry-After (Wikidata's policy).

A client (its address, `request.remote_addr`) may have `QUERY_CONCURRENCY_PER_CLIENT` queries
running at once (default 5, as on the Wikidata Query Service) on the query routes
(`QUERY_ENDPOINTS`: `/sparql` with a query and `/api/query/NAME`). One more is answered at once
with HTTP 429 in the JSON error shape; its `Retry-After` says in how many seconds the oldest of
that client's running queries reaches its time limit — by then a slot is free for sure.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable

from flask import Flask, Response, current_app, g, request

from sotegraph_webviz.errors import error_response

#: Endpoints whose requests count as queries (blueprint.view).
QUERY_ENDPOINTS = frozenset({"sparql.endpoint", "sparql.api_query"})


class ClientSlots:
    """The start times of each client's running queries, behind one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, list[float]] = {}

    def enter(self, client: str, limit: int) -> float | list[float]:
        """Take a slot for `client`: its start time, or (no slot free) the start times of its running queries."""
        with self._lock:
            running = self._running.setdefault(client, [])
            if len(running) >= limit:
                return list(running)
            now = time.monotonic()
            running.append(now)
            return now

    def leave(self, client: str, started: float) -> None:
        """Give back `client`'s slot taken at `started`."""
        with self._lock:
            running = self._running.get(client, [])
            if started in running:
                running.remove(started)
            if not running:
                self._running.pop(client, None)


def retry_after(started: Iterable[float], timeout: float) -> int:
    """Whole seconds until the oldest running query reaches its time limit (at least 1)."""
    oldest = min(started, default=time.monotonic())
    return max(1, math.ceil(oldest + timeout - time.monotonic()))


def _is_query() -> bool:
    if request.endpoint not in QUERY_ENDPOINTS or request.method == "OPTIONS":
        return False
    return request.endpoint != "sparql.endpoint" or request.method == "POST" or "query" in request.args


def _enter() -> Response | None:
    if not _is_query():
        return None
    slots: ClientSlots = current_app.extensions["sotegraph_query_slots"]
    client = request.remote_addr or "unknown"
    limit = int(current_app.config["QUERY_CONCURRENCY_PER_CLIENT"])
    taken = slots.enter(client, limit)
    if isinstance(taken, float):
        g.query_slot = (client, taken)
        return None
    wait = retry_after(taken, float(current_app.config.get("QUERY_TIMEOUT", 10.0)))
    response = error_response(f"too many queries at once from your address: at most {limit} may run at the "
                              f"same time; try again in {wait} s", 429)
    response.headers["Retry-After"] = str(wait)
    return response


def _leave(_error: BaseException | None) -> None:
    slot = g.pop("query_slot", None)
    if slot is not None:
        current_app.extensions["sotegraph_query_slots"].leave(*slot)


def init_app(app: Flask) -> None:
    """Limit each client's concurrent queries on `app` (configured by QUERY_CONCURRENCY_PER_CLIENT)."""
    app.config.setdefault("QUERY_CONCURRENCY_PER_CLIENT", 5)
    app.extensions["sotegraph_query_slots"] = ClientSlots()
    app.before_request(_enter)
    app.teardown_request(_leave)
