"""SHACL shapes compiled to SPARQL and run on a store: one SELECT per constraint over all focus nodes.

pySHACL checks node by node in Python; here each constraint of a targeted shape becomes one SELECT
giving (focus node, value) rows, run set at a time on an (in-memory Oxigraph) store whose named
graph `data` holds the data graph and whose named graph `marks` says which nodes to validate.

Covered: targets sh:targetClass (SHACL instances, through rdfs:subClassOf*), implicit class targets,
sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode (literals too); paths: IRIs, sh:inversePath,
sh:alternativePath, sequences, sh:oneOrMorePath, sh:zeroOrMorePath, sh:zeroOrOnePath; constraints:
sh:class, sh:datatype (see below), sh:nodeKind, sh:minCount 0 or 1, sh:maxCount, sh:pattern
(sh:flags), sh:minInclusive, sh:maxInclusive, sh:hasValue, sh:languageIn, sh:uniqueLang,
sh:lessThanOrEquals, sh:node, sh:or, sh:qualifiedValueShape with sh:qualifiedMinCount 1, and
SPARQL-based constraints (sh:sparql with sh:select and sh:declare'd prefixes) on targeted node shapes
whose WHERE group is flat (patterns, filters, FILTER [NOT] EXISTS), where joining ?this equals
pre-binding $this. A targeted shape that uses anything else (sh:in, sh:and, sh:not, sh:xone,
sh:closed, sh:minCount above 1, sh:maxCount or sh:uniqueLang inside a nested shape, sh:deactivated,
parameters of SPARQL-based constraint components, SELECTs with sub-queries, MINUS, VALUES, BIND …)
raises `UnsupportedShape` while compiling and is listed in `CompiledShapes.fallback` for pySHACL,
never skipped. sh:datatype is compiled for datatypes rdflib does not check (any lexical form is
well-formed for pySHACL too) and, with Oxigraph's casts as the well-formedness test, for
xsd:integer/decimal/double/float/boolean/date/dateTime; the other datatypes rdflib converts go to
pySHACL (Oxigraph stores xsd:byte, xsd:int … as xsd:integer, so it cannot even tell them apart).
The W3C SHACL test suite runs on this engine (tests/validation/test_w3c_shacl_suite.py).

Known differences from pySHACL, all outside (focus, path, source shape, severity, component):
a constraint without sh:message gets a generic message (pySHACL writes its own text and details);
Oxigraph writes well-formed numbers canonically (values 2500000 for 2500000.0, 1 for 01), and a
data value typed xsd:byte, xsd:int … passes sh:datatype xsd:integer (stored as xsd:integer).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Identifier, Node, XSDToPython

from sotegraph.store import SelectResult, Store
from sotegraph.validation.results import ShaclResult, UnsupportedShape, path_text

MARK = "urn:x-sotegraph:validation#"
#: Marks in MARKS_GRAPH are `<set> _HAS node` (a node in object position may be a literal): FOCUS is the
#: set of nodes to validate, and each compiled shape gets the set of its focus nodes.
FOCUS = URIRef(MARK + "Focus")
_HAS_NODE = URIRef(MARK + "has")
_HAS = _HAS_NODE.n3()
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime}
#: Datatypes rdflib (hence pySHACL) converts, so tells ill-formed literals of; any other datatype takes any
#: lexical form. Oxigraph also stores the ones derived from xsd:integer as xsd:integer.
_CONVERTED = {datatype for datatype, convert in XSDToPython.items() if convert is not None}
_NODE_KINDS = {SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
               SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
               SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
               SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}
#: The constraint parameters compiled (a method `_<name>` each) and the component each one reports.
_COMPONENTS = {SH[name]: SH[component + "ConstraintComponent"] for name, component in (
    ("class", "Class"), ("datatype", "Datatype"), ("nodeKind", "NodeKind"), ("minCount", "MinCount"),
    ("maxCount", "MaxCount"), ("pattern", "Pattern"), ("minInclusive", "MinInclusive"),
    ("maxInclusive", "MaxInclusive"), ("hasValue", "HasValue"), ("languageIn", "LanguageIn"),
    ("uniqueLang", "UniqueLang"), ("lessThanOrEquals", "LessThanOrEquals"), ("node", "Node"), ("or", "Or"),
    ("qualifiedValueShape", "QualifiedMinCount"))}
#: Shape keys read as parameters of a covered constraint (or ignored: severity, messages, order).
_PARAMETERS = {SH.path, SH.property, SH.sparql, SH.severity, SH.message, SH.flags, SH.qualifiedMinCount, SH.order,
               SH.group, SH.name, SH.description, *TARGETS}
_MAX_NESTING = 8
_UNSUPPORTED_SPARQL = re.compile(r"(?i)\b(MINUS|VALUES|SERVICE|BIND)\b|[?$](currentShape|shapesGraph|PATH)\b")


@dataclass(frozen=True)
class Check:
    """One compiled constraint: its SELECT (?this, ?value) and what its results say."""

    shape: Node
    component: URIRef
    path: str | None
    severity: URIRef
    messages: dict[str, str]
    sparql: str
    message_template: bool = False


@dataclass
class CompiledShapes:
    """Checks per targeted shape (with its target pattern), and the shapes left to pySHACL."""

    targets: dict[Node, str] = field(default_factory=dict)
    checks: dict[Node, list[Check]] = field(default_factory=dict)
    fallback: dict[Node, str] = field(default_factory=dict)


# A constraint's pattern given (this, value-pattern, value var): (group pattern, value var or None).
_Pattern = Callable[[str, str, str], tuple[str, str | None]]


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.names = (f"?v{n}" for n in itertools.count())
        self.custom_parameters = {shapes.value(parameter, SH.path) for parameter in shapes.objects(None, SH.parameter)}

    def _path_text(self, shape: Node) -> str:
        """The SPARQL path of property shape `shape`."""
        path = self.shapes.value(shape, SH.path)
        if path is None:
            raise UnsupportedShape(f"{shape}: a property shape needs sh:path")
        return path_text(self.shapes, path)

    def value_pattern(self, shape: Node, this: str, value: str) -> tuple[str, str]:
        """(pattern binding `value` to each value node, value var): the path's values, or `this`."""
        path = self.shapes.value(shape, SH.path)
        if path is None:
            return "", this
        return f"{this} {path_text(self.shapes, path)} {value} .", value

    def constraints(self, shape: Node, nested: bool, depth: int = 0) -> list[tuple[URIRef, _Pattern]]:
        """(component, pattern maker) for each constraint `shape` states itself."""
        if depth > _MAX_NESTING:
            raise UnsupportedShape(f"shapes nested deeper than {_MAX_NESTING} (a cycle?) at {shape}")
        found: list[tuple[URIRef, _Pattern]] = []
        path = self.shapes.value(shape, SH.path)
        for key, parameter in sorted(self.shapes.predicate_objects(shape)):
            if key in self.custom_parameters:
                raise UnsupportedShape(f"{shape}: {key.n3()} is a parameter of a SPARQL-based constraint component")
            if not isinstance(key, URIRef) or not key.startswith(str(SH)) or key in _PARAMETERS:
                continue
            if key not in _COMPONENTS:
                raise UnsupportedShape(f"{shape}: {key.n3()} is not compiled")
            maker = getattr(self, "_" + key.rsplit("#", 1)[-1])
            found.append((_COMPONENTS[key], maker(shape, parameter, path is not None, nested, depth)))
        return found

    def violations(self, shape: Node, this: str, depth: int) -> str:
        """A pattern with a solution exactly when the node in `this` does not conform to `shape`."""
        if (shape, SH.sparql, None) in self.shapes:
            raise UnsupportedShape(f"{shape}: SPARQL constraints inside nested shapes are not compiled")
        parts = []
        for holder in [shape, *self.shapes.objects(shape, SH.property)]:
            if holder != shape and (holder, SH.property, None) in self.shapes:
                raise UnsupportedShape(f"{holder}: sh:property on a property shape is not compiled")
            for _, make in self.constraints(holder, True, depth + 1):
                value = next(self.names)
                pattern, _ = make(this, *self.value_pattern(holder, this, value))
                parts.append("{ " + pattern + " }")
        return " UNION ".join(parts) or "FILTER(false)"

    # --- one method per constraint parameter: (shape, parameter, is property shape, nested, depth)

    def _class(self, shape: Node, cls: Node, *_: object) -> _Pattern:
        return lambda this, values, v: (f"{values} FILTER NOT EXISTS {{ {v} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* "
                                        f"{cls.n3()} }}", v)

    def _datatype(self, shape: Node, datatype: Node, *_: object) -> _Pattern:
        if datatype in _CASTABLE:
            well_formed = f" && COALESCE(isLiteral({datatype.n3()}(STR({{v}}))), false)"
        elif datatype in _CONVERTED or datatype in (RDFS.Literal, RDFS.Datatype):
            raise UnsupportedShape(f"{shape}: sh:datatype {datatype} is not compiled (ill-formed literals, or "
                                   "Oxigraph storing it as xsd:integer, or pySHACL's special case)")
        else:
            well_formed = ""

        def make(this: str, values: str, v: str) -> tuple[str, str]:
            test = f"isLiteral({v}) && datatype({v}) = {datatype.n3()}" + well_formed.format(v=v)
            return f"{values} FILTER(!({test}))", v
        return make

    def _nodeKind(self, shape: Node, kind: Node, *_: object) -> _Pattern:
        if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
            raise UnsupportedShape(f"{shape}: unknown sh:nodeKind {kind}")
        return lambda this, values, v: (f"{values} FILTER(!{_NODE_KINDS[kind].format(v=v)})", v)

    def _pattern(self, shape: Node, pattern: Node, *_: object) -> _Pattern:
        flags = self.shapes.value(shape, SH.flags)
        arguments = pattern.n3() + (f", {Literal(str(flags)).n3()}" if flags is not None else "")
        return lambda this, values, v: (f"{values} FILTER(isBlank({v}) || !REGEX(STR({v}), {arguments}))", v)

    def _minInclusive(self, shape: Node, bound: Node, *_: object) -> _Pattern:
        return lambda this, values, v: (f"{values} FILTER(!COALESCE({v} >= {bound.n3()}, false))", v)

    def _maxInclusive(self, shape: Node, bound: Node, *_: object) -> _Pattern:
        return lambda this, values, v: (f"{values} FILTER(!COALESCE({v} <= {bound.n3()}, false))", v)

    def _languageIn(self, shape: Node, head: Node, *_: object) -> _Pattern:
        tests = " || ".join(f"langMatches(lang({{v}}), {Literal(str(tag)).n3()})"
                            for tag in Collection(self.shapes, head))
        return lambda this, values, v: (f"{values} FILTER(!isLiteral({v}) || !({tests.format(v=v) or 'false'}))", v)

    def _lessThanOrEquals(self, shape: Node, other: Node, *_: object) -> _Pattern:
        def make(this: str, values: str, v: str) -> tuple[str, str]:
            bound = next(self.names)
            return f"{values} {this} {other.n3()} {bound} . FILTER(!COALESCE({v} <= {bound}, false))", v
        return make

    def _hasValue(self, shape: Node, expected: Node, is_property: bool, *_: object) -> _Pattern:
        if not is_property:
            return lambda this, values, v: (f"FILTER(!sameTerm({this}, {expected.n3()}))", None)
        path = self._path_text(shape)
        return lambda this, values, v: (f"FILTER NOT EXISTS {{ {this} {path} {expected.n3()} }}", None)

    def _minCount(self, shape: Node, count: Node, is_property: bool, *_: object) -> _Pattern:
        if not is_property or _integer(shape, count) > 1:
            raise UnsupportedShape(f"{shape}: only sh:minCount 0 or 1 on a property shape is compiled")
        if _integer(shape, count) == 0:
            return lambda this, values, v: ("FILTER(false)", None)
        return lambda this, values, v: (f"FILTER NOT EXISTS {{ {values} }}", None)

    def _maxCount(self, shape: Node, count: Node, is_property: bool, nested: bool, _: int) -> _Pattern:
        if not is_property or nested:
            raise UnsupportedShape(f"{shape}: sh:maxCount is compiled on targeted property shapes only")
        return lambda this, values, v: (f"{{ SELECT {this} WHERE {{ {values} }} GROUP BY {this} "
                                        f"HAVING(COUNT(DISTINCT {v}) > {_integer(shape, count)}) }}", None)

    def _uniqueLang(self, shape: Node, flag: Node, is_property: bool, *_: object) -> _Pattern:
        if not is_property:
            raise UnsupportedShape(f"{shape}: sh:uniqueLang needs a path")
        if flag != Literal(True):  # "1"^^xsd:boolean does not activate it (W3C test uniqueLang-002)
            return lambda this, values, v: ("FILTER(false)", None)
        path = self._path_text(shape)

        def make(this: str, values: str, v: str) -> tuple[str, str]:
            other, language = next(self.names), next(self.names)
            return (f"{values} {this} {path} {other} . BIND(lang({v}) AS {language}) "
                    f"FILTER(!sameTerm({v}, {other}) && {language} != \"\" && {language} = lang({other}))", language)
        return make

    def _node(self, shape: Node, inner: Node, _: bool, nested: bool, depth: int) -> _Pattern:
        return lambda this, values, v: (f"{values} FILTER EXISTS {{ {self.violations(inner, v, depth + 1)} }}", v)

    def _or(self, shape: Node, head: Node, _: bool, nested: bool, depth: int) -> _Pattern:
        members = list(Collection(self.shapes, head))

        def make(this: str, values: str, v: str) -> tuple[str, str]:
            fails = " && ".join(f"EXISTS {{ {self.violations(m, v, depth + 1)} }}" for m in members)
            return f"{values} FILTER({fails or 'true'})", v
        return make

    def _qualifiedValueShape(self, shape: Node, inner: Node, is_property: bool, nested: bool,
                             depth: int) -> _Pattern:
        keys = set(self.shapes.predicates(shape))
        if not is_property or keys & {SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint} \
                or _integer(shape, self.shapes.value(shape, SH.qualifiedMinCount, default=Literal(0))) != 1:
            raise UnsupportedShape(f"{shape}: only sh:qualifiedMinCount 1 is compiled")
        return lambda this, values, v: (f"FILTER NOT EXISTS {{ {values} FILTER NOT EXISTS {{ "
                                        f"{self.violations(inner, v, depth + 1)} }} }}", None)


def _integer(shape: Node, parameter: Node | None) -> int:
    """An integer parameter of `shape` (sh:minCount …), read from its lexical form."""
    if not isinstance(parameter, Literal):
        raise UnsupportedShape(f"{shape}: {parameter} is not an integer")
    return int(parameter)


def _terms(nodes: Iterable[Node]) -> list[Identifier]:
    """`nodes` in rdflib's term order (a shapes graph holds only IRIs, blank nodes and literals)."""
    return sorted(node for node in nodes if isinstance(node, Identifier))


def _severity(shapes: Graph, shape: Node) -> URIRef:
    """The sh:severity of `shape` (sh:Violation if it has none)."""
    severity = shapes.value(shape, SH.severity, default=SH.Violation)
    if not isinstance(severity, URIRef):
        raise UnsupportedShape(f"{shape}: sh:severity {severity} is not an IRI")
    return severity


def _implicit_class(shapes: Graph, shape: Node) -> bool:
    """Whether `shape` is also a class (rdfs:Class or a subclass of it), so targets its instances."""
    classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    kinds = set(shapes.objects(shape, RDF.type))
    return bool(kinds & {SH.NodeShape, SH.PropertyShape}) and bool(kinds & classes)


def _target_pattern(shapes: Graph, shape: Node) -> str:
    """A pattern over ?this matching the targets of `shape` in the data graph."""
    parts = []
    classes = _terms(shapes.objects(shape, SH.targetClass)) + ([shape] if _implicit_class(shapes, shape) else [])
    if classes:
        parts.append(f"?this {RDF.type.n3()}/{RDFS.subClassOf.n3()}* ?class . "
                     f"VALUES ?class {{ {' '.join(c.n3() for c in classes)} }}")
    parts += [f"?this {p.n3()} ?object ." for p in _terms(shapes.objects(shape, SH.targetSubjectsOf))]
    parts += [f"?subject {p.n3()} ?this ." for p in _terms(shapes.objects(shape, SH.targetObjectsOf))]
    nodes = _terms(shapes.objects(shape, SH.targetNode))
    if nodes:
        parts.append(f"VALUES ?this {{ {' '.join(n.n3() for n in nodes)} }}")
    return " UNION ".join("{ " + part + " }" for part in parts)


def _messages(shapes: Graph, holder: Node, component: URIRef) -> dict[str, str]:
    found = {(m.language or ""): str(m) for m in shapes.objects(holder, SH.message) if isinstance(m, Literal)}
    return found or {"": f"{component.rsplit('#', 1)[-1]} ({holder.n3()})"}


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for source in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def _check_pre_binding(constraint: Node, select: str) -> None:
    """Refuse a SELECT where joining ?this at the top differs from pre-binding $this (or SHACL forbids it).

    Only a flat WHERE group is compiled: triple patterns, filters, FILTER [NOT] EXISTS; no other
    pre-bound variable, no MINUS, VALUES, SERVICE, BIND or sub-query.
    """
    where = re.search(r"(?i)\bWHERE\s*\{", select)
    nested = [word for word in re.findall(r"(\w*)\s*\{", select[where.end():] if where else "")
              if word.upper() != "EXISTS"]
    if nested or _UNSUPPORTED_SPARQL.search(select):
        raise UnsupportedShape(f"{constraint}: a SELECT with nested groups, MINUS, VALUES, SERVICE, BIND or "
                               "other pre-bound variables is left to pySHACL")


def _sparql_check(shapes: Graph, shape: Node, constraint: Node, mark: str) -> Check:
    extra = {p for p in shapes.predicates(constraint)} - {RDF.type, SH.message, SH.select, SH.prefixes,
                                                          RDFS.comment, RDFS.label}
    select = shapes.value(constraint, SH.select)
    if extra or select is None or shapes.value(shape, SH.path) is not None:
        raise UnsupportedShape(f"{constraint}: only sh:select on a node shape is compiled")
    _check_pre_binding(constraint, str(select))
    if any((source, OWL.imports, None) in shapes for source in shapes.objects(constraint, SH.prefixes)):
        raise UnsupportedShape(f"{constraint}: prefixes through owl:imports are not compiled")
    text, count = re.subn(r"(?i)\bWHERE\s*\{", lambda m: f"{m.group(0)} GRAPH <{MARK}marks> {{ {mark} {_HAS} ?this }}",
                          str(select).replace("$this", "?this"), count=1)
    if not count:
        raise UnsupportedShape(f"{constraint}: the SELECT has no WHERE keyword")
    return Check(shape, SH.SPARQLConstraintComponent, None, _severity(shapes, shape),
                 _messages(shapes, constraint, SH.SPARQLConstraintComponent) if (constraint, SH.message, None)
                 in shapes else _messages(shapes, shape, SH.SPARQLConstraintComponent),
                 _prefixes(shapes, constraint) + "\n" + text, message_template=True)


def _root_checks(compiler: _Compiler, shape: Node, mark: str) -> list[Check]:
    shapes = compiler.shapes
    checks = []
    for holder in [shape, *shapes.objects(shape, SH.property)]:
        if holder != shape and (holder, SH.property, None) in shapes:
            raise UnsupportedShape(f"{holder}: sh:property on a property shape is not compiled")
        path = shapes.value(holder, SH.path)
        severity = _severity(shapes, holder)
        for component, make in compiler.constraints(holder, False):
            values, v = compiler.value_pattern(holder, "?this", "?value")
            pattern, value = make("?this", values, v)
            selected = "?this (STR(?this) AS ?this_text)" + {
                None: "", "?value": " ?value (STR(?value) AS ?value_text)",
                "?this": " (?this AS ?value) (STR(?this) AS ?value_text)"}.get(
                value, f" {value}")  # sh:uniqueLang: one result per language, without a value
            checks.append(Check(holder, component, None if path is None else path_text(shapes, path), severity,
                                _messages(shapes, holder, component),
                                f"SELECT DISTINCT {selected} WHERE {{ GRAPH <{MARK}marks> {{ {mark} {_HAS} ?this }} "
                                f"{pattern} }}"))
    for constraint in shapes.objects(shape, SH.sparql):
        checks.append(_sparql_check(shapes, shape, constraint, mark))
    return checks


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every targeted shape of `shapes`; those the compiler does not cover go to `fallback`."""
    compiled = CompiledShapes()
    compiler = _Compiler(shapes)
    roots = _terms({shape for key in TARGETS for shape in shapes.subjects(key, None)}
                   | {shape for shape in shapes.subjects(RDF.type, None) if _implicit_class(shapes, shape)})
    for number, shape in enumerate(roots):
        mark = f"<{MARK}shape{number}>"
        try:
            compiled.checks[shape] = _root_checks(compiler, shape, mark)
            compiled.targets[shape] = (f"INSERT {{ GRAPH <{MARK}marks> {{ {mark} {_HAS} ?this }} }} WHERE {{ "
                                       f"GRAPH <{MARK}marks> {{ {FOCUS.n3()} {_HAS} ?this }} "
                                       f"GRAPH <{MARK}data> {{ {_target_pattern(shapes, shape)} }} }}")
        except UnsupportedShape as error:
            compiled.checks.pop(shape, None)
            compiled.fallback[shape] = str(error)
    return compiled


DATA_GRAPH = MARK + "data"
MARKS_GRAPH = MARK + "marks"
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def mark_all_nodes(store: Store, shapes: Graph) -> None:
    """Mark every node of DATA_GRAPH and every sh:targetNode of `shapes` for validation (whole-graph)."""
    targets = " ".join(node.n3() for node in shapes.objects(None, SH.targetNode))
    store.update(f"INSERT {{ GRAPH <{MARKS_GRAPH}> {{ {FOCUS.n3()} {_HAS} ?node }} }} WHERE {{ "
                 f"{{ GRAPH <{DATA_GRAPH}> {{ {{ ?node ?p ?o }} UNION {{ ?s ?p ?node }} }} }} "
                 f"UNION {{ VALUES ?node {{ {targets} }} }} }}")


def focus_marks(nodes: Iterable[Node]) -> Graph:
    """The triples for MARKS_GRAPH marking `nodes` (IRIs, blank nodes or literals) as nodes to validate.

    Load them together with the data (one N-Quads document): a separate load relabels blank nodes."""
    marks = Graph()
    for node in nodes:
        marks.add((FOCUS, _HAS_NODE, node))
    return marks


def run(compiled: CompiledShapes, store: Store) -> list[ShaclResult]:
    """Run the compiled checks on `store` (data in DATA_GRAPH, nodes to validate marked FOCUS in MARKS_GRAPH)."""
    for update in compiled.targets.values():
        store.update(update)
    results = []
    for checks in compiled.checks.values():
        for check in checks:
            rows = store.query(check.sparql, default_graph_uris=[DATA_GRAPH], named_graph_uris=[MARKS_GRAPH])
            assert isinstance(rows, SelectResult)
            for row in rows.dicts():
                results.append(_result(check, row))
    return results


def _as_stored(row: Mapping[str, Node], name: str) -> Node:
    """The term `name` of `row` with the lexical form the store holds (rdflib would rewrite an ill-formed
    "2011-01-01"^^xsd:dateTime), when the check selected it as `<name>_text`."""
    term, text = row[name], row.get(name + "_text")
    if isinstance(term, Literal) and term.datatype is not None and text is not None:
        return Literal(str(text), datatype=term.datatype, normalize=False)
    return term


def _result(check: Check, row: Mapping[str, Node]) -> ShaclResult:
    messages = check.messages
    if check.message_template:
        messages = {lang: _TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), text)
                    for lang, text in messages.items()}
    path = row.get("path")
    return ShaclResult(focus=_as_stored(row, "this"), path=check.path if path is None else path.n3(),
                       value=_as_stored(row, "value") if "value" in row else
                       row["this"] if check.message_template else None,
                       source_shape=check.shape, severity=check.severity, component=check.component,
                       messages=messages)
