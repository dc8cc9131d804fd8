"""Every error of the web app has the documented shape (JSON on JSON routes, the error page elsewhere);
the session cookie and the secret key."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sotegraph.store import Store
from sotegraph.store.embedded import OxigraphStore
from sotegraph_webviz import create_app, home

MISSING = "no-such-thing"
TOO_LARGE = 4096


@dataclass(frozen=True)
class Case:
    """One request; `status` None means "whatever the route answers" (route walk: no value exists)."""

    method: str
    path: str
    status: int | None = None
    json: bool | None = None
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = None
    store: str = "empty"  # "empty", "closed" or "broken" (an unexpected exception in the home views)
    error_page: bool = False  # HTML answered by the site's error page (not a page showing the message itself)


def _is_json_route(path: str) -> bool:
    path = path.split("?")[0]
    return path.startswith("/api/") or path in ("/sparql", "/sparql/") or path.endswith(".json")


def _route_walk() -> list[Case]:
    """Every route of the app with each method, its path variables filled with a value that does not exist."""
    app = create_app({"TESTING": True, "STORE": OxigraphStore(None), "WTF_CSRF_ENABLED": False})
    cases = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        path = re.sub(r"<(?:[^:>]+:)?[^>]+>", MISSING, rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            cases.append(Case(method, path))
    return cases


ERROR_CASES = [
    Case("GET", "/api/nope", 404, json=True),
    Case("GET", f"/api/network/{MISSING}", 404, json=True),
    Case("GET", "/x.json", 404, json=True),
    Case("GET", "/nope", 404, json=False, error_page=True),
    Case("GET", "/nope", 404, json=True, headers={"Accept": "application/json"}),
    Case("GET", "/nope", 404, json=False, headers={"Accept": "text/html,application/json;q=0.9"}, error_page=True),
    Case("POST", "/stats.json", 405, json=True),
    Case("POST", "/ontology", 405, json=False, error_page=True),
    Case("PUT", "/sparql", 405, json=True),
    Case("POST", "/steward/validate.json", 413, json=True, data={"pasted": "x" * TOO_LARGE}),
    Case("POST", "/steward/validate", 413, json=False, data={"pasted": "x" * TOO_LARGE}),
    Case("POST", "/steward/login", 413, json=False, data={"name": "x" * TOO_LARGE}, error_page=True),
    Case("GET", "/api/network/path", 400, json=True),
    Case("GET", "/explore?year=abc", 400, json=False),
    Case("GET", "/explore/data.json?year=abc", 400, json=True),
    Case("GET", "/sparql?query=SELEC", 400, json=True),
    Case("GET", "/stats.json", 503, json=True, store="closed"),
    Case("GET", "/", 503, json=False, store="closed", error_page=True),
    Case("GET", "/explore", 503, json=False, store="closed", error_page=True),
    Case("GET", "/explore/data.json", 503, json=True, store="closed"),
    Case("GET", "/api/network", 503, json=True, store="closed"),
    Case("GET", "/sparql?query=ASK%7B%7D", 503, json=True, store="closed"),
    Case("GET", "/id/municipality/837", 503, json=False, store="closed", error_page=True),
    Case("GET", "/stats.json", 500, json=True, store="broken"),
    Case("GET", "/", 500, json=False, store="broken", error_page=True),
]


@pytest.mark.parametrize("case", _route_walk() + ERROR_CASES,
                         ids=lambda case: f"{case.method} {case.path} {case.store}")
def test_errors_have_the_documented_shape(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = OxigraphStore(None)
    if case.store == "closed":
        store.close()
    if case.store == "broken":
        def broken(_store: object) -> dict:
            raise RuntimeError("internal detail /etc/secret")
        monkeypatch.setattr(home, "store_figures", broken)
    app: Flask = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "STORE": store,
                             "STEWARD_DIR": str(tmp_path), "WTF_CSRF_ENABLED": False,
                             "MAX_CONTENT_LENGTH": 1024})
    content = {"data": case.data, "content_type": "multipart/form-data"} if case.data else {}
    response = app.test_client().open(case.path, method=case.method, headers=case.headers, **content)

    if case.status is not None:
        assert response.status_code == case.status
    assert response.status_code < 500 or case.status is not None, response.text[:300]
    if response.status_code < 400:
        return
    as_json = case.json if case.json is not None else _is_json_route(case.path)
    if as_json:
        body = response.get_json()
        assert response.mimetype == "application/json" and isinstance(body, dict)
        assert set(body) == {"ok", "error", "status"}
        assert body["ok"] is False and body["status"] == response.status_code
        assert isinstance(body["error"], str) and body["error"]
        message = body["error"]
    else:  # a page: the error page, or a page showing the message itself (entity 404, login 401, upload 413)
        assert response.mimetype == "text/html" and response.text.lstrip().startswith("<!doctype html>")
        if case.error_page:
            assert f"<h1>{response.status_code} " in response.text
        message = response.text
    if response.status_code == 405:
        assert response.headers["Allow"]
    if response.status_code == 500:
        assert "secret" not in message and "RuntimeError" not in message


def test_a_large_upload_shows_the_upload_form_again(memory_store: OxigraphStore, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path),
                      "MAX_CONTENT_LENGTH": 1024})
    response = app.test_client().post("/steward/validate?lang=en", data={"files": [(io.BytesIO(b"x" * TOO_LARGE),
                                                                                     "big.ttl")]},
                                      content_type="multipart/form-data")
    assert response.status_code == 413
    assert "The upload is too large" in response.text and 'name="pasted"' in response.text


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_session_cookie_is_httponly_lax_and_secure_on_https(memory_store: Store, tmp_path: Path, scheme: str) -> None:
    app = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path),
                      "PREFERRED_URL_SCHEME": scheme})
    cookie = app.test_client().get("/steward/login").headers["Set-Cookie"]  # the CSRF token is in the session
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) == (scheme == "https")


def test_the_secret_key_is_kept_with_the_store(memory_store: Store, tmp_path: Path) -> None:
    first = create_app({"STORE": memory_store, "STEWARD_DIR": str(tmp_path)}).config["SECRET_KEY"]
    assert create_app({"STORE": memory_store, "STEWARD_DIR": str(tmp_path)}).config["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").read_text().strip() == first
    in_memory = [create_app({"STORE": memory_store}).config["SECRET_KEY"] for _ in range(2)]
    assert len(set(in_memory)) == 2 and first not in in_memory
