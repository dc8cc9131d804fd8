"""Public queries under a hard limit, parse included: size and nesting refused up front, the parse in a
worker process that is killed at the deadline and replaced."""

from __future__ import annotations

import time

import pytest

from sotegraph.errors import InputError, QueryTimeout
from sotegraph.sparql.execution import ParsePool, check_named_query, check_public_query, close_pool, parse_pool
from sotegraph.sparql.guard import (
    MAX_NESTING,
    MAX_QUERY_BYTES,
    QueryTooLarge,
    ServiceRefused,
    UpdateRefused,
    check_size,
)

#: rdflib needs about 2 ms per element of an IN list: this one (under the size limit) takes a minute to parse.
SLOW_TO_PARSE = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(str(i) for i in range(30_000)) + ")) }"


def nested(depth: int) -> str:
    """A query whose brackets nest `depth` levels deep (the group and FILTER's own are two of them)."""
    inner = depth - 2
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * inner + "1" + ")" * inner + ") }"


def test_a_query_over_the_size_limit_is_413() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_BYTES
    with pytest.raises(QueryTooLarge, match=f"at most {MAX_QUERY_BYTES} bytes") as caught:
        check_size(text)
    assert caught.value.http_status == 413


def test_nesting_is_bounded_and_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    with pytest.raises(InputError, match=f"{MAX_NESTING + 1} levels deep"):
        check_size(nested(MAX_NESTING + 1))
    check_size(nested(MAX_NESTING))
    check_size('SELECT * WHERE { ?s ?p "((((((((" . ?s ?q """{{{{""" . ?s ?r \'[[[[\' } # ' + "(" * 100)
    with pytest.raises(InputError):
        check_size("SELECT * WHERE " + "{ " * 3000 + "}" * 3000)


def test_the_deepest_accepted_query_is_read() -> None:
    assert check_public_query(nested(MAX_NESTING), 30).form == "SELECT"


@pytest.mark.parametrize(("text", "error", "status"), [
    ("SELECT * WHERE { ?s ?p }", InputError, 400),
    ("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }", UpdateRefused, 403),
    ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", ServiceRefused, 400)])
def test_the_workers_verdicts_keep_their_kind(text: str, error: type[InputError], status: int) -> None:
    with pytest.raises(error) as caught:
        check_public_query(text, 30)
    assert type(caught.value) is error and caught.value.http_status == status


def test_a_parse_past_the_deadline_is_stopped_and_the_worker_replaced() -> None:
    pool = ParsePool(size=1)
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 1 s"):
            pool.check(SLOW_TO_PARSE, started + 1, 1)
        assert time.monotonic() - started < 1.5
        # the killed worker's replacement answers the next query
        assert pool.check("ASK { ?s ?p ?o }", time.monotonic() + 30, 30) == "ASK"
    finally:
        pool.close()


def test_check_public_query_leaves_the_rest_of_the_time_for_running() -> None:
    checked = check_public_query("SELECT * WHERE { ?s ?p ?o }", 5)
    assert checked.form == "SELECT" and 0 < checked.remaining() <= 5


def test_a_closed_pool_is_started_again_on_the_next_query() -> None:
    parse_pool()
    close_pool()
    assert check_public_query("ASK { ?s ?p <https://example.org/after-close> }", 30).form == "ASK"


def test_a_named_query_is_checked_by_its_template() -> None:
    template = "SELECT ?s WHERE { # @parameters\n ?s ?p ?o }"
    prepared = "SELECT ?s WHERE {  VALUES (?s) { (<https://example.org/a>) }\n ?s ?p ?o }"
    checked = check_named_query(template, prepared, 30)
    assert checked.form == "SELECT" and checked.text == prepared
    with pytest.raises(UpdateRefused):
        check_named_query("DROP ALL", "DROP ALL", 30)
