"""What a submission touches in the graph, copied into a small in-memory store to validate.

The working store's named graph DATA_GRAPH holds the submission, the ontology (class hierarchy,
concept schemes), the store's class hierarchy, the stored triples of the submission's subjects
(its *focus nodes*), the triples the shapes reach from them (inverse paths, nested shapes, the
triple patterns of SPARQL constraints) and the types of what they refer to. MARKS_GRAPH marks the
focus nodes. Triples travel between stores as N-Triples, never through rdflib.
`ShapeNeeds` reads from the shapes how far they reach, which keeps the verdict on the focus nodes
equal to that of whole-graph validation (tests check this on fixtures).

Blank nodes of the submission stay blank (they are not skolemised, so merged data keeps them as
written and SHACL sees them as blank nodes): every load relabels blank nodes, so the submission and
its marks go into the working store in ONE N-Quads load, which also records each blank node's label
in the submission (`SUBMITTED`). `Extract.submitted` maps the store's blank nodes back to the
submission's, for the results, the pySHACL data graph and the nodes reached while extracting; what a
blank node reaches is read from the submission (it has no stored triples, and VALUES cannot name it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import MulPath, SequencePath, ZeroOrMore
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier, Node

from sotegraph.store import SelectResult, Store, open_store
from sotegraph.validation.compiler import DATA_GRAPH, MARK, MARKS_GRAPH, focus_marks
from sotegraph.validation.results import UnsupportedShape

#: Shapes that hold further shapes the value nodes are checked against.
_NESTING = (SH.node, SH.qualifiedValueShape, SH["not"])
_NESTING_LISTS = (SH["and"], SH["or"], SH.xone)
#: How many hops are extracted when shapes refer to each other in a cycle.
_MAX_DEPTH = 4
_BATCH = 2000
_NT = "application/n-triples"
#: A triple pattern of a SPARQL constraint: (subject, predicate or None for a variable, object).
Pattern = tuple[Node, URIRef | None, Node]
#: In MARKS_GRAPH, `blank node SUBMITTED "its label in the submission"`.
SUBMITTED = URIRef(MARK + "submitted")


@dataclass(frozen=True)
class ShapeNeeds:
    """What the shapes read beyond a focus node's own triples."""

    inverse_predicates: frozenset[URIRef]
    target_objects_of: frozenset[URIRef]
    depth: int
    sparql_patterns: tuple[tuple[Pattern, ...], ...] = ()

    @classmethod
    def of(cls, shapes: Graph) -> ShapeNeeds:
        """Read inverse paths, sh:targetObjectsOf, nesting depth and SPARQL constraints' triple patterns."""
        inverse = frozenset(p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef))
        objects_of = frozenset(p for p in shapes.objects(None, SH.targetObjectsOf) if isinstance(p, URIRef))
        roots = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                 for s in shapes.subjects(p, None)}
        roots |= set(shapes.subjects(RDF.type, SH.NodeShape))
        depth = max([0] + [_reach(shapes, shape) for shape in roots])
        patterns = tuple(_select_patterns(shapes, constraint) for constraint in sorted(
            node for node in shapes.objects(None, SH.sparql) if isinstance(node, Identifier)))
        return cls(inverse, objects_of, depth, patterns)


def _nested(shapes: Graph, shape: Node) -> Iterator[Node]:
    for predicate in _NESTING:
        yield from shapes.objects(shape, predicate)
    for predicate in _NESTING_LISTS:
        for head in shapes.objects(shape, predicate):
            yield from Collection(shapes, head)


def _path_length(shapes: Graph, path: Node) -> int:
    if isinstance(path, BNode) and (path, RDF.first, None) in shapes:
        return sum(_path_length(shapes, step) for step in Collection(shapes, path))
    return 1


def _reach(shapes: Graph, shape: Node, visiting: frozenset[Node] = frozenset()) -> int:
    """Hops beyond the node `shape` checks whose full descriptions it reads; -1 if it reads none.

    Shapes nested in a node shape (sh:or, sh:node …) check the same node; shapes nested in a
    property shape check its value nodes, one path length further away. Types of value nodes
    (for sh:class) are always extracted, so they count as no reading.
    """
    if shape in visiting:
        return _MAX_DEPTH
    visiting = visiting | {shape}
    path = shapes.value(shape, SH.path)
    hops = _path_length(shapes, path) if path is not None else 0
    reach = hops - 1
    for inner in _nested(shapes, shape):
        inner_reach = _reach(shapes, inner, visiting)
        reach = max(reach, inner_reach + hops if inner_reach >= 0 else hops - 1)
    for prop in shapes.objects(shape, SH.property):
        reach = max(reach, _reach(shapes, prop, visiting))
    return min(reach, _MAX_DEPTH)


def _select_patterns(shapes: Graph, constraint: Node) -> tuple[Pattern, ...]:
    """The triple patterns of a SPARQL constraint's SELECT ($this as ?this); property paths are refused."""
    prefixes = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for source in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(source, SH.declare)}
    query = prepareQuery(str(shapes.value(constraint, SH.select)).replace("$this", "?this"), initNs=prefixes)
    patterns: list[Pattern] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for triple in node.get("triples", ()) if getattr(node, "name", "") == "BGP" else ():
                subject, predicate, obj = triple
                if _is_type_path(predicate):  # rdf:type/rdfs:subClassOf*: the types, and the always-copied hierarchy
                    patterns.append((subject, RDF.type, obj))
                    continue
                if not isinstance(predicate, (URIRef, Variable)):
                    raise UnsupportedShape(f"{constraint}: a property path in a SPARQL constraint cannot be "
                                           "followed when extracting")
                patterns.append((subject, predicate if isinstance(predicate, URIRef) else None, obj))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(query.algebra)
    return tuple(patterns)


def _is_type_path(predicate: object) -> bool:
    """Whether `predicate` is rdf:type/rdfs:subClassOf* (the class hierarchy is always in the working store)."""
    return (isinstance(predicate, SequencePath) and len(predicate.args) == 2 and predicate.args[0] == RDF.type
            and isinstance(predicate.args[1], MulPath) and predicate.args[1].path == RDFS.subClassOf
            and predicate.args[1].mod == ZeroOrMore)


@lru_cache(maxsize=4)
def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _values(nodes: Iterable[Node]) -> str:
    return " ".join(node.n3() for node in nodes)


def _batches(nodes: Iterable[Node]) -> Iterator[list[URIRef]]:
    iris = sorted(node for node in nodes if isinstance(node, URIRef))
    for start in range(0, len(iris), _BATCH):
        yield iris[start:start + _BATCH]


class Extract:
    """The working store for one submission: build it with `extract`, then validate it."""

    def __init__(self, submission: Graph, ontology: Graph, focus: set[Node]) -> None:
        self.store = open_store(":memory:", initialise=False)
        self.focus = focus
        self.existing: set[Node] = set()
        self.submission = submission
        try:
            self.store.load(_submission_quads(submission, focus), "nq", None)
            self.store.load(_ntriples(ontology), "nt", DATA_GRAPH)
            rows = self.store.query(f"SELECT ?b ?label WHERE {{ GRAPH <{MARKS_GRAPH}> "
                                    f"{{ ?b {SUBMITTED.n3()} ?label }} }}")
            assert isinstance(rows, SelectResult)
            self._submitted: dict[Node, Node] = {b: BNode(str(label)) for b, label in rows.rows if b is not None}
        except BaseException:
            self.store.close()
            raise

    def submitted(self, node: Node) -> Node:
        """`node` as the submission names it: a blank node of the store mapped back; any other node as is."""
        return self._submitted.get(node, node)

    def copy(self, source: Store, construct: str) -> None:
        """Add the triples of a CONSTRUCT on `source` to the data graph."""
        body, _ = source.query_serialized(construct, _NT)
        if body.strip():
            self.store.load(body, "nt", DATA_GRAPH)

    def select_nodes(self, sparql: str) -> set[Node]:
        """The ?n column of a SELECT on the data graph (the submission's blank nodes as it names them)."""
        rows = self.store.query(sparql, default_graph_uris=[DATA_GRAPH])
        assert isinstance(rows, SelectResult)
        return {self.submitted(row["n"]) for row in rows.dicts() if "n" in row}

    def graph(self) -> Graph:
        """The data graph as an rdflib Graph (for pySHACL), with the submission's own blank nodes."""
        out = BytesIO()
        self.store.dump(out, "nt", DATA_GRAPH)
        context = {str(stored): str(given) for stored, given in self._submitted.items()}
        return Graph().parse(data=out.getvalue(), format="nt", bnode_context=context)

    def close(self) -> None:
        """Free the working store."""
        self.store.close()


def _quads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples (one triple a line, as rdflib writes them) as N-Quads in `graph`."""
    suffix = f" <{graph}> .\n".encode()
    return b"".join(line.rstrip()[:-1].rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def _submission_quads(submission: Graph, focus: set[Node]) -> bytes:
    """The submission in DATA_GRAPH plus its focus marks and blank-node labels in MARKS_GRAPH, as one
    N-Quads document: loaded at once, its blank nodes are the same nodes in both graphs."""
    marks = focus_marks(focus)
    for node in submission.all_nodes():
        if isinstance(node, BNode):
            marks.add((node, SUBMITTED, Literal(str(node))))
    return (_quads(submission.serialize(format="nt", encoding="utf-8"), DATA_GRAPH)
            + _quads(marks.serialize(format="nt", encoding="utf-8"), MARKS_GRAPH))


def focus_nodes(submission: Graph, needs: ShapeNeeds) -> set[Node]:
    """The submission's own nodes: its subjects, and objects of predicates the shapes target."""
    nodes: set[Node] = set(submission.subjects())
    nodes |= {o for p in needs.target_objects_of for o in submission.objects(None, p) if not isinstance(o, Literal)}
    return nodes


def _describe(source: Store, work: Extract, nodes: set[Node], inverse: Iterable[URIRef]) -> None:
    """Copy the stored triples of `nodes`: outgoing, and incoming by each of `inverse`."""
    for batch in _batches(nodes):
        values = _values(batch)
        work.copy(source, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        for predicate in sorted(inverse):  # one constant predicate per query: Oxigraph plans VALUES ?p badly
            work.copy(source, f"CONSTRUCT {{ ?x {predicate.n3()} ?s }} WHERE {{ VALUES ?s {{ {values} }} "
                              f"?x {predicate.n3()} ?s }}")


def _neighbours(work: Extract, nodes: set[Node], inverse: frozenset[URIRef]) -> set[Node]:
    found: set[Node] = set()
    for node in nodes:  # a blank node of the submission: only the submission holds its triples
        if isinstance(node, BNode):
            found |= {o for p, o in work.submission.predicate_objects(node)
                      if p != RDF.type and not isinstance(o, Literal)}
            found |= {s for p in inverse for s in work.submission.subjects(p, node)}
    for batch in _batches(nodes):
        incoming = "".join(f" UNION {{ ?n {p.n3()} ?s }}" for p in sorted(inverse))
        found |= work.select_nodes(f"SELECT DISTINCT ?n WHERE {{ VALUES ?s {{ {_values(batch)} }} "
                                   f"{{ ?s ?p ?n FILTER(?p != {RDF.type.n3()} && !isLiteral(?n)) }}{incoming} }}")
    return found


def _follow_patterns(source: Store, work: Extract, patterns: tuple[Pattern, ...]) -> None:
    """Copy what a SPARQL constraint's triple patterns reach from ?this, one pattern at a time."""
    bound: dict[Node, set[Node]] = {Variable("this"): set(work.focus)}
    pending = list(patterns)
    while pending:
        ready = next((p for p in pending if p[0] in bound or p[2] in bound or not isinstance(p[0], Variable)), None)
        if ready is None:
            break
        pending.remove(ready)
        subject, predicate, obj = ready
        step = predicate.n3() if predicate is not None else "?p"
        if subject in bound or not isinstance(subject, Variable):
            known, triple, other = bound.get(subject, {subject}), f"?x {step} ?y", obj
        else:
            known, triple, other = bound[obj], f"?y {step} ?x", subject
        if isinstance(other, Variable):  # from the submission's blank nodes: only the submission holds their triples
            forward = subject in bound or not isinstance(subject, Variable)
            bound.setdefault(other, set()).update(_submission_step(work.submission, known, predicate, forward))
        for batch in _batches(known):
            work.copy(source, f"CONSTRUCT {{ {triple} }} WHERE {{ VALUES ?x {{ {_values(batch)} }} {triple} }}")
            if isinstance(other, Variable):
                bound.setdefault(other, set()).update(work.select_nodes(
                    f"SELECT DISTINCT (?y AS ?n) WHERE {{ VALUES ?x {{ {_values(batch)} }} {triple} }}"))


def _submission_step(submission: Graph, known: set[Node], predicate: URIRef | None, forward: bool) -> set[Node]:
    """What one triple pattern reaches from the blank nodes among `known` in the submission."""
    found: set[Node] = set()
    for node in known:
        if isinstance(node, BNode):
            found |= set(submission.objects(node, predicate) if forward else submission.subjects(predicate, node))
    return found


def extract(store: Store | None, submission: Graph, needs: ShapeNeeds, ontology: Graph) -> Extract:
    """The working store for `submission` as it would stand once merged into `store` (None: alone)."""
    work = Extract(submission, ontology, focus_nodes(submission, needs))
    if store is None:
        return work
    try:
        work.copy(store, f"CONSTRUCT {{ ?a {RDFS.subClassOf.n3()} ?b }} WHERE {{ ?a {RDFS.subClassOf.n3()} ?b }}")
        for batch in _batches(work.focus):
            rows = store.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s ?p ?o }}")
            assert isinstance(rows, SelectResult)
            work.existing |= {row["s"] for row in rows.dicts()}
        _describe(store, work, work.focus, needs.inverse_predicates)
        described = set(work.focus)
        frontier = _neighbours(work, work.focus, needs.inverse_predicates) - described
        for _ in range(needs.depth):
            _describe(store, work, frontier, needs.inverse_predicates)
            described |= frontier
            frontier = _neighbours(work, frontier, needs.inverse_predicates) - described
        for batch in _batches(frontier):
            work.copy(store, f"CONSTRUCT {{ ?s a ?t }} WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s a ?t }}")
        for patterns in needs.sparql_patterns:
            _follow_patterns(store, work, patterns)
    except BaseException:
        work.close()
        raise
    return work
