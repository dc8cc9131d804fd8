"""Named-query benchmark: every named query on a synthetic graph (10 k / 100 k / 1 M triples).

sotegraph: the bundled graphs plus a synthetic graph (`sotegraph.synth`) in an embedded Oxigraph
store directory, queried through `Store.query` (the union of all graphs as the default graph).
Baseline: the same quads in a plain in-memory rdflib `Dataset(default_union=True)`, same query text.
Parameters are a typical entity of the synthetic graph (the median project, actor, group, person
and theme by number of links); a query taking one is also run on the busiest such entity (task
"NAME (hub)"), whose time is mostly its result size. Values are bound exactly as `sotegraph query`
binds them (`catalog.prepare`). Each figure is the median of `--repeats` runs (default 5) after one
warm-up run; loading is not timed. Goal: every named query under 100 ms at 1 M triples.

Each backend runs in its own spawned process; a query past `--cap` seconds is reported as "> cap".
The rdflib baseline is loaded once per size: each query runs in a forked copy of the loaded
process, killed at the cap, so a capped query costs no reload. An Oxigraph query past the cap
(none so far) kills its process and a fresh one continues with the next query.

    python benchmarks/bench_queries.py [--quick] [--sizes 10000,100000] [--cap 60] [--repeats 5] [--json OUT]
"""

from __future__ import annotations

import json
import multiprocessing
import os
import select as selectors_io
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.query import Result

import common
from sotegraph.sparql import catalog
from sotegraph.store import QueryResult, SelectResult, Store, open_store
from sotegraph.store.bundled import bundled_sources, load_bundled
from sotegraph.store.embedded import OxigraphStore
from sotegraph.synth import SYNTH_GRAPH

SOTE = "PREFIX sote: <https://w3id.org/sotegraph/ontology#>\n"
#: Entities of each kind by number of links, busiest first: parameter name -> SELECT of ?x.
RANKED = {
    "project": "SELECT ?x WHERE { ?link sote:project ?x . FILTER NOT EXISTS { ?x sote:parentProject ?p } } "
               "GROUP BY ?x ORDER BY DESC(COUNT(?link)) ?x",
    "actor": "SELECT ?x WHERE { ?link sote:participant ?x } GROUP BY ?x ORDER BY DESC(COUNT(?link)) ?x",
    "network": "SELECT ?x WHERE { ?link sote:memberOf ?x . ?x a ?c VALUES ?c { sote:Network sote:Forum "
               "sote:WorkingGroup sote:SteeringGroup sote:Group } } GROUP BY ?x ORDER BY DESC(COUNT(?link)) ?x",
    "person": "SELECT ?x WHERE { ?link sote:member ?x . ?x a sote:Person } GROUP BY ?x "
              "ORDER BY DESC(COUNT(?link)) ?x",
    "theme": "SELECT ?x WHERE { ?p sote:theme ?x } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
}
FIXED = {"region": "https://w3id.org/sotegraph/id/region/06", "year": "2021"}


def _load_store(path: Path, root: str) -> Store:
    store = open_store(Path(root) / "store", initialise=False)
    load_bundled(store)
    assert isinstance(store, OxigraphStore)
    store.load_files([(str(path), path.read_bytes(), "nt")], SYNTH_GRAPH)
    return store


def _load_rdflib(path: Path) -> Dataset:
    dataset = Dataset(default_union=True)
    for graph, name, data in bundled_sources():
        dataset.graph(URIRef(graph)).parse(data=data, format="turtle", publicID=name)
    dataset.graph(URIRef(SYNTH_GRAPH)).parse(path, format="nt")
    return dataset


def task_names() -> list[str]:
    """Every named query, each followed by "NAME (hub)" when it takes an entity ranked in RANKED."""
    names = []
    for query in catalog.list_queries():
        names.append(query.name)
        if any(p.name in RANKED for p in query.parameters if not p.optional):
            names.append(f"{query.name} (hub)")
    return names


def prepared_queries(store: Store) -> dict[str, str]:
    """Every named query bound to typical entities of `store`, plus "NAME (hub)" bound to the busiest."""
    typical, busiest = dict(FIXED), dict(FIXED)
    for name, select in RANKED.items():
        result = store.query(SOTE + select)
        assert isinstance(result, SelectResult)
        ranked = [str(row[0]) for row in result.rows if row[0] is not None]
        if ranked:
            typical[name], busiest[name] = ranked[len(ranked) // 2], ranked[0]
    texts = {}
    for query in catalog.list_queries():
        required = [p.name for p in query.parameters if not p.optional]
        texts[query.name] = catalog.prepare(store, query, _values(query, required, typical))
        if f"{query.name} (hub)" in task_names():
            texts[f"{query.name} (hub)"] = catalog.prepare(store, query, _values(query, required, busiest))
    return texts


def _values(query: catalog.NamedQuery, required: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """A value for each required parameter: the chosen entity, else the example its header gives."""
    values = {name: chosen.get(name, query.parameter(name).example) for name in required}
    return {name: value for name, value in values.items() if value is not None}


def _row_count(result: QueryResult | Result) -> int:
    """Rows of a SELECT, triples of a CONSTRUCT, 1 for an ASK (either backend's result)."""
    if isinstance(result, SelectResult):
        return len(result.rows)
    if isinstance(result, bool):
        return 1
    return len(list(result))


def _timed(run: Callable[[str], QueryResult | Result], text: str, repeats: int) -> tuple[list[float], int]:
    """Run `text` repeats + 1 times: the times of all runs but the first (a warm-up), and the row count."""
    runs, rows = [], 0
    for attempt in range(repeats + 1):
        start = time.perf_counter()
        rows = _row_count(run(text))
        if attempt:
            runs.append(time.perf_counter() - start)
    return runs, rows


def _forked(run: Callable[[str], QueryResult | Result], name: str, text: str, repeats: int,
            cap: float) -> tuple[object, ...]:
    """Time one query in a forked copy of this process (the loaded graph shared), killed past the cap."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: time the query, write the figures, leave without cleanup
        os.close(reader)
        os.write(writer, json.dumps(_timed(run, text, repeats)).encode())
        os._exit(0)
    os.close(writer)
    try:
        ready, _, _ = selectors_io.select([reader], [], [], cap * (repeats + 1))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            return ("capped", name)
        chunks = []
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
        runs, rows = json.loads(b"".join(chunks) or b"[[], 0]")
        return ("query", name, runs, rows)
    finally:
        os.waitpid(pid, 0)
        os.close(reader)


def _child(sender: Connection, backend: str, path: str, names: list[str], texts: dict[str, str],
           repeats: int, cap: float) -> None:
    """Load one backend, then time each named query: sends ("texts", …), ("query", name, runs, rows) or
    ("capped", name)."""
    with tempfile.TemporaryDirectory(prefix="sotegraph-bench-q-") as root:
        run: Callable[[str], QueryResult | Result]
        if backend == "oxigraph":
            store = _load_store(Path(path), root)
            texts = texts or prepared_queries(store)
            run = store.query
        else:
            run = _load_rdflib(Path(path)).query
        sender.send(("texts", texts))
        for name in names:
            if backend == "rdflib":
                sender.send(_forked(run, name, texts[name], repeats, cap))
            else:
                sender.send(("query", name, *_timed(run, texts[name], repeats)))
        sender.send(("done",))


def time_backend(backend: str, path: Path, texts: dict[str, str], repeats: int,
                 cap: float) -> tuple[dict[str, common.Timing], dict[str, str]]:
    """Median time of every named query on one backend; restarts the process after a capped query."""
    names = task_names()
    timings: dict[str, common.Timing] = {}
    context = multiprocessing.get_context("spawn")
    while len(timings) < len(names):
        remaining = [name for name in names if name not in timings]
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(sender, backend, str(path), remaining, texts, repeats, cap),
                                daemon=True)
        child.start()
        sender.close()
        try:
            if not receiver.poll(1800):
                raise RuntimeError(f"{backend}: loading took more than 30 min")
            _, texts = receiver.recv()
            for name in remaining:
                common.progress(f"{backend}: {name}")
                if not receiver.poll(cap * (repeats + 1) + 5):
                    timings[name] = common.Timing(backend, capped_at=cap)
                    break
                message = receiver.recv()
                if message[0] == "capped":
                    timings[name] = common.Timing(backend, capped_at=cap)
                    continue
                _, _, runs, rows = message
                timings[name] = common.Timing(backend, statistics.median(runs), runs, extra={"rows": rows})
        except EOFError:
            for name in remaining:
                timings.setdefault(name, common.Timing(backend, error=f"process died (exit {child.exitcode})"))
        finally:
            child.kill()
            child.join()
            receiver.close()
    return timings, texts


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "triples")
    args.repeats = max(args.repeats, 1) if args.quick else max(args.repeats, 5)
    rows: list[common.Row] = []
    for size in args.sizes:
        path = common.synth_file(size)
        common.progress(f"{common.size_label(size, 'triples')}: {path}")
        ours, texts = time_backend("oxigraph", path, {}, args.repeats, args.cap)
        baseline, _ = time_backend("rdflib", path, texts, args.repeats, args.cap)
        for name in task_names():
            rows.append(common.Row("queries", name, common.size_label(size, "triples"), ours[name], baseline[name]))
    slow = [f"{row.task} @ {row.size}" for row in rows if row.ours.median_s is None or row.ours.median_s >= 0.1]
    notes = [f"Goal: every named query < 100 ms median. Over the goal: {', '.join(slow) if slow else 'none'}."]
    common.report("queries", rows, args.json, notes)


if __name__ == "__main__":
    main()
