"""Where the store is: `--store`, else env `SOTEGRAPH_STORE`, else the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

STORE_ENV = "SOTEGRAPH_STORE"
MEMORY = ":memory:"


def default_store_path() -> Path:
    """The per-user store directory, e.g. ~/.local/share/sotegraph/store on Linux."""
    return Path(user_data_dir("sotegraph", appauthor=False)) / "store"


def resolve_store_location(given: str | None = None) -> str:
    """The store location to use: `given`, else $SOTEGRAPH_STORE, else `default_store_path()`."""
    location = given or os.environ.get(STORE_ENV) or str(default_store_path())
    return location if is_remote(location) or location == MEMORY else str(Path(location).expanduser())


def is_remote(location: str) -> bool:
    """Whether `location` names a SPARQL endpoint rather than a directory."""
    return location.split("://", 1)[0].lower() in {"http", "https", "sparql+http", "sparql+https"}
