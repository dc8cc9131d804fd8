"""One access-log line per request, and a request id that ties the log to the response.

The id comes from the client's `X-Request-ID` when it is sane (up to 128 letters, digits and
`._:-`; a proxy may set it), else it is generated; it is echoed in the `X-Request-ID` response
header and logged at info on this module's logger (`sotegraph_webviz.request_log`) as
`METHOD PATH STATUS DURATION ms id=ID`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from urllib.parse import quote

from flask import Flask, Response, g, request

log = logging.getLogger(__name__)
HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id() -> str:
    """The current request's id (the client's, when sane, else a new one)."""
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    identifier = request_id()
    response.headers[HEADER] = identifier
    # Quoted as in a URL, so a decoded control character cannot forge a log line.
    path = quote(request.path, safe="/:@!$&'()*+,;=-._~")
    log.info("%s %s %d %.1f ms id=%s", request.method, path, response.status_code, elapsed_ms, identifier)
    return response


def init_app(app: Flask) -> None:
    """Give every request of `app` an id and log it once answered (register before other hooks)."""
    app.before_request(_start)
    app.after_request(_finish)
