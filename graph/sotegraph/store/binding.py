"""Binding values to query variables safely, the same way on every store backend.

`bind(sparql, {"year": Literal(2021)})` puts a one-row ``VALUES`` block at the start of the
query's outermost ``WHERE`` group. Values are written as RDF terms by rdflib (``n3()``: quotes,
backslashes and line breaks escaped; IRIs checked), so user input can never become query syntax.
A query whose parameters are needed inside a subquery marks the spot with a comment line
``# @parameters`` (the block goes there instead). Placing the block first in the group makes the
value visible to every ``FILTER`` and ``BIND`` of that group — the semantics of pre-bound variables — on
the embedded store and on a remote server alike (pyoxigraph's own substitutions reach only projected
variables of a SELECT, not ASK).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from sotegraph.errors import InputError

_MARKER = re.compile(r"^[ \t]*#[ \t]*@parameters[ \t]*$", re.M)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Lexical pieces that may contain a "{" without opening a group: comments, strings, IRIs.
_SKIPPED = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>', re.S)


def term_text(value: Identifier) -> str:
    """`value` written as a SPARQL term; InputError for blank nodes or IRIs that cannot be written safely."""
    if isinstance(value, BNode):
        raise InputError("a blank node cannot be bound to a query variable")
    if isinstance(value, URIRef):
        if not re.fullmatch(r'[^<>"{}|^`\\\s]+', str(value)):
            raise InputError(f"not a valid IRI: '{value}'")
        return f"<{value}>"
    if isinstance(value, Literal):
        return value.n3()
    raise InputError(f"cannot bind {type(value).__name__} '{value}' to a query variable")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """A one-row ``VALUES (?a ?b) { (… …) }`` block for `bindings`."""
    for name in bindings:
        if not _VARIABLE.match(name):
            raise InputError(f"not a variable name: '{name}'")
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term_text(value) for value in bindings.values())
    return f"VALUES ({variables}) {{ ({terms}) }}"


def where_brace(sparql: str) -> int:
    """Index of the "{" opening the outermost WHERE group of a SELECT or ASK query."""
    masked = _SKIPPED.sub(lambda match: " " * len(match.group(0)), sparql)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.I)
    if form is None or form.group(1).upper() not in ("SELECT", "ASK"):
        raise InputError("only SELECT and ASK queries take parameters")
    where = re.compile(r"\bWHERE\s*\{", re.I).search(masked, form.end())
    brace = masked.find("{", form.end()) if where is None else where.end() - 1
    if brace < 0:
        raise InputError("the query has no WHERE group")
    return brace


def bind(sparql: str, bindings: Mapping[str, Identifier] | None) -> str:
    """`sparql` with `bindings` pre-bound by a VALUES block at `# @parameters` or the start of its WHERE group."""
    if not bindings:
        return sparql
    marker = _MARKER.search(sparql)
    if marker:
        return f"{sparql[:marker.start()]}  {values_block(bindings)}{sparql[marker.end():]}"
    brace = where_brace(sparql)
    return f"{sparql[:brace + 1]}\n  {values_block(bindings)}\n{sparql[brace + 1:]}"
