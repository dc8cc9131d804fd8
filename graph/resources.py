"""The files shipped inside the package (ontology/, shapes/, queries/, data/), found from any directory."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

_PACKAGES = {"ontology": "sotegraph.ontology", "shapes": "sotegraph.shapes",
             "queries": "sotegraph.queries", "data": "sotegraph.data"}


def resource_dir(kind: str) -> Traversable:
    """The shipped folder `kind` ("ontology", "shapes", "queries" or "data")."""
    return files(_PACKAGES[kind])


def resource_files(kind: str, suffix: str, subdir: str | None = None) -> list[Traversable]:
    """Shipped files of `kind` (optionally in `subdir`) whose names end in `suffix`, sorted by name."""
    folder = resource_dir(kind)
    if subdir:
        folder = folder / subdir
        if not folder.is_dir():
            return []
    return sorted((item for item in folder.iterdir() if item.is_file() and item.name.endswith(suffix)),
                  key=lambda item: item.name)


def read_resource(kind: str, name: str) -> bytes:
    """The bytes of shipped file `name` (a path relative to the `kind` folder)."""
    return (resource_dir(kind) / name).read_bytes()
