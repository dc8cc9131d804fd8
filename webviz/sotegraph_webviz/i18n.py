"""The web app's language: Flask-Babel over sotegraph's gettext catalogues, and the language switch.

Templates and views write messages in English (`_("Region")`, `gettext("Region")`); the catalogues
in `sotegraph/locale` (see `sotegraph.i18n`) give their Finnish. The language comes from `?lang=`
(remembered in a cookie), then the cookie, then the browser's Accept-Language; Finnish when nothing
says otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request
from flask_babel import Babel, get_locale, gettext, pgettext

from sotegraph.i18n import DOMAIN, LOCALE_DIR, SUPPORTED

DEFAULT_LANGUAGE = "fi"
COOKIE = "lang"

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def term_names() -> dict[str, str]:
    """Names of the standard-vocabulary terms the pages show, in the current language (IRI → name);
    the project's own terms are named by their rdfs:label in the store's ontology graph."""
    return {
        _SKOS + "prefLabel": gettext("name"), _SKOS + "altLabel": gettext("other name"),
        _SKOS + "scopeNote": gettext("scope note"), _SKOS + "definition": gettext("definition"),
        _SKOS + "note": gettext("note"), "http://www.w3.org/ns/prov#wasDerivedFrom": gettext("source document"),
        _DCTERMS + "identifier": gettext("identifier"), _DCTERMS + "title": gettext("title"),
        _DCTERMS + "type": gettext("resource type"), _DCTERMS + "date": gettext("date"),
        _DCTERMS + "license": gettext("licence"), _DCTERMS + "source": gettext("source"),
        _RDF + "type": gettext("type"), _RDFS + "label": pgettext("vocabulary term", "label"),
        _RDFS + "comment": gettext("comment"),
    }


def select_language() -> str:
    """The request's language: ?lang=, then the cookie, then Accept-Language, else Finnish."""
    asked = request.args.get("lang", "")
    if asked in SUPPORTED:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in SUPPORTED:
        return remembered
    return request.accept_languages.best_match(SUPPORTED, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current request (Flask-Babel asks `select_language` once per request)."""
    return str(get_locale())


def _remember_language(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in SUPPORTED and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    response.headers.add("Vary", "Accept-Language")
    response.headers.add("Vary", "Cookie")
    return response


def language_url(language: str) -> str:
    """The current page in `language` (its other query parameters kept)."""
    params = request.args.to_dict(flat=False)
    params["lang"] = [language]
    return f"{request.path}?{urlencode(params, doseq=True)}"


def _template_globals() -> dict[str, Any]:
    return {"lang": current_language(), "language_url": language_url}


def init_app(app: Flask) -> None:
    """Translate with Flask-Babel (`_()` in templates), give templates `lang`, remember `?lang=` in a cookie."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(LOCALE_DIR))
    app.config.setdefault("BABEL_DOMAIN", DOMAIN)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    Babel(app, locale_selector=select_language)
    app.context_processor(_template_globals)
    app.after_request(_remember_language)
