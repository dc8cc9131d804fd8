"""The package structure a newcomer relies on: no import cycles, and each library where it belongs.

Reads the source with `ast` (nothing is imported): every `import`/`from … import`, at module level or
inside a function, is an edge from the module to the sotegraph module it names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from repo_paths import REPO_ROOT

PACKAGE_ROOTS = {"sotegraph": REPO_ROOT / "graph" / "sotegraph",
                 "sotegraph_webviz": REPO_ROOT / "webviz" / "sotegraph_webviz"}
#: Libraries only some modules may import (prefix of the importing module's name).
ALLOWED_IMPORTERS = {
    "pyoxigraph": ("sotegraph.store.", "sotegraph.synth.generator"),
    "flask": ("sotegraph_webviz",),
    "sotegraph_webviz": ("sotegraph_webviz", "sotegraph.cli.store_commands"),
    "pyshacl": ("sotegraph.validation.",),
    "igraph": ("sotegraph.network.",),
    "scipy": ("sotegraph.network.incidence",),
    "networkx": ("sotegraph.network.", "sotegraph.cli.analysis_commands", "sotegraph_webviz"),
    "openpyxl": ("sotegraph.stewarding.spreadsheets", "sotegraph.extraction.draft"),
    "click": ("sotegraph.cli.",),
    "waitress": ("sotegraph_webviz.serving",),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for package, root in PACKAGE_ROOTS.items():
        for path in root.rglob("*.py"):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module name `path` imports (for `from a import b`: `a.b` if that is a module, else `a`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in MODULES else node.module)
    return names


IMPORTS = {module: _imports(path) for module, path in MODULES.items()}


def _package(module: str) -> str:
    """`sotegraph.network.fetch` → `sotegraph.network`; top-level modules and the web app are their own."""
    parts = module.split(".")
    if parts[0] == "sotegraph" and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0] if parts[0] == "sotegraph_webviz" else module


def test_modules_import_each_other_without_a_cycle() -> None:
    graph = nx.DiGraph((module, target) for module, targets in IMPORTS.items() for target in targets
                       if target in MODULES and target != module)
    assert list(nx.simple_cycles(graph)) == []


def test_subpackages_depend_on_each_other_without_a_cycle() -> None:
    graph = nx.DiGraph((_package(module), _package(target)) for module, targets in IMPORTS.items()
                       for target in targets if target in MODULES and _package(target) != _package(module))
    assert list(nx.simple_cycles(graph)) == []


@pytest.mark.parametrize("library", sorted(ALLOWED_IMPORTERS))
def test_a_library_is_imported_only_where_it_belongs(library: str) -> None:
    importers = sorted(module for module, targets in IMPORTS.items()
                       if any(target == library or target.startswith(library + ".") for target in targets))
    assert [module for module in importers if not module.startswith(ALLOWED_IMPORTERS[library])] == []


def test_every_subpackage_is_in_the_readme_module_map() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Module map", 1)[1].split("\n## ", 1)[0]
    subpackages = sorted(f"sotegraph.{folder.name}" for folder in PACKAGE_ROOTS["sotegraph"].iterdir()
                         if (folder / "__init__.py").is_file())
    packages = ["sotegraph", "sotegraph_webviz", *subpackages]
    assert [package for package in packages if f"`{package}`" not in section] == []
