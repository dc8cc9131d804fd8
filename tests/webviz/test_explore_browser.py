"""The explore page in headless Chromium: drawn, clickable, searchable, safe, and fully offline.

The app runs with werkzeug's `make_server` on 127.0.0.1 in a thread; every request the page makes
is recorded and must stay on loopback. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
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


def node_colours(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(window.network.body.data.nodes.get()
        .map((node) => [node.id, node.color]))""")


def test_same_data_same_colours_in_finnish_english_and_under_filters(page, base_url: str) -> None:
    colours = {}
    for lang in ("fi", "en"):
        page.goto(f"{base_url}/explore?lang={lang}")
        wait_drawn(page)
        colours[lang] = node_colours(page)
    assert colours["fi"] == colours["en"] and len(set(colours["en"].values())) > 2
    page.goto(f"{base_url}/explore?lang=en&project=id/project/testihanke-a")
    wait_drawn(page)
    filtered = node_colours(page)
    assert filtered and all(colours["en"][node] == colour for node, colour in filtered.items())
    legend = page.locator("#legend li").all_inner_texts()
    assert legend and all(text == text.strip() for text in legend)
    assert not page.problems, page.problems


def test_labels_are_legible_and_in_the_interface_language(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    labels = page.evaluate("window.exploreLabels")
    assert len(labels) >= 5
    assert "Testikeskus Oy" in {label["text"] for label in labels}
    boxes = [(label["x"], label["y"]) for label in labels]
    assert len(set(boxes)) == len(boxes)  # no two labels drawn at one place
    page.screenshot(path=str(ARTIFACTS / "explore-labels.png"))


def test_exports_png_svg_and_offline_html(page, base_url: str, tmp_path) -> None:
    from defusedxml import ElementTree

    page.goto(f"{base_url}/explore?lang=en&project=id/project/testihanke-a")
    wait_drawn(page)
    with page.expect_download() as png:
        page.click("#export-png")
    assert png.value.suggested_filename.endswith(".png")
    image = Path(png.value.path()).read_bytes()
    assert len(image) > 1000 and image[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("#export-svg")
    tree = ElementTree.parse(svg.value.path())
    ns = "{http://www.w3.org/2000/svg}"
    assert tree.getroot().tag == f"{ns}svg" and tree.findall(f".//{ns}circle")
    texts = [element.text for element in tree.iter(f"{ns}text")]
    titles = [element.text for element in tree.iter(f"{ns}title")]
    assert HOSTILE_LABEL in titles and "Testikeskus Oy" in texts + titles
    assert not list(tree.iter(f"{ns}img")) and not list(tree.iter("img"))
    with page.expect_download() as html:
        page.click("#export-html")
    saved = tmp_path / "network.html"
    saved.write_bytes(Path(html.value.path()).read_bytes())
    offline = page.context.new_page()
    offline.requests = []
    offline.on("request", lambda request: offline.requests.append(request.url))
    offline.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    offline.goto(saved.as_uri())
    drawn_here = page.evaluate("window.explorePayload.counts.nodes")
    offline.wait_for_function("(n) => window.network && window.network.body.data.nodes.length === n", arg=drawn_here)
    offline.wait_for_timeout(300)
    assert offline.locator("img").count() == 0 and not page.dialogs
    assert [url for url in offline.requests if not url.startswith(("file:", "data:"))] == []
    offline.screenshot(path=str(ARTIFACTS / "explore-export-html.png"))
    assert not page.problems, page.problems


def test_table_twin_works_by_keyboard(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    page.focus("#twin-box summary")
    page.keyboard.press("Enter")
    rows = page.locator("#twin-body tr")
    assert rows.count() == page.evaluate("window.explorePayload.counts.nodes")
    page.locator("#twin th[data-sort=region]").wait_for(timeout=10000)  # region and measures arrive
    assert "Kanta-Häme" in page.locator("#twin-body").inner_text()
    values = page.evaluate("""() => {
        const column = [...document.querySelectorAll('#twin-head th')].findIndex((th) => th.dataset.sort === 'value');
        return [...document.querySelectorAll('#twin-body tr')].map((tr) => Number(tr.children[column].textContent));
    }""")
    assert values == sorted(values, reverse=True)  # by the size measure, largest first
    page.focus("#twin th[data-sort=name] button")
    page.keyboard.press("Enter")
    assert page.get_attribute("#twin th[data-sort=name]", "aria-sort") == "ascending"
    names = page.locator("#twin-body th").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    page.focus(f'#twin-body button[data-iri="{PIKASSOS}"]')
    page.keyboard.press("Enter")
    page.locator("#panel-title").get_by_text("Testikeskus Oy").wait_for(timeout=10000)
    panel_left = page.evaluate("document.getElementById('panel').getBoundingClientRect().left")
    network_left = page.evaluate("document.getElementById('network').getBoundingClientRect().left")
    page.wait_for_timeout(400)  # the camera's move beside the panel
    box = page.evaluate("""(id) => window.network.canvasToDOM(window.network.getPositions([id])[id])""", PIKASSOS)
    assert network_left + box["x"] < panel_left  # the selected node stays visible beside the panel
    page.screenshot(path=str(ARTIFACTS / "explore-table.png"), full_page=True)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.iri") == PIKASSOS  # focus back in the table
    assert not page.problems, page.problems


def test_overview_opens_a_community_on_click(page, base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sotegraph.network import payload as view_payload

    monkeypatch.setattr(view_payload, "OVERVIEW_ABOVE", 3)
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    reduced = page.locator("#reduced")
    assert reduced.is_visible() and "Overview of" in reduced.inner_text()
    community = page.evaluate("""() => window.network.body.data.nodes.get({filter: (n) => n.kind === 'community'})
        .sort((a, b) => b.value - a.value)[0]""")
    click_node(page, community["id"])
    page.wait_for_url(f"**expand={community['community']}**")
    wait_drawn(page)
    assert "Back to the overview" in page.locator("#reduced").inner_text()
    page.screenshot(path=str(ARTIFACTS / "explore-community.png"))
    assert not page.problems, page.problems


def test_funder_names_are_suggested_as_you_type(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    page.fill("#f-project", "testih")
    page.wait_for_function("() => document.querySelectorAll('#project-names option').length > 0")
    offered = page.eval_on_selector_all("#project-names option", "(options) => options.map(o => o.value)")
    assert "Testihanke A" in offered
    assert not page.problems, page.problems


def test_year_slider_shows_the_network_of_one_year(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    slider = page.locator("#year-slider")
    low, high = int(slider.get_attribute("min")), int(slider.get_attribute("max"))
    assert low <= 2017 <= high
    slider.focus()
    page.evaluate("() => { const s = document.getElementById('year-slider'); s.value = '2017';"
                  " s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }")
    page.wait_for_url("**from=2017**")
    wait_drawn(page)
    assert "to=2017" in page.url and page.locator("#year-value").inner_text() == "2017"
    assert PIKASSOS in page.evaluate("window.network.body.data.nodes.getIds()")  # Testihanke B ran 2016–2018
    assert not page.problems, page.problems


def test_hovering_a_node_names_its_neighbours(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en&project=id/project/testihanke-a")
    wait_drawn(page)
    point = page.evaluate("""(id) => {
        const position = window.network.canvasToDOM(window.network.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + position.x, y: box.top + position.y};
    }""", PIKASSOS)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("(id) => window.exploreLabels.length && window.exploreLabels[0].id === id", arg=PIKASSOS)
    named = {label["id"] for label in page.evaluate("window.exploreLabels")}
    assert {PIKASSOS, HAMEENLINNA, HOSTILE} <= named
    page.screenshot(path=str(ARTIFACTS / "explore-hover.png"))


def test_relax_runs_physics_on_request_only(page, base_url: str) -> None:
    page.goto(f"{base_url}/explore?lang=en")
    wait_drawn(page)
    before = page.evaluate("window.network.getPositions()")
    page.wait_for_timeout(500)
    assert page.evaluate("window.network.getPositions()") == before  # no physics after the first draw
    page.click("#relax")
    assert page.get_attribute("#relax", "aria-pressed") == "true"
    page.wait_for_function("""(start) => {
        const now = window.network.getPositions();
        return Object.keys(start).some((id) => Math.hypot(now[id].x - start[id].x, now[id].y - start[id].y) > 1);
    }""", arg=before)
    page.click("#relax")
    assert page.get_attribute("#relax", "aria-pressed") == "false"
    assert not page.problems, page.problems
