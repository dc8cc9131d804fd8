"""The built wheel, installed (not editable) into a fresh venv, works from any directory.

The venv reuses the test runner's installed dependencies through a `.pth` file, so only
sotegraph itself comes from the wheel; nothing is downloaded beyond the build backend.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from repo_paths import REPO_ROOT
from sotegraph.store import CURATED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH

pytestmark = pytest.mark.packaging


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `command` and return its stdout; fail the test with its stderr if it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding sotegraph from a freshly built wheel; returns its bin directory."""
    root = tmp_path_factory.mktemp("packaging")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(REPO_ROOT)], root)
    wheel = next((root / "dist").glob("sotegraph-*.whl"))
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    venv_python = venv / "bin" / "python"
    purelib = run([str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root).strip()
    runner_paths = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]])
    Path(purelib, "_test_runner_deps.pth").write_text("\n".join(runner_paths) + "\n")
    run([sys.executable, "-m", "pip", "--python", str(venv_python), "install", "--no-deps", "--no-index",
         "--quiet", str(wheel)], root)
    return venv / "bin"


def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment without anything pointing at the source tree or the user's store."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SOTEGRAPH_STORE")}
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
    return env


def test_installed_copy_is_imported_from_the_venv(installed: Path, tmp_path: Path) -> None:
    where = run([str(installed / "python"), "-c", "import sotegraph; print(sotegraph.__file__)"],
                tmp_path, clean_env(tmp_path))
    assert where.startswith(str(installed.parent)) and "site-packages" in where


def test_stats_from_another_directory_loads_the_bundled_content(installed: Path, tmp_path: Path) -> None:
    figures = json.loads(run([str(installed / "sotegraph"), "--store", str(tmp_path / "store"), "stats",
                              "--format", "json"], tmp_path, clean_env(tmp_path)))
    graphs = {row["graph"]: row["triples"] for row in figures["graphs"]}
    assert graphs[ONTOLOGY_GRAPH] > 0 and graphs[CURATED_GRAPH] > 0
    assert all(graphs[REFERENCE_GRAPH.format(year=year)] > 1000 for year in (2016, 2021, 2025))


def test_default_store_is_the_per_user_data_directory(installed: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    figures = json.loads(run([str(installed / "sotegraph"), "stats", "--format", "json"], tmp_path, env))
    assert figures["store"].startswith(env["XDG_DATA_HOME"]) and figures["triples"] > 0


def test_web_app_renders_from_the_installed_copy(installed: Path, tmp_path: Path) -> None:
    script = ("from sotegraph_webviz import create_app\n"
              f"app = create_app({{'STORE_LOCATION': {str(tmp_path / 'store')!r}}})\n"
              "client = app.test_client()\n"
              "print(client.get('/').status_code, client.get('/static/site.css').status_code)\n")
    assert run([str(installed / "python"), "-c", script], tmp_path, clean_env(tmp_path)).split() == ["200", "200"]


def test_installed_copy_ships_the_translations(installed: Path, tmp_path: Path) -> None:
    script = ("from sotegraph.i18n import gettext\n"
              "from sotegraph_webviz import create_app\n"
              f"app = create_app({{'STORE_LOCATION': {str(tmp_path / 'store')!r}}})\n"
              "page = app.test_client().get('/?lang=fi').get_data(as_text=True)\n"
              "print(gettext('fi', 'Conforms'), 'Etusivu' in page)\n")
    assert run([str(installed / "python"), "-c", script], tmp_path, clean_env(tmp_path)).split() == ["Kelpaa", "True"]
