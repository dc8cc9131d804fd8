"""Opening a store: a directory of our own (or the server currently holding it), in memory, or a remote endpoint."""

from __future__ import annotations

import logging
from pathlib import Path

from sotegraph.store.bundled import load_bundled
from sotegraph.store.directory import StoreDir
from sotegraph.store.embedded import OxigraphStore
from sotegraph.store.interface import Store
from sotegraph.store.location import MEMORY, is_remote, resolve_store_location
from sotegraph.store.remote import RemoteStore
from sotegraph.store.served import connect_served

log = logging.getLogger(__name__)


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
        log.info("store %s is held by sotegraph serve (pid %s): using it at %s", path, server.get("pid"), server["url"])
        return connect_served(server, location=str(path))
    marker = store_dir.check()
    store_dir.acquire()
    store = OxigraphStore(path, store_dir=store_dir)
    log.info("opened store %s", path)
    try:
        if marker is None:
            store_dir.write_marker(initialised=not initialise)
            marker = {"initialised": not initialise}
        if initialise and not marker.get("initialised"):
            log.info("new store %s: loading the bundled content", path)
            load_bundled(store)
            store_dir.write_marker(initialised=True)
    except BaseException:
        store.close()
        raise
    return store


def open_store(location: str | Path | None = None, *, initialise: bool = True) -> Store:
    """Open the store at `location`: a directory, ":memory:", or an http(s):// SPARQL endpoint.

    None means $SOTEGRAPH_STORE or the per-user data directory. A new local store gets the bundled
    ontology, reference data and curated graph (unless `initialise` is False). A directory held by a
    running `sotegraph serve` is reached through that server. Raises StoreUnavailable (busy, another
    version, unreachable) or InputError (the path is not a store).
    """
    resolved = resolve_store_location(str(location) if location is not None else None)
    if is_remote(resolved):
        return RemoteStore.from_location(resolved)
    return open_local(None if resolved == MEMORY else Path(resolved), initialise=initialise)
