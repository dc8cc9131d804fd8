"""The document review flow: upload a Finnish document, review the proposed facts, preview, merge."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sotegraph.stewarding.accounts import add_steward
from sotegraph.store import Store
from sotegraph_webviz import create_app

PASSWORD = "oikea-salasana"
ID = "https://w3id.org/sotegraph/id/"
PAGE = """<!doctype html><html><head><title>Uusi osaamiskeskus</title></head><body>
<nav class="menu"><a href="/">Etusivu</a> Pikassos Kela Verso</nav>
<div class="cookie-banner">Käytämme evästeitä. Hyväksy kaikki.</div>
<main><h1>Sosiaalialan osaamiskeskus Majakka toimii Pirkanmaalla</h1>
<p>Osaamiskeskus Majakan hallinnoima Uusi työote -hanke käynnistyi syksyllä 2021. Hankkeessa ovat mukana
Tampere, Nokia ja Kela. Hanketta rahoittaa Sosiaali- ja terveysministeriö 215 000 eurolla vuosina 2021–2023.</p>
<p>Hankkeen projektipäällikkö Maija Meikäläinen kertoo, että Pikassoksen kanssa tehdään tiivistä yhteistyötä.</p></main>
<aside class="related">Samankaltaiset sivut: Verson hankkeet</aside>
</body></html>"""


@pytest.fixture
def web(memory_store: Store, tmp_path: Path) -> FlaskClient:
    add_steward(tmp_path, "maija", PASSWORD)
    app: Flask = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)})
    return app.test_client()


def _csrf(response) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.text).group(1)


def _upload(web: FlaskClient, name: str, data: bytes):
    return web.post("/steward/drafts/", data={"document": (io.BytesIO(data), name),
                                              "csrf_token": _csrf(web.get("/steward/drafts/"))},
                    content_type="multipart/form-data")


def test_upload_review_preview_and_merge(web: FlaskClient, memory_store: Store) -> None:
    web.post("/steward/login", data={"name": "maija", "password": PASSWORD,
                                     "csrf_token": _csrf(web.get("/steward/login"))})
    uploaded = _upload(web, "majakka.html", PAGE.encode())
    assert uploaded.status_code == 303
    review = web.get(uploaded.location)
    assert review.status_code == 200
    assert '<mark id="m' in review.text and "Pirkanmaalla" in review.text
    assert "evästeitä" not in review.text and "Samankaltaiset" not in review.text
    draft = web.get(uploaded.location + ".json").json
    iris = {m["iri"] for m in draft["mentions"] if m["known"]}
    assert {f"{ID}region/06", f"{ID}municipality/837", f"{ID}organisation/kela", f"{ID}organisation/pikassos"} <= iris
    assert {f"{ID}organisation/majakka", f"{ID}project/uusi-tyoote-hanke"} <= {e["iri"] for e in draft["entities"]}
    links = {(link["actor"], link["target"], link["role"]) for link in draft["links"]}
    assert (f"{ID}organisation/majakka", f"{ID}project/uusi-tyoote-hanke", f"{ID}role/administrator") in links
    assert (f"{ID}organisation/kela", f"{ID}project/uusi-tyoote-hanke", f"{ID}role/partner") in links
    text = draft["document"]["text"]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in draft["mentions"])
    assert draft["links"] and all(link["quote"] in text for link in draft["links"])
    decisions = {"csrf_token": _csrf(review)}
    decisions["links-0-role"] = "https://w3id.org/sotegraph/id/role/partner"
    before = memory_store.graph_counts()
    preview = web.post(uploaded.location, data=decisions)
    assert preview.status_code == 200 and 'id="draft-network"' in preview.text
    assert memory_store.graph_counts() == before
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    merged = web.post("/steward/merge", data={"token": token, "csrf_token": _csrf(preview)})
    assert merged.status_code == 302
    [record] = web.get("/steward/submissions.json").json["submissions"]
    assert record["files"][0][0] == "majakka-draft.ttl"


def test_a_rejected_link_is_left_out(web: FlaskClient) -> None:
    uploaded = _upload(web, "majakka.html", PAGE.encode())
    draft = web.get(uploaded.location + ".json").json
    review = web.get(uploaded.location)
    rejected = {f"links-{n}-decision": "reject" for n in range(len(draft["links"]))}
    preview = web.post(uploaded.location, data={"csrf_token": _csrf(review), **rejected})
    assert preview.status_code == 200 and "0 yhteyttä lisätään" in preview.text


@pytest.mark.parametrize("name, data, status", [
    ("tyhja.txt", b"", 400),
    ("kuva.bin", bytes(range(256)) * 40, 400),
    ("english.txt", b"The quick brown fox jumps over the lazy dog and the cat is on the mat with the hat.", 400),
    ("skannattu.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", 400),
])
def test_bad_documents_get_400_and_nothing_is_kept(web: FlaskClient, memory_store: Store, name: str, data: bytes,
                                                   status: int) -> None:
    before = memory_store.graph_counts()
    response = _upload(web, name, data)
    assert response.status_code == status
    assert memory_store.graph_counts() == before


def test_a_document_over_the_limit_gets_413(memory_store: Store, tmp_path: Path) -> None:
    small = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path),
                        "MAX_CONTENT_LENGTH": 1024}).test_client()
    response = small.post("/steward/drafts/", data={"document": (io.BytesIO(b"ja " * 4096), "iso.txt")},
                          content_type="multipart/form-data")
    assert response.status_code == 413
