"""Entity pages at `/id/{kind}/{key}` — the path part of every data IRI — with content negotiation.

`https://w3id.org/sotegraph/id/{kind}/{key}` is answered at `/id/{kind}/{key}` on our host: an
HTML page listing every fact with its sources, or, by `Accept` or suffix, Turtle (`.ttl`,
`text/turtle`), JSON-LD (`.jsonld`, `application/ld+json`) or the page's own data as JSON
(`.json`, `application/json`; datasette-style). An unknown entity is a 404 in the asked format.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from sotegraph.entities.description import Description, Fact, describe, summarise, to_graph
from sotegraph.store import Store
from sotegraph.vocab import ID_BASE, SOTE_BASE
from sotegraph_webviz.db import get_store
from sotegraph_webviz.errors import json_error
from sotegraph_webviz.i18n import current_language, term_names

bp = Blueprint("entities", __name__)

#: suffix → (format, media type); "json" is the page's data, the others RDF.
SUFFIXES = {".ttl": ("turtle", "text/turtle"), ".jsonld": ("json-ld", "application/ld+json"),
            ".json": ("json", "application/json")}
PROJECT_TYPES = {SOTE_BASE + name for name in ("Project", "SubProject", "Programme", "GovernmentKeyProject")}
OFFERED = ("text/html", "text/turtle", "application/ld+json", "application/json")
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Facts shown first (names), and last (sources, also listed under the source documents).
_FIRST = (_SKOS + "prefLabel", "http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title",
          _SKOS + "altLabel")
_LAST = ("http://www.w3.org/ns/prov#wasDerivedFrom",)
#: The only schemes an IRI from the store may be linked with.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
PREFIXES = {"sote": SOTE_BASE, "id": ID_BASE, "skos": "http://www.w3.org/2004/02/skos/core#",
            "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
            "org": "http://www.w3.org/ns/org#", "foaf": "http://xmlns.com/foaf/0.1/"}


def local_path(iri: str | None) -> str | None:
    """Where an IRI is shown in this app: `/id/…` for data, `/ontology#Term` for ontology terms."""
    if not iri:
        return None
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE):]
    if iri.startswith(SOTE_BASE):
        return "/ontology#" + iri[len(SOTE_BASE):]
    return None


def link_target(iri: str | None) -> str | None:
    """Where a link to `iri` goes: its local path, else the IRI itself if it is http(s) or mailto.

    Any other scheme (`javascript:`, `data:`, `file:`, a blank node's id) is shown as text, never as
    a link: stored data is not trusted to be harmless.
    """
    local = local_path(iri)
    if local or not iri:
        return local
    scheme = iri.split(":", 1)[0].strip().lower() if ":" in iri else ""
    return iri if scheme in LINK_SCHEMES and iri.isprintable() else None


def _requested(key: str) -> tuple[str, str]:
    """(key without suffix, format): the suffix wins, then Accept; HTML by default."""
    for suffix, (fmt, _) in SUFFIXES.items():
        if key.endswith(suffix):
            return key[: -len(suffix)], fmt
    best = request.accept_mimetypes.best_match(OFFERED, default="text/html")
    return key, {"text/turtle": "turtle", "application/ld+json": "json-ld",
                 "application/json": "json"}.get(best or "", "html")


def _rdf(store: Store, iri: str, fmt: str) -> Response:
    graph = to_graph(store, iri)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    if fmt == "json-ld":
        body = graph.serialize(format="json-ld", context={prefix: ns for prefix, ns in PREFIXES.items()}, indent=2)
    else:
        body = graph.serialize(format="turtle")
    return Response(body, mimetype=SUFFIXES[".ttl" if fmt == "turtle" else ".jsonld"][1])


def _not_found(iri: str, fmt: str) -> tuple[Response | str, int] | Response:
    message = f"no entity <{iri}> in the graph"
    if fmt == "html":
        return render_template("entity.html", missing=True, iri=iri, message=message), 404
    if fmt == "turtle":
        return Response(f"# {message}\n", status=404, mimetype="text/plain"), 404
    return json_error(message, 404)


def _ordered_facts(facts: list[Fact]) -> list[Fact]:
    """Names first, then the other facts by property name, sources last; values in alphabetical order."""
    def rank(fact: Fact) -> tuple[int, str, str]:
        if fact.predicate in _FIRST:
            group = _FIRST.index(fact.predicate)
        else:
            group = len(_FIRST) + 1 if fact.predicate in _LAST else len(_FIRST)
        return group, fact.predicate_label.casefold(), fact.value.text.casefold()
    return sorted(facts, key=rank)


def _grouped_relations(description: Description) -> list[dict[str, Any]]:
    """Relations grouped by the property through which they point at the entity."""
    groups: dict[str, dict[str, Any]] = {}
    for relation in description.relations:
        group = groups.setdefault(relation.via, {"via": relation.via, "via_label": relation.via_label, "items": []})
        group["items"].append(relation)
    return list(groups.values())


@bp.get("/id/<path:key>")
def entity(key: str) -> Any:
    """One entity: HTML, Turtle, JSON-LD or JSON, chosen by suffix or Accept."""
    key, fmt = _requested(key)
    iri = ID_BASE + key
    store = get_store()
    description = describe(store, iri, current_language(), term_names())
    if not description.exists:
        return _not_found(iri, fmt)
    if fmt in ("turtle", "json-ld"):
        response = _rdf(store, iri, fmt)
    elif fmt == "json":
        response = jsonify({"ok": True, **description.as_dict(), "summary": summarise(description)})
    else:
        summary = summarise(description)
        if {term.iri for term in description.types} & PROJECT_TYPES:
            explore_url = url_for("explore.page", project="id/" + key)
        elif summary["projects"] or summary["groups"]:
            explore_url = url_for("explore.page", ego="id/" + key)
        else:
            explore_url = None
        response = Response(render_template(
            "entity.html", missing=False, iri=iri, entity=description, facts=_ordered_facts(description.facts),
            relations=_grouped_relations(description),
            sources=description.sources(), link_target=link_target, explore_url=explore_url,
            formats=[(".ttl", "Turtle"), (".jsonld", "JSON-LD"), (".json", "JSON")]))
    response.headers.add("Vary", "Accept")
    return response

