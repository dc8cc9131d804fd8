"""Declared dependencies match the imports: nothing imported is undeclared, nothing declared is unused.

Imports are read with `ast` from the source folders; a module maps to the distribution that installs
it through `importlib.metadata.packages_distributions()`. Imports guarded by `except ImportError`
are optional and not counted. A module that is not installed (pyvis outside the bench extra) is
taken to come from the distribution of the same name.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

from repo_paths import REPO_ROOT

ROOT = REPO_ROOT
FIRST_PARTY = {"sotegraph", "sotegraph_webviz"}
#: Runtime dependencies that no module imports, and why they are needed all the same.
NOT_IMPORTED = {"oxigraph": "the `oxigraph serve` program that `sotegraph serve` starts as a child"}
#: Which dependency lists each source folder may import from.
ALLOWED = {
    "graph": ("runtime",),
    "webviz": ("runtime",),
    "scripts": ("runtime", "test"),
    "tests": ("runtime", "test"),
    "benchmarks": ("runtime", "test", "bench"),
}


def _name(requirement: str) -> str:
    """The normalised project name of a requirement string (PEP 503)."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def declared() -> dict[str, set[str]]:
    """Runtime and extra dependency names from pyproject.toml, keyed "runtime" or the extra's name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lists = {"runtime": project["dependencies"], **project["optional-dependencies"]}
    return {key: {_name(requirement) for requirement in requirements} for key, requirements in lists.items()}


def _optional(tree: ast.AST) -> set[int]:
    """Line numbers of imports inside a `try` that catches ImportError."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(handler.type, ast.Name) and handler.type.id in ("ImportError", "ModuleNotFoundError")
            for handler in node.handlers
        ):
            lines.update(inner.lineno for statement in node.body for inner in ast.walk(statement)
                         if isinstance(inner, ast.Import | ast.ImportFrom))
    return lines


def imported_modules(folder: Path) -> dict[str, str]:
    """Third-party top-level modules imported under `folder` → one file that imports it."""
    local = {path.stem for path in folder.rglob("*.py")}
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        optional = _optional(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            if node.lineno in optional:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top not in local:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def distributions(module: str) -> set[str]:
    """Normalised names of the distributions that provide top-level `module` (its own name if not installed)."""
    installed = _packages_distributions().get(module, [])
    return {_name(dist) for dist in installed} or {_name(module)}


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_every_import_is_declared(folder: str) -> None:
    lists = declared()
    allowed = set().union(*(lists[key] for key in ALLOWED[folder]))
    undeclared = {module: where for module, where in imported_modules(ROOT / folder).items()
                  if not distributions(module) & allowed}
    assert not undeclared, f"imported in {folder}/ but not declared in {ALLOWED[folder]}: {undeclared}"


def test_every_runtime_dependency_is_imported() -> None:
    modules = set(imported_modules(ROOT / "graph")) | set(imported_modules(ROOT / "webviz"))
    provided = set().union(*(distributions(module) for module in modules))
    unused = declared()["runtime"] - provided - set(NOT_IMPORTED)
    assert not unused, f"runtime dependencies that graph/ and webviz/ never import: {sorted(unused)}"
