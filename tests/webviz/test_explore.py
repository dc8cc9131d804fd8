"""The explore page and its JSON: every route, every filter, bad parameters, fi/en."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from explore_fixtures import HAMEENLINNA, HOSTILE, PIKASSOS, TAMPERE, add_collaboration, drawn
from repo_paths import REPO_ROOT
from sotegraph.network import measures
from sotegraph.network import payload as view_payload
from sotegraph.store import Store
from sotegraph_webviz import create_app


@pytest.fixture
def client(memory_store: Store) -> FlaskClient:
    app: Flask = create_app({"TESTING": True, "STORE": add_collaboration(memory_store)})
    return app.test_client()


def node_ids(client: FlaskClient, query: str) -> set[str]:
    response = client.get(f"/explore/data.json?{query}")
    assert response.status_code == 200, response.get_json()
    payload = response.get_json()
    assert payload["ok"] is True and payload["counts"]["nodes"] == len(payload["nodes"])
    return set(drawn(payload)[0])


def test_page_serves_controls_and_local_assets_only(client: FlaskClient) -> None:
    html = client.get("/explore?lang=en").get_data(as_text=True)
    assert 'id="network"' in html and 'name="projection"' in html and 'id="q"' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/vis-network/vis-network.min.js" in sources
    assert not [url for url in sources if url.startswith(("http:", "https:", "//"))]
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))", html), "inline script"


def test_vendored_assets_are_served(client: FlaskClient) -> None:
    for path in ("/static/vendor/vis-network/vis-network.min.js", "/static/vendor/vis-network/vis-network.min.css",
                 "/static/explore.js", "/static/explore.css"):
        with client.get(path) as response:
            assert response.status_code == 200


PROJECT = "project=id/project/testihanke-a"


@pytest.mark.parametrize("query, expected", [
    (PROJECT, {PIKASSOS, HOSTILE, HAMEENLINNA}),
    (f"{PROJECT}&type=Municipality", {HAMEENLINNA}),
    (f"{PROJECT}&type=NonGovernmentalOrganisation&type=CompetenceCentre", {PIKASSOS, HOSTILE}),
    (f"{PROJECT}&region=Kanta-Häme", {HAMEENLINNA}),
    (f"{PROJECT}&region=id/region/05&year=2021", {HAMEENLINNA}),
    ("project=Testihanke B&funder=id/organisation/testiministerio", {PIKASSOS, TAMPERE}),
    ("project=id/project/testihanke-b&from=2016&to=2018", {PIKASSOS, TAMPERE}),
    ("project=id/project/testihanke-b&from=2019", set()),
    ("theme=id/theme/child-welfare&project=Testihanke A", {PIKASSOS, HOSTILE, HAMEENLINNA}),
    (f"{PROJECT}&ego=id/organisation/hostile", {PIKASSOS, HOSTILE, HAMEENLINNA}),
    (f"{PROJECT}&size=pagerank&color=community", {PIKASSOS, HOSTILE, HAMEENLINNA}),
])
def test_filters(client: FlaskClient, query: str, expected: set[str]) -> None:
    assert node_ids(client, query) == expected


def test_bipartite_projection_adds_projects(client: FlaskClient) -> None:
    payload = client.get(f"/explore/data.json?{PROJECT}&projection=bipartite").get_json()
    kinds = {iri: node.get("kind", "actor") for iri, node in drawn(payload)[0].items()}
    assert kinds["https://w3id.org/sotegraph/id/project/testihanke-a"] == "project"
    assert {kinds[iri] for iri in (PIKASSOS, HOSTILE, HAMEENLINNA)} == {"actor"}
    assert payload["counts"]["edges"] == 3


def test_payload_sizes_colours_and_legend(client: FlaskClient) -> None:
    payload = client.get(f"/explore/data.json?{PROJECT}&size=weighted_degree").get_json()
    by_id, _ = drawn(payload)
    assert by_id[PIKASSOS]["value"] == 2 and payload["size_by"] == "weighted_degree"
    assert {entry["color"] for entry in payload["legend"]} == {node["color"] for node in by_id.values()}
    _, edges = drawn(client.get("/explore/data.json").get_json())
    assert next(edge for edge in edges if {edge["from"], edge["to"]} == {PIKASSOS, HAMEENLINNA})["weight"] == 2
    community = client.get(f"/explore/data.json?{PROJECT}&color=community").get_json()
    assert [entry["key"] for entry in community["legend"]] == [str(i) for i in range(len(community["legend"]))]


def test_large_graph_opens_on_an_overview_and_expands(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_payload, "OVERVIEW_ABOVE", 2)
    payload = client.get(f"/explore/data.json?{PROJECT}&lang=en").get_json()
    reduced = payload["reduced"]
    assert reduced["total_nodes"] == 3 and reduced["kept_nodes"] + reduced["collapsed_nodes"] == 3
    communities = [node for node in drawn(payload)[0].values() if node.get("kind") == "community"]
    assert len(communities) == reduced["collapsed_communities"]
    assert all(node["label"].endswith("actors)") for node in communities)  # named by their central actors
    community = communities[0]
    expanded = client.get(f"/explore/data.json?{PROJECT}&expand={community['community']}").get_json()
    assert community["id"] not in drawn(expanded)[0]
    assert expanded["reduced"]["expanded"] == [community["community"]]


@pytest.mark.parametrize("query, status", [
    ("size=nope", 400), ("color=rainbow", 400), ("projection=people", 400), ("from=abc", 400),
    ("from=2020&to=2010", 400), ("radius=9", 400), ("expand=x", 400), ("year=12", 400),
    ("region=Atlantis", 404), ("ego=id/organisation/nope", 404), ("project=id/project/nope", 404),
    ("type=NoSuchType", 404),
])
def test_bad_parameters_are_json_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/explore/data.json?{query}")
    body = response.get_json()
    assert response.status_code == status and body["ok"] is False and body["status"] == status and body["error"]


def test_bad_parameters_on_the_page_are_explained(client: FlaskClient) -> None:
    response = client.get("/explore?size=nope&lang=en")
    assert response.status_code == 400 and "unknown measure" in response.get_data(as_text=True)


def test_node_panel(client: FlaskClient) -> None:
    info = client.get(f"/explore/node.json?id={PIKASSOS}").get_json()
    assert info["label"] == "Testikeskus Oy" and info["located_in"] == "Tampere"
    projects = {(item["label"], item["years"], item["role"]) for item in info["projects"]}
    assert ("Testihanke A", "2020–2022", "hallinnoija") in projects
    assert ("Testihanke B", "2016–2018", "kumppani") in projects
    assert [item["label"] for item in info["groups"]] == ["Testifoorumi"]
    assert [(item["label"], item["role"]) for item in info["people"]] == [("Testi Henkilö", "johtaja")]
    assert "Testiasiakirja" in {source["text"] for source in info["sources"]}
    assert {partner["iri"] for partner in info["partners"]} >= {HAMEENLINNA, HOSTILE, TAMPERE}
    assert set(info["measures"]) >= {"degree", "betweenness", "pagerank"} and info["in_view"] is True
    stm = client.get("/explore/node.json?id=https://w3id.org/sotegraph/id/organisation/testiministerio&lang=en").get_json()
    assert stm["funding"][0]["label"] == "Testihanke B" and stm["funding"][0]["amount"] == "2 400 000 EUR"


@pytest.mark.parametrize("query, status", [("", 400), ("id=https://w3id.org/sotegraph/id/organisation/nope", 404)])
def test_node_panel_errors(client: FlaskClient, query: str, status: int) -> None:
    assert client.get(f"/explore/node.json?{query}").status_code == status


def test_explained_path(client: FlaskClient) -> None:
    answer = client.get(f"/explore/path.json?a={HOSTILE}&b=id/municipality/837").get_json()
    assert [hop["to"] for hop in answer["hops"]] == [PIKASSOS, TAMPERE]
    assert answer["hops"][1]["shared"][0]["label"] == "Testihanke B"


@pytest.mark.parametrize("query, status", [
    (f"a={HOSTILE}&b={HOSTILE}", 400), ("a=id/organisation/nope&b=Testikeskus", 404),
    (f"a={HOSTILE}&b=id/municipality/837&from=2030", 404),
])
def test_path_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/explore/path.json?{query}")
    assert response.status_code == status and response.get_json()["ok"] is False


@pytest.mark.parametrize("text, expected", [
    ("hameenlinna", HAMEENLINNA), ("HÄMEENLINNA", HAMEENLINNA), ("testimaan sosiaalialan", PIKASSOS),
    ("onerror", HOSTILE),
])
def test_search_any_label_case_and_accent_insensitive(client: FlaskClient, text: str, expected: str) -> None:
    matches = client.get(f"/explore/search.json?q={text}").get_json()["matches"]
    assert expected in {match["iri"] for match in matches}


def test_search_needs_text(client: FlaskClient) -> None:
    assert client.get("/explore/search.json?q=").get_json()["status"] == 400


def test_language_switch(client: FlaskClient) -> None:
    finnish = client.get("/explore?size=pagerank").get_data(as_text=True)
    assert "Kuka tekee yhteistyötä" in finnish and 'href="/explore?size=pagerank&amp;lang=en"' in finnish
    english = client.get("/explore?lang=en")
    assert "Who works with whom" in english.get_data(as_text=True)
    assert "lang=en" in english.headers["Set-Cookie"]
    assert "Who works with whom" in client.get("/explore").get_data(as_text=True)  # remembered by cookie
    client.delete_cookie("lang")
    english = client.get("/explore", headers={"Accept-Language": "en-GB,en"})
    assert "Who works with whom" in english.get_data(as_text=True)
    assert "Kuka tekee" in client.get("/explore?lang=fi", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_every_message_has_a_finnish_translation() -> None:

    from babel.messages.pofile import read_po

    from sotegraph.i18n import LOCALE_DIR
    from sotegraph_webviz.explore import JS_MESSAGES

    templates = REPO_ROOT / "webviz" / "sotegraph_webviz" / "templates"
    used = set(JS_MESSAGES)
    for name in ("explore.html", "entity.html", "ontology.html", "home.html", "base.html"):
        used |= set(re.findall(r'_\("([^"]+)"\)', (templates / name).read_text(encoding="utf-8")))
    with (LOCALE_DIR / "fi" / "LC_MESSAGES" / "sotegraph.po").open("rb") as po:
        finnish = read_po(po)
    assert not {message for message in used if not (finnish.get(message) and finnish.get(message).string)}


def test_the_measures_shown_are_the_measures_computed() -> None:
    from sotegraph_webviz.explore import MEASURE_NAMES

    assert tuple(measures.MEASURES) == MEASURE_NAMES


def test_edge_lists_what_the_two_share_in_the_interface_language(client: FlaskClient) -> None:
    finnish = client.get(f"/explore/edge.json?a={HAMEENLINNA}&b={PIKASSOS}&lang=fi").get_json()
    assert finnish["weight"] == 2 and {item["label"] for item in finnish["shared"]} == {"Testihanke A", "Testifoorumi"}
    project = next(item for item in finnish["shared"] if item["label"] == "Testihanke A")
    assert (project["role_a"], project["role_b"]) == ("osallistuva kunta", "hallinnoija")  # a's role first
    english = client.get(f"/explore/edge.json?a={PIKASSOS}&b={HAMEENLINNA}&lang=en").get_json()
    project = next(item for item in english["shared"] if item["label"] == "Testihanke A")
    assert (project["role_a"], project["role_b"]) == ("administrator", "participating municipality")
    assert english["a_label"] == "Testikeskus Oy"


@pytest.mark.parametrize("query, status", [
    (f"a={PIKASSOS}", 400), (f"a={HOSTILE}&b={TAMPERE}", 404), (f"a={PIKASSOS}&b={TAMPERE}&from=2030", 404),
])
def test_edge_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/explore/edge.json?{query}")
    assert response.status_code == status and response.get_json()["ok"] is False


def test_types_and_roles_follow_the_interface_language(client: FlaskClient) -> None:
    legend = {entry["label"] for entry in client.get("/explore/data.json?lang=en").get_json()["legend"]}
    assert {"municipality", "competence centre"} <= legend and "kunta" not in legend
    assert "kunta" in {entry["label"] for entry in client.get("/explore/data.json?lang=fi").get_json()["legend"]}
    hops = client.get(f"/explore/path.json?a={HOSTILE}&b=id/municipality/837&lang=en").get_json()["hops"]
    roles = {item[key] for hop in hops for item in hop["shared"] for key in ("role_from", "role_to")}
    assert "partner" in roles and "kumppani" not in roles
    info = client.get(f"/explore/node.json?id={HAMEENLINNA}&lang=en").get_json()
    assert info["types"][0]["text"] == "municipality" and info["region"] == "Kanta-Häme"
    match = client.get("/explore/search.json?q=hameenlinna&lang=en").get_json()["matches"]
    assert "municipality" in {found["type_label"] for found in match}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_pages_declare_their_language_and_icon(client: FlaskClient, lang: str) -> None:
    for path in ("/", "/explore", "/ontology", "/id/organisation/testikeskus"):
        html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        assert f'<html lang="{lang}">' in html, path
        assert 'rel="icon" type="image/svg+xml" href="/static/favicon.svg"' in html
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200


def test_a_submission_shows_at_once(client: FlaskClient, memory_store: Store) -> None:
    before = client.get("/explore/data.json?lang=en").get_json()["counts"]["nodes"]
    memory_store.load(b"""@prefix sote: <https://w3id.org/sotegraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/sotegraph/id/organisation/uusi> a sote:Organisation ; skos:prefLabel "Uusi"@fi .
        <https://w3id.org/sotegraph/id/project/uusi> a sote:Project ; skos:prefLabel "Uusi hanke"@fi .
        [] a sote:Participation ; sote:participant <https://w3id.org/sotegraph/id/organisation/uusi> ;
           sote:project <https://w3id.org/sotegraph/id/project/uusi> .
        [] a sote:Participation ; sote:participant <https://w3id.org/sotegraph/id/organisation/testikeskus> ;
           sote:project <https://w3id.org/sotegraph/id/project/uusi> .""", "ttl",
                      "https://w3id.org/sotegraph/graph/submission/new")
    after = client.get("/explore/data.json?lang=en").get_json()
    assert after["counts"]["nodes"] == before + 1
    info = client.get("/explore/node.json?id=https://w3id.org/sotegraph/id/organisation/uusi").get_json()
    assert info["measures"]["degree"] == 1


@pytest.mark.parametrize("query, option", [
    ("region=Kanta-Häme", '<option value="id/region/05" selected>'),
    ("region=https://w3id.org/sotegraph/id/region/05", '<option value="id/region/05" selected>'),
    ("type=https://w3id.org/sotegraph/ontology%23Municipality", '<option value="Municipality" selected>'),
])
def test_filters_given_by_name_or_iri_show_as_selected(client: FlaskClient, query: str, option: str) -> None:
    assert option in client.get(f"/explore?{query}&lang=en").get_data(as_text=True)


@pytest.mark.parametrize("funder", ["ESR", "id/organisation/testiministerio", "Testiministeriö"])
@pytest.mark.parametrize("route", ["/explore", "/explore/data.json", "/explore/table.json", "/explore/export.html",
                                   "/api/network"])
def test_funder_by_name_on_every_route(client: FlaskClient, route: str, funder: str) -> None:
    response = client.get(f"{route}?funder={funder}&lang=en")
    assert response.status_code == 200, (route, funder, response.get_data(as_text=True)[:300])


def test_funder_names_are_suggested(client: FlaskClient) -> None:
    answer = client.get("/explore/suggest.json?field=funder&q=testimin&lang=en").get_json()
    assert answer["ok"] and "id/organisation/testiministerio" in {match["iri"].split("sotegraph/", 1)[1]
                                                                  for match in answer["matches"]}
    projects = client.get("/explore/suggest.json?field=project&q=testihanke").get_json()["matches"]
    assert {"Testihanke A", "Testihanke B"} <= {match["label"] for match in projects}


@pytest.mark.parametrize("query, status", [
    ("field=theme&q=x", 400), ("field=funder", 400), ("field=funder&q=x&z=1", 400),
])
def test_suggestion_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/explore/suggest.json?{query}")
    assert response.status_code == status and response.get_json()["ok"] is False


def test_table_has_region_and_measures_of_every_drawn_actor(client: FlaskClient) -> None:
    answer = client.get(f"/explore/table.json?{PROJECT}&lang=en").get_json()
    assert set(answer["rows"]) == set(drawn(client.get(f"/explore/data.json?{PROJECT}").get_json())[0])
    assert answer["rows"][HAMEENLINNA]["region"] == "Kanta-Häme"
    assert set(answer["measures"]) == {"degree", "weighted_degree", "betweenness", "pagerank"}
    assert answer["rows"][PIKASSOS]["measures"]["degree"] == 2


def test_layout_is_the_same_on_every_request_and_in_every_language(client: FlaskClient) -> None:
    first = client.get("/explore/data.json?lang=fi").get_json()
    again = client.get("/explore/data.json?lang=en").get_json()
    assert [record[4:6] for record in first["nodes"]] == [record[4:6] for record in again["nodes"]]
    assert first["legend"] != again["legend"]  # the types' names differ, their colours do not
    colours = {entry["key"]: entry["color"] for entry in first["legend"]}
    assert colours == {entry["key"]: entry["color"] for entry in again["legend"]}


def test_serving_warms_the_default_view_up(memory_store: Store) -> None:
    import threading

    from sotegraph_webviz import explore

    def warming() -> list[threading.Thread]:
        return [thread for thread in threading.enumerate() if thread.name == "explore-warm-up"]

    app = create_app({"STORE": memory_store, "EXPLORE_WARM_UP": True})
    assert not warming()  # nothing before a request
    app.test_client().get("/")
    for thread in warming():
        thread.join(timeout=60)
    assert len(explore._kept(memory_store).payloads._entries) == 1
    app.test_client().get("/")
    assert not warming()  # once per app
