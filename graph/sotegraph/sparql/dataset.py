"""The RDF dataset a query runs on, as the SPARQL 1.1 Protocol (§2.1.4) and Query (§13.2) define it.

* The protocol's ``default-graph-uri`` / ``named-graph-uri`` (each repeatable), when any is given,
  *are* the dataset: the default graph is the merge of the listed graphs (empty if none is listed),
  the named graphs are exactly the listed ones (none if none is listed). They override the query's
  own ``FROM`` / ``FROM NAMED``.
* Else the query's ``FROM`` / ``FROM NAMED`` clauses, with the same rule: ``FROM <unknown>`` is an
  empty default graph, never the whole store.
* Else the service's own dataset: the union of all named graphs as the default graph, and every
  named graph (`Dataset.union()`).

`query_dataset` reads the dataset clauses with a small lexer (comments, strings, IRIs, variables
and language tags are skipped as wholes; prefixed names resolved by the query's ``PREFIX``/``BASE``)
over the query's head only — what comes before its pattern — so a long query is not parsed twice
just to find them. The query's syntax itself is checked by the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from sotegraph.errors import InputError

# One token per match; strings, IRIs and comments as wholes so that nothing inside them counts.
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*:[^\s{}()<>,;"'\[\]]*|:[^\s{}()<>,;"'\[\]]*)
  | (?P<word>[A-Za-z_]+)
  | (?P<other>\S)
""", re.VERBOSE)


@dataclass(frozen=True)
class Dataset:
    """A query's dataset: `default` graphs merged as the default graph, `named` graphs; `union` = the service's own."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    union: bool = False

    @classmethod
    def service(cls) -> Dataset:
        """The service's dataset: the union of all named graphs as the default graph."""
        return cls(union=True)

    @property
    def default_graph_uris(self) -> list[str]:
        """The default graphs to hand to a store (empty for the union)."""
        return list(self.default)

    @property
    def named_graph_uris(self) -> list[str]:
        """The named graphs to hand to a store (empty for the union)."""
        return list(self.named)


_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each token of `text` in order, comments left out (lazily: callers stop early)."""
    for match in _TOKEN.finditer(text):
        if match.lastgroup != "comment":
            yield match.lastgroup or "other", match.group()


def _head(text: str) -> list[tuple[str, str]]:
    """The tokens before the query pattern: prologue, form, CONSTRUCT template, dataset clauses.

    Only these are lexed, so a long query costs no more than its first lines.
    """
    head: list[tuple[str, str]] = []
    depth = 0  # inside a CONSTRUCT template
    for kind, value in _tokens(text):
        if depth:
            depth += {"{": 1, "}": -1}.get(value, 0)
            continue
        if value == "{" and head and head[-1][1].upper() == "CONSTRUCT":
            depth = 1
            continue
        if value == "{" or (kind == "word" and value.upper() == "WHERE"):
            break
        head.append((kind, value))
    return head


def query_dataset(text: str) -> tuple[list[str], list[str]] | None:
    """(FROM graphs, FROM NAMED graphs) of query `text`, or None when it names no dataset."""
    if "from" not in text.lower():
        return None  # the common case, without lexing at all
    prefixes: dict[str, str] = {}
    base = ""
    default: list[str] = []
    named: list[str] = []
    tokens = _head(text)
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        keyword = value.upper() if kind == "word" else ""
        if keyword == "BASE" and index + 1 < len(tokens) and tokens[index + 1][0] == "iri":
            base = urljoin(base, tokens[index + 1][1][1:-1])
            index += 2
            continue
        if keyword == "PREFIX" and index + 2 < len(tokens) and tokens[index + 2][0] == "iri":
            prefixes[tokens[index + 1][1].rstrip(":")] = urljoin(base, tokens[index + 2][1][1:-1])
            index += 3
            continue
        if keyword == "FROM":
            into = default
            index += 1
            if index < len(tokens) and tokens[index][1].upper() == "NAMED":
                into, index = named, index + 1
            if index >= len(tokens):
                raise InputError("FROM must be followed by a graph IRI")
            into.append(_iri(tokens[index], prefixes, base))
        index += 1
    return (default, named) if default or named else None


def _iri(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str:
    """The absolute IRI a FROM clause names (an IRI, relative to BASE, or a prefixed name)."""
    kind, value = token
    if kind == "iri":
        return urljoin(base, value[1:-1])
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix not in prefixes:
            raise InputError(f"FROM {value}: prefix '{prefix}:' is not declared")
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    raise InputError(f"FROM must be followed by a graph IRI, not '{value}'")


_SCHEME = re.compile(r"^<[A-Za-z][A-Za-z0-9+.\-]*:")
#: A quick test before lexing: something that may be a relative IRI.
_MAYBE_RELATIVE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)[^<>\"{}|^`\\\x00-\x20]*>")


def with_base(text: str, base_iri: str) -> str:
    """`text` with ``BASE <base_iri>`` in front when it uses relative IRIs and declares no BASE itself.

    A query's base IRI is, by RFC 3986, the address it was retrieved from — for a protocol request
    the endpoint — so ``CONSTRUCT { <s> <p> 1 } WHERE {}`` means what it says instead of failing.
    (Something that only looks like a relative IRI, such as ``?a<?b>``, gets the BASE too: harmless.)
    """
    if not _MAYBE_RELATIVE.search(text):
        return text
    for kind, value in _tokens(text):  # BASE can only be in the prologue, before the query form
        if kind == "word" and value.upper() in _FORMS:
            break
        if kind == "word" and value.upper() == "BASE":
            return text
    return f"BASE <{base_iri}>\n{text}"


def request_dataset(text: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]) -> Dataset:
    """The dataset of a protocol request: its parameters, else the query's FROM clauses, else the service's."""
    if default_graph_uris or named_graph_uris:
        return Dataset(tuple(default_graph_uris), tuple(named_graph_uris))
    clauses = query_dataset(text)
    if clauses is None:
        return Dataset.service()
    return Dataset(tuple(clauses[0]), tuple(clauses[1]))
