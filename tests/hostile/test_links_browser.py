"""In a real browser, an entity page whose stored IRIs carry `javascript:` and `data:` runs nothing:
those IRIs are text, the http(s) and mailto ones links, and the page reports no problem."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS, chromium_page, outside_requests, served
from sotegraph.store import Store
from sotegraph_webviz import create_app

ENTITY = "https://w3id.org/sotegraph/id/organisation/pikassos"
HOMEPAGES = ["javascript:alert(document.domain)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
             "https://example.org/pikassos", "mailto:kirjaamo@example.org"]


@pytest.mark.browser
def test_hostile_iris_on_an_entity_page_are_inert_text(memory_store: Store) -> None:
    objects = " ".join(f"<{iri}>" for iri in HOMEPAGES).replace("> <", ">, <")
    memory_store.update(f"INSERT DATA {{ GRAPH <https://w3id.org/sotegraph/graph/curated> {{ "
                        f"<{ENTITY}> <http://xmlns.com/foaf/0.1/homepage> {objects} }} }}")
    with served(create_app({"TESTING": True, "STORE": memory_store})) as base_url, \
            chromium_page(locale="en-GB", viewport={"width": 1200, "height": 900}) as page:
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(base_url)
                   else route.continue_())
        page.goto(f"{base_url}/id/organisation/pikassos?lang=en")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
        assert not [href for href in hrefs if href.startswith(("javascript:", "data:"))]
        assert "https://example.org/pikassos" in hrefs and "mailto:kirjaamo@example.org" in hrefs
        for text in ("alert(document.domain)", "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="):
            shown = page.get_by_text(text, exact=False).first
            shown.click()
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / "hostile-entity-links.png"), full_page=True)
        assert not page.dialogs and not page.problems, (page.dialogs, page.problems)
        assert page.url.startswith(f"{base_url}/id/organisation/pikassos")
        assert outside_requests(page) == []
