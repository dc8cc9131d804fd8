"""Which format a query's answer is written in: content negotiation for the SPARQL 1.1 Protocol.

SELECT/ASK answer in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV); CONSTRUCT/DESCRIBE in
RDF (Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG). The bytes themselves come from the
store's own writers (`Store.query_serialized`): nothing here converts terms.

`negotiate` picks the media type: a `format`, `output` or `results` parameter first (short names
that common clients send — SPARQLWrapper sends all three, e.g. ``xml`` for a CONSTRUCT, which
means RDF/XML there), else the client's `Accept` in its order of preference (q-values), else the
form's default. Nothing acceptable: `NotAcceptable` (HTTP 406) listing what is offered.
"""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

from sotegraph.errors import InputError

#: SELECT/ASK result media types; the first is the default.
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
#: CONSTRUCT/DESCRIBE media types; the first is the default.
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
               "application/n-quads", "application/trig")
#: Other names clients send, by (results, graph): generic JSON/XML/text and older RDF types.
_ALIASES: dict[str, tuple[str | None, str | None]] = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/plain": (None, "application/n-triples"),
    "application/x-turtle": (None, "text/turtle"),
    "text/n3": (None, "text/turtle"),
    "text/rdf+n3": (None, "text/turtle"),
    "application/rdf+n3": (None, "text/turtle"),
    "application/x-trig": (None, "application/trig"),
    "text/x-nquads": (None, "application/n-quads"),
}
#: Short names of `format=` / `output=` / `results=` and `--format`, by (results, graph).
SHORT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "ttl": (None, "text/turtle"), "turtle": (None, "text/turtle"), "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"), "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "rdf": (None, "application/rdf+xml"), "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "jsonld": (None, "application/ld+json"), "json-ld": (None, "application/ld+json"),
    "nq": (None, "application/n-quads"), "nquads": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
}
#: The parameters clients use to name a format, in the order they are read.
FORMAT_PARAMETERS = ("format", "output", "results")


class NotAcceptable(InputError):
    """No format the client accepts can carry this query's answer (HTTP 406)."""

    http_status = 406


def is_graph_form(form: str) -> bool:
    """Whether a query form answers with an RDF graph (CONSTRUCT, DESCRIBE) rather than results."""
    return form in ("CONSTRUCT", "DESCRIBE")


def media_types(form: str) -> tuple[str, ...]:
    """The media types a query form can be written in, the default first."""
    return GRAPH_TYPES if is_graph_form(form) else RESULT_TYPES


def _named(name: str, form: str) -> str | None:
    """The media type a format name (short name, alias or media type) stands for in `form`, or None."""
    key = name.strip().lower().split(";")[0].strip()
    offered = media_types(form)
    if key in offered:
        return key
    pair = SHORT_NAMES.get(key) or _ALIASES.get(key)
    return pair[int(is_graph_form(form))] if pair else None


def negotiate(form: str, accept: MIMEAccept, requested: str | None = None) -> str:
    """The media type to answer `form` with: `requested` (a format name) first, else `Accept`, else the default."""
    offered = media_types(form)
    if requested:
        media_type = _named(requested, form)
        if media_type is None:
            raise NotAcceptable(f"format '{requested}' is not available for a {form} query "
                                f"(use {', '.join(offered)})", field="format")
        return media_type
    if not accept:
        return offered[0]
    graph = int(is_graph_form(form))
    candidates = list(offered) + [alias for alias, pair in _ALIASES.items() if pair[graph]]
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable(f"none of the accepted media types ({accept}) can carry a {form} result "
                            f"(offered: {', '.join(offered)})")
    return best if best in offered else _ALIASES[best][graph] or offered[0]


def cli_media_type(name: str, form: str) -> str:
    """The media type of `--format NAME` for `form`; InputError when that form cannot be written so."""
    media_type = _named(name, form)
    if media_type is None:
        raise InputError(f"--format {name} cannot write a {form} result", field="format")
    return media_type
