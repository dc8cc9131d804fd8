"""Entity pages: HTML with facts and sources, Turtle / JSON-LD / JSON by suffix or Accept, 404s."""

from __future__ import annotations

import json
import warnings

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from explore_fixtures import HOSTILE_LABEL, PIKASSOS, add_collaboration
from sotegraph.store import Store
from sotegraph_webviz import create_app

PATH = "/id/organisation/testikeskus"


@pytest.fixture
def client(memory_store: Store) -> FlaskClient:
    return create_app({"TESTING": True, "STORE": add_collaboration(memory_store)}).test_client()


@pytest.fixture
def app_client(app: Flask) -> FlaskClient:
    """A client over the bundled content only (the curated graph)."""
    return app.test_client()


def test_html_lists_facts_relations_and_sources(client: FlaskClient) -> None:
    response = client.get(PATH + "?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    for text in ("Testikeskus Oy", "Testimaan sosiaalialan osaamiskeskus", "Testihanke A", "Testifoorumi",
                 "Testi Henkilö", "Testiasiakirja", "/id/document/test_doc", "Testikeskuksen hallinnoima"):
        assert text in html
    assert f'href="{PATH}.ttl"' in html and "/explore?ego=id/organisation/testikeskus" in html
    assert "Vary" in response.headers and "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("path, headers, fmt", [
    (PATH + ".ttl", {}, "turtle"), (PATH, {"Accept": "text/turtle"}, "turtle"),
    (PATH + ".jsonld", {}, "json-ld"), (PATH, {"Accept": "application/ld+json"}, "json-ld"),
])
def test_rdf_by_suffix_or_accept(client: FlaskClient, path: str, headers: dict, fmt: str) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == ("text/turtle" if fmt == "turtle" else "application/ld+json")
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
    assert (URIRef(PIKASSOS), SKOS.prefLabel, None) in graph
    participations = set(graph.subjects(URIRef("https://w3id.org/sotegraph/ontology#participant"), URIRef(PIKASSOS)))
    assert len(participations) == 2  # the qualified relations come along, with their sources


@pytest.mark.parametrize("path, headers", [(PATH + ".json", {}), (PATH, {"Accept": "application/json"})])
def test_page_data_as_json(client: FlaskClient, path: str, headers: dict) -> None:
    body = client.get(path, headers=headers).get_json()
    assert body["ok"] is True and body["label"] == "Testikeskus Oy"
    assert {source["text"] for source in body["sources"]} >= {"Testiasiakirja"}
    assert {item["label"] for item in body["summary"]["projects"]} == {"Testihanke A", "Testihanke B"}


@pytest.mark.parametrize("suffix, mimetype", [("", "text/html"), (".json", "application/json"),
                                             (".jsonld", "application/json"), (".ttl", "text/plain")])
def test_unknown_entity_is_404_in_the_asked_format(client: FlaskClient, suffix: str, mimetype: str) -> None:
    response = client.get(f"/id/organisation/no-such-thing{suffix}")
    assert response.status_code == 404 and response.mimetype == mimetype
    if mimetype == "application/json":
        missing = "https://w3id.org/sotegraph/id/organisation/no-such-thing"
        assert response.get_json() == {"ok": False, "status": 404, "error": f"no entity <{missing}> in the graph"}


def test_hostile_label_is_escaped(client: FlaskClient) -> None:
    html = client.get("/id/organisation/hostile").get_data(as_text=True)
    assert HOSTILE_LABEL not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert json.loads(client.get("/id/organisation/hostile.json").get_data(as_text=True))["label"] == HOSTILE_LABEL


def test_reference_entities_have_pages(client: FlaskClient) -> None:
    html = client.get("/id/municipality/109").get_data(as_text=True)
    assert "Hämeenlinna" in html and "/id/classification/" in html


@pytest.mark.parametrize("lang, names", [
    ("fi", ["nimi", "muu nimi", "lähdeasiakirja", "toiminta-alue", "lainaus"]),
    ("en", ["name", "other name", "source document", "operates in", "quote"]),
])
def test_properties_are_named_in_the_interface_language(app_client: FlaskClient, lang: str, names: list[str]) -> None:
    html = app_client.get(f"/id/organisation/pikassos?lang={lang}").get_data(as_text=True)
    for name in names:
        assert f">{name}</a></th>" in html
    for raw in ("prefLabel", "altLabel", "wasDerivedFrom"):
        assert f">{raw}<" not in html and f"{raw}:" not in html


@pytest.mark.parametrize("lang, label", [("fi", "Kanta-Hämeen sosiaalijohdon foorumi"),
                                         ("en", "Kanta-Häme social services management forum")])
def test_related_entities_are_headed_by_their_label(app_client: FlaskClient, lang: str, label: str) -> None:
    html = app_client.get(f"/id/organisation/pikassos?lang={lang}").get_data(as_text=True)
    assert f'<a href="/id/group/kanta-hameen-sosiaalijohdon-foorumi">{label}</a>' in html
    assert ">kanta-hameen-sosiaalijohdon-foorumi--organisation-pikassos--coordinator<" not in html


def test_sources_show_title_and_identifier(app_client: FlaskClient) -> None:
    html = app_client.get("/id/organisation/pikassos?lang=en").get_data(as_text=True)
    sources = html.split("Source documents", 1)[1]
    assert "Pikassoksen toimintaa Kanta-Hämeessä vuonna 2021" in sources
    assert "<code>000_44814395cc703dc1.txt</code>" in sources


def test_reference_relations_are_named_without_iri_fragments(app_client: FlaskClient) -> None:
    html = app_client.get("/id/municipality/837?lang=fi").get_data(as_text=True)
    assert ">aluejako</a>" in html and ">837</a>" not in html and ">nimi</a></th>" in html
