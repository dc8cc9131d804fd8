"""Serving the app in production: waitress (threads), loopback by default, graceful stop on SIGTERM.

`serve_app` blocks until SIGTERM or Ctrl+C; then waitress stops accepting connections and the
requests being answered get up to `grace` seconds to finish (a query's time limit, at most)
before the process goes on to stop the store. The access log is `sotegraph_webviz.request_log`'s
line per request.
"""

from __future__ import annotations

import ipaddress
import math
import signal
import sys
from types import FrameType

from flask import Flask
from waitress.server import BaseWSGIServer, create_server


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # waitress's loop catches it and shuts its threads down


def serve_app(app: Flask, host: str, port: int, *, threads: int, grace: float) -> None:
    """Serve `app` with waitress on `host:port` until SIGTERM/SIGINT; running requests may finish."""
    server = create_server(app, host=host, port=port, threads=threads, ident="sotegraph",
                           channel_timeout=max(120, int(grace) + 30), clear_untrusted_proxy_headers=True)
    if not isinstance(server, BaseWSGIServer):  # one address: always one server
        raise RuntimeError(f"cannot listen on {host}:{port}")
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()  # returns after SIGTERM/Ctrl+C, having waited up to 5 s for running requests
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=math.ceil(grace))  # the rest of their time limit
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)
        sys.stderr.flush()
