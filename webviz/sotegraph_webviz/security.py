"""The app's secret key and session cookie settings, and security headers on every response.

The secret key (sessions, CSRF tokens) is generated once per store and kept in the store's
configuration directory (a random one for an in-memory store); the session cookie is HttpOnly,
SameSite=Lax, and Secure when the app's URLs are https.

Headers: a strict Content-Security-Policy and its companions.

Scripts come only from our own origin (`script-src 'self'`, no inline script anywhere). Styles
also come from our own origin; the one exception is vis-network's standalone build, which injects
a few fixed `<style>` blocks when it loads. Those blocks are allowed by their SHA-256 hashes, read
from the vendored file itself (so refreshing vis-network refreshes the hashes), never by
`'unsafe-inline'`. The same rules are in the vendored stylesheet we serve, so a build whose
injections were not found still draws correctly — the browser merely reports the blocked blocks.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
import secrets
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from flask import Flask, Response

from sotegraph.errors import InputError
from sotegraph.store.settings import config_dir, secret_key

VIS_NETWORK_JS = ("static", "vendor", "vis-network", "vis-network.min.js")
_JS_STRING = r'''("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')'''


def injected_styles(script: str) -> list[str]:
    """The CSS texts a bundle's style-inject helper adds at load time (calls right after its definition).

    The helper is the function whose body mentions `insertAt` (rollup-plugin-styles / style-inject);
    its calls with string literals follow it directly.
    """
    marker = script.find("insertAt")
    if marker < 0:
        return []
    definitions = list(re.finditer(r"function (\w+)\(\w+,\w+\)\{", script[:marker]))
    if not definitions:
        return []
    name = definitions[-1].group(1)
    call = re.compile(re.escape(name) + r"\(" + _JS_STRING + r"\);?")
    position, styles = script.find("}}", marker) + 2, []
    while (found := call.match(script, position)) is not None:
        styles.append(ast.literal_eval(found.group(1)))
        position = found.end()
    return styles


@lru_cache(maxsize=1)
def vis_network_style_hashes() -> tuple[str, ...]:
    """CSP hash sources for the `<style>` blocks the vendored vis-network injects."""
    path = files("sotegraph_webviz").joinpath(*VIS_NETWORK_JS)
    script = path.read_text(encoding="utf-8") if path.is_file() else ""
    styles = injected_styles(script)
    # The helper attaches each <style> empty and fills it afterwards: the empty block is checked too.
    return tuple(dict.fromkeys(_hash_source(css) for css in ([""] + styles if styles else [])))


def _hash_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy() -> str:
    """The policy sent with every response."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": " ".join(("'self'", *vis_network_style_hashes())),
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response) -> Response:
    """Set the CSP and companion headers unless a view already chose its own."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def store_config_dir(app: Flask) -> Path | None:
    """Where `app`'s store keeps its steward accounts and secret key; None for an in-memory store."""
    if app.config.get("STEWARD_DIR"):
        return Path(app.config["STEWARD_DIR"])
    store = app.config.get("STORE")
    location = getattr(store, "location", None) if store is not None else app.config.get("STORE_LOCATION")
    if store is not None and location in (None, ":memory:"):
        return None
    try:
        return config_dir(location)
    except InputError:
        return None


def configure_sessions(app: Flask) -> None:
    """The store's secret key (unless the configuration gives one) and the session cookie's flags."""
    if not app.config.get("SECRET_KEY"):
        directory = store_config_dir(app)
        app.config["SECRET_KEY"] = secret_key(directory) if directory else secrets.token_hex(32)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config.get("PREFERRED_URL_SCHEME") == "https"


def init_app(app: Flask) -> None:
    """Set up `app`'s sessions and register the headers on every response."""
    configure_sessions(app)
    app.after_request(add_security_headers)
