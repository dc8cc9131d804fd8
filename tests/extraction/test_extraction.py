"""Extraction against the bundled graph: inflected names to the right IRIs, new entities, links, offsets."""

from __future__ import annotations

import pytest

from sotegraph.extraction import extract, get_analyser, load_gazetteer, read_document
from sotegraph.extraction.draft import draft_graph, draft_json, render_draft
from sotegraph.extraction.gazetteer import name_stems, tokens
from sotegraph.stewarding.submissions import Upload, parse_submission, validate
from sotegraph.store import Store

ID = "https://w3id.org/sotegraph/id/"
TEXT = ("Sosiaalialan osaamiskeskus Majakka toimii Pirkanmaalla. Pikassoksen hallinnoima Uusi työote -hanke "
        "käynnistyi syksyllä 2021 ja sitä rahoitetaan 215 000 eurolla. Hankkeessa ovat mukana Tampere, Nokia ja Kela. "
        "Hankkeen projektipäällikkö Maija Meikäläinen työskentelee Hämeen liitossa. "
        "Yhteistyötä tehdään Tampereella, SONetBOTNIAn ja THL:n kanssa.")


@pytest.fixture(params=["voikko", "simplemma"])
def extraction(memory_store: Store, request: pytest.FixtureRequest):
    gazetteer = load_gazetteer(memory_store, get_analyser(request.param))
    return extract(read_document("majakka.txt", TEXT.encode()), gazetteer)


@pytest.mark.parametrize("word, stem", [("Pikassoksen", "pikassos"), ("XAMKin", "xamk"), ("THL:n", "thl"),
                                        ("Junnolla", "junno"), ("Niemellä", "niemi"), ("SONetBOTNIAn", "sonetbotnia")])
def test_name_stems_find_the_nominative(word: str, stem: str) -> None:
    assert stem in name_stems(word)


def test_tokens_keep_offsets() -> None:
    words = tokens("Kanta-Hämeessä ja THL:n sekä MONNI-hanke.")
    assert [w.text for w in words] == ["Kanta-Hämeessä", "ja", "THL:n", "sekä", "MONNI-hanke"]
    assert all("Kanta-Hämeessä ja THL:n sekä MONNI-hanke."[w.start:w.end] == w.text for w in words)


@pytest.mark.parametrize("surface, key", [
    ("Pikassoksen", "organisation/pikassos"), ("Pirkanmaalla", "region/06"),
    ("Hämeen liitossa", "organisation/hameen-liitto"),
    ("Tampereella", "municipality/837"), ("Kela", "organisation/kela"), ("SONetBOTNIAn", "organisation/sonetbotnia"),
    ("THL:n", "organisation/terveyden-ja-hyvinvoinnin-laitos"), ("Nokia", "municipality/536"),
])
def test_inflected_mentions_get_the_existing_iri(extraction, surface: str, key: str) -> None:
    mentions = {(m.text, str(m.iri)) for m in extraction.mentions if m.known}
    assert (surface, ID + key) in mentions


def test_every_fact_points_at_its_passage(extraction) -> None:
    text = extraction.document.text
    assert all(text[m.start:m.end] == m.text and 0 < m.confidence <= 1 for m in extraction.mentions)
    assert extraction.links and all(text[link.start:link.end] == link.quote for link in extraction.links)
    assert all(0 < link.confidence <= 1 for link in extraction.links)


def test_new_entities_and_links(memory_store: Store) -> None:
    result = extract(read_document("majakka.txt", TEXT.encode()), load_gazetteer(memory_store, get_analyser("voikko")))
    new = {str(e.iri): e.label for e in result.entities}
    assert new[f"{ID}organisation/majakka"] == "Majakka" and new[f"{ID}project/uusi-tyoote-hanke"]
    assert f"{ID}person/maija-meikalainen" in new
    links = {(str(link.actor), str(link.target), str(link.role)) for link in result.links}
    project = f"{ID}project/uusi-tyoote-hanke"
    assert (f"{ID}organisation/pikassos", project, f"{ID}role/administrator") in links
    assert (f"{ID}municipality/837", project, f"{ID}role/participating-municipality") in links
    assert (f"{ID}organisation/kela", project, f"{ID}role/partner") in links
    assert (f"{ID}person/maija-meikalainen", project, f"{ID}role/project-manager") in links
    administrator = next(link for link in result.links if str(link.role).endswith("administrator"))
    assert administrator.start_year == 2021
    assert [f.amount for f in result.fundings] == [215000.0]


def test_the_draft_is_an_ordinary_submission_that_validates(memory_store: Store) -> None:
    result = extract(read_document("majakka.txt", TEXT.encode()), load_gazetteer(memory_store, get_analyser("voikko")))
    turtle = render_draft(result, "ttl")
    before = memory_store.graph_counts()
    report = validate(memory_store, parse_submission([Upload("majakka-draft.ttl", turtle)]))
    assert report.conforms, [f.message("en") for f in report.findings]
    assert memory_store.graph_counts() == before
    graph = draft_graph(result)
    assert len(graph) == len(parse_submission([Upload("d.ttl", turtle)]).graph)
    assert draft_json(result)["document"]["text"] == TEXT
    assert render_draft(result, "xlsx")[:2] == b"PK"


def test_the_network_preview_marks_what_is_added(memory_store: Store) -> None:
    from sotegraph.extraction.preview import network_preview

    result = extract(read_document("majakka.txt", TEXT.encode()), load_gazetteer(memory_store, get_analyser("voikko")))
    preview = network_preview(memory_store, draft_json(result), "fi")
    before = {node["id"] for node in preview["before"]["nodes"]}
    after = {node["id"]: node for node in preview["after"]["nodes"]}
    assert f"{ID}organisation/kela" in before and f"{ID}project/uusi-tyoote-hanke" not in before
    assert after[f"{ID}project/uusi-tyoote-hanke"]["new"] and not after[f"{ID}organisation/kela"]["new"]
    assert preview["added"] == len(result.links) and preview["changed"] == 0
    assert {edge["label"] for edge in preview["after"]["edges"]} >= {"hallinnoija", "kumppani"}


UNSEEN = """<html><head><title>Socom</title></head><body><nav>Etusivu Hankkeet</nav><main>
<h1>Kaakkois-Suomen sosiaalialan osaamiskeskus Socom</h1>
<p>Kaakkois-Suomen sosiaalialan osaamiskeskus Socom toimii Kymenlaaksossa ja Etelä-Karjalassa.</p>
<p>Socomin hallinnoima Arjen tuki -hanke toteutetaan vuosina 2022–2024 yhteistyössä Eksoten ja Kymsoten kanssa.
Hankkeessa ovat mukana myös Kotka, Kouvola ja Lappeenranta. Hanketta rahoittaa Sosiaali- ja terveysministeriö.</p>
<p>Socom koordinoi Kaakkois-Suomen lastensuojelun verkostoa. Verkostoon osallistuvat Eksote, Kymsote ja
Kaakkois-Suomen ammattikorkeakoulu.</p></main></body></html>"""


def test_a_centre_the_graph_has_never_seen(memory_store: Store) -> None:
    result = extract(read_document("socom.html", UNSEEN.encode()), load_gazetteer(memory_store, get_analyser("voikko")))
    known = {str(m.iri) for m in result.mentions if m.known}
    assert {f"{ID}region/08", f"{ID}region/09", f"{ID}organisation/eksote", f"{ID}municipality/285"} <= known
    centre = next(e for e in result.entities if e.label == "Socom")
    assert str(centre.cls).endswith("#CompetenceCentre")
    links = {(str(link.actor), str(link.target), str(link.role).rsplit("/", 1)[-1]) for link in result.links}
    project, network = f"{ID}project/arjen-tuki-hanke", f"{ID}group/kaakkois-suomen-lastensuojelun-verkosto"
    assert {(str(centre.iri), project, "administrator"), (f"{ID}organisation/eksote", project, "partner"),
            (f"{ID}municipality/286", project, "participating-municipality"),
            (str(centre.iri), network, "coordinator"), (f"{ID}organisation/eksote", network, "member"),
            (f"{ID}organisation/kaakkois-suomen-ammattikorkeakoulu", network, "member")} <= links
    administrator = next(link for link in result.links if str(link.role).endswith("/administrator"))
    assert (administrator.start_year, administrator.end_year) == (2022, 2024)
