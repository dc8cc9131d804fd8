"""Reading RDF files safely: format detection, hostile-input checks, syntax errors with file:line:column.

Every RDF byte stream sotegraph accepts passes `check_safe` before a parser sees it: RDF/XML with a
DTD (`<!DOCTYPE`, `<!ENTITY`, the "billion laughs") is refused, and JSON-LD is parsed by Oxigraph's
parser, which never fetches a remote `@context` (we refuse it with a clear message instead).
Nesting deeper than `Limits.nesting_depth` is refused by a scan before parsing (Oxigraph's parser
holds every open level: a 10⁶-deep blank node costs it half a gigabyte, and 200 000 nested RDF 1.2
triple terms `<< … >>` crash the process). With `limits`,
`parse_quads` also stops at the first literal or triple past the limits, while parsing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import ParseError

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as defused_iterparse
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from sotegraph.errors import InputError
from sotegraph.limits import LimitExceeded, Limits, current
from sotegraph.store.interface import RDF_FORMATS

#: An Oxigraph RDF term (what a query solution or a triple holds).
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: Our short format names → Oxigraph's formats.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Formats that can carry named graphs.
QUAD_FORMATS = frozenset({"nq", "trig", "jsonld"})
#: Other names users give for our formats (lower case).
FORMAT_ALIASES = {
    "turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq",
    "json-ld": "jsonld", "rdf/xml": "rdfxml", "xml": "rdfxml", "rdf": "rdfxml", "owl": "rdfxml",
}
_LOCATION = re.compile(r"(?:line (\d+) column (\d+)|at (\d+):(\d+))")
#: Strings as the nesting scan skips them. A string pattern always matches from its opening quote —
#: to its closing quote, or to the end of the line (short strings) or of the data (long strings)
#: when unterminated, which the parser then reports — so each byte is looked at once (a pattern
#: failing on an unterminated string would be retried from every later quote: quadratic). Loops are
#: unrolled (`"[^"\\]*(?:\\.[^"\\]*)*`): an alternation per character would make `re` keep state
#: for every character of a long string (gigabytes for a 17 MB literal).
_TURTLE_STRINGS = (rb'"""[^"\\]*(?:(?:\\[\s\S]?|"(?!""))[^"\\]*)*(?:"""|\Z)'
                   rb"|'''[^'\\]*(?:(?:\\[\s\S]?|'(?!''))[^'\\]*)*(?:'''|\Z)"
                   rb'|"[^"\\\n]*(?:\\.?[^"\\\n]*)*(?:"|(?=\n)|\Z)'
                   rb"|'[^'\\\n]*(?:\\.?[^'\\\n]*)*(?:'|(?=\n)|\Z)")
#: Everything else the Turtle scan passes over: IRIs, comments, other text, a lone `<` or `>`.
_TURTLE_OTHER = rb'<[^<>"{}|^`\\\s]*>|#[^\n]*|[^"\'<>#\[\]()]+|<(?!<)|>(?!>)'
_TURTLE_BRACKETS = rb"(?:[\[\]()]|<<|>>)(?:\s*(?:[\[\]()]|<<|>>)){0,4096}"
_JSON_STRINGS = rb'"[^"\\]*(?:\\[\s\S]?[^"\\]*)*(?:"|\Z)'
_JSON_OTHER = rb'[^"\[\]{}]+'
_JSON_BRACKETS = rb"[\[\]{}](?:\s*[\[\]{}]){0,4096}"
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
#: Opening brackets as "(", closing ones as ")" (`<<`/`>>` are two levels).
_BRACKETS_AS_PARENTHESES = bytes.maketrans(b"[{<]}>", b"((()))")
_LANGUAGE_TAG = re.compile(r"""["']@([^\s.;,)\]]*)$""")
_REMOTE_CONTEXT = re.compile(rb'"@(?:context|import)"\s*:\s*(?:\[[^\]]*)?"(?:https?|file|ftp):', re.IGNORECASE)


def format_names() -> list[str]:
    """The format names accepted on the command line."""
    return list(RDF_FORMATS)


def normalise_format(fmt: str) -> str:
    """Turn a format name, alias or media type into a key of RDF_FORMATS; InputError if unknown."""
    name = fmt.strip().lower().split(";")[0].strip()
    name = FORMAT_ALIASES.get(name, name)
    if name in RDF_FORMATS:
        return name
    for key, (media_type, _) in RDF_FORMATS.items():
        if name == media_type:
            return key
    raise InputError(f"unknown RDF format '{fmt}' (choose from {', '.join(RDF_FORMATS)})")


def detect_format(filename: str | Path, fmt: str | None = None) -> str:
    """The format of `filename`: `fmt` if given, else from its extension (`.ttl`, `.nq`, `.jsonld`…)."""
    if fmt:
        return normalise_format(fmt)
    suffix = Path(filename).suffix.lower()
    for key, (_, extensions) in RDF_FORMATS.items():
        if suffix in extensions:
            return key
    raise InputError(f"cannot tell the RDF format from the extension '{suffix or '(none)'}'; "
                     f"give --format ({', '.join(RDF_FORMATS)})", file=str(filename))


def read_file(path: str | Path) -> bytes:
    """The bytes of `path`; InputError naming the file if it is missing or unreadable."""
    file = Path(path)
    if not file.exists():
        raise InputError("no such file", file=str(path))
    if file.is_dir():
        raise InputError("is a directory, not a file", file=str(path))
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", file=str(path)) from None


def check_safe(data: bytes, fmt: str, source: str | None = None, limits: Limits | None = None) -> None:
    """Refuse input no parser should see: RDF/XML with a DTD or entities, JSON-LD with a remote @context,
    nesting deeper than the limit (the configured one without `limits`) and, with `limits`, a
    literal longer than `limits.literal_chars` (found before Oxigraph buffers it)."""
    depth = (limits or current()).nesting_depth
    literal_chars = limits.literal_chars if limits is not None else None
    if fmt == "rdfxml":
        _check_xml(data, depth * 2 + 2, source, literal_chars)
    elif fmt == "jsonld" and _REMOTE_CONTEXT.search(data):
        raise InputError("JSON-LD with a remote @context is refused (it is never fetched); "
                         "inline the context", file=source)
    elif fmt in ("ttl", "trig", "jsonld") or fmt in ("nt", "nq") and (literal_chars is not None or b"<<" in data):
        _scan(data, fmt == "jsonld", depth, source, literal_chars)


@lru_cache(maxsize=8)
def _scanner(json: bool, literal_chars: int | None) -> re.Pattern[bytes]:
    """The scan's pattern: runs of skipped text (at most 4096 tokens a match, so `re` keeps little
    state), single brackets and — with `literal_chars` — strings that may be longer than that (no
    escape or quote among their first `literal_chars` characters)."""
    strings, other, brackets = ((_JSON_STRINGS, _JSON_OTHER, _JSON_BRACKETS) if json
                                else (_TURTLE_STRINGS, _TURTLE_OTHER, _TURTLE_BRACKETS))
    if literal_chars is None:
        return re.compile(b"(?:" + strings + b"|" + other + b"){1,4096}|(?P<bracket>" + brackets + b")")
    starts = [b'"[^"\\\\\n]{%d}' % literal_chars]
    if not json:
        starts += [b"'[^'\\\\\n]{%d}" % literal_chars, b'"""[^"\\\\]{%d}' % literal_chars,
                   b"'''[^'\\\\]{%d}" % literal_chars]
    long_start = b"|".join(starts)
    return re.compile(b"(?:(?!" + long_start + b")(?:" + strings + b")|" + other + b"){1,4096}"
                      b"|(?P<bracket>" + brackets + b")|(?P<long>(?=" + long_start + b")(?:" + strings + b"))")


def _scan(data: bytes, json: bool, maximum: int, source: str | None, literal_chars: int | None) -> None:
    """Refuse brackets nested deeper than `maximum` (outside strings, IRIs and comments) and, with
    `literal_chars`, strings longer than that once unescaped; stops at the first. Linear in the size
    of `data` (each byte is matched once)."""
    depth = 0
    for token in _scanner(json, literal_chars).finditer(data):
        kind = token.lastgroup
        if kind == "bracket":
            depth = _bracket_run(token.group(), depth, maximum, data.count(b"\n", 0, token.start()) + 1, source)
        elif kind == "long" and literal_chars is not None and (chars := _string_length(token.group())) > literal_chars:
            raise LimitExceeded("literal_chars", literal_chars, f"a literal of {chars} characters",
                                file=source, line=data.count(b"\n", 0, token.start()) + 1)


def _bracket_run(run: bytes, depth: int, maximum: int, line: int, source: str | None) -> int:
    """The depth after a run of brackets (and spaces) entered at `depth`; LimitExceeded past `maximum`.

    As "(" and ")", each round removes every innermost pair: the rounds needed bound the depth the
    pairs reach, and what is left is closers then openers.
    """
    brackets = run.translate(_BRACKETS_AS_PARENTHESES, b" \t\r\n\f\v")
    rounds = 0
    while b"()" in brackets and rounds <= maximum:
        brackets = brackets.replace(b"()", b"")
        rounds += 1
    openers = brackets.count(b"(")
    if depth + rounds + openers > maximum:
        raise LimitExceeded("nesting_depth", maximum, f"nested more than {maximum} levels deep",
                            file=source, line=line)
    return max(depth - (len(brackets) - openers), 0) + openers


def _string_length(token: bytes) -> int:
    """Characters in the value of a quoted string token (quotes dropped, each escape one character)."""
    quotes = 3 if token[:3] in (b'"""', b"'''") else 1
    text = token[quotes:-quotes].decode("utf-8", "replace")
    return len(text) - sum(len(escape.group()) - 1 for escape in _ESCAPE.finditer(text))


def _check_xml(data: bytes, maximum: int, source: str | None, literal_chars: int | None) -> None:
    """Refuse XML with a DTD, entities, elements nested deeper than `maximum` or (with `literal_chars`)
    text longer than that; InputError if malformed."""
    depth = 0
    try:
        for event, element in defused_iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True,
                                                forbid_entities=True, forbid_external=True):
            if event == "end":
                depth -= 1
                if literal_chars is not None and element.text and len(element.text) > literal_chars:
                    raise LimitExceeded("literal_chars", literal_chars,
                                        f"a literal of {len(element.text)} characters", file=source)
                element.clear()
                continue
            depth += 1
            if depth > maximum:
                raise LimitExceeded("nesting_depth", (maximum - 2) // 2,
                                    f"XML elements nested more than {maximum} deep", file=source)
    except DefusedXmlException:
        raise InputError("RDF/XML with a DOCTYPE or ENTITY declaration is refused", file=source) from None
    except ParseError as error:
        line, column = error.position
        raise InputError(f"malformed XML: {str(error).split(':')[0]}", file=source,
                         line=line, column=column + 1) from None


def syntax_error(error: SyntaxError, source: str | None, data: bytes | None = None) -> InputError:
    """An Oxigraph SyntaxError as an InputError carrying file, line and column where known.

    With the parsed `data`, an error inside a language tag says so (Oxigraph's own words for
    `"x"@fi-!!` are "An integer should not be empty").
    """
    located = located_error(str(error.msg if error.msg else error), source)
    if error.lineno is not None:
        located.line, located.column = error.lineno, error.offset
    tag = _language_tag_at(data, located.line, located.column) if data is not None else None
    if tag is not None:
        located.message = (f"invalid language tag '@{tag}' (letters and digits in parts of at most 8, "
                           "joined by '-', e.g. fi, sv-FI, en-GB)")
        located.args = (str(located),)
    return located


def _language_tag_at(data: bytes, line: int | None, column: int | None) -> str | None:
    """The language tag the error at `line`:`column` (1-based) of `data` lies in, if it lies in one."""
    if not line or not column:
        return None
    lines = data.split(b"\n", line)
    if len(lines) < line:
        return None
    text = lines[line - 1].decode("utf-8", "replace")
    match = _LANGUAGE_TAG.search(text[:column])
    if match is None:
        return None
    rest = re.match(r"[^\s.;,)\]]*", text[column:])
    return match.group(1) + (rest.group() if rest else "")


def located_error(message: str, source: str | None) -> InputError:
    """An Oxigraph parser message ("… at line L column C: …" or "error at L:C: …") as an InputError."""
    line = column = None
    match = _LOCATION.search(message)
    if match:
        line = int(match.group(1) or match.group(3))
        column = int(match.group(2) or match.group(4))
    message = re.sub(r"^(?:Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: "
                     r"|error at \d+:\d+: )", "", message.strip())
    message = re.sub(r" \(line \d+\)$", "", message)
    return InputError(message, file=source, line=line, column=column)


def parse_quads(data: bytes, fmt: str, *, source: str | None = None,
                base_iri: str | None = None, limits: Limits | None = None) -> list[ox.Quad]:
    """Parse `data` (after `check_safe`) into Oxigraph quads; InputError with file:line:column on bad syntax.

    With `limits`, a file larger than `file_bytes`, a literal longer than `literal_chars` or more
    than `triples` triples is refused (`LimitExceeded`) as soon as it is seen.
    """
    if limits is not None and len(data) > limits.file_bytes:
        raise LimitExceeded("file_bytes", limits.file_bytes, f"a file of {len(data)} bytes", file=source)
    check_safe(data, fmt, source, limits)
    quads: list[ox.Quad] = []
    try:
        for quad in ox.parse(io.BytesIO(data), format=OX_FORMATS[fmt], base_iri=base_iri):
            if limits is not None:
                _check_quad(quad, len(quads), limits, source)
            quads.append(quad)
    except SyntaxError as error:
        raise syntax_error(error, source, data) from None
    except ValueError as error:
        raise InputError(str(error), file=source) from None
    except MemoryError as error:
        # Oxigraph refuses a single token (a literal, an IRI) past its 16 MiB buffer this way.
        raise InputError(f"a term too large to read ({error})", file=source) from None
    return quads


def _check_quad(quad: ox.Quad, count: int, limits: Limits, source: str | None) -> None:
    """Refuse the `count`+1st quad if it is one too many or carries a literal past the limit."""
    if count >= limits.triples:
        raise LimitExceeded("triples", limits.triples, f"more than {limits.triples} triples", file=source)
    value = quad.object
    if isinstance(value, ox.Literal) and len(value.value) > limits.literal_chars:
        raise LimitExceeded("literal_chars", limits.literal_chars,
                            f"a literal of {len(value.value)} characters (object of {quad.subject} "
                            f"{quad.predicate})", file=source)


def parse_graph(data: bytes, fmt: str, *, source: str | None = None,
                base_iri: str | None = None, limits: Limits | None = None) -> Graph:
    """Parse `data` into an rdflib Graph (named graphs merged), safely; InputError on bad syntax."""
    graph = Graph()
    for quad in parse_quads(data, fmt, source=source, base_iri=base_iri, limits=limits):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def serialized(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """`items` serialised in `fmt` by Oxigraph."""
    # Without an output file `ox.serialize` returns the bytes; its stub says `bytes | None` for both uses.
    return cast(bytes, ox.serialize(items, format=fmt))


def to_ntriples(quads: list[ox.Quad]) -> bytes:
    """The triples of `quads` as N-Triples (graph names dropped)."""
    return serialized([quad.triple for quad in quads], ox.RdfFormat.N_TRIPLES)


def to_rdflib(term: OxTerm) -> Identifier:
    """An Oxigraph term as the equivalent rdflib term (xsd:string literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"RDF-star triple terms are not supported: {term}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equivalent Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != RDF.langString:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot use {term!r} as an RDF term")


def graph_from_triples(triples: Iterator[ox.Triple]) -> Graph:
    """An rdflib Graph holding Oxigraph `triples`."""
    graph = Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def combined_nquads(contents: list[tuple[str, bytes, str]], graph: str | None, base_iri: str | None) -> bytes:
    """Several files as one N-Quads document, so that they load in one atomic step."""
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    quads: list[ox.Quad] = []
    for name, data, file_fmt in contents:
        for quad in parse_quads(data, file_fmt, source=name, base_iri=base_iri):
            in_default = isinstance(quad.graph_name, ox.DefaultGraph)
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target) if in_default else quad)
    return serialized(quads, ox.RdfFormat.N_QUADS)
