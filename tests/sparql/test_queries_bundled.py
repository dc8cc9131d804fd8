"""Every named query on the bundled graph, with answers checked against the source documents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef

from sotegraph.sparql import catalog
from sotegraph.store import SelectResult, Store

ID = "https://w3id.org/sotegraph/id/"


def run(store: Store, name: str, **values: str) -> list[dict]:
    """Rows of named query `name` as {column: python value or IRI string}."""
    result = catalog.run(store, catalog.get_query(name), values)
    assert isinstance(result, SelectResult)
    assert result.variables == list(catalog.get_query(name).columns)
    return [{key: str(value) if isinstance(value, URIRef) else value.toPython() for key, value in row.items()}
            for row in result.dicts()]


def test_region_municipalities_kanta_hame(memory_store: Store) -> None:
    rows = run(memory_store, "region-municipalities", region="Kanta-Häme")
    assert len(rows) == 11 and len({row["subRegion"] for row in rows}) == 3
    assert {"Hämeenlinna", "Riihimäki", "Forssa"} <= {row["municipalityLabel"] for row in rows}
    assert {row["year"] for row in rows} == {2025}
    hameenlinna = next(row for row in rows if row["municipalityLabel"] == "Hämeenlinna")
    assert hameenlinna["code"] == "109" and hameenlinna["subRegionLabel"] == "Hämeenlinna"


def test_region_municipalities_other_year_and_iri(memory_store: Store) -> None:
    rows = run(memory_store, "region-municipalities", region=f"{ID}region/05", year="2016")
    assert {row["year"] for row in rows} == {2016} and len(rows) == 11


def test_project_participants_pro_sos(memory_store: Store) -> None:
    rows = run(memory_store, "project-participants", project="PRO SOS")
    by_actor = {row["actorLabel"]: row for row in rows}
    assert by_actor["SONetBotnia"]["roleLabel"] == "hallinnoija" and "subProject" not in by_actor["SONetBotnia"]
    assert by_actor["Seinäjoen ammattikorkeakoulu"]["role"] == f"{ID}role/administrator"
    for municipality in ("Tampere", "Riihimäki", "Huittinen"):  # via the Pikassos sub-project
        assert by_actor[municipality]["subProject"] == f"{ID}project/pro-sos-pikassos"
    assert {"Suomen Kuntaliitto", "Pikassos", "Heli Niemi"} <= set(by_actor)


def test_project_funding_pro_sos(memory_store: Store) -> None:
    rows = run(memory_store, "project-funding", project="pro sos")
    whole = next(row for row in rows if "subProject" not in row)
    assert whole["amount"] == Decimal("2400000") and whole["currency"] == "EUR"
    assert whole["instrument"] == f"{ID}instrument/esr"
    assert str(whole["start"]) == "2016-08-01" and str(whole["end"]) == "2018-12-31"
    share = next(row for row in rows if row.get("subProject") == f"{ID}project/pro-sos-pikassos")
    assert share["amount"] == Decimal("215000") and share["shareOf"] == whole["funding"]
    assert share["instrument"] == f"{ID}instrument/esr"  # inherited from the whole


def test_actor_projects_pikassos(memory_store: Store) -> None:
    rows = run(memory_store, "actor-projects", actor="Pikassos")
    projects = {row["project"]: row for row in rows}
    assert projects[f"{ID}project/monni"]["startYear"] == 2020 and projects[f"{ID}project/monni"]["endYear"] == 2022
    assert projects[f"{ID}project/pro-sos"]["subProject"] == f"{ID}project/pro-sos-pikassos"


def test_actor_partners_pikassos(memory_store: Store) -> None:
    rows = run(memory_store, "actor-partners", actor="Pikassos")
    partners = {row["partnerLabel"]: row for row in rows}
    assert "Tampere" in partners and "PRO SOS, Pikassoksen osahanke" in partners["Tampere"]["sharedLabels"]
    assert "Pikassos" not in partners
    counts = [row["sharedCount"] for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_network_members_forum(memory_store: Store) -> None:
    rows = run(memory_store, "network-members", network="Kanta-Hämeen sosiaalijohdon foorumi")
    members = {row["memberLabel"] for row in rows}
    assert "Pikassos" in members and "Kanta-Hämeen sairaanhoitopiirin PETE-yksikkö" in members


def test_person_roles_heli_niemi(memory_store: Store) -> None:
    rows = run(memory_store, "person-roles", person="heli niemi")
    roles = {(row["context"], row["role"]) for row in rows}
    assert (f"{ID}project/pro-sos-pikassos", f"{ID}role/project-worker") in roles  # hanketyöntekijä (doc 001)
    assert any(role == f"{ID}role/project-manager" for _, role in roles)  # hankepäällikkö (doc 004)


def test_projects_active(memory_store: Store) -> None:
    in_2017 = {row["project"] for row in run(memory_store, "projects-active", year="2017")}
    assert {f"{ID}project/pro-sos", f"{ID}project/pro-sos-pikassos"} <= in_2017
    assert f"{ID}project/monni" not in in_2017
    assert f"{ID}project/monni" in {row["project"] for row in run(memory_store, "projects-active", year="2021")}


def test_actor_sources_pikassos(memory_store: Store) -> None:
    rows = run(memory_store, "actor-sources", actor="Pikassos")
    identifiers = {row["identifier"] for row in rows}
    assert {"000_44814395cc703dc1.txt", "001_88213a215f076537.txt"} <= identifiers
    assert all(row["title"] and row["facts"] >= 1 for row in rows)


def test_uninvolved_municipalities_kanta_hame(memory_store: Store) -> None:
    rows = run(memory_store, "uninvolved-municipalities", region="Kanta-Häme")
    uninvolved = {row["municipalityLabel"] for row in rows}
    everyone = {row["municipalityLabel"] for row in run(memory_store, "region-municipalities", region="Kanta-Häme")}
    assert "Riihimäki" not in uninvolved  # in PRO SOS through the Pikassos sub-project
    assert uninvolved < everyone and "Forssa" in uninvolved


def test_theme_projects_child_welfare(memory_store: Store) -> None:
    rows = run(memory_store, "theme-projects", theme="lastensuojelu")
    monni = next(row for row in rows if row["project"] == f"{ID}project/monni")
    assert monni["administratorLabel"] == "Pikassos"


def test_region_funders(memory_store: Store) -> None:
    rows = run(memory_store, "region-funders", region="Pirkanmaa")
    esr = next(row for row in rows if row.get("instrument") == f"{ID}instrument/esr")
    assert esr["knownAmount"] >= Decimal("2400000") and "PRO SOS" in esr["projectLabels"]


def test_competence_centre_networks(memory_store: Store) -> None:
    rows = run(memory_store, "competence-centre-networks", centre="Pikassos")
    assert {row["centre"] for row in rows} == {f"{ID}organisation/pikassos"}
    assert f"{ID}group/kanta-hameen-sosiaalijohdon-foorumi" in {row["group"] for row in rows}
    assert len(run(memory_store, "competence-centre-networks")) >= len(rows)


def test_co_funded_projects_have_several_sources(memory_store: Store) -> None:
    assert all(row["sourceCount"] > 1 for row in run(memory_store, "co-funded-projects"))


@pytest.mark.parametrize("query", catalog.list_queries(), ids=lambda query: query.name)
def test_every_query_runs_with_its_examples_and_labels_entities(memory_store: Store, query: catalog.NamedQuery) -> None:
    values = {p.name: p.example for p in query.parameters if not p.optional}
    rows = run(memory_store, query.name, **values)
    for row in rows:
        for column in query.columns:
            if column + "Label" in query.columns and column in row:
                assert column + "Label" in row, f"{query.name}: {row[column]} has no label"


# --- issue 14: funders, statuses, posts over time, project relations ------------------------------

def test_funders_of_verso_state_and_unnamed_municipalities(memory_store: Store) -> None:
    rows = run(memory_store, "funders", funded="Verso")
    assert {(row.get("funderLabel"), row["instrument"]) for row in rows} == {
        ("Suomen valtio", f"{ID}instrument/basic-funding"), (None, f"{ID}instrument/municipal-funding")}
    assert all(row["how"] == "recipient" for row in rows)
    assert "nimettyjä" in next(row["note"] for row in rows if "funder" not in row)


def test_funders_of_pro_sos_esf_share_to_pikassos_funder_not_named(memory_store: Store) -> None:
    rows = run(memory_store, "funders", funded="PRO SOS")
    assert {row["instrument"] for row in rows} == {f"{ID}instrument/esr"}
    assert not any("funder" in row for row in rows) and "ESR" in rows[0]["note"]
    share = next(row for row in rows if row["project"] == f"{ID}project/pro-sos-pikassos")
    assert share["recipient"] == f"{ID}organisation/pikassos" and share["amount"] == Decimal("215000")


def test_projects_by_status_applied(memory_store: Store) -> None:
    rows = run(memory_store, "projects-by-status", status="haettu")
    assert {row["project"].removeprefix(ID) for row in rows} == {
        "project/tyokyky-hanke",
        "project/vammaisten-henkiloiden-itsemaaraamisoikeuden-ja-valinnanvapauden-lisaaminen"}
    assert {(row["sinceYear"], row["sinceMonth"]) for row in rows} == {(2020, 6)}


def test_post_holders_in_2017(memory_store: Store) -> None:
    rows = run(memory_store, "post-holders", organisation="PRO SOS, Pikassoksen osahanke", year="2017")
    assert {(row["personLabel"], row["post"].removeprefix(ID)) for row in rows} == {
        ("Heli Niemi", "role/project-worker"), ("Sirpa Karjalainen", "role/project-coordinator")}
    assert run(memory_store, "post-holders", organisation="PRO SOS, Pikassoksen osahanke", year="2020") == []


def test_project_relations_of_pikassos_and_tyokyky(memory_store: Store) -> None:
    rows = run(memory_store, "project-relations", project="Pikassos")
    assert {(row["relation"], row["otherLabel"]) for row in rows} >= {
        ("builds on", "Kaste"), ("builds on", "Osaava lastensuojelu"), ("works with", "POTKU")}
    rows = run(memory_store, "project-relations", project="Työkyky-hanke")
    assert [(row["relation"], row["otherLabel"]) for row in rows] == [("works with", "Työllisyyden kuntakokeilu")]
