"""The store's settings directory: steward accounts and the web app's secret key.

A directory store keeps them in its own directory (beside Oxigraph's files and the other
sotegraph files there); a remote store in the per-user configuration directory, one folder per
endpoint. Files are written atomically, mode 0600.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from platformdirs import user_config_dir

from sotegraph.errors import InputError
from sotegraph.store.location import MEMORY, is_remote, resolve_store_location

ACCOUNTS_FILE = "stewards.json"
SECRET_FILE = "secret_key"


def config_dir(location: str | None) -> Path:
    """Where the configuration of the store at `location` lives; InputError for an in-memory store."""
    resolved = resolve_store_location(location)
    if resolved == MEMORY:
        raise InputError("an in-memory store has no configuration: give --store DIR or URL")
    if is_remote(resolved):
        digest = hashlib.sha256(resolved.encode()).hexdigest()[:16]
        return Path(user_config_dir("sotegraph", appauthor=False)) / "remote" / digest
    return Path(resolved)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def secret_key(directory: Path) -> str:
    """The app's secret key for this store, generated on first use and kept."""
    path = directory / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    write_private(path, key + "\n")
    return key
