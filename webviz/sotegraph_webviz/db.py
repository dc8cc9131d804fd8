"""The one way views reach the store: `get_store()`.

`app.config["STORE"]` (a Store object: tests, `sotegraph serve`) is used as is; otherwise the store
at `app.config["STORE_LOCATION"]` (None: $SOTEGRAPH_STORE or the per-user store) is opened once
for the app's life (Oxigraph stores are safe to share between threads).
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, g

from sotegraph.store import Store, open_store

_OPEN_LOCK = threading.Lock()
_EXTENSION = "sotegraph_store"


def get_store() -> Store:
    """The store for this request."""
    if "store" not in g:
        g.store = _app_store(current_app)
    return g.store


def _app_store(app: Flask) -> Store:
    """The configured Store, or the app's own store, opened on first use."""
    configured = app.config.get("STORE")
    if configured is not None:
        return configured
    with _OPEN_LOCK:
        if _EXTENSION not in app.extensions:
            app.extensions[_EXTENSION] = open_store(app.config.get("STORE_LOCATION"))
        return app.extensions[_EXTENSION]


def init_app(app: Flask) -> None:
    """Register the store with `app` (it is opened lazily, on the first request that needs it)."""
    app.teardown_appcontext(lambda _error: g.pop("store", None))
