"""The draft review flow in Chromium: highlighted text, the before/after networks drawn, nothing leaves loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_drafts_web import PAGE, PASSWORD

from browser_support import ARTIFACTS, chromium_page, outside_requests, served
from sotegraph.stewarding.accounts import add_steward
from sotegraph.store import Store
from sotegraph_webviz import create_app

pytestmark = pytest.mark.browser


def test_review_and_preview_in_the_browser(memory_store: Store, tmp_path: Path) -> None:
    add_steward(tmp_path, "maija", PASSWORD)
    document = tmp_path / "majakka.html"
    document.write_text(PAGE, encoding="utf-8")
    app = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)})
    with served(app) as base, chromium_page(locale="fi-FI", viewport={"width": 1280, "height": 1000}) as page:
        page.goto(f"{base}/steward/login")
        page.fill("#name", "maija")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/steward/drafts/")
        page.set_input_files("#document", str(document))
        page.click("form.form-panel button[type=submit]")
        page.wait_for_selector("mark.known")
        assert page.locator("mark.new").count() >= 2
        page.screenshot(path=str(ARTIFACTS / "draft-review.png"), full_page=True)
        page.click("form.review button[type=submit]")
        page.wait_for_selector("#network-after canvas")
        page.wait_for_timeout(1500)
        assert page.locator("#network-before canvas").count() == 1
        page.screenshot(path=str(ARTIFACTS / "draft-preview.png"), full_page=True)
        page.click("form.merge button[type=submit]")
        page.wait_for_url("**/steward/submissions")
        assert "majakka-draft.ttl" in page.content()
        assert outside_requests(page) == [] and page.problems == []
