"""The named-query catalog: discovery, header parsing, parameter checking and safe binding."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from sotegraph.errors import InputError
from sotegraph.sparql import catalog
from sotegraph.sparql.catalog import UnknownQueryError
from sotegraph.sparql.guard import check_query
from sotegraph.store import Store
from sotegraph.store.binding import bind, where_brace

REQUIRED = {
    "region-municipalities": ["region", "year"], "project-participants": ["project"],
    "project-funding": ["project"], "actor-projects": ["actor"], "actor-partners": ["actor"],
    "network-members": ["network"], "person-roles": ["person"], "projects-active": ["year"],
    "actor-sources": ["actor"], "uninvolved-municipalities": ["region", "year"],
    "theme-projects": ["theme"], "region-funders": ["region", "year"], "co-funded-projects": [],
    "competence-centre-networks": ["centre"],
    "funders": ["funded"], "projects-by-status": ["status"], "post-holders": ["post", "organisation", "year"],
    "project-relations": ["project"],
}
HEADER = """# @title fi: Testi
# @title en: Test
# @description en: A test.
# @param thing: iri ex:Thing; example=Foo; fi=asia; en=thing
# @param n: integer; optional
# @columns a aLabel
PREFIX ex: <http://example.org/>
SELECT ?a ?aLabel WHERE { ?a ?p ?thing }
"""


def test_every_required_query_is_bundled_with_its_parameters() -> None:
    bundled = {query.name: [p.name for p in query.parameters] for query in catalog.list_queries()}
    assert bundled == REQUIRED


@pytest.mark.parametrize("query", catalog.list_queries(), ids=lambda query: query.name)
def test_headers_are_complete_and_queries_parse(query: catalog.NamedQuery) -> None:
    assert query.title.keys() >= {"fi", "en"} and query.description.keys() >= {"fi", "en"}
    assert query.columns and all(p.example for p in query.parameters)
    assert check_query(query.sparql) == "SELECT"
    entity_columns = [column for column in query.columns if column + "Label" in query.columns]
    assert entity_columns, "every query returns at least one entity with its label"


@pytest.mark.parametrize("name", ["region-municipalities", "uninvolved-municipalities", "region-funders"])
def test_regional_queries_default_to_newest_year(name: str) -> None:
    year = catalog.get_query(name).parameter("year")
    assert year.optional and year.default == "newest-classification-year"


def test_parse_header() -> None:
    query = catalog.parse_query("test", HEADER, "test.rq")
    assert query.title == {"fi": "Testi", "en": "Test"}
    thing, number = query.parameters
    assert thing.rdf_class == URIRef("http://example.org/Thing") and thing.example == "Foo"
    assert thing.label == {"fi": "asia", "en": "thing"} and not thing.optional
    assert number.type == "integer" and number.optional
    assert query.columns == ("a", "aLabel")


@pytest.mark.parametrize(("line", "message"), [
    ("# @param x: float", "unknown type"),
    ("# @param x: iri nope:Thing", "not declared"),
    ("# @param x: integer; colour=red", "unknown option"),
])
def test_bad_header_is_reported(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        catalog.parse_query("bad", line + "\nSELECT * WHERE { ?s ?p ?o }", "bad.rq")


def test_unknown_query_lists_valid_names() -> None:
    with pytest.raises(UnknownQueryError, match="project-funding") as raised:
        catalog.get_query("no-such-query")
    assert raised.value.exit_code == 2 and raised.value.http_status == 404


def test_unknown_parameter_lists_valid_ones(memory_store: Store) -> None:
    with pytest.raises(InputError, match=r"valid: project"):
        catalog.prepare(memory_store, catalog.get_query("project-funding"), {"projekt": "PRO SOS"})


def test_missing_parameter(memory_store: Store) -> None:
    with pytest.raises(InputError, match="needs parameter 'project'"):
        catalog.prepare(memory_store, catalog.get_query("project-funding"), {})


@pytest.mark.parametrize("value", ["twenty", "20.5", ""])
def test_bad_integer(memory_store: Store, value: str) -> None:
    with pytest.raises(InputError):
        catalog.prepare(memory_store, catalog.get_query("projects-active"), {"year": value})


def test_default_year_is_newest_classification(memory_store: Store) -> None:
    bound = catalog.bind_parameters(memory_store, catalog.get_query("region-municipalities"), {"region": "Kanta-Häme"})
    assert bound["year"] == Literal(2025, datatype=XSD.integer)
    assert bound["region"] == URIRef("https://w3id.org/sotegraph/id/region/05")


def test_load_query_from_file(tmp_path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(HEADER, encoding="utf-8")
    assert catalog.load_query(str(path)).name == "mine"
    with pytest.raises(InputError):
        catalog.load_query(str(tmp_path / "missing.rq"))


@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; #', "a\\\"b", "line\nbreak", "}}}"])
def test_string_values_cannot_become_syntax(memory_store: Store, hostile: str) -> None:
    text = bind("SELECT ?v WHERE { BIND(1 AS ?one) }", {"v": Literal(hostile)})
    assert check_query(text) == "SELECT"
    result = memory_store.query(text)
    assert result.rows == [(Literal(hostile), )]


def test_iri_values_are_checked() -> None:
    with pytest.raises(InputError):
        bind("SELECT ?v WHERE { }", {"v": URIRef("http://x/> } DROP ALL <http://y")})


def test_values_go_into_the_where_group_not_comments_or_strings() -> None:
    text = '# SELECT { not here\nPREFIX ex: <http://e/{x}>\nSELECT ("{" AS ?b) WHERE { ?s ?p ?o }'
    assert text[where_brace(text):].startswith("{ ?s")


def test_marker_places_values_in_subquery() -> None:
    text = "SELECT ?x WHERE { { SELECT ?x WHERE {\n  # @parameters\n  ?x ?p ?y } } }"
    bound = bind(text, {"y": Literal(1)})
    assert 'WHERE {\n  VALUES (?y) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n  ?x ?p ?y' in bound
