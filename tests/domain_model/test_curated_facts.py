"""The curated graph of the five source documents: the facts they state, and its integrity."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph

from repo_paths import REPO_ROOT, shared_dir
from sotegraph.vocab import slug

CURATED = REPO_ROOT / "data" / "curated"
REFERENCE = REPO_ROOT / "data" / "reference"
ONTOLOGY = REPO_ROOT / "ontology"
SHAPES = REPO_ROOT / "shapes"
YEARS = (2016, 2021, 2025)
GRAPH = "https://w3id.org/sotegraph/graph/"
CURATED_GRAPH = f"<{GRAPH}curated>"
PREFIXES = """
BASE <https://w3id.org/sotegraph/id/>
PREFIX sote: <https://w3id.org/sotegraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ID = "https://w3id.org/sotegraph/id/"
AREA_KINDS = ("municipality", "subregion", "region", "wellbeing-county", "hospital-district")


def graph_files() -> dict[str, list[Path]]:
    """Turtle files by the named graph they are loaded into."""
    files = {f"{GRAPH}curated": sorted(CURATED.glob("*.ttl")),
             f"{GRAPH}ontology": sorted(ONTOLOGY.glob("*.ttl"))}
    for year in YEARS:
        files[f"{GRAPH}reference/{year}"] = [REFERENCE / f"reference-{year}.ttl"]
    return files


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for graph, paths in graph_files().items():
        for path in paths:
            store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE,
                       to_graph=pyoxigraph.NamedNode(graph))
    return store


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    variables = [variable.value for variable in solutions.variables]
    return [{name: solution[name].value for name in variables if solution[name] is not None}
            for solution in solutions]


def ask(store: pyoxigraph.Store, body: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + body + " }", use_default_graph_as_union=True))


def count(store: pyoxigraph.Store, where: str) -> int:
    """Distinct solutions: the union default graph repeats a triple held by several graphs."""
    return int(select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT * WHERE { "
                             + where + " } }")[0]["n"])


# --- What the documents say ---------------------------------------------------------------

FACTS = {
    # periods
    "PRO SOS runs 1.8.2016-31.12.2018":
        "<project/pro-sos> sote:startDate '2016-08-01'^^xsd:date ; sote:startYear 2016 ; "
        "sote:endDate '2018-12-31'^^xsd:date ; sote:endYear 2018",
    "MONNI runs 2020-2022, administered by Pikassos":
        "<project/monni> sote:startYear 2020 ; sote:endYear 2022 . "
        "?p sote:project <project/monni> ; sote:participant <organisation/pikassos> ; "
        "sote:role <role/administrator>",
    "MONNI is in Kanta-Häme, Pirkanmaa and Etelä-Pohjanmaa":
        "?a sote:project <project/monni> ; sote:participant <region/05> . "
        "?b sote:project <project/monni> ; sote:participant <region/06> . "
        "?c sote:project <project/monni> ; sote:participant <region/14> . "
        "<region/14> skos:prefLabel 'Etelä-Pohjanmaa'@fi",
    "Osaava lastensuojelu 2001-2003, ESR-funded, in Kanta-Häme":
        "<project/osaava-lastensuojelu> sote:startYear 2001 ; sote:endYear 2003 . "
        "?f sote:fundedProject <project/osaava-lastensuojelu> ; sote:instrument <instrument/esr> . "
        "?p sote:project <project/osaava-lastensuojelu> ; sote:participant <region/05>",
    "The LAPE programme has 40 million (002)":
        "?f sote:fundedProject ?lape ; sote:amount ?a ; sote:currency 'EUR' ; "
        "prov:wasDerivedFrom <document/002_0d6851690b80626c> . "
        "?lape a sote:GovernmentKeyProject ; skos:altLabel 'LAPE'@fi FILTER (?a = 40000000)",
    "Sosiaalialan kehittämishanke 2003-2007: 4 M€ state subsidy to Kanta-Häme's projects through it":
        "<project/sosiaalialan-kehittamishanke> sote:startYear 2003 ; sote:endYear 2007 . "
        "?f sote:fundingProgramme <project/sosiaalialan-kehittamishanke> ; sote:recipient <region/05> ; "
        "sote:funder <organisation/suomen-valtio> ; "
        "sote:instrument <instrument/state-subsidy> ; sote:amount ?a ; sote:currency 'EUR' "
        "FILTER (?a = 4000000)",
    "LAPE is a government key project of 2016-2018":
        "?lape a sote:GovernmentKeyProject ; skos:altLabel 'LAPE'@fi ; "
        "sote:startYear 2016 ; sote:endYear 2018",
    # amounts
    "PRO SOS has 2 400 000 EUR of ESR funding for 1.8.2016-31.12.2018":
        "?f sote:fundedProject <project/pro-sos> ; sote:instrument <instrument/esr> ; "
        "sote:amount ?a ; sote:currency 'EUR' ; sote:startDate '2016-08-01'^^xsd:date ; "
        "sote:endDate '2018-12-31'^^xsd:date FILTER (?a = 2400000)",
    "Pikassos' sub-project has 215 000 EUR of it":
        "?s sote:fundedProject <project/pro-sos-pikassos> ; sote:shareOf ?f ; sote:amount ?a ; "
        "sote:currency 'EUR' . ?f sote:fundedProject <project/pro-sos> FILTER (?a = 215000)",
    # PRO SOS organisation
    "PRO SOS is administered by SeAMK and SONetBotnia":
        "?a sote:project <project/pro-sos> ; sote:role <role/administrator> ; "
        "sote:participant ?seamk . ?seamk skos:altLabel 'SeAMK'@fi . "
        "?b sote:project <project/pro-sos> ; sote:role <role/administrator> ; "
        "sote:participant <organisation/sonetbotnia>",
    "Kuntaliitto and JYU/Chydenius are PRO SOS partners":
        "?a sote:project <project/pro-sos> ; sote:participant <organisation/suomen-kuntaliitto> . "
        "?b sote:project <project/pro-sos> ; sote:participant ?c . "
        "?c sote:subOrganisationOf <organisation/jyvaskylan-yliopisto>",
    "Pikassos' sub-project is part of PRO SOS":
        "<project/pro-sos-pikassos> a sote:SubProject ; sote:parentProject <project/pro-sos>",
    "Verso's sub-project (002) is part of the same PRO SOS":
        "<project/pro-sos-verso> sote:parentProject <project/pro-sos> . "
        "<project/pro-sos> skos:altLabel 'PROSOS-hanke'@fi ; "
        "prov:wasDerivedFrom <document/001_88213a215f076537>, <document/002_0d6851690b80626c>",
    "PRO SOS' first goal":
        "<project/pro-sos> sote:hasGoal ?g . ?g sote:ordinal 1 ; sote:goalText ?t "
        "FILTER STRSTARTS(?t, 'Luoda uusia ja vaikuttavia toimintamalleja')",
    # people and posts
    "Mika Forsberg chairs the Sosiaalipalvelut -työryhmä, representing Oiva":
        "?m sote:member <person/mika-forsberg> ; sote:role <role/chair> ; "
        "sote:memberOf <group/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma> . "
        "?o sote:member <person/mika-forsberg> ; sote:memberOf <organisation/oiva> ; "
        "sote:role <role/representative>",
    "Kirsi Kuusinen-James (Verso) is its secretary":
        "?m sote:member <person/kirsi-kuusinen-james> ; sote:role <role/secretary> ; "
        "sote:memberOf <group/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma> . "
        "?o sote:member <person/kirsi-kuusinen-james> ; sote:memberOf <organisation/verso>",
    "Ulla Sepponen represents Lahti":
        "?m sote:member <person/ulla-sepponen> ; sote:memberOf <municipality/398> . "
        "<municipality/398> skos:prefLabel 'Lahti'@fi",
    "Heli Niemi is a 20 % project worker in Pikassos' PRO SOS sub-project":
        "?m sote:member <person/heli-niemi> ; sote:memberOf <project/pro-sos-pikassos> ; "
        "sote:role <role/project-worker> ; sote:quote ?q FILTER CONTAINS(?q, '(20%) Heli Niemi')",
    "Heli Niemi is project manager in Pirkanmaa's LAPE team":
        "?m sote:member <person/heli-niemi> ; sote:memberOf ?team ; "
        "sote:role <role/project-manager> . "
        "?team sote:subGroupOf <project/pirkanmaan-tulevaisuuden-sote-keskus-hanke>",
    "Heli Niemi is one person named in 001 and 004":
        "<person/heli-niemi> prov:wasDerivedFrom <document/001_88213a215f076537>, "
        "<document/004_717bd1dd51fd53bd>",
    "Sirpa Karjalainen coordinates Pikassos' sub-project":
        "?m sote:member <person/sirpa-karjalainen> ; sote:memberOf <project/pro-sos-pikassos> ; "
        "sote:role <role/project-coordinator>",
    "Seija Junno is Pikassos' development manager":
        "?m sote:member <person/seija-junno> ; sote:memberOf <organisation/pikassos> ; "
        "sote:role <role/development-manager>",
    "Vuokko Lehtimäki is a Pikassos project director":
        "?m sote:member <person/vuokko-lehtimaki> ; sote:memberOf <organisation/pikassos> ; "
        "sote:role <role/project-director>",
    # groups
    "Pikassos coordinates the social directors' forum, which meets four times a year":
        "<group/kanta-hameen-sosiaalijohdon-foorumi> a sote:Forum ; sote:meetingsPerYear ?n ; "
        "sote:meetingFrequency 'neljä kertaa vuodessa'@fi . "
        "?m sote:memberOf <group/kanta-hameen-sosiaalijohdon-foorumi> ; "
        "sote:member <organisation/pikassos> ; sote:role <role/coordinator> FILTER (?n = 4)",
    "The hospital district's PETE unit takes part in the forum":
        "?m sote:memberOf <group/kanta-hameen-sosiaalijohdon-foorumi> ; sote:member ?unit . "
        "?unit sote:subOrganisationOf <hospital-district/05> ; skos:altLabel 'PETE-yksikkö'@fi",
    "Pikassos is an expert in the steering group of Hämeen liitto's projects":
        "?m sote:member <organisation/pikassos> ; sote:role <role/expert> ; sote:memberOf ?g . "
        "?g a sote:SteeringGroup ; sote:subGroupOf ?p1, ?p2 FILTER (?p1 != ?p2) "
        "?a1 sote:project ?p1 ; sote:participant <organisation/hameen-liitto> ; "
        "sote:role <role/administrator> . "
        "?a2 sote:project ?p2 ; sote:participant <organisation/hameen-liitto>",
    "Pikassos convenes the network of municipal child welfare institutions":
        "<group/kanta-hameen-kunnallisten-lastensuojelulaitosten-verkosto> "
        "sote:convenedBy <organisation/pikassos>",
    "The guardianship meetings gather police, register office, court and AVI twice a year":
        "<group/kanta-hameen-lastensuojelun-edunvalvonnan-yhteistyokokous> sote:meetingsPerYear ?n "
        "FILTER (?n = 2) "
        "?a sote:memberOf <group/kanta-hameen-lastensuojelun-edunvalvonnan-yhteistyokokous> ; "
        "sote:member <organisation/poliisi> . "
        "?b sote:memberOf <group/kanta-hameen-lastensuojelun-edunvalvonnan-yhteistyokokous> ; "
        "sote:member ?avi . ?avi skos:altLabel 'AVI'@fi",
    "The LAPE developers' group prepares matters for Pirkanmaa's LAPE working group":
        "<group/pirkanmaan-lape-kehittajaryhma> sote:subGroupOf <group/pirkanmaan-lape-tyoryhma>",
    # the meeting of 18.3.2016
    "The working group met 18.3.2016 at Wanha Herra, minutes of 29.3.2016":
        "<meeting/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma-2016-03-18> "
        "sote:meetingOf <group/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma> ; "
        "sote:date '2016-03-18'^^xsd:date ; sote:place ?place ; "
        "sote:minutes <document/002_0d6851690b80626c> . "
        "<document/002_0d6851690b80626c> dcterms:date '2016-03-29'^^xsd:date "
        "FILTER CONTAINS(?place, 'Wanha Herra')",
    "Its next meetings are 13.5. and 17.6.2016":
        "?a sote:meetingOf <group/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma> ; "
        "sote:date '2016-05-13'^^xsd:date . "
        "?b sote:meetingOf <group/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma> ; "
        "sote:date '2016-06-17'^^xsd:date",
    "Hollola called Asikkala, Padasjoki and Kärkölä to a meeting on 25.2.2016":
        "?e sote:organiser <municipality/098> ; sote:date '2016-02-25'^^xsd:date ; "
        "sote:attendee <municipality/016>, <municipality/576>, <municipality/316>",
    "PHSOTEY's member municipalities meet in Hollola on 23.3.2016":
        "?e a sote:Event ; sote:date '2016-03-23'^^xsd:date ; sote:place 'Hollola'",
    "The preparation cooperation group met on 26.2.2016":
        "?m sote:meetingOf <group/paijat-hameen-valmistelun-yhteistyoryhma> ; "
        "sote:date '2016-02-26'^^xsd:date",
    "Mika and Juha met NHG's representatives on 16.3.2016":
        "?e sote:date '2016-03-16'^^xsd:date ; "
        "sote:attendee <person/mika-forsberg>, <person/juha-luomala>, <organisation/nhg>",
    # events known to the month or the year
    "The early-years forum was last held in February 2020, theme 'Monitoimijaisuuden voimaa'":
        "?m a sote:Meeting ; "
        "sote:meetingOf <group/varhaisvuosien-lapsiperhepalveluiden-toimijoiden-ajankohtaisfoorumi> ; "
        "sote:startYear 2020 ; sote:startMonth 2 ; sote:endYear 2020 ; sote:endMonth 2 ; "
        "skos:altLabel 'Monitoimijaisuuden voimaa varhaisvuosien lapsiperhepalveluissa'@fi "
        "FILTER NOT EXISTS { ?m sote:date ?day }",
    "The next guardianship cooperation meeting, coordinated by Pikassos, is in November 2021":
        "?m sote:meetingOf <group/kanta-hameen-lastensuojelun-edunvalvonnan-yhteistyokokous> ; "
        "sote:organiser <organisation/pikassos> ; sote:startYear 2021 ; sote:startMonth 11",
    "Pikassos and XAMK run the guardian training in October-November 2021":
        "?e a sote:Event ; sote:theme <theme/guardianship-in-child-welfare> ; "
        "sote:organiser <organisation/pikassos>, ?xamk ; sote:startYear 2021 ; sote:startMonth 10 ; "
        "sote:endYear 2021 ; sote:endMonth 11 . ?xamk skos:altLabel 'XAMK'@fi "
        "FILTER NOT EXISTS { ?p a sote:Project ; skos:prefLabel 'Lapsen edunvalvojan koulutusprosessi'@fi }",
    "MONNI began in November 2020":
        "<project/monni> sote:startYear 2020 ; sote:startMonth 11",
    "Terveyssosiaalityön kehittäminen begins in August 2020":
        "<project/terveyssosiaalityon-kehittaminen> sote:startYear 2020 ; sote:startMonth 8",
    # organisations
    "Verso is a competence centre of Päijät-Hämeen hyvinvointiyhtymä in Päijät-Häme":
        "<organisation/verso> a sote:CompetenceCentre ; "
        "sote:subOrganisationOf <organisation/paijat-hameen-hyvinvointiyhtyma> ; "
        "sote:operatesIn <region/07>",
    "Pikassos is named in 000 and 001":
        "<organisation/pikassos> prov:wasDerivedFrom <document/000_44814395cc703dc1>, "
        "<document/001_88213a215f076537> ; skos:altLabel 'Pikassoksen'@fi",
    "Pikassos' Kanta-Häme office is in Hämeenlinna":
        "?office sote:subOrganisationOf <organisation/pikassos> ; sote:locatedIn <municipality/109>",
    "Hämeenlinnan seutu buys social ombudsman services from Pikassos":
        "?a a sote:ServiceAgreement ; sote:provider <organisation/pikassos> ; "
        "sote:customer <subregion/051> ; sote:service 'sosiaaliasiamiespalvelut'@fi",
    "so do Etelä-Pirkanmaa and Riihimäen seutu":
        "?a sote:provider <organisation/pikassos> ; sote:customer <subregion/063> . "
        "?b sote:provider <organisation/pikassos> ; sote:customer <subregion/052> . "
        "<subregion/063> skos:prefLabel 'Etelä-Pirkanmaa'@fi",
    "Kela and THL are government agencies with their abbreviations":
        "<organisation/kela> a sote:GovernmentAgency . "
        "<organisation/terveyden-ja-hyvinvoinnin-laitos> a sote:GovernmentAgency ; "
        "skos:altLabel 'THL'@fi ; prov:wasDerivedFrom <document/002_0d6851690b80626c>, "
        "<document/003_b2e8b82405e8174f>",
    "STM, XAMK and SeAMK are findable by abbreviation":
        "?stm skos:altLabel 'STM'@fi . ?xamk skos:altLabel 'XAMK'@fi . ?seamk skos:altLabel 'SeAMK'@fi",
    "Verso takes part in the Työkyky project with Kela and the TE office":
        "?a sote:project <project/tyokyky-hanke> ; sote:participant <organisation/verso> . "
        "?b sote:project <project/tyokyky-hanke> ; sote:participant <organisation/kela> . "
        "?c sote:project <project/tyokyky-hanke> ; sote:participant <organisation/te-toimisto>",
    "The Pirkanmaa and Kanta-Häme sote-centre projects belong to one programme":
        "<project/pirkanmaan-tulevaisuuden-sote-keskus-hanke> sote:partOfProgramme ?p . "
        "<project/kanta-hameen-tulevaisuuden-sote-keskushanke> sote:partOfProgramme ?p",
    # areas of activity and seats (data/README.md, "Areas of organisations and groups")
    "Hämeen liitto, administrator of Kanta-Häme's sote projects, operates in Kanta-Häme (05)":
        "<organisation/hameen-liitto> sote:operatesIn <region/05> . "
        "<region/05> skos:prefLabel 'Kanta-Häme'@fi",
    "The hospital district's PETE unit operates in Kanta-Häme":
        "<organisation/kanta-hameen-sairaanhoitopiirin-pete-yksikko> sote:operatesIn <region/05>",
    "The guardianship meetings' authorities are Kanta-Häme's":
        "<organisation/poliisi> sote:operatesIn <region/05> . "
        "<organisation/maistraatti> sote:operatesIn <region/05> . "
        "<organisation/karajaoikeus> sote:operatesIn <region/05> . "
        "?avi skos:altLabel 'AVI'@fi ; sote:operatesIn <region/05>",
    "The steering group of Hämeen liitto's projects is Kanta-Häme's":
        "<group/kanta-hameen-tulevaisuuden-sote-keskus-ja-rakenneuudistushankkeiden-ohjausryhma> "
        "sote:operatesIn <region/05>",
    "The organisations of the Päijät-Häme minutes operate in Päijät-Häme (07)":
        "<organisation/oiva> sote:operatesIn <region/07> . <organisation/aava> sote:operatesIn <region/07> . "
        "<organisation/phks> sote:operatesIn <region/07> . <organisation/phsotey> sote:operatesIn <region/07> . "
        "<region/07> skos:prefLabel 'Päijät-Häme'@fi",
    "Päijät-Hämeen hyvinvointiyhtymä operates in Päijät-Häme":
        "<organisation/paijat-hameen-hyvinvointiyhtyma> sote:operatesIn <region/07>",
    "The Päijät-Häme preparation's sub-groups operate in Päijät-Häme":
        "<group/sosiaalipalvelut-tyoryhman-lapset-ja-perheet-alatyoryhma> sote:operatesIn <region/07> . "
        "<group/sosiaalipalvelut-tyoryhman-tyoikaiset-alatyoryhma> sote:operatesIn <region/07> . "
        "<group/sosiaalipalvelut-tyoryhman-vammaispalvelut-alatyoryhma> sote:operatesIn <region/07> . "
        "<group/paijat-hameen-vanhuspalveluryhma> sote:operatesIn <region/07> . "
        "<group/paijat-hameen-terveyspalveluryhma> sote:operatesIn <region/07> . "
        "<group/paijat-hameen-alueellinen-pilottityoryhma> sote:operatesIn <region/07>",
    "Units named after their municipality are located there":
        "<organisation/tampereen-nuorisovastaanotto> sote:locatedIn <municipality/837> . "
        "<organisation/ylojarven-intensiiviyksikko> sote:locatedIn <municipality/980> . "
        "<organisation/heinolan-perhekeskus> sote:locatedIn <municipality/111> . "
        "<municipality/837> skos:prefLabel 'Tampere'@fi . <municipality/980> skos:prefLabel 'Ylöjärvi'@fi . "
        "<municipality/111> skos:prefLabel 'Heinola'@fi",
    "Schools named after their town are located there":
        "<organisation/seinajoen-ammattikorkeakoulu> sote:locatedIn <municipality/743> . "
        "<organisation/jyvaskylan-yliopisto> sote:locatedIn <municipality/179> . "
        "<organisation/kokkolan-yliopistokeskus-chydenius> sote:locatedIn <municipality/272> . "
        "<municipality/743> skos:prefLabel 'Seinäjoki'@fi . <municipality/179> skos:prefLabel 'Jyväskylä'@fi . "
        "<municipality/272> skos:prefLabel 'Kokkola'@fi",
    "Documents carry identifier, title and type":
        "<document/003_b2e8b82405e8174f> a sote:SourceDocument ; "
        "dcterms:identifier '003_b2e8b82405e8174f.txt' ; dcterms:type 'uutinen/artikkeli' ; "
        "dcterms:date '2020-06-23'^^xsd:date ; dcterms:title ?t",
}


@pytest.mark.parametrize("body", FACTS.values(), ids=FACTS.keys())
def test_document_fact(store, body) -> None:
    assert ask(store, body)


@pytest.mark.parametrize("where, expected", [
    ("?p sote:project <project/pro-sos-pikassos> ; sote:role <role/participating-municipality> ; "
     "sote:participant ?m . ?m a sote:Municipality", 17),
    ("<project/pro-sos> sote:hasGoal ?g . ?g sote:ordinal ?n", 4),
    ("<project/pro-sos-pikassos> sote:hasGoal ?g", 3),
    ("<project/pirkanmaan-tulevaisuuden-sote-keskus-hanke> sote:hasGoal ?g", 7),
    ("?m sote:memberOf <group/pirkanmaan-lape-tiimi> ; sote:member ?person", 6),
    ("<meeting/paijat-hameen-sote-yhteistyo-sosiaalipalvelut-tyoryhma-2016-03-18> "
     "sote:attendee ?person", 9),
    ("?a sote:provider <organisation/pikassos>", 4),
    ("?d a sote:SourceDocument", 5),
], ids=["17 municipalities in Pikassos' sub-project", "PRO SOS goals 1-4",
        "sub-project goals 1-3", "Pirkanmaa reform goals", "six-person LAPE team",
        "nine attendees on 18.3.2016", "four social ombudsman agreements", "five documents"])
def test_document_count(store, where, expected) -> None:
    assert count(store, where) == expected


@pytest.mark.parametrize("code", ["837", "694"])
def test_sub_project_municipalities_include(store, code) -> None:
    assert ask(store, f"?p sote:project <project/pro-sos-pikassos> ; "
                      f"sote:participant <municipality/{code}>")


def test_sub_project_municipalities_lie_where_the_text_says(store) -> None:
    """001: fifteen from Pirkanmaa, Huittinen from Satakunta, Riihimäki from Kanta-Häme (2016)."""
    rows = select(store, "SELECT ?region (COUNT(DISTINCT ?m) AS ?n) WHERE { "
                         "?p sote:project <project/pro-sos-pikassos> ; sote:participant ?m . "
                         "?c sote:municipality ?m ; sote:classificationYear 2016 ; sote:region ?r . "
                         "?r skos:prefLabel ?region FILTER (lang(?region) = 'fi') } GROUP BY ?region")
    assert {row["region"]: int(row["n"]) for row in rows} == {
        "Pirkanmaa": 15, "Satakunta": 1, "Kanta-Häme": 1}


# 000: "Hämeenlinnan seutukunta muodostuu keskuskaupunki Hämeenlinnasta sekä Hattulasta ja
# Janakkalasta. Riihimäen seudulla on Riihimäen kaupunki sekä Lopen ja Hausjärven kunnat. Forssan
# seutukunta muodostuu Forssan kaupungin sekä Humppilan, Tammelan, Jokioisten ja Ypäjän kuntien
# alueesta." — reference data already; it must agree with the 2021 classification.
KANTA_HAME_SUBREGIONS = {
    "Hämeenlinna": {"Hämeenlinna", "Hattula", "Janakkala"},
    "Riihimäki": {"Riihimäki", "Loppi", "Hausjärvi"},
    "Forssa": {"Forssa", "Humppila", "Tammela", "Jokioinen", "Ypäjä"},
}


def test_kanta_hame_sub_regions_agree_with_the_2021_reference(store) -> None:
    rows = select(store, "SELECT ?subregion ?municipality WHERE { "
                         "?c sote:classificationYear 2021 ; sote:region <region/05> ; "
                         "sote:subRegion ?s ; sote:municipality ?m . "
                         "?s skos:prefLabel ?subregion . ?m skos:prefLabel ?municipality "
                         "FILTER (lang(?subregion) = 'fi' && lang(?municipality) = 'fi') }")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["subregion"], set()).add(row["municipality"])
    assert found == KANTA_HAME_SUBREGIONS


#: Organisations and groups the documents do not place (data/README.md): national agencies and
#: the association of municipalities act nationally, and the text gives no area for the others.
UNPLACED = {
    "organisation/sosiaali-ja-terveysministerio", "organisation/terveyden-ja-hyvinvoinnin-laitos",
    "organisation/kela", "organisation/suomen-kuntaliitto", "organisation/te-toimisto", "organisation/suomen-valtio",
    "organisation/eksote", "organisation/nhg", "organisation/sonetbotnia",
    "organisation/hameen-ammattikorkeakoulu", "organisation/kaakkois-suomen-ammattikorkeakoulu",
    "group/pro-sos-hankkeen-ohjausryhma", "group/taloussosiaalityon-tyoryhma",
}


def test_organisations_and_groups_are_placed_unless_the_text_gives_no_place(store) -> None:
    """Each curated organisation and group has a seat or an area, or is one of UNPLACED (and then none)."""
    rows = select(store, f"SELECT DISTINCT ?s WHERE {{ GRAPH {CURATED_GRAPH} {{ ?s skos:prefLabel ?l }} "
                         f"FILTER REGEX(STR(?s), '^{ID}(organisation|group)/') "
                         "FILTER NOT EXISTS { ?s sote:locatedIn|sote:operatesIn ?area } }")
    assert sorted(row["s"].removeprefix(ID) for row in rows) == sorted(UNPLACED)


def test_region_views_list_the_placed_actors() -> None:
    """The collaboration network filtered by region (as /explore?region=…) keeps the placed actors."""
    from rdflib import URIRef

    from sotegraph.network.fetch import load_network_data
    from sotegraph.network.projections import Filters, collaboration_graph
    from sotegraph.store.bundled import load_bundled
    from sotegraph.store.embedded import OxigraphStore

    bundle = OxigraphStore(None)
    try:
        load_bundled(bundle)
        data = load_network_data(bundle)
    finally:
        bundle.close()
    expected = {
        "region/05": {"organisation/hameen-liitto", "organisation/kanta-hameen-sairaanhoitopiirin-pete-yksikko",
                      "organisation/poliisi", "organisation/maistraatti", "organisation/karajaoikeus",
                      "organisation/aluehallintovirasto", "organisation/pikassos"},
        "region/07": {"organisation/paijat-hameen-hyvinvointiyhtyma", "organisation/verso"},
    }
    for region, actors in expected.items():
        nodes = {node.removeprefix(ID) for node in collaboration_graph(data, Filters(region=URIRef(ID + region)))}
        assert actors <= nodes, region


# --- Integrity of the curated graph --------------------------------------------------------

def test_every_curated_entity_has_a_source(store) -> None:
    missing = select(store, f"SELECT DISTINCT ?s WHERE {{ GRAPH {CURATED_GRAPH} {{ ?s ?p ?o "
                            "FILTER NOT EXISTS { ?s a sote:SourceDocument } "
                            "FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?d } } }")
    assert missing == []


def test_every_source_is_a_declared_document(store) -> None:
    undeclared = select(store, f"SELECT DISTINCT ?d WHERE {{ GRAPH {CURATED_GRAPH} {{ "
                               "?s prov:wasDerivedFrom ?d "
                               "FILTER NOT EXISTS { ?d a sote:SourceDocument } } }")
    assert undeclared == []


def test_curated_data_never_redeclares_a_reference_area(store) -> None:
    kinds = " ".join(f"'{ID}{kind}/'" for kind in AREA_KINDS)
    redeclared = select(store, f"SELECT ?s ?p WHERE {{ GRAPH {CURATED_GRAPH} {{ ?s ?p ?o }} "
                               "VALUES ?p { rdf:type skos:prefLabel skos:altLabel sote:officialCode } "
                               f"VALUES ?kind {{ {kinds} }} FILTER STRSTARTS(STR(?s), ?kind) }}")
    assert redeclared == []


def test_every_data_iri_used_is_declared(store) -> None:
    undeclared = select(store, f"SELECT DISTINCT ?o WHERE {{ GRAPH {CURATED_GRAPH} {{ ?s ?p ?o }} "
                               f"FILTER (isIRI(?o) && STRSTARTS(STR(?o), '{ID}')) "
                               "FILTER NOT EXISTS { ?o a ?type } }")
    assert undeclared == []


def test_every_entity_has_one_finnish_preferred_label(store) -> None:
    rows = select(store, f"SELECT ?s (COUNT(?label) AS ?n) WHERE {{ GRAPH {CURATED_GRAPH} {{ "
                         "?s a ?type FILTER (?type NOT IN (sote:SourceDocument, sote:Participation, "
                         "sote:Membership, sote:Funding, sote:ProjectStatus)) "
                         "OPTIONAL { ?s skos:prefLabel ?label FILTER (lang(?label) = 'fi') } } } "
                         "GROUP BY ?s")
    assert [row["s"] for row in rows if row["n"] != "1"] == []


#: Keys that follow docs/model.md's sub-project example (`{parent}-{administrator}`), not a slug.
SUB_PROJECT_KEYS = {"pro-sos-pikassos", "pro-sos-verso"}


def test_keys_are_slugs_of_the_finnish_name(store) -> None:
    rows = select(store, f"SELECT ?s ?label WHERE {{ GRAPH {CURATED_GRAPH} {{ "
                         "?s skos:prefLabel ?label FILTER (lang(?label) = 'fi') } "
                         f"FILTER REGEX(STR(?s), '^{ID}(organisation|person|group|project|programme)/') }}")
    wrong = [(row["s"], row["label"]) for row in rows
             if row["s"].rsplit("/", 1)[1] not in SUB_PROJECT_KEYS | {slug(row["label"])}]
    assert wrong == []


def key_of(iri: str) -> str:
    """The key of an id/ IRI: 'organisation-pikassos' for id/organisation/pikassos."""
    return iri.removeprefix(ID).replace("/", "-", 1)


def test_participation_and_membership_keys_name_their_links(store) -> None:
    rows = select(store, "SELECT ?node ?whole ?actor ?role WHERE { GRAPH " + CURATED_GRAPH + " { "
                         "{ ?node sote:project ?whole ; sote:participant ?actor ; sote:role ?role } "
                         "UNION { ?node sote:memberOf ?whole ; sote:member ?actor ; sote:role ?role } } }")
    wrong = [row["node"] for row in rows
             if row["node"].rsplit("/", 1)[1] != "--".join((
                 row["whole"].rsplit("/", 1)[1], key_of(row["actor"]),
                 row["role"].rsplit("/", 1)[1]))]
    assert rows and wrong == []


def test_periods_are_ordered_and_participations_lie_within_their_project(store) -> None:
    wrong = select(store, f"SELECT ?s WHERE {{ GRAPH {CURATED_GRAPH} {{ "
                          "{ ?s sote:startYear ?a ; sote:endYear ?b FILTER (?a > ?b) } UNION "
                          "{ ?s sote:startDate ?a ; sote:endDate ?b FILTER (?a > ?b) } UNION "
                          "{ ?s sote:startDate ?d ; sote:startYear ?y FILTER (YEAR(?d) != ?y) } UNION "
                          "{ ?s sote:date ?d ; sote:startYear ?y FILTER (YEAR(?d) != ?y) } UNION "
                          "{ ?s sote:startYear ?y ; sote:endYear ?y ; sote:startMonth ?a ; sote:endMonth ?b "
                          "  FILTER (?a > ?b) } UNION "
                          "{ ?s sote:startMonth ?m FILTER NOT EXISTS { ?s sote:startYear ?y } } UNION "
                          "{ ?s sote:endMonth ?m FILTER NOT EXISTS { ?s sote:endYear ?y } } UNION "
                          "{ ?s sote:startMonth ?m ; sote:startDate ?d } UNION "
                          "{ ?s sote:startMonth ?m ; sote:date ?d } UNION "
                          "{ ?s sote:project ?p . ?p sote:startYear ?ps . ?s sote:startYear ?s0 "
                          "  FILTER (?s0 < ?ps) } UNION "
                          "{ ?s sote:project ?p . ?p sote:endYear ?pe . ?s sote:endYear ?s1 "
                          "  FILTER (?s1 > ?pe) } } }")
    assert wrong == []


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_quotes_and_goal_texts_are_verbatim(store) -> None:
    """Every quotation (pieces joined by '…') appears in one of its node's source documents."""
    documents = {path.name: normalised(path.read_text(encoding="utf-8"))
                 for path in shared_dir("seeds").glob("*.txt")}
    rows = select(store, f"SELECT ?s ?text ?file WHERE {{ GRAPH {CURATED_GRAPH} {{ "
                         "?s sote:quote|sote:goalText ?text ; prov:wasDerivedFrom ?d . "
                         "?d dcterms:identifier ?file } }")
    sources: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        sources.setdefault((row["s"], row["text"]), []).append(documents[row["file"]])
    not_found = [(subject, text) for (subject, text), texts in sources.items()
                 if not any(all(normalised(piece) in document
                                for piece in re.split(r"\s*…\s*", text) if piece.strip())
                            for document in texts)]
    assert sources and not_found == []


def test_curated_reference_and_ontology_conform_to_the_shapes() -> None:
    """The shapes' contract: no inference, the ontology in the data graph, warnings allowed."""
    data = Graph()
    for paths in graph_files().values():
        for path in paths:
            data.parse(path, format="turtle")
    shapes = Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           allow_warnings=True)
    assert conforms, report


# --- issue 14: no entity alone, document texts, funders, statuses ---------------------------------

#: Relations that place or source a node rather than link it to another entity.
_NOT_LINKS = "sote:operatesIn, sote:locatedIn, prov:wasDerivedFrom, sote:minutes"
_RECORDS = "sote:Participation, sote:Membership, sote:Funding, sote:ServiceAgreement, sote:ProjectStatus"
ALONE = f"""
SELECT ?entity WHERE {{
  GRAPH {CURATED_GRAPH} {{ ?entity prov:wasDerivedFrom ?source ; skos:prefLabel ?label }}
  FILTER NOT EXISTS {{
    {{ ?entity ?p ?other }} UNION {{ ?other ?p ?entity }}
    UNION {{ ?record ?p1 ?entity ; ?p2 ?other . ?record a ?kind . FILTER (?kind IN ({_RECORDS})) }}
    FILTER (isIRI(?other) && ?other != ?entity)
    FILTER (!BOUND(?p) || ?p NOT IN ({_NOT_LINKS}))
    FILTER (!BOUND(?p1) || ?p1 NOT IN ({_NOT_LINKS}))
    FILTER NOT EXISTS {{ ?other a ?ignored .
                        FILTER (?ignored IN (sote:SourceDocument, skos:Concept, skos:ConceptScheme, sote:Region,
                                             sote:SubRegion, sote:AreaClassification, {_RECORDS})) }}
    FILTER (!STRSTARTS(STR(?other), "https://w3id.org/sotegraph/ontology#")
            && !STRSTARTS(STR(?other), "http://www.w3.org/"))
  }}
}}"""


def test_no_curated_entity_stands_alone(store) -> None:
    """Every curated entity is linked to another entity, directly or through a qualified record.

    Documents, concepts, regions and sub-regions do not count as the other end, nor do links that
    place an actor (operatesIn, locatedIn). Municipalities count: they are actors too.
    """
    assert select(store, ALONE) == []


def test_the_alone_check_finds_a_node_with_only_a_place(store) -> None:
    store.update(PREFIXES + f"INSERT DATA {{ GRAPH {CURATED_GRAPH} {{ "
                 "<organisation/x> a sote:NonGovernmentalOrganisation ;"
                 ' skos:prefLabel "X"@fi ; sote:operatesIn <region/05> ;'
                 " prov:wasDerivedFrom <document/000_44814395cc703dc1> } }")
    try:
        assert select(store, ALONE) == [{"entity": f"{ID}organisation/x"}]
    finally:
        store.update(PREFIXES + f"DELETE WHERE {{ GRAPH {CURATED_GRAPH} {{ <organisation/x> ?p ?o }} }}")


def test_bundled_document_texts_are_the_seed_files() -> None:
    """The bundle carries each document's text with its SHA-256; where the seeds are at hand, they are equal."""
    import hashlib

    texts = Graph().parse(CURATED / "document-texts.ttl", format="turtle")
    rows = list(texts.query(PREFIXES + "SELECT ?d ?text ?sum WHERE { ?d sote:fullText ?text ; sote:sha256 ?sum }"))
    assert len(rows) == 5
    for document, text, digest in rows:
        assert hashlib.sha256(str(text).encode("utf-8")).hexdigest() == str(digest), document
    seeds = shared_dir("seeds")
    for document, _, digest in rows:
        path = seeds / f"{str(document).rsplit('/', 1)[-1]}.txt"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == str(digest), path


FUNDERS = """
SELECT ?funder ?instrument WHERE {
  ?funding a sote:Funding ; sote:instrument ?instrument .
  { ?funding sote:fundedProject|sote:recipient ?what } UNION { ?funding sote:shareOf/sote:fundedProject ?what }
  OPTIONAL { ?funding sote:funder ?funder }
  FILTER (?what = <%s>)
}"""


def test_who_funds_verso_the_state_and_municipalities(store) -> None:
    rows = select(store, FUNDERS % f"{ID}organisation/verso")
    assert {(row.get("funder"), row["instrument"]) for row in rows} == {
        (f"{ID}organisation/suomen-valtio", f"{ID}instrument/basic-funding"),
        (None, f"{ID}instrument/municipal-funding")}


def test_pro_sos_is_funded_by_the_esf_and_its_funder_is_not_named(store) -> None:
    rows = select(store, FUNDERS % f"{ID}project/pro-sos")
    assert {(row.get("funder"), row["instrument"]) for row in rows} == {(None, f"{ID}instrument/esr")}


def test_state_subsidy_of_29_projects_is_not_funding_of_the_programme(store) -> None:
    rows = select(store, "SELECT ?f WHERE { ?f sote:fundedProject <project/sosiaalialan-kehittamishanke> }")
    assert rows == []
    rows = select(store, "SELECT ?funder ?recipient WHERE { ?f sote:fundingProgramme "
                         "<project/sosiaalialan-kehittamishanke> ; sote:funder ?funder ; sote:recipient ?recipient }")
    assert rows == [{"funder": f"{ID}organisation/suomen-valtio", "recipient": f"{ID}region/05"}]


@pytest.mark.parametrize(("project", "status"), [
    ("tyokyky-hanke", "applied"), ("mielenterveysosaamisen-lisaaminen-kunnissa", "in-preparation"),
    ("vammaisten-henkiloiden-itsemaaraamisoikeuden-ja-valinnanvapauden-lisaaminen", "applied"),
    ("koda", "in-preparation"), ("monni", "running")])
def test_applications_and_plans_have_their_status(store, project: str, status: str) -> None:
    rows = select(store, f"SELECT ?s WHERE {{ ?r sote:statusOf <project/{project}> ; sote:status ?s }}")
    assert rows == [{"s": f"{ID}status/{status}"}]


def test_heli_niemis_pro_sos_post_has_its_period(store) -> None:
    rows = select(store, "SELECT ?start ?end WHERE { ?m sote:member <person/heli-niemi> ; "
                         "sote:memberOf <project/pro-sos-pikassos> ; sote:startYear ?start ; sote:endYear ?end }")
    assert rows == [{"start": "2016", "end": "2018"}]
