"""Shared by the browser tests: the app on a loopback port, and a headless Chromium page that
records every request, dialog and problem (console errors, page errors, HTTP status ≥ 400).

Without Chromium the tests are skipped on a developer's machine but fail under CI (`CI` set), so
a green CI run always includes them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from flask import Flask
from werkzeug.serving import make_server

from repo_paths import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve `app` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def chromium_page(*, locale: str, viewport: dict[str, int]) -> Iterator[Any]:
    """A recorded page: `page.requests` (URLs), `page.dialogs` (messages, dismissed), `page.problems`."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip("chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=viewport, locale=locale)
        page = context.new_page()
        page.requests, page.dialogs, page.problems = [], [], []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
        page.on("response", lambda response: page.problems.append(f"{response.status} {response.url}")
                if response.status >= 400 else None)
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        try:
            yield page
        finally:
            context.close()
            browser.close()


def outside_requests(page: Any) -> list[str]:
    """The requests of `page` that left loopback (data: and blob: URLs are local)."""
    return [url for url in page.requests if urlparse(url).hostname not in ("127.0.0.1", None)
            and not url.startswith(("data:", "blob:"))]
