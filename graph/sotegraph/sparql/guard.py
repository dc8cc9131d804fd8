"""Checking a user's SPARQL before anything runs: read-only, no federation.

`check_query(text)` parses the text with rdflib's SPARQL parser (no store is touched) and
returns the query form. It refuses, before any evaluation:

* an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` …) — `UpdateRefused` (HTTP 403);
* a ``SERVICE`` clause anywhere, also nested in sub-queries or ``EXISTS`` — `ServiceRefused`
  (HTTP 400), because Oxigraph would send a real HTTP request to the named endpoint;
* text that is not a SPARQL query — `InputError` (HTTP 400).

`check_size(text)` comes first, on the raw text and in linear time: a query longer than
`MAX_QUERY_BYTES` is `QueryTooLarge` (HTTP 413), one whose brackets nest deeper than `MAX_NESTING`
an `InputError` (400) — rdflib's parser recurses per level and is slow on long texts
(`sotegraph.sparql.execution` runs it where it can be stopped).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from sotegraph.errors import InputError

#: The longest query text accepted, in UTF-8 bytes (a 256 KiB VALUES block holds some 3 000 IRIs).
MAX_QUERY_BYTES = 256 * 1024
#: The deepest nesting of { }, ( ) and [ ] accepted (hand-written queries stay below ten).
MAX_NESTING = 64
#: Strings, IRIs and comments (whose brackets do not count), or a bracket.
_LEXEMES = re.compile(r"""(?P<skip>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"""
                      r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)"""
                      r"""|(?P<open>[{(\[])|(?P<close>[})\]])""")
QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
               "DescribeQuery": "DESCRIBE"}


class UpdateRefused(InputError):
    """The endpoint is read-only: a SPARQL Update was sent."""

    http_status = 403


class ServiceRefused(InputError):
    """A query asked for a remote SERVICE, which this endpoint never calls."""


class QueryTooLarge(InputError):
    """The query text is longer than the endpoint accepts (HTTP 413)."""

    http_status = 413


def check_size(text: str, *, max_bytes: int = MAX_QUERY_BYTES, max_nesting: int = MAX_NESTING) -> None:
    """Refuse a query text that is too long (QueryTooLarge) or nests too deep (InputError), in linear time."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise QueryTooLarge(f"the query is {size} bytes long; this endpoint accepts at most {max_bytes} bytes")
    depth = deepest = 0
    for lexeme in _LEXEMES.finditer(text):
        if lexeme.lastgroup == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif lexeme.lastgroup == "close":
            depth -= 1
    if deepest > max_nesting:
        raise InputError(f"the query nests too deeply: its brackets go {deepest} levels deep; this endpoint "
                         f"accepts at most {max_nesting}")


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every CompValue in a parse tree (lists, dicts and CompValues nest arbitrarily)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


def is_update(text: str) -> bool:
    """Whether `text` parses as a SPARQL Update request."""
    try:
        parseUpdate(text)
    except (ParseException, ValueError, TypeError, AttributeError):
        return False
    return True


def check_query(text: str) -> str:
    """The form of query `text` (SELECT, ASK, CONSTRUCT, DESCRIBE), refusing updates and SERVICE."""
    if not text.strip():
        raise InputError("the query is empty")
    try:
        tree = parseQuery(text)
    except (ParseException, ValueError, TypeError, AttributeError) as error:
        if is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused") from None
        detail = f" (line {error.lineno}, column {error.col})" if isinstance(error, ParseException) else ""
        raise InputError(f"not a valid SPARQL query{detail}: {getattr(error, 'msg', error)}") from None
    form = None
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise ServiceRefused("SERVICE (federated query) is not allowed on this endpoint")
        if form is None and node.name in QUERY_FORMS:
            form = QUERY_FORMS[node.name]
    if form is None:
        raise InputError("not a SPARQL query form (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return form
