"""Shared fixtures: an in-memory store with the bundled content, the web app, and a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

from sotegraph.cli.group import main
from sotegraph.store import Store
from sotegraph.store.bundled import load_bundled
from sotegraph.store.embedded import OxigraphStore
from sotegraph_webviz import create_app


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """A fresh in-memory store holding the bundled graphs (the bundle is parsed once per session)."""
    store = OxigraphStore(None)
    load_bundled(store)
    yield store
    store.close()


@pytest.fixture
def app(memory_store: Store) -> Flask:
    """The web app over `memory_store`."""
    return create_app({"TESTING": True, "STORE": memory_store, "WTF_CSRF_ENABLED": False})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def tmp_store_dir(tmp_path: Path) -> Path:
    """A path for a new store directory (not created yet)."""
    return tmp_path / "store"


class SotegraphRunner:
    """Runs `sotegraph …` in-process; the store defaults to `tmp_store_dir`, never the user's own."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = store_dir
        self._runner = CliRunner()

    def invoke(self, args: Sequence[str], *, input: str | bytes | None = None, **kwargs: Any) -> Result:
        """The result of `sotegraph ARGS` (stdout and stderr kept apart)."""
        env = {"SOTEGRAPH_STORE": str(self.store_dir), **kwargs.pop("env", {})}
        return self._runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False, **kwargs)


@pytest.fixture
def runner(tmp_store_dir: Path) -> SotegraphRunner:
    """A CLI runner whose store is `tmp_store_dir`."""
    return SotegraphRunner(tmp_store_dir)
