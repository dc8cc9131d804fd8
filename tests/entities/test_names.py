"""Naming an entity: IRIs, labels in any language, accents and case, types, ambiguity, not found."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from rdflib import URIRef

from repo_paths import TEST_DATA
from sotegraph.entities.names import Match, as_iri, find, inflects, normalise, resolve
from sotegraph.errors import AmbiguousNameError, InputError, NotFoundError
from sotegraph.store import CURATED_GRAPH, Store
from sotegraph.store.embedded import OxigraphStore

ID = "https://w3id.org/sotegraph/id/"
SOTE = "https://w3id.org/sotegraph/ontology#"
FIXTURE = TEST_DATA / "names.ttl"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """An in-memory store holding only the naming fixture."""
    fixture_store = OxigraphStore(None)
    fixture_store.load(FIXTURE.read_bytes(), "ttl", CURATED_GRAPH)
    yield fixture_store
    fixture_store.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("Hämeenlinna", "hameenlinna"),
    ("  KANTA-HÄME ", "kanta-hame"),
    ("Heli \t  Niemi", "heli niemi"),
    ("Åbo", "abo"),
    ("Éé", "ee"),
])
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("name", [
    "Tampere", "tampere", "TAMPERE", "Tammerfors",  # Finnish or Swedish, any case
    f"{ID}municipality/837", "id/municipality/837", "/id/municipality/837",  # IRI forms
])
def test_resolve_by_label_or_iri(store: Store, name: str) -> None:
    assert resolve(store, name) == URIRef(f"{ID}municipality/837")


@pytest.mark.parametrize("name", ["hameenlinna", "HÄMEENLINNA", "Hämeenlinna", "tavastehus"])
def test_resolve_ignores_accents(store: Store, name: str) -> None:
    assert resolve(store, name) == URIRef(f"{ID}municipality/109")


def test_resolve_collapses_spaces(store: Store) -> None:
    assert resolve(store, "heli niemi") == URIRef(f"{ID}person/heli-niemi")


def test_resolve_by_alt_label(store: Store) -> None:
    assert resolve(store, "pikassos") == URIRef(f"{ID}organisation/pikassos")


def test_exact_beats_partial(store: Store) -> None:
    # "PRO SOS" is exact for the project and a partial match of the sub-project's label.
    assert resolve(store, "pro sos") == URIRef(f"{ID}project/pro-sos")


def test_same_label_on_two_types_is_ambiguous(store: Store) -> None:
    with pytest.raises(AmbiguousNameError) as raised:
        resolve(store, "Pirkanmaa")
    iris = {iri for iri, _, _ in raised.value.candidates}
    assert iris == {f"{ID}region/06", f"{ID}wellbeing-county/08"}
    assert {kind for _, kind, _ in raised.value.candidates} == {"Region", "WellbeingServicesCounty"}
    assert raised.value.exit_code == 2 and raised.value.http_status == 400


def test_type_narrows_candidates(store: Store) -> None:
    assert resolve(store, "Pirkanmaa", types=[URIRef(SOTE + "Region")]) == URIRef(f"{ID}region/06")


def test_subclasses_count_for_type(store: Store) -> None:
    assert resolve(store, "Birkala", types=[URIRef(SOTE + "Area")]) == URIRef(f"{ID}municipality/604")
    assert resolve(store, "pikassos", types=[URIRef(SOTE + "Organisation")]) == URIRef(
        f"{ID}organisation/pikassos")


def test_partial_ambiguous_lists_candidates(store: Store) -> None:
    with pytest.raises(AmbiguousNameError) as raised:
        resolve(store, "pirk")
    assert f"{ID}municipality/604" in str(raised.value) and "Pirkkala" in str(raised.value)


def test_not_found_suggests_close_matches(store: Store) -> None:
    with pytest.raises(NotFoundError) as raised:
        resolve(store, "Tamprere")
    assert "Tampere" in raised.value.suggestions
    assert raised.value.exit_code == 1 and raised.value.http_status == 404


def test_wrong_type_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        resolve(store, "Tampere", types=[URIRef(SOTE + "Region")])
    with pytest.raises(NotFoundError):
        resolve(store, "id/municipality/837", types=[URIRef(SOTE + "Region")])


def test_unknown_iri_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="region/99"):
        resolve(store, "id/region/99")


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_bad_input(store: Store, name: str) -> None:
    with pytest.raises(InputError):
        resolve(store, name)


@pytest.mark.parametrize("name", ['" } ; DROP ALL #', "a\\b", "(.*)+", "x' OR '1'='1"])
def test_hostile_names_are_only_text(store: Store, name: str) -> None:
    with pytest.raises(NotFoundError):
        resolve(store, name)


def test_find_orders_exact_first(store: Store) -> None:
    matches = find(store, "pirkanmaa")
    assert matches[0].exact and all(isinstance(match, Match) for match in matches)
    assert [match.exact for match in matches] == sorted((m.exact for m in matches), reverse=True)
    assert {str(m.iri) for m in matches} >= {f"{ID}region/06", f"{ID}wellbeing-county/08"}


def test_find_reports_types_and_preferred_label(store: Store) -> None:
    (match,) = find(store, "tavastehus")
    assert match.label == "Hämeenlinna" and match.types == (URIRef(SOTE + "Municipality"),)
    assert match.exact


def test_find_limit(store: Store) -> None:
    assert len(find(store, "p", limit=2)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("https://w3id.org/sotegraph/id/region/06", f"{ID}region/06"),
    ("id/region/06", f"{ID}region/06"),
    ("Pirkanmaa", None),
    ("id/", None),
])
def test_as_iri(text: str, expected: str | None) -> None:
    assert as_iri(text) == (URIRef(expected) if expected else None)


# --- names as people type them, on the bundled graph ----------------------------------------------

ACTOR = [URIRef(SOTE + "Actor")]
TAMPERE, RIIHIMAKI = URIRef(f"{ID}municipality/837"), URIRef(f"{ID}municipality/694")


@pytest.mark.parametrize(("typed", "label_word", "expected"), [
    ("tampereen", "tampere", True), ("riihimaen", "riihimaki", True), ("helsingissa", "helsinki", True),
    ("lahdessa", "lahti", True), ("hameenlinnassa", "hameenlinna", True), ("pikassoksen", "pikassos", True),
    ("kanta-hameen", "kanta-hame", True), ("pirkanmaalla", "pirkanmaa", True), ("kaupungin", "kaupunki", True),
    ("tampere", "tampere", True),
    ("tampere", "tammela", False), ("helsinki", "hel", False), ("pirkkala", "pirkanmaa", False),
    ("turkulaisten", "turku", False), ("sallan", "salo", False), ("riihimaki", "riihimaen", False),
    ("turussa", "turku", True), ("orivedella", "orivesi", True), ("ylojarvella", "ylojarvi", True),
])
def test_inflects(typed: str, label_word: str, expected: bool) -> None:
    assert inflects(typed, label_word) is expected


@pytest.mark.parametrize("name", ["Tampere", "tampereen", "Tampereen kaupunki", "Tampereella", "TAMPEREEN KAUPUNGIN",
                                  "Tampere kaupunki"])
def test_an_actor_named_like_its_sub_region_is_the_municipality(memory_store: Store, name: str) -> None:
    """The municipality Tampere, not the sub-region Tampere: the actor role, then taking part in something."""
    assert resolve(memory_store, name, types=ACTOR) == TAMPERE


@pytest.mark.parametrize("name", ["Riihimäki", "Riihimäen", "Riihimäellä", "riihimaen kaupunki"])
def test_riihimaki_as_an_actor(memory_store: Store, name: str) -> None:
    assert resolve(memory_store, name, types=ACTOR) == RIIHIMAKI


def test_the_expected_type_decides_first(memory_store: Store) -> None:
    assert resolve(memory_store, "Tampere", types=[URIRef(SOTE + "SubRegion")]) == URIRef(f"{ID}subregion/064")
    assert resolve(memory_store, "Tampereen seutukunta") == URIRef(f"{ID}subregion/064")
    assert resolve(memory_store, "Pirkanmaa", types=[URIRef(SOTE + "Region")]) == URIRef(f"{ID}region/06")
    assert resolve(memory_store, "Pirkanmaan hyvinvointialue") == URIRef(f"{ID}wellbeing-county/08")


def test_a_generic_word_never_crosses_its_type(memory_store: Store) -> None:
    """"… hyvinvointialue" is a county: not the region of the same name, even where regions are expected."""
    with pytest.raises(NotFoundError):
        resolve(memory_store, "Kanta-Hämeen hyvinvointialue", types=[URIRef(SOTE + "Region")])


def test_finnish_forms_of_an_organisation(memory_store: Store) -> None:
    assert resolve(memory_store, "Pikassoksen", types=ACTOR) == URIRef(f"{ID}organisation/pikassos")


def test_candidates_in_a_stable_order(memory_store: Store) -> None:
    listings = set()
    for _ in range(5):
        with pytest.raises(AmbiguousNameError) as raised:
            resolve(memory_store, "kaupunki", types=ACTOR)
        listings.add(tuple(raised.value.candidates))
    (listing,) = listings
    assert [label for _, _, label in listing] == sorted(label for _, _, label in listing)


def test_not_found_is_still_not_found(memory_store: Store) -> None:
    with pytest.raises(NotFoundError):
        resolve(memory_store, "Tamperelaisten kaupunki", types=ACTOR)


def test_path_between_municipalities_named_like_sub_regions(runner) -> None:
    """`sotegraph path Tampere Riihimäki` explains the link through PRO SOS (both exited 2 "ambiguous")."""
    result = runner.invoke(["path", "Tampere", "Riihimäki"])
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("Tampere → Riihimäki: PRO SOS (project")
    partners = runner.invoke(["query", "actor-partners", "-p", "actor=Riihimäki", "--format", "csv"])
    assert partners.exit_code == 0 and "Tampere" in partners.output
    inflected = runner.invoke(["query", "actor-partners", "-p", "actor=Tampereen kaupunki", "--format", "csv"])
    assert inflected.exit_code == 0 and "Riihimäki" in inflected.output


def test_search_finds_inflected_names_first(memory_store: Store) -> None:
    """The search box (`find`) reads "Tampereen kaupunki" as Tampere, the city first."""
    matches = find(memory_store, "Tampereen kaupunki", types=ACTOR)
    assert matches and matches[0].iri == TAMPERE and matches[0].exact
    assert find(memory_store, "Tampere", types=ACTOR)[0].exact  # an exact label is found as before


def test_the_view_and_the_api_use_the_same_resolver(client: FlaskClient) -> None:
    for url in ("/api/network/path?a=Tampere&b=Riihimäki", "/explore/path.json?a=Tampereen%20kaupunki&b=Riihimäki"):
        body = client.get(url).get_json()
        assert body["ok"] is True, body
        assert any("PRO SOS" in str(hop) for hop in body["hops"]), body
