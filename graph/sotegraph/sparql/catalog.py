"""The named queries: discovery from the package, header parsing, parameters and safe binding.

Each ``queries/NAME.rq`` is one named query; its header comment block documents it::

    # @title fi: Maakunnan kunnat
    # @title en: Municipalities of a region
    # @description fi: …
    # @description en: …
    # @param region: iri sote:Region; example=Kanta-Häme; fi=maakunta; en=region
    # @param year: integer; optional; default=newest-classification-year; example=2021
    # @columns municipality municipalityLabel code subRegion subRegionLabel

A parameter's type is ``iri CLASS`` (a prefixed name declared by the query's own PREFIX lines, or
``iri`` alone for any entity), ``integer``, ``decimal``, ``date`` or ``string``. An ``iri``
parameter accepts the entity's IRI or any of its labels (`sotegraph.entities.names.resolve`, narrowed to
CLASS). Values are pre-bound with a VALUES block (`sotegraph.store.binding`), never spliced as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from sotegraph.entities.names import resolve
from sotegraph.errors import InputError
from sotegraph.resources import resource_files
from sotegraph.store import QueryResult, Store
from sotegraph.store.binding import bind
from sotegraph.vocab import SOTE

PARAMETER_TYPES = ("iri", "integer", "decimal", "date", "string")
_HEADER_LINE = re.compile(r"^#\s*@(\w+)(?:\s+([\w-]+))?\s*:\s*(.*?)\s*$")
_COLUMNS_LINE = re.compile(r"^#\s*@columns\s+(.*?)\s*$")
_PREFIX = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>", re.I | re.M)


class UnknownQueryError(InputError):
    """No named query has this name: bad usage on the command line (exit 2), 404 on the web."""

    http_status = 404


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query, as its header declares it."""

    name: str
    type: str
    rdf_class: URIRef | None = None
    optional: bool = False
    default: str | None = None
    example: str | None = None
    label: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """A one-line summary, e.g. ``region (iri sote:Region, e.g. Kanta-Häme)``."""
        kind = self.type if self.rdf_class is None else f"{self.type} <{self.rdf_class}>"
        extras = ["optional" if self.optional else "required"]
        if self.default:
            extras.append(f"default {self.default}")
        if self.example:
            extras.append(f"e.g. {self.example}")
        return f"{self.name} ({kind}; {', '.join(extras)})"


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its SPARQL text and what its header says about it."""

    name: str
    sparql: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    source: str

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`; InputError naming the valid ones otherwise."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        valid = ", ".join(p.name for p in self.parameters) or "none"
        raise InputError(f"query '{self.name}' has no parameter '{name}' (valid: {valid})", field=name)

    def as_dict(self) -> dict:
        """A JSON-ready description (for /api/queries and `sotegraph queries --format json`)."""
        return {
            "name": self.name, "title": dict(self.title), "description": dict(self.description),
            "parameters": [{"name": p.name, "type": p.type, "class": str(p.rdf_class) if p.rdf_class else None,
                            "optional": p.optional, "default": p.default, "example": p.example,
                            "label": dict(p.label)} for p in self.parameters],
            "columns": list(self.columns), "sparql": self.sparql,
        }


def _parse_parameter(name: str, spec: str, prefixes: Mapping[str, str], source: str) -> Parameter:
    """A Parameter from ``TYPE [CLASS]; optional; key=value; …``."""
    head, *options = [part.strip() for part in spec.split(";")]
    kind, _, class_name = head.partition(" ")
    if kind not in PARAMETER_TYPES:
        raise InputError(f"parameter '{name}': unknown type '{kind}' (use {', '.join(PARAMETER_TYPES)})",
                         file=source)
    rdf_class = None
    if class_name.strip():
        prefix, _, local = class_name.strip().partition(":")
        if prefix not in prefixes:
            raise InputError(f"parameter '{name}': prefix '{prefix}:' is not declared", file=source)
        rdf_class = URIRef(prefixes[prefix] + local)
    values: dict[str, str] = {}
    optional = False
    for option in filter(None, options):
        key, has_value, value = option.partition("=")
        if not has_value and key == "optional":
            optional = True
        elif has_value:
            values[key.strip()] = value.strip()
        else:
            raise InputError(f"parameter '{name}': cannot read option '{option}'", file=source)
    label: dict[str, str] = {lang: values.pop(lang) for lang in ("fi", "en", "sv") if lang in values}
    default, example = values.pop("default", None), values.pop("example", None)
    if values:
        raise InputError(f"parameter '{name}': unknown option(s) {', '.join(values)}", file=source)
    return Parameter(name, kind, rdf_class, optional or default is not None, default, example, label)


def parse_query(name: str, sparql: str, source: str) -> NamedQuery:
    """A NamedQuery from the text of an .rq file and its header comment block."""
    prefixes = dict(_PREFIX.findall(sparql))
    title: dict[str, str] = {}
    description: dict[str, str] = {}
    parameters: list[Parameter] = []
    columns: tuple[str, ...] = ()
    for line in sparql.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if match := _COLUMNS_LINE.match(line):
            columns = tuple(match.group(1).split())
        elif match := _HEADER_LINE.match(line):
            key, qualifier, value = match.groups()
            if key in ("title", "description"):
                (title if key == "title" else description)[qualifier or "en"] = value
            elif key == "param" and qualifier:
                parameters.append(_parse_parameter(qualifier, value, prefixes, source))
    return NamedQuery(name, sparql, title, description, tuple(parameters), columns, source)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, NamedQuery]:
    """The named queries shipped in the package, by name (read once per process)."""
    queries = {}
    for item in resource_files("queries", ".rq"):
        name = item.name[: -len(".rq")]
        queries[name] = parse_query(name, item.read_text(encoding="utf-8"), f"queries/{item.name}")
    return queries


def list_queries() -> list[NamedQuery]:
    """Every bundled named query, sorted by name."""
    return [query for _, query in sorted(_bundled().items())]


def get_query(name: str) -> NamedQuery:
    """The bundled query `name`; UnknownQueryError listing the valid names otherwise."""
    try:
        return _bundled()[name]
    except KeyError:
        raise UnknownQueryError(f"no named query '{name}' (valid: {', '.join(sorted(_bundled()))})") from None


def load_query(name_or_file: str) -> NamedQuery:
    """A bundled query by name, or a query read from a `.rq` file path (its header is optional)."""
    path = Path(name_or_file)
    if name_or_file.endswith(".rq") or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read query file: {error}", file=name_or_file) from None
        return parse_query(path.stem, text, name_or_file)
    return get_query(name_or_file)


def newest_classification_year(store: Store) -> Literal:
    """The newest `sote:classificationYear` in the graph (the default year of regional questions)."""
    result = store.select(f"SELECT (MAX(?year) AS ?newest) WHERE {{ ?c <{SOTE.classificationYear}> ?year }}")
    newest = result.rows[0][0] if result.rows else None
    if newest is None:
        raise InputError("the graph holds no area classification, so 'year' must be given", field="year")
    return Literal(int(newest), datatype=XSD.integer)


#: Computed defaults a header may name (``default=NAME``); any other default is a literal value.
COMPUTED_DEFAULTS: dict[str, Callable[[Store], Identifier]] = {
    "newest-classification-year": newest_classification_year,
}


def convert(store: Store, parameter: Parameter, value: str) -> Identifier:
    """`value` (as typed by a user) as the RDF term the parameter expects."""
    text = value.strip()
    try:
        if parameter.type == "iri":
            return resolve(store, text, types=[parameter.rdf_class] if parameter.rdf_class else [])
        if parameter.type == "integer":
            return Literal(int(text), datatype=XSD.integer)
        if parameter.type == "decimal":
            return Literal(Decimal(text), datatype=XSD.decimal)
        if parameter.type == "date":
            return Literal(date.fromisoformat(text), datatype=XSD.date)
    except (ValueError, InvalidOperation):
        raise InputError(f"'{value}' is not a valid {parameter.type}", field=parameter.name) from None
    return Literal(value)


def bind_parameters(store: Store, query: NamedQuery, values: Mapping[str, str]) -> dict[str, Identifier]:
    """Checked, converted and resolved parameter values (defaults filled in), by parameter name."""
    for name in values:
        query.parameter(name)
    bound: dict[str, Identifier] = {}
    for parameter in query.parameters:
        if parameter.name in values and values[parameter.name].strip():
            bound[parameter.name] = convert(store, parameter, values[parameter.name])
        elif parameter.default in COMPUTED_DEFAULTS:
            bound[parameter.name] = COMPUTED_DEFAULTS[parameter.default](store)
        elif parameter.default is not None:
            bound[parameter.name] = convert(store, parameter, parameter.default)
        elif not parameter.optional:
            example = f" (e.g. {parameter.example})" if parameter.example else ""
            raise InputError(f"query '{query.name}' needs parameter '{parameter.name}'{example}",
                             field=parameter.name)
    return bound


def prepare(store: Store, query: NamedQuery, values: Mapping[str, str]) -> str:
    """The query text with its parameters pre-bound, ready for any store or the SPARQL endpoint."""
    return bind(query.sparql, bind_parameters(store, query, values))


def run(store: Store, query: NamedQuery, values: Mapping[str, str], *, timeout: float | None = None) -> QueryResult:
    """Run a named query with parameter `values` (strings as a user typed them)."""
    return store.query(prepare(store, query, values), timeout=timeout)


#: The prologue of a query (comments, PREFIX and BASE declarations) and the query form after it.
_PROLOGUE = re.compile(r"((?:\s+|#[^\n]*|PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*)(.*)", re.I | re.S)
_TRAILING_MODIFIER = re.compile(r"\b(?:LIMIT|OFFSET)\s+\d+\s*$", re.I)
_SELECT = re.compile(r"SELECT\b", re.I)


@dataclass(frozen=True)
class Page:
    """One page of a SELECT's rows: `limit` rows from `offset` (0-based)."""

    limit: int
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise InputError(f"limit must be at least 1, not {self.limit}", field="limit")
        if self.offset < 0:
            raise InputError(f"offset must not be negative, not {self.offset}", field="offset")


def _split_select(sparql: str) -> tuple[str, str]:
    """(prologue, the SELECT query after it); InputError for another query form or one ending in LIMIT/OFFSET."""
    found = _PROLOGUE.match(sparql)
    prologue, body = (found.group(1), found.group(2)) if found else ("", sparql)
    if not _SELECT.match(body):
        raise InputError("only SELECT queries can be paged", field="limit")
    if _TRAILING_MODIFIER.search(body.strip()):
        raise InputError("the query has its own LIMIT or OFFSET: page it without --limit/--offset", field="limit")
    return prologue, body.strip()


def paged(sparql: str, page: Page) -> str:
    """The prepared SELECT `sparql` restricted to one page (LIMIT/OFFSET after its ORDER BY)."""
    prologue, body = _split_select(sparql)
    return f"{prologue}{body}\nLIMIT {page.limit} OFFSET {page.offset}\n"


def counted(sparql: str) -> str:
    """A query counting the rows of the prepared SELECT `sparql` (its total, for paging): one row, ?total."""
    prologue, body = _split_select(sparql)
    return f"{prologue}SELECT (COUNT(*) AS ?total) WHERE {{\n{{\n{body}\n}}\n}}\n"
