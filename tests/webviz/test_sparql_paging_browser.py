"""Paging a named query on the query page, in headless Chromium, over the bundled graph.

A named SELECT run from the page is fetched a page at a time from /api/query/NAME (limit/offset,
the total in X-Total-Count); Previous/Next buttons move between pages and the page is kept in the
URL (``offset=``; ``limit=`` picks a smaller page size). A query run from the editor is not paged.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from browser_support import ARTIFACTS, chromium_page, outside_requests, served
from sotegraph.store import Store
from sotegraph_webviz import create_app

pytestmark = pytest.mark.browser

NAMED = "/query?name=region-municipalities&region=Pirkanmaa"


@pytest.fixture
def app(memory_store: Store) -> Flask:
    return create_app({"TESTING": True, "STORE": memory_store})


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture
def page(base_url: str):
    with chromium_page(locale="fi-FI", viewport={"width": 1400, "height": 1000}) as page:
        yield page


@pytest.fixture
def total(app: Flask) -> int:
    """How many rows the named query has in all (as the API counts them)."""
    response = app.test_client().get("/api/query/region-municipalities?region=Pirkanmaa&limit=1")
    count = int(response.headers["X-Total-Count"])
    assert count > 20, "the test pages 10 rows at a time through more than two pages"
    return count


def rows(page) -> list[list[str]]:
    """The shown rows: [row number, municipality label]."""
    return page.eval_on_selector_all(
        ".results-table tbody tr",
        "trs => trs.map(tr => [tr.cells[0].textContent, tr.cells[2].textContent])")


def wait_for_status(page, text: str) -> None:
    page.wait_for_function("text => document.querySelector('#results-pager .pager-status').textContent === text",
                           arg=text, timeout=15000)


def test_next_and_previous_page_through_a_named_query(page, base_url: str, total: int) -> None:
    page.goto(f"{base_url}{NAMED}&limit=10", wait_until="networkidle")
    wait_for_status(page, f"Rivit 1–10 / {total}")
    first = rows(page)
    assert [number for number, _ in first] == [str(n) for n in range(1, 11)]
    assert page.is_disabled(".pager-previous") and page.is_enabled(".pager-next")
    assert "offset=" not in page.url and "limit=10" in page.url

    page.click(".pager-next")
    wait_for_status(page, f"Rivit 11–20 / {total}")
    second = rows(page)
    assert [number for number, _ in second] == [str(n) for n in range(11, 21)]
    assert not {label for _, label in first} & {label for _, label in second}, "Next shows other rows"
    assert "offset=10" in page.url and "limit=10" in page.url and "region=Pirkanmaa" in page.url
    page.screenshot(path=str(ARTIFACTS / "sparql-page-paging.png"), full_page=False)

    seen = first + second
    offset = 20
    while offset < total:
        page.click(".pager-next")
        last = min(offset + 10, total)
        wait_for_status(page, f"Rivit {offset + 1}–{last} / {total}")
        seen += rows(page)
        offset += 10
    assert page.is_disabled(".pager-next") and page.is_enabled(".pager-previous")
    assert page.evaluate("() => document.activeElement.className") == "pager-previous", \
        "focus moves to Previous when Next is disabled on the last page"
    assert len(seen) == total and len({label for _, label in seen}) == total, "every row once"
    assert "Tampere" in {label.split("@")[0] for _, label in seen}

    offset -= 10  # the last page's offset
    while offset > 0:
        offset -= 10
        page.click(".pager-previous")
        wait_for_status(page, f"Rivit {offset + 1}–{offset + 10} / {total}")
        if offset == 10:
            assert rows(page) == second
    assert rows(page) == first, "Previous comes back to the same rows"
    assert "offset=" not in page.url
    assert outside_requests(page) == []
    assert page.problems == []


def test_the_page_in_the_url_opens_there_and_the_keyboard_pages(page, base_url: str, total: int) -> None:
    page.goto(f"{base_url}{NAMED}&limit=10&offset=10&lang=en", wait_until="networkidle")
    wait_for_status(page, f"Rows 11–20 of {total}")
    assert rows(page)[0][0] == "11"
    assert page.inner_text(".pager-previous") == "Previous" and page.inner_text(".pager-next") == "Next"
    assert page.get_attribute("#results-pager", "aria-label") == "Result pages"
    page.focus(".pager-previous")
    page.keyboard.press("Enter")
    wait_for_status(page, f"Rows 1–10 of {total}")
    assert "lang=en" in page.url and "offset=" not in page.url
    assert page.evaluate("() => document.activeElement.className") == "pager-next", \
        "focus moves to Next when Previous is disabled on the first page"
    page.keyboard.press("Space")
    wait_for_status(page, f"Rows 11–20 of {total}")
    assert page.problems == []


def test_an_example_pages_by_a_hundred_and_the_editor_does_not_page(page, base_url: str, total: int) -> None:
    page.goto(f"{base_url}/query", wait_until="networkidle")
    page.click("button.example[data-name='project-participants']")
    page.wait_for_selector(".results-table tbody tr", timeout=15000)
    wait_for_status(page, "Rivit 1–28 / 28")
    assert page.is_disabled(".pager-previous") and page.is_disabled(".pager-next")
    assert any("/api/query/project-participants?" in url and "limit=100" in url for url in page.requests)

    page.goto(f"{base_url}{NAMED}&limit=10", wait_until="networkidle")
    wait_for_status(page, f"Rivit 1–10 / {total}")
    page.click(".yasqe_queryButton")  # the editor's query, run as it is: the whole answer, no pager
    page.wait_for_function("() => document.querySelectorAll('.results-table tbody tr').length > 10", timeout=15000)
    assert page.is_hidden("#results-pager")
    assert page.locator(".results-table tbody tr").count() == total
    assert page.problems == []
