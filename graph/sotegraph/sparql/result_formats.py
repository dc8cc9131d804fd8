"""Writing query results in the SPARQL 1.1 result formats and RDF formats, by media type.

SELECT/ASK → JSON, XML, CSV (rdflib's writers) or TSV (terms in N-Triples syntax, as the W3C
note asks; rdflib has no TSV writer); CONSTRUCT/DESCRIBE → Turtle, N-Triples or JSON-LD.
Content negotiation (`negotiate`) picks the first acceptable type in the client's order of
preference (`Accept` q-values), or the form's default.
"""

from __future__ import annotations

import io

from rdflib import Graph, Variable
from rdflib.query import Result
from werkzeug.datastructures import MIMEAccept

from sotegraph.errors import InputError
from sotegraph.store import QueryResult, SelectResult

#: media type → rdflib result serializer name ("tsv" is ours)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: media type → rdflib graph serializer name
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}
#: short names accepted by `format=` and `--format`
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
               "turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "json-ld": "application/ld+json"}
#: plain JSON asks for SPARQL JSON results (or JSON-LD for graphs)
_ALIASES = {"application/json": ("application/sparql-results+json", "application/ld+json"),
            "application/xml": ("application/sparql-results+xml", None),
            "text/plain": (None, "application/n-triples")}


def media_types(form: str) -> dict[str, str]:
    """The media types a query form can be written in (SELECT/ASK results or RDF graphs)."""
    return RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES


def negotiate(form: str, accept: MIMEAccept, requested: str | None = None) -> str:
    """The media type to answer with: `requested` (format= short name or type) first, else `Accept`."""
    offered = media_types(form)
    if requested:
        media_type = SHORT_NAMES.get(requested.lower(), requested.lower())
        if media_type not in offered:
            raise InputError(f"format '{requested}' is not available for a {form} query "
                             f"(use {', '.join(offered)})", field="format")
        return media_type
    graph = form not in ("SELECT", "ASK")
    aliases = {alias: target for alias, pair in _ALIASES.items() if (target := pair[int(graph)]) is not None}
    best = accept.best_match(list(offered) + list(aliases))
    if best is None:
        return next(iter(offered))
    return best if best in offered else aliases[best]


def _tsv(result: SelectResult) -> bytes:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in N-Triples syntax, tab-separated."""
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if value is None else value.n3() for value in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize(result: QueryResult, media_type: str) -> bytes:
    """`result` written as `media_type` (one of RESULT_TYPES for SELECT/ASK, GRAPH_TYPES for graphs)."""
    if isinstance(result, Graph):
        return result.serialize(format=GRAPH_TYPES[media_type], encoding="utf-8")
    if isinstance(result, SelectResult) and media_type == "text/tab-separated-values":
        return _tsv(result)
    if isinstance(result, bool):
        if media_type in ("text/csv", "text/tab-separated-values"):
            return f"{'true' if result else 'false'}\n".encode()  # no standard; plain boolean
        rdflib_result = Result("ASK")
        rdflib_result.askAnswer = result
    else:
        rdflib_result = Result("SELECT")
        rdflib_result.vars = [Variable(name) for name in result.variables]
        rdflib_result.bindings = [
            {rdflib_result.vars[index]: value for index, value in enumerate(row) if value is not None}
            for row in result.rows]
    out = io.BytesIO()
    rdflib_result.serialize(out, format=RESULT_TYPES[media_type], encoding="utf-8")
    return out.getvalue()


def row_count(result: QueryResult) -> int:
    """Rows of a SELECT, triples of a graph, 1 for ASK: what the row limit counts."""
    if isinstance(result, SelectResult):
        return len(result.rows)
    if isinstance(result, Graph):
        return len(result)
    return 1
