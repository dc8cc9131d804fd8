"""The shipped reference graphs: regenerated identically from the CSVs, and saying what they say."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph
import pytest

from repo_paths import REPO_ROOT, shared_dir

REFERENCE_DATA = REPO_ROOT / "data" / "reference"
YEARS = (2016, 2021, 2025)
PREFIXES = """
BASE <https://w3id.org/sotegraph/id/>
PREFIX sote: <https://w3id.org/sotegraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_reference",
                                                  REPO_ROOT / "scripts" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference_store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for year in YEARS:
        store.load(path=str(REFERENCE_DATA / f"reference-{year}.ttl"),
                   format=pyoxigraph.RdfFormat.TURTLE,
                   to_graph=pyoxigraph.NamedNode(
                       f"https://w3id.org/sotegraph/graph/reference/{year}"))
    return store


def ask(store: pyoxigraph.Store, body: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + body + " }", use_default_graph_as_union=True))


def count(store: pyoxigraph.Store, where: str) -> int:
    result = store.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { " + where + " }",
                         use_default_graph_as_union=True)
    return int(next(iter(result))["n"].value)


def test_committed_files_match_a_fresh_build(tmp_path: Path) -> None:
    written = load_build_script().build(shared_dir("reference"), tmp_path)
    assert [path.name for path in written] == [f"reference-{year}.ttl" for year in YEARS]
    for path in written:
        committed = (REFERENCE_DATA / path.name).read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == committed, (
            f"{path.name} is stale: run scripts/build_reference.py")


@pytest.mark.parametrize("year, municipalities", [(2016, 313), (2021, 309), (2025, 308)])
def test_one_classification_per_municipality(reference_store, year, municipalities) -> None:
    graph = f"<https://w3id.org/sotegraph/graph/reference/{year}>"
    assert count(reference_store, f"GRAPH {graph} {{ ?m a sote:Municipality }}") == municipalities
    assert count(reference_store, f"GRAPH {graph} {{ ?c a sote:AreaClassification ; "
                                  f"sote:classificationYear {year} ; sote:municipality ?m }}"
                 ) == municipalities


@pytest.mark.parametrize("fact", [
    # Hämeenlinna in its sub-region, Kanta-Häme, its wellbeing services county and hospital district
    "<classification/2021/109> sote:municipality <municipality/109> ; "
    "sote:subRegion <subregion/051> ; sote:region <region/05> ; "
    "sote:wellbeingServicesCounty ?w ; sote:hospitalDistrict ?h . "
    "?w skos:prefLabel 'Kanta-Hämeen hyvinvointialue'@fi . "
    "?h skos:prefLabel 'Kanta-Hämeen SHP'@fi",
    "<subregion/051> a sote:SubRegion ; skos:prefLabel 'Hämeenlinna'@fi ; "
    "sote:officialCode '051'",
    "<region/05> a sote:Region ; skos:prefLabel 'Kanta-Häme'@fi, 'Egentliga Tavastland'@sv",
    "<municipality/109> skos:prefLabel 'Hämeenlinna'@fi, 'Tavastehus'@sv, 'Hämeenlinna'@en",
    # Heinävesi moved from Etelä-Savo (10) to Pohjois-Karjala (12)
    "<classification/2016/090> sote:region <region/10> . "
    "<region/10> skos:prefLabel 'Etelä-Savo'@fi",
    "<classification/2021/090> sote:region <region/12> . "
    "<region/12> skos:prefLabel 'Pohjois-Karjala'@fi",
    # Honkajoki only in 2016
    "<classification/2016/099> sote:municipality <municipality/099> . "
    "<municipality/099> skos:prefLabel 'Honkajoki'@fi",
    "FILTER NOT EXISTS { ?c sote:municipality <municipality/099> ; sote:classificationYear ?y "
    "FILTER (?y > 2016) }",
    # no wellbeing services county nor hospital district in 2016; no hospital district in 2025
    "FILTER NOT EXISTS { ?c sote:classificationYear 2016 ; sote:wellbeingServicesCounty ?w }",
    "FILTER NOT EXISTS { ?c sote:classificationYear 2025 ; sote:hospitalDistrict ?h }",
    # a changed Swedish name: preferred label is the newest, the 2016 one an alternative
    "<municipality/010> skos:prefLabel 'Alavo'@sv ; skos:altLabel 'Alavus'@sv",
    "<dataset/reference-2021> dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; "
    "dcterms:source 'Source: Statistics Finland, regional classifications 2021'",
])
def test_reference_fact(reference_store, fact) -> None:
    assert ask(reference_store, fact)


def test_one_preferred_label_per_language_across_years(reference_store) -> None:
    assert count(reference_store, "SELECT DISTINCT ?area WHERE { ?area skos:prefLabel ?a, ?b "
                                  "FILTER (lang(?a) = lang(?b) && ?a != ?b) }") == 0
