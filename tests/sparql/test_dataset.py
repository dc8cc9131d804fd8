"""The dataset of a request (`sotegraph.sparql.dataset`): protocol parameters, FROM clauses, the union."""

from __future__ import annotations

import pytest

from sotegraph.errors import InputError
from sotegraph.sparql.dataset import Dataset, query_dataset, request_dataset, with_base


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ("SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }", (["http://g/1"], [])),
    ("select * from named <http://g/1> from <http://g/2> { }", (["http://g/2"], ["http://g/1"])),
    ("PREFIX g: <http://g/> CONSTRUCT { ?s ?p ?o } FROM g:one WHERE { ?s ?p ?o }", (["http://g/one"], [])),
    ("BASE <http://b/x/> ASK FROM <y> {}", (["http://b/x/y"], [])),
    # "from" as a variable, a prefixed name's local part, a string, a comment, an IRI or a language tag
    ('SELECT ?from WHERE { ?s ex:from "from" ; <http://x/from> ?o FILTER(LANG(?o) = "x") } # FROM <http://c>',
     None),
    ('SELECT * WHERE { ?s ?p """FROM <http://g/1>""" }', None),
])
def test_query_dataset(query: str, expected: tuple[list[str], list[str]] | None) -> None:
    assert query_dataset(query) == expected


@pytest.mark.parametrize("query", ["SELECT * FROM nope:g WHERE {}", "SELECT * FROM"])
def test_bad_from_is_input_error(query: str) -> None:
    with pytest.raises(InputError):
        query_dataset(query)


def test_request_dataset_rules() -> None:
    query = "SELECT * FROM <http://q> WHERE {}"
    assert request_dataset("ASK {}", [], []) == Dataset.service()
    assert request_dataset(query, [], []) == Dataset(("http://q",), ())
    assert request_dataset(query, ["http://p"], []) == Dataset(("http://p",), ())  # the protocol overrides
    assert request_dataset("ASK {}", [], ["http://n"]) == Dataset((), ("http://n",))


@pytest.mark.parametrize(("query", "based"), [
    ("CONSTRUCT { <s> <p> 1 } WHERE {}", True),
    ("ASK { <http://a> ?p ?o }", False),
    ("BASE <http://b/> ASK { <s> ?p ?o }", False),
    ("ASK { FILTER(?a<?b) }", False),
])
def test_with_base(query: str, based: bool) -> None:
    result = with_base(query, "http://host/sparql")
    assert result == (f"BASE <http://host/sparql>\n{query}" if based else query)
