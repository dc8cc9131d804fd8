"""Load benchmark: the bundled graph and synthetic N-Triples (10 k / 100 k / 1 M triples).

Into a store directory: sotegraph's `load` path (`OxigraphStore.load_files`: bulk-load a new
generation, switch atomically) against the previous code, one transactional `Store.load` of the
whole file; both on a new embedded store directory (`open_store`), closed, all or nothing; the
store's size on disk is reported. In memory: one atomic `Store.load` into `:memory:` against
parsing the same file into a plain in-memory rdflib `Graph` (what a script without a store would do).

    python benchmarks/bench_load.py [--quick] [--sizes 10000,100000] [--cap 120] [--json OUT]
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

import common
from sotegraph.store import open_store
from sotegraph.store.bundled import bundled_sources
from sotegraph.store.embedded import OxigraphStore

SYNTH_GRAPH = "https://w3id.org/sotegraph/graph/synthetic"


def store_dir_in(root: str) -> Path:
    """A new, not yet existing store directory under `root`."""
    return Path(root) / f"store-{uuid.uuid4().hex[:8]}"


def prepare_file(root: str, path: str) -> tuple[Path, Path]:
    """Setup: (input file, fresh store directory)."""
    return Path(path), store_dir_in(root)


def prepare_bundled(root: str) -> Path:
    """Setup: a fresh store directory (the bundled content is parsed when the store is created)."""
    return store_dir_in(root)


def triples_in(path: str) -> int:
    """The number of triples of an N-Triples file (one per line)."""
    with open(path, "rb") as lines:
        return sum(1 for _ in lines)


def disk_mb(folder: Path) -> float:
    return sum(item.stat().st_size for item in folder.rglob("*") if item.is_file()) / 1e6


def load_into_store(prepared: tuple[Path, Path]) -> dict[str, object]:
    """Timed: create an embedded store, bulk-load the file into a new generation, switch to it, close."""
    path, folder = prepared
    with open_store(folder, initialise=False) as store:
        assert isinstance(store, OxigraphStore)
        store.load_files([(str(path), path.read_bytes(), "nt")], SYNTH_GRAPH)
    return {"store on disk": f"{disk_mb(folder):.0f} MB", "file": f"{path.stat().st_size / 1e6:.0f} MB"}


def load_into_store_transactionally(prepared: tuple[Path, Path]) -> None:
    """Timed baseline (the previous code): create an embedded store, one transactional `Store.load`, close."""
    path, folder = prepared
    with open_store(folder, initialise=False) as store:
        store.load(path.read_bytes(), "nt", SYNTH_GRAPH)


def load_into_memory_store(prepared: tuple[Path, Path]) -> None:
    """Timed: load the file into an in-memory Oxigraph store (`:memory:`, as tests use)."""
    path, _ = prepared
    with open_store(":memory:", initialise=False) as store:
        store.load(path.read_bytes(), "nt", SYNTH_GRAPH)


def parse_into_rdflib(prepared: tuple[Path, Path]) -> None:
    """Timed baseline: parse the file into an in-memory rdflib Graph."""
    path, _ = prepared
    Graph().parse(path, format="nt")


def init_bundled(folder: Path) -> dict[str, object]:
    """Timed: create an embedded store with the bundled ontology, reference data and curated graph."""
    with open_store(folder):
        pass
    return {"store on disk": f"{disk_mb(folder):.1f} MB"}


def parse_bundled_into_rdflib(_: Path) -> None:
    """Timed baseline: parse every bundled file into one in-memory rdflib Dataset."""
    dataset = Dataset()
    for graph, _name, data in bundled_sources():
        dataset.graph(URIRef(graph)).parse(data=data, format="turtle")


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "triples")
    root = tempfile.mkdtemp(prefix="sotegraph-bench-load-")
    rows = []
    try:
        common.progress("load: bundled graph")
        rows.append(common.Row(
            "load", "new store with the bundled graph", "bundled",
            common.measure("embedded Oxigraph", init_bundled, setup=prepare_bundled, args=(root,),
                           repeats=args.repeats, cap=args.cap),
            common.measure("rdflib Dataset parse", parse_bundled_into_rdflib, setup=prepare_bundled,
                           args=(root,), repeats=args.repeats, cap=args.cap)))
        for size in args.sizes:
            common.progress(f"load: generating {size} synthetic triples")
            path = str(common.synth_file(size))
            common.progress(f"load: {size} triples")
            label = f"{common.size_label(size, 'triples')} ({triples_in(path):,} exactly)"
            baseline = common.measure("rdflib Graph parse", parse_into_rdflib, setup=prepare_file,
                                      args=(root, path), repeats=args.repeats, cap=args.cap)
            rows.append(common.Row(
                "load", "load N-Triples into a store directory", label,
                common.measure("bulk load + switch", load_into_store, setup=prepare_file, args=(root, path),
                               repeats=args.repeats, cap=args.cap),
                common.measure("transactional load", load_into_store_transactionally, setup=prepare_file,
                               args=(root, path), repeats=args.repeats, cap=args.cap)))
            rows.append(common.Row(
                "load", "load N-Triples in memory", label,
                common.measure(":memory: Oxigraph", load_into_memory_store, setup=prepare_file,
                               args=(root, path), repeats=args.repeats, cap=args.cap), baseline))
            for folder in Path(root).iterdir():
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    common.report("load", rows, args.json, notes=[
        "Store directory: a new embedded store, the file bulk-loaded into a new generation that replaces "
        "the old atomically (the load command), closed (size on disk after close); baseline: the previous "
        "code, one transactional Store.load. In memory: one Store.load into :memory:; baseline: rdflib "
        "Graph().parse of the same N-Triples file (nothing persisted). Inputs: sotegraph.synth, fixed seed."])


if __name__ == "__main__":
    main()
