"""Security headers on every response; CSP allows only our own scripts and vis-network's own styles."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from flask.testing import FlaskClient

from repo_paths import REPO_ROOT
from sotegraph_webviz.security import injected_styles, vis_network_style_hashes

STATIC = REPO_ROOT / "webviz" / "sotegraph_webviz" / "static"
VIS = STATIC / "vendor" / "vis-network" / "vis-network.min.js"


@pytest.mark.parametrize("path", ["/", "/explore", "/explore/data.json", "/explore/data.json?size=nope",
                                  "/id/municipality/109", "/id/municipality/109.ttl", "/id/nothing/here",
                                  "/ontology", "/ontology.json", "/static/explore.js"])
def test_headers_on_every_response(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        csp = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_style_hashes_match_what_vis_network_injects() -> None:
    script = VIS.read_text(encoding="utf-8")
    styles = injected_styles(script)
    assert len(styles) >= 1 and all(".vis" in css for css in styles)
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
                for css in ["", *styles]}  # the empty block is attached first, then filled
    assert set(vis_network_style_hashes()) == expected


def test_injected_styles_of_a_bundle_without_injections() -> None:
    assert injected_styles("var a = 1;") == []


def test_templates_have_no_inline_script_or_style() -> None:
    templates = REPO_ROOT / "webviz" / "sotegraph_webviz" / "templates"
    for name in ("explore.html", "entity.html", "ontology.html"):
        text = (templates / name).read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))", text), name
        assert " style=" not in text and "<style" not in text and " on" + "click=" not in text, name
