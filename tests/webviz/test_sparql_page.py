"""The query page in headless Chromium: YASGUI loads, an example runs, results show — all offline.

Every request the page makes is recorded and must stay on 127.0.0.1 (no prefix service, no
DBpedia, no CDN). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from rdflib import SKOS, Literal

from browser_support import ARTIFACTS, chromium_page, outside_requests, served
from sotegraph.store import Store
from sotegraph_webviz import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(memory_store: Store) -> Iterator[str]:
    with served(create_app({"TESTING": True, "STORE": memory_store})) as url:
        yield url


@pytest.fixture
def page(base_url: str):
    with chromium_page(locale="fi-FI", viewport={"width": 1400, "height": 1000}) as page:
        yield page


def assert_offline(page) -> None:
    outside = outside_requests(page)
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


def test_results_link_locally_and_show_compact_literals(page, base_url: str) -> None:
    page.goto(f"{base_url}/query?lang=en", wait_until="networkidle")
    page.click("button.example[data-name='project-funding']")
    page.wait_for_selector(".yasr table.results-table tbody tr", timeout=15000)
    assert "name=project-funding" in page.url, "the chosen named query is in the URL"
    links = page.eval_on_selector_all(".results-table a.iri", "els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith("/id/") for link in links if "w3id.org" not in link)
    assert not any(link.startswith("https://w3id.org/sotegraph/id/") for link in links)
    amounts = page.eval_on_selector_all(".results-table .literal[title]",
                                        "els => els.map(e => [e.textContent, e.title])")
    assert ["2400000", "xsd:decimal"] in amounts or ["2400000", "xsd:integer"] in amounts, amounts
    page.click(".results-table a.iri[href^='/id/']")
    page.wait_for_load_state("networkidle")
    assert "/id/" in page.url and page.locator("h1").count() == 1
    assert_offline(page)
    assert page.problems == []


def test_named_query_from_the_url_runs(page, base_url: str) -> None:
    page.goto(f"{base_url}/query?name=region-municipalities&region=Pirkanmaa", wait_until="networkidle")
    page.wait_for_selector(".yasr table.results-table tbody tr", timeout=15000)
    assert page.locator(".results-table tbody tr").count() >= 20
    assert "Tampere" in page.inner_text(".results-table")
    assert_offline(page)
    assert page.problems == []


@pytest.fixture
def hostile_url(memory_store: Store) -> Iterator[str]:
    label = Literal('<img src=x onerror="document.title=1"><b onclick="alert(1)">bold</b>', lang="fi")
    triple = f"<https://w3id.org/sotegraph/id/organisation/x> {SKOS.prefLabel.n3()} {label.n3()} .\n"
    memory_store.load(triple.encode(), "nt", "https://w3id.org/sotegraph/graph/curated")
    with served(create_app({"TESTING": True, "STORE": memory_store})) as url:
        yield url


def test_labels_are_text_never_html(page, hostile_url: str) -> None:
    query = ("SELECT ?label ?a ?b ?c ?d WHERE { <https://w3id.org/sotegraph/id/organisation/x> "
             "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND('" + "wide " * 60 + "' AS ?a) "
             "BIND(?a AS ?b) BIND(?a AS ?c) BIND(?a AS ?d) }")
    page.goto(f"{hostile_url}/query?query={quote(query)}", wait_until="networkidle")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.results-table tbody tr", timeout=15000)
    assert "<img src=x" in page.inner_text(".results-table")
    assert page.locator(".results-table img, .results-table b").count() == 0
    scroll = page.eval_on_selector(".results-scroll", "e => [e.scrollWidth, e.clientWidth]")
    assert scroll[0] > scroll[1], "a wide table scrolls inside its box"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(ARTIFACTS / "sparql-page-hostile-wide.png"), full_page=True)
    assert page.problems == [] and page.dialogs == []


def test_an_error_message_is_text(page, base_url: str) -> None:
    query = 'SELECT * WHERE { ?s ?p "<img src=x onerror=alert(1)>" <b onclick=alert(2)>'
    page.goto(f"{base_url}/query?query={quote(query)}", wait_until="networkidle")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .errorResult", timeout=15000)
    assert page.locator(".yasr img, .yasr b[onclick]").count() == 0
    assert [problem for problem in page.problems if "400" not in problem] == [] and page.dialogs == []
    assert "not a valid SPARQL query" in page.inner_text(".yasr .errorResult")


def test_a_construct_shows_as_a_table_of_triples(page, base_url: str) -> None:
    query = "CONSTRUCT WHERE { ?r a <https://w3id.org/sotegraph/ontology#Region> }"
    page.goto(f"{base_url}/query?query={quote(query)}", wait_until="networkidle")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.results-table tbody tr", timeout=15000)
    assert page.locator(".results-table tbody tr").count() == 19
    assert page.locator(".results-table a.iri[href^='/id/region/']").count() == 19
    assert page.locator(".results-table a.iri[href='/ontology#Region']").count() == 19
    assert_offline(page)
    assert page.problems == []
