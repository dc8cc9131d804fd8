"""Errors of the whole app, answered in one place: JSON on JSON routes, one HTML page elsewhere.

JSON routes are paths under `/api/`, `/sparql`, paths ending in `.json`, and any request whose
`Accept` prefers `application/json` to `text/html`. Their errors have one shape:
`{"ok": false, "error": "…", "status": N}`. A `SotegraphError` answers with its class's
`http_status` (bad input 400, not found 404, store unavailable or time limit 503 …); a werkzeug
`HTTPException` with its own code; anything else with 500, logged with its traceback (by Flask)
and answered without internals.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from sotegraph.errors import SotegraphError
from sotegraph_webviz.request_log import request_id

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """Whether the current request is answered in JSON (errors included)."""
    path = request.path
    if path.startswith("/api/") or path == "/sparql" or path.startswith("/sparql/") or path.endswith(".json"):
        return True
    return request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json"


def json_error(message: str, status: int) -> Response:
    """A JSON error response with HTTP `status`."""
    response = jsonify({"ok": False, "error": message, "status": status})
    response.status_code = status
    return response


def error_response(message: str, status: int) -> Response:
    """The error in the form the request asks for: the JSON shape, or the site's error page."""
    if wants_json():
        return json_error(message, status)
    page = render_template("error.html", status=status, title=HTTP_STATUS_CODES.get(status, "Error"),
                           message=message)
    return make_response(page, status)


def log_error(error: SotegraphError) -> None:
    """Log a sotegraph error answered to a client: a warning (refused input, not found), an error when 5xx."""
    status = error.http_status
    log.log(logging.ERROR if status >= 500 else logging.WARNING, "%s %s answered %d: %s (id=%s)",
            request.method, request.path, status, error, request_id())


def sotegraph_error(error: SotegraphError) -> Response:
    """A sotegraph error with its class's HTTP status, logged."""
    log_error(error)
    return error_response(str(error), error.http_status)


def http_error(error: HTTPException) -> Response:
    """A werkzeug HTTP error (404, 405, 413 …) with its code and headers (`Allow` for 405)."""
    response = error_response(str(error.description), error.code or 500)
    response.headers.extend((name, value) for name, value in error.get_headers() if name.lower() != "content-type")
    return response


def internal_error(error: InternalServerError) -> Response:
    """An unhandled exception (Flask has logged its traceback): a 500 without internals.

    A sotegraph error raised while another error was being answered keeps its own status.
    """
    original = error.original_exception
    if isinstance(original, SotegraphError):
        return sotegraph_error(original)
    return error_response(f"internal error (request {request_id()}); the details are in the server's log", 500)


def init_app(app: Flask) -> None:
    """Answer every error of `app` in the shape its route uses."""
    app.register_error_handler(SotegraphError, sotegraph_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, internal_error)
