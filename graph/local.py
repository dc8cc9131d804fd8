"""Opening a local store: in memory, a directory of our own, or the server currently holding it."""

from __future__ import annotations

from pathlib import Path

from sotegraph.bundled import load_bundled
from sotegraph.oxigraph_store import OxigraphStore
from sotegraph.store import Store
from sotegraph.store_dir import StoreDir


def open_local(path: Path | None, *, initialise: bool = True) -> Store:
    """An in-memory store (`path` None) or the store in directory `path`, created if new.

    A new store gets the bundled content; with `initialise=False` it stays empty for good.
    """
    if path is None:
        store = OxigraphStore(None)
        if initialise:
            load_bundled(store)
        return store
    store_dir = StoreDir(path)
    server = store_dir.running_server()
    if server is not None:
        from sotegraph.remote_store import RemoteStore

        return RemoteStore.for_server(server["url"], location=str(path))
    marker = store_dir.check()
    store_dir.acquire()
    store = OxigraphStore(path, store_dir=store_dir)
    try:
        if marker is None:
            store_dir.write_marker(initialised=not initialise)
            marker = {"initialised": not initialise}
        if initialise and not marker.get("initialised"):
            load_bundled(store)
            store_dir.write_marker(initialised=True)
    except BaseException:
        store.close()
        raise
    return store
