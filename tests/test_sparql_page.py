"""The query page in headless Chromium: YASGUI loads, an example runs, results show — all offline.

Every request the page makes is recorded and must stay on 127.0.0.1 (no prefix service, no
DBpedia, no CDN). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlparse

import pytest
from werkzeug.serving import make_server

from sotegraph.store import Store
from sotegraph.webviz import create_app

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def base_url(memory_store: Store) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app({"TESTING": True, "STORE": memory_store}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(base_url: str):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")
        page = context.new_page()
        page.requests = []  # type: ignore[attr-defined]
        page.problems = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda message: page.problems.append(message.text)
                if message.type == "error" and "favicon.ico" not in message.location.get("url", "") else None)
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        yield page
        context.close()
        browser.close()


def assert_offline(page) -> None:
    outside = [url for url in page.requests if urlparse(url).hostname not in ("127.0.0.1", None)
               and not url.startswith(("data:", "blob:"))]
    assert outside == [], f"requests left loopback: {outside}"


def test_editor_loads_and_example_runs(page, base_url: str) -> None:
    page.goto(f"{base_url}/sparql", wait_until="networkidle")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.example[data-name='project-funding']")
    page.wait_for_selector(".yasr table tbody tr", timeout=15000)
    table_text = page.inner_text(".yasr table")
    assert "2400000" in table_text.replace(" ", "").replace("\u00a0", "") and "pro-sos-pikassos" in table_text
    assert page.locator(".yasr table tbody tr").count() == 2
    page.screenshot(path=str(ARTIFACTS / "sparql-page-example.png"), full_page=True)
    assert_offline(page)
    assert page.problems == []


def test_shared_link_loads_query(page, base_url: str) -> None:
    query = "SELECT ?region WHERE { ?region a <https://w3id.org/sotegraph/ontology#Region> } LIMIT 5"
    page.goto(f"{base_url}/query?query={quote(query)}", wait_until="networkidle")
    page.wait_for_selector(".yasqe .CodeMirror")
    editor_text = page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert editor_text == query
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=15000)
    assert page.locator(".yasr table tbody tr").count() == 5
    page.screenshot(path=str(ARTIFACTS / "sparql-page-shared-link.png"), full_page=True)
    assert_offline(page)
    assert page.problems == []


@pytest.mark.parametrize(("language", "heading", "title"), [("fi", "Valmiit kysymykset", "Hankkeen rahoitus"),
                                                          ("en", "Named queries", "Funding of a project")])
def test_page_follows_the_interface_language(page, base_url: str, language: str, heading: str, title: str) -> None:
    page.goto(f"{base_url}/sparql?lang={language}", wait_until="networkidle")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.inner_text("#examples-heading") == heading
    assert page.inner_text("button.example[data-name='project-funding']") == title
    assert page.get_attribute("html", "lang") == language
    (ARTIFACTS / "site").mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site" / f"sparql-{language}.png"), full_page=True)
    assert_offline(page)
    assert page.problems == []
