"""Logging: one line per web request with its id, warnings for refused input, and `sotegraph -v`."""

from __future__ import annotations

import logging
import re

import pytest
from flask.testing import FlaskClient

from sotegraph.cli.logs import stderr_logging
from sotegraph.store import Store
from sotegraph_webviz import create_app, home


def test_each_request_is_logged_once_with_its_id(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sotegraph_webviz")
    given = client.get("/stats.json", headers={"X-Request-ID": "proxy-42.a:b"})
    generated = client.get("/nope%0Aforged?x=1", headers={"X-Request-ID": "not sane\u00e4" + "x" * 200})
    assert given.headers["X-Request-ID"] == "proxy-42.a:b"
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    lines = [record.getMessage() for record in caplog.records if record.name == "sotegraph_webviz.request_log"]
    assert len(lines) == 2
    assert re.fullmatch(r"GET /stats\.json 200 \d+\.\d ms id=proxy-42\.a:b", lines[0])
    assert re.fullmatch(rf"GET /nope%0Aforged 404 \d+\.\d ms id={generated.headers['X-Request-ID']}", lines[1])


def test_refused_input_is_a_warning(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    client.get("/api/network/path")
    [warning] = [record for record in caplog.records if record.name == "sotegraph_webviz.errors"]
    assert warning.levelno == logging.WARNING and "GET /api/network/path answered 400" in warning.getMessage()



def test_the_command_line_is_quiet_unless_verbose(runner) -> None:
    quiet = runner.invoke(["stats"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    verbose = runner.invoke(["-v", "stats"])
    assert verbose.exit_code == 0
    assert re.search(r"INFO sotegraph\.store\.opening: opened store .*store", verbose.stderr)
    assert "DEBUG" not in verbose.stderr and "INFO" not in verbose.stdout



@pytest.mark.parametrize(("verbosity", "shown"), [(0, {"WARNING"}), (1, {"WARNING", "INFO"}),
                                                  (2, {"WARNING", "INFO", "DEBUG"})])
def test_verbosity_chooses_what_our_loggers_show(capsys: pytest.CaptureFixture[str], verbosity: int,
                                                 shown: set[str]) -> None:
    with stderr_logging(verbosity):
        for level in (logging.DEBUG, logging.INFO, logging.WARNING):
            logging.getLogger("sotegraph_webviz.request_log").log(level, "ours")
        logging.getLogger("rdflib").info("theirs")
    logging.getLogger("sotegraph").warning("after the command")
    err = capsys.readouterr().err
    assert set(re.findall(r" (DEBUG|INFO|WARNING) \S+: ours", err)) == shown
    assert "theirs" not in err and "after the command" not in err


def test_an_unexpected_error_is_logged_with_its_traceback(memory_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    def broken(_store: object) -> dict:
        raise RuntimeError("internal detail")
    monkeypatch.setattr(home, "store_figures", broken)
    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "STORE": memory_store})
    response = app.test_client().get("/stats.json")
    assert response.status_code == 500 and response.headers["X-Request-ID"] in response.json["error"]
    [logged] = [record for record in caplog.records if record.exc_info]
    assert logged.levelno == logging.ERROR and logged.name.startswith("sotegraph_webviz")
    assert "internal detail" in caplog.text and "Traceback" in caplog.text
