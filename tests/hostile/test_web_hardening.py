"""Guessing, flooding and cross-site tricks on the web app: login limits, the session cookie, logout's
token, the anonymous validation rate, links from stored data, SERVICE and path traversal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hostile_payloads import organisation

from sotegraph.stewarding.accounts import add_steward
from sotegraph.store import Store
from sotegraph_webviz import create_app
from sotegraph_webviz.login_limits import LoginLimiter

PASSWORD = "oikea-salasana"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def steward_app(memory_store: Store, tmp_path: Path) -> Flask:
    add_steward(tmp_path, "maija", PASSWORD)
    add_steward(tmp_path, "matti", PASSWORD)
    return create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)})


@pytest.fixture
def clock(steward_app: Flask) -> Clock:
    fake = Clock()
    for limiter in steward_app.extensions["login_limits"].values():
        limiter.clock = fake
    return fake


def _csrf(client: FlaskClient, path: str = "/steward/login") -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text).group(1)


def _login(client: FlaskClient, name: str, password: str, address: str = "192.0.2.1"):
    return client.post("/steward/login", data={"name": name, "password": password, "csrf_token": _csrf(client)},
                       environ_base={"REMOTE_ADDR": address})


def test_after_five_wrong_passwords_even_the_right_one_waits(steward_app: Flask, clock: Clock) -> None:
    client = steward_app.test_client()
    for _ in range(5):
        assert _login(client, "maija", "väärä").status_code == 401
    assert _login(client, "maija", "väärä").status_code == 401  # the sixth failure earns a 1 s lock
    refused = _login(client, "maija", PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "Liian monta epäonnistunutta kirjautumista" in refused.text
    clock.now += 1
    assert _login(client, "maija", "väärä").status_code == 401  # 7th: locked 2 s
    clock.now += 1.5
    assert _login(client, "maija", PASSWORD).status_code == 429
    clock.now += 0.5
    assert _login(client, "maija", PASSWORD).status_code == 302


def test_the_lock_is_per_account_and_per_client(steward_app: Flask, clock: Clock) -> None:
    client = steward_app.test_client()
    for number in range(6):
        _login(client, "maija", "väärä", address=f"198.51.100.{number}")  # one account, many clients
    assert _login(client, "maija", PASSWORD, address="203.0.113.9").status_code == 429
    assert _login(client, "matti", PASSWORD, address="203.0.113.9").status_code == 302
    other = steward_app.test_client()
    for number in range(6):
        _login(other, f"tunnus{number}", "väärä", address="203.0.113.50")  # one client, many accounts
    assert _login(other, "matti", PASSWORD, address="203.0.113.50").status_code == 429


def test_sixty_guesses_in_a_minute_are_mostly_refused() -> None:
    clock = Clock()
    limiter = LoginLimiter(free=5, backoff=1.0, max_lock=900.0, clock=clock)
    tried = 0
    for _ in range(60):
        if limiter.wait("maija", "192.0.2.1") == 0:
            tried += 1
            limiter.failed("maija", "192.0.2.1")
        clock.now += 0.7
    assert tried <= 11  # 5 free, then locks of 1, 2, 4, 8, 16 s: 49 of the 60 never reach the password


def test_the_session_cookie_is_samesite_lax_and_secure_over_https(memory_store: Store, tmp_path: Path) -> None:
    add_steward(tmp_path, "maija", PASSWORD)
    for scheme, secure in (("http", False), ("https", True)):
        app = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path),
                          "PREFERRED_URL_SCHEME": scheme})
        client = app.test_client()
        response = _login(client, "maija", PASSWORD)
        cookie = response.headers["Set-Cookie"]
        assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and ("Secure" in cookie) is secure


def test_logout_without_its_token_is_refused_and_changes_nothing(steward_app: Flask) -> None:
    client = steward_app.test_client()
    assert _login(client, "maija", PASSWORD).status_code == 302
    refused = client.post("/steward/logout")
    assert refused.status_code == 400 and "lomake" in refused.text.lower()
    assert "maija" in client.get("/steward/").text
    assert client.post("/steward/logout", data={"csrf_token": _csrf(client, "/steward/")}).status_code == 302
    assert "Kirjaudu ulos" not in client.get("/steward/").text


def test_anonymous_validation_is_rate_limited_per_client(steward_app: Flask, clock: Clock) -> None:
    client = steward_app.test_client()

    def validate(address: str):
        return client.post("/steward/validate.json", data={"pasted": organisation("x", "X ry").decode()},
                           environ_base={"REMOTE_ADDR": address})

    for _ in range(10):
        assert validate("192.0.2.7").status_code == 200
    refused = validate("192.0.2.7")
    assert refused.status_code == 429 and refused.json["status"] == 429 and refused.json["ok"] is False
    assert "60" in refused.json["error"] and int(refused.headers["Retry-After"]) == 60
    assert validate("192.0.2.8").status_code == 200
    clock.now += 60
    assert validate("192.0.2.7").status_code == 200


def test_a_logged_in_steward_is_not_rate_limited(steward_app: Flask, clock: Clock) -> None:
    client = steward_app.test_client()
    _login(client, "maija", PASSWORD)
    for _ in range(12):
        response = client.post("/steward/validate.json", data={"pasted": organisation("x", "X ry").decode()},
                               environ_base={"REMOTE_ADDR": "192.0.2.1"})
        assert response.status_code == 200


@pytest.mark.parametrize("iri, link", [
    ("javascript:alert(document.cookie)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", False),
    ("file:///etc/passwd", False),
    ("vbscript:msgbox", False),
    ("https://example.org/sivu", True),
    ("mailto:kirjaamo@example.org", True),
])
def test_only_http_and_mailto_iris_become_links(memory_store: Store, iri: str, link: bool) -> None:
    entity = "https://w3id.org/sotegraph/id/organisation/pikassos"
    memory_store.update(f"INSERT DATA {{ GRAPH <https://w3id.org/sotegraph/graph/curated> {{ "
                        f"<{entity}> <http://xmlns.com/foaf/0.1/homepage> <{iri}> }} }}")
    client = create_app({"TESTING": True, "STORE": memory_store}).test_client()
    page = client.get("/id/organisation/pikassos").text
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert not [href for href in hrefs if re.match(r"\s*(javascript|data|file|vbscript):", href, re.I)]
    escaped = iri.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert (escaped in hrefs) is link


def test_service_is_refused_without_a_connection(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and "SERVICE" in response.json["error"]


@pytest.mark.parametrize("path", ["/steward/templates/..%2F..%2Fpyproject.toml", "/steward/templates/../mapping.json",
                                  "/static/..%2F..%2F__init__.py", "/static/../steward.py",
                                  "/id/..%2F..%2Fetc%2Fpasswd"])
def test_path_traversal_finds_nothing(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text and "[project]" not in response.text


def test_an_uploaded_path_is_reduced_to_its_name(client: FlaskClient) -> None:
    response = client.post("/steward/validate.json",
                           data={"files": [(io.BytesIO(b"@prefix s: <http://x/> .\ns:a s:b"), "../../etc/x.ttl")]},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and response.json["error"].startswith("x.ttl:")


def test_validations_past_the_concurrent_cap_are_503(steward_app: Flask) -> None:
    limiter = steward_app.extensions["login_limits"]["validate"]
    client = steward_app.test_client()
    with limiter.running(), limiter.running():  # both slots (VALIDATE_CONCURRENT = 2) taken
        busy = client.post("/steward/validate.json", data={"pasted": organisation("x", "X ry").decode()})
        assert busy.status_code == 503 and busy.json["status"] == 503 and "Retry-After" in busy.headers
    assert client.post("/steward/validate.json",
                       data={"pasted": organisation("x", "X ry").decode()}).status_code == 200
