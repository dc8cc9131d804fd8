"""Limits on guessing and flooding: failed logins per account and per client, anonymous validations.

Logins: the first `LOGIN_FREE_FAILURES` (default 5) failed attempts for an account, or from a client
address, cost nothing; after that each further failure locks that account (or client) for twice as
long as the one before, starting at `LOGIN_BACKOFF_SECONDS` (default 1 s) and at most
`LOGIN_MAX_LOCK_SECONDS` (default 900 s). While locked, a login is refused with HTTP 429 and a
`Retry-After` header before the password is even checked, so the right password does not help a
guesser. A success clears the account's and the client's count; a count is forgotten after
`LOGIN_MAX_LOCK_SECONDS` without failures.

Validation: a client that is not logged in may run `VALIDATE_RATE` validations (default 10) per
`VALIDATE_WINDOW_SECONDS` (default 60) — a sliding window, HTTP 429 past it; and at most
`VALIDATE_CONCURRENT` validations (default 2, anyone's) run at once, so parallel uploads cannot
multiply the memory one may take (HTTP 503 while all are busy).

State is kept in the app's process (one `sotegraph serve`); each table holds at most
`_MAX_ENTRIES` keys, the oldest forgotten first.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import gettext
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

_MAX_ENTRIES = 10_000
DEFAULTS = {"LOGIN_FREE_FAILURES": 5, "LOGIN_BACKOFF_SECONDS": 1.0, "LOGIN_MAX_LOCK_SECONDS": 900.0,
            "VALIDATE_RATE": 10, "VALIDATE_WINDOW_SECONDS": 60.0, "VALIDATE_CONCURRENT": 2}


class RateLimited(TooManyRequests):
    """HTTP 429 with a message and `Retry-After` in whole seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(description=message, retry_after=max(1, math.ceil(retry_after)))


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class LoginLimiter:
    """Failed-login counts per account and per client, and the lock each has earned."""

    def __init__(self, free: int, backoff: float, max_lock: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.backoff, self.max_lock, self.clock = free, backoff, max_lock, clock
        self._entries: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, account: str, client: str) -> float:
        """Seconds until `account` may be tried from `client` again (0: now)."""
        now = self.clock()
        with self._lock:
            return max(0.0, *(self._entry(key, now).locked_until - now for key in _keys(account, client)))

    def failed(self, account: str, client: str) -> None:
        """Count a failed attempt; past the free ones, lock for an exponentially growing time."""
        now = self.clock()
        with self._lock:
            for key in _keys(account, client):
                entry = self._entry(key, now)
                entry.count, entry.last = entry.count + 1, now
                if entry.count > self.free:
                    lock = min(self.max_lock, self.backoff * 2 ** (entry.count - self.free - 1))
                    entry.locked_until = now + lock
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > _MAX_ENTRIES:
                    self._entries.popitem(last=False)

    def succeeded(self, account: str, client: str) -> None:
        """Forget the account's and the client's failures."""
        with self._lock:
            for key in _keys(account, client):
                self._entries.pop(key, None)

    def _entry(self, key: str, now: float) -> _Failures:
        entry = self._entries.get(key)
        if entry is None or now - entry.last > self.max_lock and now >= entry.locked_until:
            return _Failures()
        return entry


def _keys(account: str, client: str) -> tuple[str, str]:
    return f"account:{account.strip().casefold()}", f"client:{client}"


class ValidationLimiter:
    """A sliding-window count of anonymous validations per client, and a cap on concurrent ones."""

    def __init__(self, rate: int, window: float, concurrent: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.window, self.clock = rate, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(concurrent)

    def count(self, client: str) -> None:
        """Count one anonymous validation by `client`; RateLimited past the rate."""
        now = self.clock()
        with self._lock:
            times = self._seen.pop(client, deque())
            while times and now - times[0] >= self.window:
                times.popleft()
            self._seen[client] = times
            while len(self._seen) > _MAX_ENTRIES:
                self._seen.popitem(last=False)
            if len(times) >= self.rate:
                raise RateLimited(gettext("Too many validations from your address: at most %(rate)s in "
                                          "%(seconds)s s without logging in. Try again in %(wait)s s.",
                                          rate=self.rate, seconds=int(self.window),
                                          wait=math.ceil(self.window - (now - times[0]))),
                                  self.window - (now - times[0]))
            times.append(now)

    @contextmanager
    def running(self) -> Iterator[None]:
        """Hold one of the concurrent validation slots; 503 if all are taken."""
        if not self._running.acquire(blocking=False):
            raise ServiceUnavailable(gettext("The server is validating other uploads; try again in a moment."),
                                     retry_after=2)
        try:
            yield
        finally:
            self._running.release()


def client_address() -> str:
    """The requesting client, as the WSGI server saw it."""
    return request.remote_addr or "unknown"


def login_limiter() -> LoginLimiter:
    """The app's login limiter."""
    limiter: LoginLimiter = current_app.extensions["login_limits"]["login"]
    return limiter


def validation_limiter() -> ValidationLimiter:
    """The app's validation limiter."""
    limiter: ValidationLimiter = current_app.extensions["login_limits"]["validate"]
    return limiter


def check_login_allowed(account: str) -> None:
    """RateLimited (429) if `account` or this client is locked after failed logins."""
    wait = login_limiter().wait(account, client_address())
    if wait > 0:
        raise RateLimited(gettext("Too many failed logins for this account or from your address. "
                                  "Try again in %(seconds)s s.", seconds=math.ceil(wait)), wait)


def init_app(app: Flask) -> None:
    """Give `app` its limiters, configured from its config (DEFAULTS where unset)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    config = app.config
    app.extensions["login_limits"] = {
        "login": LoginLimiter(int(config["LOGIN_FREE_FAILURES"]), float(config["LOGIN_BACKOFF_SECONDS"]),
                              float(config["LOGIN_MAX_LOCK_SECONDS"])),
        "validate": ValidationLimiter(int(config["VALIDATE_RATE"]), float(config["VALIDATE_WINDOW_SECONDS"]),
                                      int(config["VALIDATE_CONCURRENT"])),
    }
