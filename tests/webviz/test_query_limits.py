"""Query limits seen over HTTP: 413 / 400 before parsing, 503 at the time limit, 429 + Retry-After per client."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient

from sotegraph.sparql.guard import MAX_QUERY_BYTES
from sotegraph_webviz.query_limits import ClientSlots, retry_after

JSON = {"Accept": "application/sparql-results+json"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    document = response.get_json()
    assert document["ok"] is False and document["status"] == status
    return document


def test_a_too_long_query_is_413_in_the_json_shape(client: FlaskClient) -> None:
    text = "ASK { ?s ?p ?o } #" + "x" * MAX_QUERY_BYTES
    response = client.post("/sparql", data=text.encode(), content_type="application/sparql-query", headers=JSON)
    assert "bytes" in _error(response, 413)["error"]


def test_a_3000_deep_query_is_400_in_the_json_shape(client: FlaskClient) -> None:
    text = "SELECT * WHERE " + "{ " * 3000 + "}" * 3000
    response = client.post("/sparql", data=text.encode(), content_type="application/sparql-query", headers=JSON)
    assert "levels deep" in _error(response, 400)["error"]


def test_a_query_slow_to_parse_is_stopped_at_the_time_limit(app: Flask) -> None:
    app.config["QUERY_TIMEOUT"] = 1.0
    text = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(str(i) for i in range(30_000)) + ")) }"
    started = time.monotonic()
    response = app.test_client().post("/sparql", data={"query": text}, headers=JSON)
    assert "time limit of 1 s" in _error(response, 503)["error"]
    assert time.monotonic() - started < 1.5
    assert app.test_client().get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code == 200


def test_more_queries_at_once_than_allowed_get_429_with_retry_after(app: Flask) -> None:
    app.config.update(QUERY_CONCURRENCY_PER_CLIENT=2, QUERY_TIMEOUT=10.0)
    slots: ClientSlots = app.extensions["sotegraph_query_slots"]
    running = [slots.enter("127.0.0.1", 2), slots.enter("127.0.0.1", 2)]  # two queries still running
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON)
    assert "at most 2" in _error(response, 429)["error"]
    assert 9 <= int(response.headers["Retry-After"]) <= 10
    named = client.get("/api/query/region-municipalities", query_string={"region": "Kanta-Häme"})
    _error(named, 429)
    other = client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON,
                       environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200  # another client is not held back
    assert client.get("/stats.json").status_code == 200  # nor are pages that run no query
    slots.leave("127.0.0.1", running[0])
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code == 200


def test_finished_queries_give_their_slot_back(app: Flask) -> None:
    app.config["QUERY_CONCURRENCY_PER_CLIENT"] = 1
    client = app.test_client()
    for _ in range(3):
        assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code == 200
    assert client.get("/sparql", query_string={"query": "SELECT * {"}, headers=JSON).status_code == 400
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code == 200


def test_retry_after_is_the_time_left_of_the_oldest_query() -> None:
    now = time.monotonic()
    assert retry_after([now - 7, now - 1], 10) in (3, 4)
    assert retry_after([now - 30], 10) == 1
