"""The home page: the graph's figures and the entry points for researchers, planners and stewards."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from sotegraph.entities.statistics import store_figures
from sotegraph_webviz.db import get_store

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Triples per named graph, entities per class, and where each kind of user starts."""
    return render_template("home.html", figures=store_figures(get_store()))


@bp.get("/stats.json")
def stats_json() -> Response:
    """The same figures as JSON."""
    return jsonify({"ok": True, **store_figures(get_store())})
