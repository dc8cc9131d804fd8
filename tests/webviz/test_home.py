"""The home page and /stats.json show the graph's figures and the entry points."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from sotegraph.store import ONTOLOGY_GRAPH


def test_home_shows_figures_and_entry_points(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path in ("/explore", "/sparql", "/steward", "/ontology"):
        assert f'href="{path}"' in html
    assert ONTOLOGY_GRAPH in html and "sote:Municipality" in html


def test_pages_load_nothing_from_other_hosts_and_have_no_inline_script(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_stats_json_matches_the_page(client: FlaskClient) -> None:
    figures = client.get("/stats.json").get_json()
    assert figures["ok"] is True
    assert figures["triples"] == sum(row["triples"] for row in figures["graphs"])
    assert any(row["name"] == "sote:Municipality" and row["instances"] > 300 for row in figures["classes"])
