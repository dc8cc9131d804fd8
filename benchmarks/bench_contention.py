"""Contention benchmark: a fast named query's latency before, during and after a pathological query.

sotegraph: `sotegraph serve` (waitress; the store behind a read-only `oxigraph serve-read-only`
child restarted when a query overruns its limit; the guard's parse in killable worker processes).
Baseline, in the same run on the same store: the previous design — the app over a plain
`oxigraph serve --timeout-s` child, the query parsed by rdflib in the web process — served by the
same waitress with the same threads. Both run as separate processes; this script is the client.

Phases, each on a fresh server: the fast query (`/api/query/region-municipalities`, one client,
one request every 20 ms) alone; while another client sends a sort Oxigraph does not cancel
(`ORDER BY` over a join); while another client sends a 170 KB query that rdflib needs a minute to
parse; and alone again after both. Reported: the fast query's p95 (p50 in the details) per phase
and how long the pathological query took to be answered (its limit is `LIMIT` s). Goals: p95 below
200 ms during either, each pathological query stopped within 1 s of its limit.

Default sizes 10 k and 100 k triples: at 1 M the baseline's sort grows to gigabytes (`--sizes 1000000`).

    python benchmarks/bench_contention.py [--quick] [--sizes 10000,100000] [--cap 30] [--json OUT]
"""

from __future__ import annotations

import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

import common

#: The query time limit of both servers, in seconds.
LIMIT = 2.0
THREADS = 8
FAST_URL = "/api/query/region-municipalities"
FAST_PARAMS = {"region": "Kanta-Häme"}
SORT = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?p ?y } ORDER BY ?a ?b LIMIT 1"
SLOW_PARSE = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(str(i) for i in range(30_000)) + ")) }"
BASELINE_SERVER = """
import sys, time
from pathlib import Path
import sotegraph_webviz.sparql as endpoint
from sotegraph.sparql.execution import CheckedQuery
from sotegraph.sparql.guard import check_query
from sotegraph.store.server import OxigraphServer
from sotegraph_webviz import create_app, serving

folder, port, limit = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
def in_process(text, timeout):  # the previous design: rdflib parses in the web process, no limit
    return CheckedQuery(text, check_query(text), time.monotonic() + timeout, timeout)
endpoint.check_public_query = in_process
endpoint.check_named_query = lambda template, text, timeout: in_process(text, timeout)
server = OxigraphServer(folder, query_timeout=limit)
app = create_app({"STORE": server.store(location=str(folder)), "QUERY_TIMEOUT": limit,
                  "QUERY_CONCURRENCY_PER_CLIENT": 1000})
try:
    serving.serve_app(app, "127.0.0.1", port, threads=int(sys.argv[4]), grace=limit)
finally:
    server.stop()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_store(size: int) -> Path:
    """A store directory with the bundled graphs and a synthetic graph of about `size` triples."""
    folder = Path(tempfile.mkdtemp(prefix="sotegraph-bench-contention-")) / "store"
    source = common.synth_file(size)
    subprocess.run([sys.executable, "-m", "sotegraph", "--store", str(folder), "load", str(source),
                    "--graph", "https://w3id.org/sotegraph/graph/synthetic"], check=True, capture_output=True)
    return folder


class Server:
    """`sotegraph serve` (ours) or the baseline server on a free port, stopped with SIGTERM."""

    def __init__(self, kind: str, folder: Path) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        if kind == "ours":
            command = [sys.executable, "-m", "sotegraph", "--store", str(folder), "serve", "--port", str(port),
                       "--query-timeout", str(LIMIT), "--threads", str(THREADS)]
        else:
            command = [sys.executable, "-c", BASELINE_SERVER, str(folder), str(port), str(LIMIT), str(THREADS)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + FAST_URL, params=FAST_PARAMS, timeout=30).raise_for_status()
                return
            except requests.RequestException:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the {kind} server ended with {self.process.returncode}") from None
                time.sleep(0.2)
        raise RuntimeError(f"the {kind} server did not answer within 120 s")

    def stop(self) -> None:
        """SIGTERM (a graceful stop), then wait for it."""
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fast_latencies(url: str, until: threading.Event | None, count: int) -> tuple[list[float], int]:
    """Latencies (s) of the fast named query, one every 20 ms: `count` of them, or until `until` is set."""
    latencies: list[float] = []
    failures = 0
    with requests.Session() as session:
        while (until is None and len(latencies) + failures < count) or (until is not None and not until.is_set()):
            started = time.perf_counter()
            try:
                session.get(url + FAST_URL, params=FAST_PARAMS, timeout=60).raise_for_status()
                latencies.append(time.perf_counter() - started)
            except requests.RequestException:
                failures += 1
            time.sleep(0.02)
    return latencies, failures


def percentile(values: list[float], share: float) -> float | None:
    """The `share` quantile (nearest rank) of `values`, None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def latency_timing(label: str, latencies: list[float], failures: int) -> common.Timing:
    """The p95 of `latencies` as a Timing; p50 and counts in its details."""
    timing = common.Timing(label, median_s=percentile(latencies, 0.95))
    middle = statistics.median(latencies) if latencies else None
    timing.extra = {"p50": f"{middle * 1000:.1f} ms" if middle is not None else "n/a",
                    "requests": len(latencies), "failed": failures}
    return timing


def under_attack(url: str, bad_query: str, cap: float) -> tuple[common.Timing, common.Timing]:
    """The fast query's latencies while `bad_query` runs, and how long `bad_query` took to be answered."""
    finished = threading.Event()
    outcome: dict[str, Any] = {}

    def attack() -> None:
        started = time.perf_counter()
        try:
            response = requests.post(url + "/sparql", data={"query": bad_query},
                                     headers={"Accept": "application/sparql-results+json"}, timeout=cap)
            outcome.update(status=response.status_code, seconds=time.perf_counter() - started)
        except requests.RequestException as error:
            outcome.update(status=type(error).__name__, seconds=None)
        finished.set()

    attacker = threading.Thread(target=attack)
    attacker.start()
    time.sleep(0.1)
    latencies, failures = fast_latencies(url, finished, 0)
    attacker.join()
    stopped = common.Timing("stopped after", median_s=outcome["seconds"],
                            capped_at=cap if outcome["seconds"] is None else None)
    stopped.extra = {"status": outcome["status"], "limit": f"{LIMIT:g} s"}
    return latency_timing("p95", latencies, failures), stopped


def measure_server(kind: str, folder: Path, cap: float) -> dict[str, common.Timing]:
    """Every phase against one server of `kind`; a fresh server for each pathological query."""
    timings: dict[str, common.Timing] = {}
    for name, bad_query in (("sort", SORT), ("parse", SLOW_PARSE)):
        server = Server(kind, folder)
        try:
            if name == "sort":
                timings["before"] = latency_timing(kind, *fast_latencies(server.url, None, 100))
            timings[f"during {name}"], timings[f"{name} stopped"] = under_attack(server.url, bad_query, cap)
            time.sleep(0.5)
            timings[f"after {name}"] = latency_timing(kind, *fast_latencies(server.url, None, 100))
        finally:
            server.stop()
    for timing in timings.values():
        timing.label = kind
    return timings


TASKS = {"before": "fast query p95, alone",
         "during sort": "fast query p95, during an uncancelled sort",
         "sort stopped": f"the sort answered after (limit {LIMIT:g} s)",
         "after sort": "fast query p95, after the sort",
         "during parse": "fast query p95, during a 170 KB parse",
         "parse stopped": f"the 170 KB query answered after (limit {LIMIT:g} s)",
         "after parse": "fast query p95, after the parse"}


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "triples")
    if not any(flag.startswith("--sizes") for flag in sys.argv[1:]):
        # At 1 M triples the baseline's uncancelled sort takes gigabytes: only when asked for.
        args.sizes = [size for size in args.sizes if size <= 100_000]
    cap = min(args.cap, 60.0)
    rows: list[common.Row] = []
    for size in args.sizes:
        common.progress(f"{common.size_label(size, 'triples')}: making the store")
        folder = make_store(size)
        common.progress("measuring sotegraph serve")
        ours = measure_server("ours", folder, cap)
        common.progress("measuring the baseline")
        baseline = measure_server("baseline", folder, cap)
        for key, task in TASKS.items():
            rows.append(common.Row("contention", task, common.size_label(size, "triples"), ours[key], baseline[key]))
    during = [row for row in rows if "during" in row.task]
    stops = [row for row in rows if "answered after" in row.task]
    worst_p95 = max((row.ours.median_s or math.inf for row in during), default=math.inf)
    worst_stop = max((row.ours.median_s or math.inf for row in stops), default=math.inf)
    notes = [f"Goal: fast p95 < 200 ms during a pathological query (worst: {worst_p95 * 1000:.0f} ms); "
             f"pathological queries answered within {LIMIT:g} + 1 s (worst: {worst_stop:.2f} s). "
             f"Time cap of a pathological query's client: {cap:g} s. The speed-up column is baseline / ours.",
             "The baseline answers the sort with 503 when its HTTP read timeout (limit + 2 s) passes, but its "
             "Oxigraph child goes on sorting: the 'after' rows show what that costs the next queries."]
    common.report("contention", rows, args.json, notes)


if __name__ == "__main__":
    main()
