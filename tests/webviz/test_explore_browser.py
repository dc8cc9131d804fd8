"""The explore page in headless Chromium: drawn, clickable, searchable, safe, and fully offline.

The app runs with werkzeug's `make_server` on 127.0.0.1 in a thread; every request the page makes
is recorded and must stay on loopback. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from browser_support import ARTIFACTS, chromium_page, served
from explore_fixtures import HAMEENLINNA, HOSTILE, HOSTILE_LABEL, PIKASSOS, add_collaboration
from sotegraph.store import Store
from sotegraph_webviz import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(memory_store: Store) -> Iterator[str]:
    with served(create_app({"TESTING": True, "STORE": add_collaboration(memory_store)})) as url:
        yield url


@pytest.fixture
def page(base_url: str):
    with chromium_page(locale="en-GB", viewport={"width": 1400, "height": 900}) as page:
        yield page


def wait_drawn(page) -> None:
    page.locator("body[data-network-ready]").wait_for(state="attached", timeout=30000)
    assert page.evaluate("document.body.getAttribute('data-network-ready')") == "true"


def click_node(page, iri: str) -> None:
    point = page.evaluate("""(id) => {
        const position = window.network.canvasToDOM(window.network.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + position.x, y: box.top + position.y};
    }""", iri)
    page.mouse.click(point["x"], point["y"])


def test_graph_is_drawn_clickable_searchable_and_offline(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    payload_nodes = page.evaluate("window.explorePayload.counts.nodes")
    assert page.evaluate("window.network.body.data.nodes.length") == payload_nodes > 3
    assert page.locator("#legend li").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "explore-drawn.png"))

    page.evaluate("(id) => window.network.focus(id, {scale: 1.5})", PIKASSOS)
    click_node(page, PIKASSOS)
    panel = page.locator("#panel")
    panel.get_by_text("Testihanke A").first.wait_for(timeout=10000)
    assert panel.is_visible() and page.locator("#panel-title").inner_text() == "Testikeskus Oy"
    for text in ("Projects", "Networks and groups", "People and posts", "Partners", "Measures", "Source documents",
                 "Testiasiakirja", "Testi Henkilö"):
        assert text in panel.inner_text(), text
    page.screenshot(path=str(ARTIFACTS / "explore-panel.png"))

    page.fill("#path-to", "id/municipality/837")
    page.click(".path-form button")
    page.locator("#path-result ol li").nth(1).wait_for(timeout=10000)
    assert "Testihanke B" in page.locator("#path-result").inner_text()
    assert PIKASSOS in page.evaluate("window.network.getSelectedNodes()")
    page.screenshot(path=str(ARTIFACTS / "explore-path.png"))

    page.keyboard.press("Escape")
    assert panel.is_hidden()

    edge_id = page.evaluate("""([a, b]) => window.network.body.data.edges.get({
        filter: (edge) => (edge.from === a && edge.to === b) || (edge.from === b && edge.to === a)})[0].id""",
                            [PIKASSOS, HAMEENLINNA])
    page.evaluate("(id) => window.network.body.emitter.emit('click', {nodes: [], edges: [id]})", edge_id)
    panel.get_by_text("Testifoorumi").wait_for(timeout=10000)
    assert "Testihanke A" in panel.inner_text() and "administrator" in panel.inner_text()
    page.screenshot(path=str(ARTIFACTS / "explore-edge.png"))
    page.keyboard.press("Escape")

    page.fill("#q", "hameenlinna")
    page.keyboard.press("Enter")
    result = page.locator(f'#search-results button[data-iri="{HAMEENLINNA}"]')
    result.wait_for(timeout=10000)
    result.click()
    page.locator("#panel-title").get_by_text("Hämeenlinna").wait_for(timeout=10000)
    assert page.evaluate("window.network.getSelectedNodes()") == [HAMEENLINNA]
    page.screenshot(path=str(ARTIFACTS / "explore-search.png"))

    hosts = {urlparse(url).hostname for url in page.requests}
    assert hosts == {"127.0.0.1"}, page.requests
    assert page.evaluate("document.documentElement.lang") == "en"
    assert any(url.endswith("/static/favicon.svg") for url in page.requests)
    assert not page.dialogs and not page.problems, page.problems


def test_hostile_label_runs_nothing(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?project=id/project/testihanke-a&lang=en")
    wait_drawn(page)
    click_node(page, HOSTILE)
    page.locator("#panel-title").get_by_text(HOSTILE_LABEL).wait_for(timeout=10000)
    assert page.locator("#panel img").count() == 0
    page.fill("#q", "onerror")
    page.keyboard.press("Enter")
    page.locator(f'#search-results button[data-iri="{HOSTILE}"]').wait_for(timeout=10000)
    assert page.locator("#search-results img").count() == 0
    page.goto(f"{base_url}/id/organisation/hostile")
    assert page.locator("h1").inner_text() == HOSTILE_LABEL
    page.wait_for_timeout(300)
    assert not page.dialogs


def test_keyboard_reaches_the_controls(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=fi")
    wait_drawn(page)
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.name || ''"))
    assert {"f-type", "f-region", "f-size", "f-color", "q", "network"} <= reached
    assert page.evaluate("document.documentElement.lang") == "fi"
    page.screenshot(path=str(ARTIFACTS / "explore-fi.png"))
    assert not page.problems, page.problems
