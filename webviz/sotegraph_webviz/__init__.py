"""The sotegraph web app: `create_app` builds it; each user-facing area is a blueprint.

Cross-cutting concerns are set up here, once: the request log and request ids (`request_log`),
the secret key, session cookie and security headers (`security`), the one error shape of every
route (`errors`), concurrent queries per client (`query_limits`), the store (`db`) and the
interface language (`i18n`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `test_config` may carry `STORE` (a sotegraph Store) or `STORE_LOCATION`."""
    app = Flask(__name__)
    app.config.from_mapping(STORE_LOCATION=None, QUERY_TIMEOUT=10.0, QUERY_RESULT_BYTES=64 * 1024 * 1024,
                            MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    if test_config:
        app.config.update(test_config)

    from sotegraph_webviz import db, errors, i18n, query_limits, request_log, security

    request_log.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    query_limits.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """One line per area."""
    from sotegraph_webviz import api, drafts, entities, explore, home, ontology_page, sparql, steward

    app.register_blueprint(home.bp)
    app.register_blueprint(explore.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(ontology_page.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(steward.bp)
    app.register_blueprint(drafts.bp)
    app.register_blueprint(sparql.bp)
