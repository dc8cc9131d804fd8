"""One filter model for the CLI, /api/network and /explore: same names, values and refusals everywhere.

Every case runs on all three surfaces over the same content (the bundled graphs plus the explore
test collaboration): the CLI as `sotegraph analyze`, the API as `/api/network`, the graph view as
`/explore/data.json` and the `/explore` page. A bad value or unknown parameter is exit 2 / HTTP 400,
an unknown entity exit 1 / HTTP 404 (CONVENTIONS: nothing found is "the answer is no").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from flask.testing import FlaskClient

from explore_fixtures import (
    COLLABORATION,
    HAMEENLINNA,
    HOSTILE,
    PIKASSOS,
    TAMPERE,
    TEST_GRAPH,
    add_collaboration,
    drawn,
)
from repo_paths import REPO_ROOT
from sotegraph.cli import analysis_commands, store_commands
from sotegraph.cli.group import main
from sotegraph.network.filters import FILTER_NAMES, FILTERS, YEAR_RANGE
from sotegraph.store.bundled import load_bundled
from sotegraph.store.embedded import OxigraphStore
from sotegraph_webviz import create_app

README = REPO_ROOT / "README.md"
PROJECT_A, PROJECT_B = "id/project/testihanke-a", "id/project/testihanke-b"
KANTA_HAME_COUNTY = "Kanta-Hämeen hyvinvointialue"  # Hämeenlinna's wellbeing services county (2025)
CLI_EXIT = {400: 2, 404: 1}
SURFACES = ("cli", "api", "explore")
VIEW = ["projection", "size", "color", "expand", "ego", "radius"]  # /explore's own parameters

Query = list[tuple[str, str]]


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store directory with the bundled graphs and the explore collaboration graph."""
    location = str(tmp_path_factory.mktemp("filters") / "store")
    runner = CliRunner()
    for args in (["init"], ["load", "--graph", TEST_GRAPH, str(COLLABORATION)]):
        result = runner.invoke(main, args, env={"SOTEGRAPH_STORE": location}, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    return location


@pytest.fixture(scope="module")
def web() -> Iterator[FlaskClient]:
    """The web app over an in-memory store with the same content as `cli_store`."""
    store = OxigraphStore(None)
    load_bundled(store)
    add_collaboration(store)
    yield create_app({"TESTING": True, "STORE": store}).test_client()
    store.close()


def cli(location: str, args: list[str]) -> Result:
    return CliRunner().invoke(main, args, env={"SOTEGRAPH_STORE": location}, catch_exceptions=False)


def query_string(query: Query) -> str:
    return "&".join(f"{name}={value}" for name, value in query)


def run(surface: str, query: Query, cli_store: str, web: FlaskClient) -> set[str] | int:
    """The actors drawn for `query` on `surface`, or the HTTP status (CLI: exit code mapped back)."""
    if surface == "cli":
        options = [part for name, value in query for part in (f"--{name.replace('_', '-')}", value)]
        result = cli(cli_store, ["analyze", "--measure", "degree", "--top", "0", "--format", "json", *options])
        if result.exit_code:
            return {code: status for status, code in CLI_EXIT.items()}[result.exit_code]
        return {row["iri"] for row in json.loads(result.stdout)["measures"]}
    url = "/api/network?measure=degree&" if surface == "api" else "/explore/data.json?"
    response = web.get(url + query_string(query))
    if response.status_code != 200:
        body = response.get_json()
        assert set(body) == {"ok", "error", "status"} and body["status"] == response.status_code
        if surface == "explore":  # the page refuses it with the same status
            assert web.get("/explore?" + query_string(query)).status_code == response.status_code
        return response.status_code
    payload = response.get_json()
    return {node["id"] for node in payload["nodes"]} if surface == "api" else set(drawn(payload)[0])


CASES: list[tuple[str, Query, set[str] | int]] = [
    ("project", [("project", PROJECT_A)], {PIKASSOS, HOSTILE, HAMEENLINNA}),
    ("project-by-name", [("project", "Testihanke A")], {PIKASSOS, HOSTILE, HAMEENLINNA}),
    ("type", [("project", PROJECT_A), ("type", "Municipality")], {HAMEENLINNA}),
    ("types-repeated", [("project", PROJECT_A), ("type", "NonGovernmentalOrganisation"),
                        ("type", "CompetenceCentre")], {PIKASSOS, HOSTILE}),
    ("types-comma", [("project", PROJECT_A), ("type", "NonGovernmentalOrganisation,CompetenceCentre")],
     {PIKASSOS, HOSTILE}),
    ("type-by-label", [("project", PROJECT_A), ("type", "kunta")], {HAMEENLINNA}),
    ("region", [("project", PROJECT_A), ("region", "Kanta-Häme")], {HAMEENLINNA}),
    ("region-iri-year", [("project", PROJECT_A), ("region", "id/region/05"), ("year", "2021")], {HAMEENLINNA}),
    ("region-wellbeing-county", [("project", PROJECT_A), ("region", KANTA_HAME_COUNTY)], {HAMEENLINNA}),
    ("region-wellbeing-county-iri", [("project", PROJECT_A), ("region", "id/wellbeing-county/07")], {HAMEENLINNA}),
    ("funder-organisation", [("project", PROJECT_B), ("funder", "id/organisation/testiministerio")],
     {PIKASSOS, TAMPERE}),
    ("funder-instrument", [("project", PROJECT_B), ("funder", "valtionavustus")], {PIKASSOS, TAMPERE}),
    ("funder-instrument-iri", [("project", PROJECT_B), ("funder", "id/instrument/state-grant")], {PIKASSOS, TAMPERE}),
    ("theme", [("project", PROJECT_A), ("theme", "lastensuojelu")], {PIKASSOS, HOSTILE, HAMEENLINNA}),
    ("period", [("project", PROJECT_B), ("from", "2016"), ("to", "2018")], {PIKASSOS, TAMPERE}),
    ("period-after", [("project", PROJECT_B), ("from", "2019")], set()),
    ("bad-year", [("from", "twenty")], 400),
    ("year-before-range", [("from", str(YEAR_RANGE.start - 1))], 400),
    ("year-after-range", [("to", str(YEAR_RANGE.stop))], 400),
    ("bad-classification-year", [("year", "12")], 400),
    ("reversed-period", [("from", "2020"), ("to", "2010")], 400),
    ("unknown-region", [("region", "Atlantis")], 404),
    ("not-an-area", [("region", "Testikeskus")], 404),
    ("unknown-type", [("type", "NoSuchType")], 404),
    ("unknown-funder", [("funder", "id/organisation/nope")], 404),
    ("unknown-parameter", [("colour", "red")], 400),
    ("old-explore-name", [("year_from", "2020")], 400),
    ("old-api-name", [("classification_year", "2021")], 400),
]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("query", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_every_surface_takes_the_same_filters(surface: str, query: Query, expected: set[str] | int,
                                              cli_store: str, web: FlaskClient) -> None:
    assert run(surface, query, cli_store, web) == expected


def test_the_cli_options_are_the_model(cli_store: str) -> None:
    commands = [analysis_commands.analyze, analysis_commands.path, analysis_commands.ego,
                analysis_commands.evolution_command, store_commands.export]
    for command in commands:
        options = {param.name: param.opts for param in command.params if param.name in FILTER_NAMES}
        assert options == {item.name: [item.option] for item in FILTERS}, command.name
    coverage = {param.name for param in analysis_commands.coverage_command.params}
    assert coverage & set(FILTER_NAMES) == {"region", "year"}


def test_unknown_parameter_names_the_valid_ones(web: FlaskClient) -> None:
    for url, own in [("/api/network?colour=red", ["measure", "projection"]),
                     ("/api/network/ego?actor=Tampere&colour=red", ["actor", "radius"]),
                     ("/explore/data.json?colour=red", VIEW),
                     ("/explore/path.json?colour=red", [*VIEW, "a", "b"])]:
        response = web.get(url)
        error = response.get_json()["error"]
        assert response.status_code == 400 and "'colour'" in error, url
        listed = set(re.search(r"valid here: ([^)]*)", error).group(1).split(", "))
        assert listed == {*FILTER_NAMES, *own, "lang"}, url
    coverage = web.get("/api/network/coverage?region=Kanta-Häme&from=2020").get_json()
    assert coverage["status"] == 400 and "valid here: region, year, lang" in coverage["error"]
    search = web.get("/explore/search.json?q=Tampere&region=Pirkanmaa").get_json()
    assert search["status"] == 400 and "valid here: q, limit, lang" in search["error"]
    page = web.get("/explore?colour=red&lang=en")
    assert page.status_code == 400 and "unknown parameter &#39;colour&#39;" in page.get_data(as_text=True)


def test_unknown_cli_option_is_a_usage_error(cli_store: str) -> None:
    result = cli(cli_store, ["analyze", "--colour", "red"])
    assert result.exit_code == 2 and "--colour" in result.stderr


def test_a_filter_given_twice_on_the_web_is_refused(web: FlaskClient) -> None:
    for url in ("/api/network?region=Pirkanmaa&region=Kanta-Häme", "/explore/data.json?from=2016&from=2017"):
        response = web.get(url)
        assert response.status_code == 400 and "takes one value" in response.get_json()["error"]


def test_coverage_of_a_wellbeing_services_county(cli_store: str, web: FlaskClient) -> None:
    result = cli(cli_store, ["coverage", KANTA_HAME_COUNTY, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    by_cli = json.loads(result.stdout)
    by_api = web.get(f"/api/network/coverage?region={KANTA_HAME_COUNTY}").get_json()
    assert by_cli["region"] == by_api["region"] == "https://w3id.org/sotegraph/id/wellbeing-county/07"
    assert by_cli["total"] == by_api["total"] > 0 and HAMEENLINNA in {entry["iri"] for entry in by_api["involved"]}


def filter_table() -> str:
    """The README's table of filters, as the model says it."""
    rows = ["| Parameter | CLI option | Takes | Meaning |", "|---|---|---|---|"]
    for item in FILTERS:
        rows.append(f"| `{item.name}` | `{item.option} {item.metavar}` | {item.values} | {item.help} |")
    return "\n".join(rows)


def test_the_readme_lists_every_filter() -> None:
    table = filter_table()
    assert table in README.read_text(encoding="utf-8"), f"README's filter table should read:\n{table}"


def test_the_explore_form_sends_only_accepted_parameters(web: FlaskClient) -> None:
    html = web.get(f"/explore?ego={HAMEENLINNA}&lang=en").get_data(as_text=True)
    form = html[html.index('<form id="controls"'):html.index("</form>")]
    fields = sorted(set(re.findall(r'name="([^"]+)"', form)))
    assert set(FILTER_NAMES) <= set(fields)
    chosen = {"projection": "actors", "size": "degree", "color": "type", "lang": "en"}  # the rest left empty
    response = web.get("/explore?" + "&".join(f"{name}={chosen.get(name, '')}" for name in fields))
    assert response.status_code == 200, response.get_data(as_text=True)
