"""The one JSON error shape of the web app: `{"ok": false, "error": "…", "status": N}`."""

from __future__ import annotations

from flask import Response, jsonify


def json_error(message: str, status: int) -> tuple[Response, int]:
    """A JSON error response with HTTP `status`."""
    return jsonify({"ok": False, "error": message, "status": status}), status
