"""Validation benchmark: a 10 000-triple submission joining a graph of 10 k / 100 k / 1 M triples.

Input: one synthetic graph (`sotegraph.synth` through `common.synth_file`, fixed seed) of the size
plus the submission; the subjects whose first triple comes last (about `SUBMISSION` triples, so
they refer to entities already in the graph) are the submission, the rest is loaded with the
bundled graphs into an embedded store (built once per size, cached). sotegraph: `validate_submission`
(extract what the submission touches into an in-memory Oxigraph store, the shapes compiled to SPARQL
on that, duplicates, labels; the default engine, proven equal to pySHACL by
tests/validation/test_validation_engines.py). Baseline: pySHACL on
the whole merged graph (store content plus submission) in an rdflib Graph, as the shapes' README
describes it. `--quick` runs the smallest size with a 2 000-triple submission.

    python benchmarks/bench_validation.py [--quick] [--sizes 10000,1000000] [--cap 120] [--json OUT]
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

import common
from sotegraph.resources import package_shapes
from sotegraph.store import Store, open_store
from sotegraph.store.formats import parse_graph
from sotegraph.validation.validator import validate_submission

BASE_GRAPH = "https://w3id.org/sotegraph/graph/synthetic"
SUBMISSION = 10_000
QUICK_SUBMISSION = 2_000


def split(path: Path, submission_triples: int) -> tuple[Path, Path]:
    """(base file, submission file) beside `path`: the last subjects (by first appearance) are the submission."""
    base_path = path.with_name(f"{path.stem}-base{submission_triples}.nt")
    submission_path = path.with_name(f"{path.stem}-submission{submission_triples}.nt")
    if base_path.exists() and submission_path.exists():
        return base_path, submission_path
    lines = path.read_bytes().splitlines(keepends=True)
    first_line: dict[bytes, int] = {}
    for number, line in enumerate(lines):
        first_line.setdefault(line.split(b" ", 1)[0], number)
    order = sorted(first_line, key=first_line.__getitem__, reverse=True)
    chosen: set[bytes] = set()
    count = 0
    by_subject: dict[bytes, int] = {}
    for line in lines:
        subject = line.split(b" ", 1)[0]
        by_subject[subject] = by_subject.get(subject, 0) + 1
    for subject in order:
        if count >= submission_triples:
            break
        chosen.add(subject)
        count += by_subject[subject]
    base_path.write_bytes(b"".join(line for line in lines if line.split(b" ", 1)[0] not in chosen))
    submission_path.write_bytes(b"".join(line for line in lines if line.split(b" ", 1)[0] in chosen))
    return base_path, submission_path


def store_for(base_path: Path) -> Path:
    """An embedded store with the bundled graphs and `base_path`, built once and cached."""
    folder = base_path.with_name(base_path.stem + "-store")
    if not folder.exists():
        common.progress(f"building {folder.name}…")
        with open_store(folder) as store:
            store.load(base_path.read_bytes(), "nt", BASE_GRAPH)
    return folder


def prepare_ours(folder: str, submission_path: str) -> tuple[Store, Graph]:
    """Setup: the open store and the parsed submission."""
    store = open_store(folder)
    return store, parse_graph(Path(submission_path).read_bytes(), "nt", source=submission_path)


def validate_ours(prepared: tuple[Store, Graph]) -> dict[str, object]:
    """Timed: validate the submission joined with the store."""
    store, submission = prepared
    report = validate_submission(submission, store)
    return {"findings": len(report.findings), "conforms": report.conforms}


def prepare_whole(folder: str, submission_path: str) -> tuple[Graph, Graph]:
    """Setup: the whole merged graph in rdflib, and the shapes."""
    merged = Graph()
    with open_store(folder) as store:
        stored = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(stored, Graph)
        merged += stored
    merged += parse_graph(Path(submission_path).read_bytes(), "nt", source=submission_path)
    return merged, package_shapes()


def validate_whole(prepared: tuple[Graph, Graph]) -> dict[str, object]:
    """Timed baseline: pySHACL over the whole merged graph."""
    from pyshacl import validate

    merged, shapes = prepared
    conforms, results, _ = validate(merged, shacl_graph=shapes, allow_warnings=True, inplace=True)
    return {"results": len(set(results.subjects(None, URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))}


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "triples")
    submission_size = QUICK_SUBMISSION if args.quick else SUBMISSION
    rows = []
    for size in args.sizes:
        label = common.size_label(size, "triples")
        base_path, submission_path = split(common.synth_file(size + submission_size), submission_size)
        folder = store_for(base_path)
        common.progress(f"validation at {label}: ours…")
        ours = common.measure("sotegraph", validate_ours, setup=prepare_ours,
                              args=(str(folder), str(submission_path)), repeats=args.repeats, cap=args.cap)
        common.progress(f"validation at {label}: whole-graph pySHACL…")
        whole = common.measure("pySHACL whole graph", validate_whole, setup=prepare_whole,
                               args=(str(folder), str(submission_path)), repeats=args.repeats, cap=args.cap)
        submitted = sum(1 for _ in submission_path.open("rb"))
        rows.append(common.Row("validation", f"validate a {submitted}-triple submission", label, ours, whole))
    common.report("validation", rows, args.json, notes=[
        "input: sotegraph.synth (fixed seed); the last subjects form the submission, the rest joins the "
        "bundled graphs in an embedded store",
        "sotegraph: extract (submission, its subjects' triples, what the shapes reach, types of references) "
        "into in-memory Oxigraph + shapes compiled to SPARQL + duplicate check; "
        "baseline: pySHACL on the whole merged graph"])


if __name__ == "__main__":
    main()
