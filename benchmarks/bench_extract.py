"""Leave-one-document-out evaluation of `sotegraph extract` over the five curated source documents.

For each document: extract it against the bundled graph without that document's facts, compare
with its curated facts (`sotegraph.extraction.evaluation`), and sum over the documents. Rows:
ours with Voikko; the same with simplemma; and the baseline measured in the same run — the graph's
labels matched only as written (no morphology, no name stems). Goals (issue #16): links precision
≥ 0.8 and recall ≥ 0.6; mentions of known actors ≥ 0.9 / 0.8.

    python benchmarks/bench_extract.py [--quick] [--json OUT] [--seeds DIR] [--details]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from sotegraph.entities.names import normalise
from sotegraph.extraction import extract, gazetteer_from_graph, get_analyser, read_document
from sotegraph.extraction.evaluation import Score, gold_facts, held_out_graph, score
from sotegraph.extraction.gazetteer import Entry, Gazetteer
from sotegraph.store.bundled import bundled_sources
from sotegraph.vocab import SOTE

GOALS = {"links": (0.8, 0.6), "mentions of actors": (0.9, 0.8)}
DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


class ExactGazetteer(Gazetteer):
    """The baseline: a label matches only as written (no base forms, no stem rules)."""

    def label_forms(self, word: str) -> frozenset[str]:
        return frozenset({normalise(word)})

    def text_forms(self, word: str) -> frozenset[str]:
        return frozenset({normalise(word)})


def bundled_graph() -> Graph:
    """Ontology, reference data and curated graph as one rdflib graph."""
    graph = Graph()
    for _graph_name, name, data in bundled_sources():
        graph.parse(data=data, format="turtle", publicID=name)
    return graph


def documents(full: Graph, seeds: Path) -> list[tuple[URIRef, Path]]:
    """The curated source documents that have their file in `seeds`."""
    found = []
    for doc in sorted(full.subjects(predicate=None, object=SOTE.SourceDocument), key=str):
        identifier = full.value(doc, DCTERMS.identifier)
        if isinstance(doc, URIRef) and identifier is not None and (seeds / str(identifier)).is_file():
            found.append((doc, seeds / str(identifier)))
    return found


def evaluate(full: Graph, docs: list[tuple[URIRef, Path]], variant: str) -> tuple[dict[str, Score], float, list[str]]:
    """Summed scores of one variant over the documents, the seconds it took, and per-document lines."""
    totals: dict[str, Score] = {}
    details = []
    started = time.perf_counter()
    for doc, path in docs:
        held = held_out_graph(full, doc)
        analyser = get_analyser("simplemma" if variant == "simplemma" else "voikko")
        gazetteer = gazetteer_from_graph(held, analyser)
        if variant == "baseline":
            gazetteer = ExactGazetteer([(entry, label) for entry, label in _labelled(held, gazetteer)], analyser)
        extraction = extract(read_document(path.name, path.read_bytes()), gazetteer)
        scores = score(extraction, gold_facts(full, doc), gazetteer)
        for name, value in scores.items():
            totals[name] = totals[name] + value if name in totals else value
        details.append(f"{variant:9} {path.name}: " + "; ".join(
            f"{name} {v.hits}/{v.proposed}/{v.expected}" for name, v in scores.items()))
    return totals, time.perf_counter() - started, details


def _labelled(held: Graph, gazetteer: Gazetteer) -> list[tuple[Entry, str]]:
    """Every (entry, label) of the held-out graph's entities."""
    return [(entry, str(label)) for entry in gazetteer.entries.values()
            for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label) for label in held.objects(entry.iri, p)]


def throughput(full: Graph, docs: list[tuple[URIRef, Path]], copies: int) -> str:
    """Extraction speed on the five documents repeated `copies` times, against the whole bundled graph."""
    text = "\n\n".join(path.read_text(encoding="utf-8") for _, path in docs)
    document = read_document("all.txt", ("\n\n".join([text] * copies)).encode("utf-8"))
    gazetteer = gazetteer_from_graph(full, get_analyser("voikko"))
    started = time.perf_counter()
    extract(document, gazetteer)
    seconds = time.perf_counter() - started
    megabytes = len(document.text.encode("utf-8")) / 1e6
    return f"throughput: {megabytes:.2f} MB of text in {seconds:.1f} s ({seconds / megabytes:.0f} s per MB)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Voikko and the baseline only.")
    parser.add_argument("--json", type=Path, help="Write the table as JSON here.")
    parser.add_argument("--seeds", type=Path, default=Path(os.environ.get("SOTEGRAPH_SEEDS", DEFAULT_SEEDS)),
                        help="Folder of the source documents [env SOTEGRAPH_SEEDS; default ../shared/seeds].")
    parser.add_argument("--details", action="store_true", help="Print hits/proposed/expected per document.")
    args = parser.parse_args(argv)
    full = bundled_graph()
    docs = documents(full, args.seeds)
    if not docs:
        print(f"no source documents found in {args.seeds}", file=sys.stderr)
        return 2
    variants = ["voikko", "baseline"] if args.quick else ["voikko", "simplemma", "baseline"]
    results = {variant: evaluate(full, docs, variant) for variant in variants}
    names = list(results["voikko"][0])
    print(f"Leave-one-document-out over {len(docs)} documents: precision / recall "
          "(hits / proposed / expected); ratio = ours ÷ baseline (exact labels)\n")
    print("| facts | " + " | ".join(variants) + " | goal | met | recall ratio |")
    print("|---|" + "---|" * (len(variants) + 3))
    rows = []
    for name in names:
        cells = []
        for variant in variants:
            value = results[variant][0][name]
            cells.append(f"{value.precision:.2f} / {value.recall:.2f} ({value.hits}/{value.proposed}/{value.expected})")
        ours, base = results["voikko"][0][name], results["baseline"][0][name]
        goal = GOALS.get(name)
        met = "" if goal is None else ("yes" if ours.precision >= goal[0] and ours.recall >= goal[1] else "NO")
        ratio = f"{ours.recall / base.recall:.2f}×" if base.recall else "—"
        print(f"| {name} | " + " | ".join(cells) + f" | {'' if goal is None else f'≥ {goal[0]} / {goal[1]}'} "
              f"| {met} | {ratio} |")
        rows.append({"facts": name, **{v: {"precision": results[v][0][name].precision,
                                           "recall": results[v][0][name].recall} for v in variants},
                     "goal": goal, "met": met})
    print("\n" + " · ".join(f"{v}: {results[v][1]:.1f} s" for v in variants))
    print(throughput(full, docs, 2 if args.quick else 20))
    if args.details:
        for variant in variants:
            print("\n".join(results[variant][2]))
    if args.json:
        args.json.write_text(json.dumps({"benchmark": "extract", "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
