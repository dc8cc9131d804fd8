"""A store directory on disk: its version marker, the lock with the holder's pid, and a running server.

Files kept in the directory beside Oxigraph's own:
`sotegraph-store.json` (store format and the sotegraph version that made it), `.sotegraph.lock`
(held by the one process that has the store open), `holder.json` (that process's pid and command,
for the "in use" message) and `server.json` (`{pid, url, socket, version}` of a running `sotegraph serve`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from sotegraph import __version__
from sotegraph.errors import InputError, StoreUnavailable
from sotegraph.store.settings import ACCOUNTS_FILE, SECRET_FILE

STORE_FORMAT = 1
MARKER_FILE = "sotegraph-store.json"
LOCK_FILE = ".sotegraph.lock"
HOLDER_FILE = "holder.json"
SERVER_FILE = "server.json"


def pid_alive(pid: int) -> bool:
    """Whether a process with `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _ours(name: str) -> bool:
    """Whether a file may be in a store directory before the store is made (configuration, locks)."""
    return name.startswith(".") or name in (ACCOUNTS_FILE, SECRET_FILE, HOLDER_FILE, SERVER_FILE)


class StoreDir:
    """One store directory: check it, lock it, and find the server that may be holding it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._lock: FileLock | None = None

    def check(self) -> dict[str, Any] | None:
        """The marker of an existing store, None for a new one; InputError if the path is not a store."""
        if self.path.exists() and not self.path.is_dir():
            raise InputError("not a store directory (it is a file)", file=str(self.path))
        marker_path = self.path / MARKER_FILE
        if not marker_path.exists():
            if self.path.is_dir() and any(not _ours(entry.name) for entry in self.path.iterdir()):
                raise InputError(f"not a sotegraph store (no {MARKER_FILE}); "
                                 "give an empty or new directory", file=str(self.path))
            return None
        marker = _read_json(marker_path)
        if marker is None:
            raise InputError(f"unreadable {MARKER_FILE}", file=str(self.path))
        if marker.get("format") != STORE_FORMAT:
            raise StoreUnavailable(
                f"{self.path}: store written by sotegraph {marker.get('sotegraph', '?')} "
                f"(store format {marker.get('format')}); this is sotegraph {__version__} "
                f"(store format {STORE_FORMAT}). Export it with the version that wrote it and load "
                "the export into a new store.")
        return marker

    def write_marker(self, *, initialised: bool) -> None:
        """Record the store format, our version and whether the bundled content has been loaded."""
        marker = {"format": STORE_FORMAT, "sotegraph": __version__, "initialised": initialised}
        (self.path / MARKER_FILE).write_text(json.dumps(marker) + "\n", encoding="utf-8")

    def acquire(self) -> None:
        """Take the directory's lock for this process; StoreUnavailable naming the holder if taken."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / LOCK_FILE), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            holder = _read_json(self.path / HOLDER_FILE) or {}
            who = f"{holder.get('command', 'another process')} (pid {holder.get('pid', '?')})"
            raise StoreUnavailable(f"{self.path}: the store is in use by {who}; wait for it to "
                                   "finish or stop it, then try again") from None
        self._lock = lock
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200]
        holder = {"pid": os.getpid(), "command": command}
        (self.path / HOLDER_FILE).write_text(json.dumps(holder) + "\n", encoding="utf-8")

    def release(self) -> None:
        """Give the lock back and forget the holder."""
        if self._lock is None:
            return
        holder = _read_json(self.path / HOLDER_FILE)
        if holder and holder.get("pid") == os.getpid():
            (self.path / HOLDER_FILE).unlink(missing_ok=True)
        self._lock.release()
        self._lock = None

    def running_server(self) -> dict[str, Any] | None:
        """`{pid, url, version}` of a live server holding this store; a stale server.json is removed."""
        server_path = self.path / SERVER_FILE
        server = _read_json(server_path)
        if server is None:
            return None
        if isinstance(server.get("pid"), int) and pid_alive(server["pid"]) and server.get("url"):
            return server
        server_path.unlink(missing_ok=True)
        return None

    def write_server(self, pid: int, url: str, socket: str) -> None:
        """Announce a server that now holds this store: its query URL and the Unix socket taking writes."""
        server = {"pid": pid, "url": url, "socket": socket, "version": __version__}
        (self.path / SERVER_FILE).write_text(json.dumps(server) + "\n", encoding="utf-8")

    def remove_server(self) -> None:
        """Withdraw the announcement of a server."""
        (self.path / SERVER_FILE).unlink(missing_ok=True)
