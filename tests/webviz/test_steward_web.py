"""The stewards' pages: validate for anyone, merge and retract behind a login with CSRF, 413, downloads."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_paths import REPO_ROOT, TEST_DATA
from sotegraph.stewarding.accounts import add_steward
from sotegraph.store import Store
from sotegraph_webviz import create_app

DATA = TEST_DATA / "steward"
TEMPLATES = REPO_ROOT / "data" / "templates"
PASSWORD = "oikea-salasana"


@pytest.fixture
def steward_app(memory_store: Store, tmp_path: Path) -> Flask:
    add_steward(tmp_path, "maija", PASSWORD)
    return create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)})


@pytest.fixture
def web(steward_app: Flask) -> FlaskClient:
    return steward_app.test_client()


def _csrf(response) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.text).group(1)


def _csvs() -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(TEMPLATES.glob("*.csv"))]


def _login(web: FlaskClient, password: str = PASSWORD):
    return web.post("/steward/login", data={"name": "maija", "password": password,
                                            "csrf_token": _csrf(web.get("/steward/login"))})


def _validate(web: FlaskClient, files) -> object:
    return web.post("/steward/validate", data={"files": files, "csrf_token": _csrf(web.get("/steward/"))},
                    content_type="multipart/form-data", follow_redirects=True)


def test_anyone_may_validate_and_sees_the_report(web: FlaskClient) -> None:
    response = _validate(web, [(io.BytesIO((DATA / "bad.ttl").read_bytes()), "bad.ttl")])
    assert response.status_code == 200
    assert "Ei kelpaa" in response.text and "Osallistujan (sote:participant)" in response.text
    assert 'name="token"' not in response.text


def test_validate_json_with_pasted_turtle(web: FlaskClient) -> None:
    response = web.post("/steward/validate.json?lang=en", data={"pasted": (DATA / "bad.ttl").read_text(),
                                                              "pasted_format": "ttl"})
    assert response.status_code == 200
    assert response.json["conforms"] is False and response.json["sources"] == ["pasted.ttl"]


def test_a_conforming_upload_can_be_merged_by_a_steward_only(web: FlaskClient) -> None:
    anonymous = _validate(web, _csvs())
    assert "Kelpaa" in anonymous.text and 'name="token"' not in anonymous.text
    assert web.post("/steward/merge", data={"token": "x"}).status_code == 403
    assert _login(web).status_code == 302
    report = _validate(web, _csvs())
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', report.text).group(1)
    merged = web.post("/steward/merge", data={"token": token, "note": "verkosta", "csrf_token": _csrf(report)})
    assert merged.status_code == 302 and merged.location.endswith("/steward/submissions")
    listing = web.get("/steward/submissions")
    assert "Yhdistetty toimituksena" in listing.text and "verkosta" in listing.text
    [record] = web.get("/steward/submissions.json").json["submissions"]
    assert record["by"] == "maija"
    again = web.post("/steward/merge", data={"token": token, "csrf_token": _csrf(listing)})
    assert again.status_code == 400  # the token was used up


def test_retract_needs_a_login_and_a_csrf_token(web: FlaskClient) -> None:
    _login(web)
    report = _validate(web, _csvs())
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', report.text).group(1)
    web.post("/steward/merge", data={"token": token, "csrf_token": _csrf(report)})
    [record] = web.get("/steward/submissions.json").json["submissions"]
    url = f"/steward/submissions/{record['id']}/retract"
    assert web.post(url).status_code == 400
    unconfirmed = web.post(url, data={"csrf_token": _csrf(web.get("/steward/submissions"))})
    assert unconfirmed.status_code == 302 and unconfirmed.location.endswith(url)
    assert len(web.get("/steward/submissions.json").json["submissions"]) == 1
    confirmation = web.get(url)
    assert confirmation.status_code == 200 and record["id"] in confirmation.text
    assert "alkuperätietoa" in confirmation.text
    confirmed = web.post(url, data={"csrf_token": _csrf(confirmation), "confirm": record["id"]})
    assert confirmed.status_code == 302
    assert web.get("/steward/submissions.json").json["submissions"] == []
    web.post("/steward/logout", data={"csrf_token": _csrf(web.get("/steward/"))})
    assert web.post(url).status_code == 403


def test_wrong_password_is_refused(web: FlaskClient) -> None:
    response = _login(web, "väärä")
    assert response.status_code == 401 and "Väärä nimi tai salasana" in response.text


def test_forms_without_a_csrf_token_are_refused(web: FlaskClient) -> None:
    response = web.post("/steward/login", data={"name": "maija", "password": PASSWORD})
    assert response.status_code == 401
    assert web.post("/steward/validate", data={"pasted": "<a> <b> <c> ."}).status_code == 400


def test_uploads_beyond_the_limit_get_413(memory_store: Store, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path),
                      "MAX_CONTENT_LENGTH": 1024})
    response = app.test_client().post("/steward/validate.json", data={"pasted": "x" * 4096})
    assert response.status_code == 413
    assert response.json == {"ok": False, "error": response.json["error"], "status": 413}


def test_json_errors_have_one_shape(web: FlaskClient) -> None:
    response = web.post("/steward/validate.json", data={"pasted": "<a> <b> .", "pasted_format": "ttl"})
    assert response.status_code == 400
    assert response.json["ok"] is False and response.json["status"] == 400 and "pasted.ttl:1:" in response.json["error"]


def test_a_file_name_with_path_parts_is_ignored(web: FlaskClient) -> None:
    response = web.post("/steward/validate.json", data={"files": [(io.BytesIO((DATA / "good.ttl").read_bytes()),
                                                                  "../../etc/good.ttl")]},
                        content_type="multipart/form-data")
    assert response.json["sources"] == ["good.ttl"]


@pytest.mark.parametrize("name", ["sotegraph-template.xlsx", "participations.csv", "mapping.json"])
def test_templates_can_be_downloaded(web: FlaskClient, name: str) -> None:
    response = web.get(f"/steward/templates/{name}")
    assert response.status_code == 200 and response.data == (TEMPLATES / name).read_bytes()


def test_only_template_files_are_served(web: FlaskClient) -> None:
    assert web.get("/steward/templates/..%2F..%2Fcurated%2Fdocuments.ttl").status_code == 404
    assert web.get("/steward/templates/README.md").status_code == 404


def test_without_accounts_login_explains(app: Flask) -> None:
    response = app.test_client().get("/steward/login")
    assert "ylläpitäjiä" in response.text


@pytest.mark.parametrize("lang, words, other", [
    ("fi", ["Raportti", "Vakavuus", "Ominaisuus", ">Virhe<", ">Varoitus<", "Tarkista"], ">Violation<"),
    ("en", ["Report", "Severity", "Property", ">Violation<", ">Warning<", "Validate"], ">Virhe<"),
])
def test_report_page_follows_the_interface_language(web: FlaskClient, lang: str, words: list[str], other: str) -> None:
    response = web.post(f"/steward/validate?lang={lang}", data={
        "pasted": (DATA / "bad.ttl").read_text(), "pasted_format": "ttl", "csrf_token": _csrf(web.get("/steward/"))},
        follow_redirects=True)
    assert response.status_code == 200 and f'<html lang="{lang}">' in response.text
    for word in words:
        assert word in response.text
    assert other not in response.text
    assert ">Solu<" not in response.text and ">Cell<" not in response.text  # pasted text has no cells
    assert 'href="/id/organisation/pikassos"' in response.text  # the likely duplicate, on this site


def test_the_report_page_switches_language_without_losing_the_report(web: FlaskClient) -> None:
    posted = web.post("/steward/validate?lang=en", data={
        "pasted": (DATA / "bad.ttl").read_text(), "pasted_format": "ttl", "csrf_token": _csrf(web.get("/steward/"))})
    assert posted.status_code == 303 and "/steward/report/" in posted.location
    switched = web.get(posted.location.split("?")[0] + "?lang=fi")
    assert switched.status_code == 200 and '<html lang="fi">' in switched.text and ">Virhe<" in switched.text


def test_a_pending_upload_survives_a_restart(memory_store: Store, tmp_path: Path) -> None:
    add_steward(tmp_path, "maija", PASSWORD)
    config = {"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)}
    first = create_app(config).test_client()
    _login(first)
    report = _validate(first, _csvs())
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', report.text).group(1)
    second = create_app(config).test_client()
    _login(second)
    merged = second.post("/steward/merge", data={"token": token, "csrf_token": _csrf(second.get("/steward/"))})
    assert merged.status_code == 302
    assert len(second.get("/steward/submissions.json").json["submissions"]) == 1


def test_the_same_file_again_needs_a_confirmation(web: FlaskClient) -> None:
    _login(web)
    for attempt, expected in enumerate((302, 409, 302)):
        report = _validate(web, _csvs())
        token = re.search(r'name="token" type="hidden" value="([^"]+)"', report.text).group(1)
        data = {"token": token, "csrf_token": _csrf(report)}
        assert ("jo yhdistetty" in report.text) == (attempt > 0)
        if attempt == 2:
            data["again"] = "y"
        response = web.post("/steward/merge", data=data)
        assert response.status_code == expected
    assert len(web.get("/steward/submissions.json").json["submissions"]) == 2
