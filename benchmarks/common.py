"""Shared helpers for every sotegraph benchmark: timing in a child process, peak memory, time caps,
the standard sizes, synthetic input files, and one Markdown + JSON result format.

Conventions (see benchmarks/README.md):
- Every script `benchmarks/bench_<area>.py` runs alone, prints its own Markdown table and accepts
  `--quick` (smallest size only), `--sizes 10000,100000`, `--cap SECONDS` (time cap of one
  measured variant at one size), `--repeats N` and `--json OUT` (write the results as JSON).
- A measurement runs in a fresh *spawned* child (`measure`): its peak RSS is its own, a cap kills
  it and frees the memory, and a crash is reported instead of ending the suite.
- Each row pairs sotegraph's way (`ours`) with the baseline (`baseline`) at one size.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

#: The standard sizes (docs: CONVENTIONS "Synthetic data and benchmarks"); `--quick` takes the first.
SIZES: dict[str, list[int]] = {
    "triples": [10_000, 100_000, 1_000_000],
    "actors": [1_000, 10_000, 100_000],
    "nodes": [100, 1_000, 5_000],
}
#: Default time cap of one variant at one size, in seconds.
DEFAULT_CAP = 120.0
#: Libraries whose versions are recorded with every result.
LIBRARIES = ("sotegraph", "rdflib", "pyoxigraph", "oxigraph", "pyshacl", "networkx",
             "scipy", "igraph", "pyvis", "flask")
#: Where synthetic input files are cached between runs (override with SOTEGRAPH_BENCH_CACHE).
CACHE_DIR = Path(os.environ.get("SOTEGRAPH_BENCH_CACHE",
                                Path(tempfile.gettempdir()) / "sotegraph-bench-cache"))
SYNTH_SEED = 20250101
#: Every Row made so far in this process, and where `--json` wants them (see `_stopped`).
_MEASURED: list[Row] = []
_JSON_PATH: list[Path] = []


@dataclass
class Timing:
    """One variant measured at one size: median wall time of the completed runs, peak memory."""

    label: str
    median_s: float | None = None
    runs: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    capped_at: float | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The time as the table shows it: '1.23 s', '> 60 s' when capped, 'failed' on an error."""
        if self.capped_at is not None and self.median_s is None:
            return f"> {self.capped_at:g} s"
        if self.error:
            return "failed"
        return _seconds(self.median_s)


@dataclass
class Row:
    """One comparison: sotegraph's way against the baseline for one task at one size."""

    benchmark: str
    task: str
    size: str
    ours: Timing
    baseline: Timing | None = None

    def __post_init__(self) -> None:
        _MEASURED.append(self)  # kept for a partial report if the script is stopped (SIGTERM)

    def ratio(self) -> str:
        """How many times faster ours is than the baseline ('> 12×' when the baseline was capped)."""
        if self.baseline is None or self.ours.median_s is None or self.ours.median_s <= 0:
            return "–"
        if self.baseline.median_s is None:
            if self.baseline.capped_at is not None:
                return f"> {self.baseline.capped_at / self.ours.median_s:.1f}×"
            return "–"
        return f"{self.baseline.median_s / self.ours.median_s:.1f}×"


# ---------------------------------------------------------------- measuring in a child process

def measure(label: str, task: Callable[[Any], dict[str, Any] | None], *,
            setup: Callable[..., Any] | None = None, args: Sequence[Any] = (),
            repeats: int = 3, cap: float = DEFAULT_CAP, setup_cap: float = 900.0) -> Timing:
    """Run `task(setup(*args))` `repeats` times in a spawned child and return the median and peak RSS.

    `setup` (untimed) runs before every repetition so each starts from a fresh state; `task`
    may return a dict of extra figures (kept from the last run; short strings or numbers, shown
    in the table's "details" column for sotegraph's variant). Repetitions stop once the timed
    total passes `cap`; a single run longer than `cap` kills the child (reported as "> cap").
    Peak RSS is the child's high-water mark during the timed runs (interpreter, imports and the
    prepared input included). `task` and `setup` must be module-level functions (picklable).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, task, setup, tuple(args), repeats, cap),
                            daemon=True)
    child.start()
    sender.close()
    timing = Timing(label)
    deadline = setup_cap
    try:
        while True:
            if not receiver.poll(deadline):
                timing.capped_at = cap
                break
            kind, *payload = receiver.recv()
            if kind == "setup":
                deadline = cap + 1.0
            elif kind == "run":
                seconds, peak, extra = payload
                timing.runs.append(seconds)
                timing.peak_rss_mb = max(timing.peak_rss_mb or 0.0, peak)
                timing.extra = extra or {}
                deadline = setup_cap
            elif kind == "error":
                timing.error = payload[0]
                break
            else:
                break
    except EOFError:
        timing.error = timing.error or f"child process died (exit code {child.exitcode})"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if timing.runs:
        timing.median_s = statistics.median(timing.runs)
    elif child.exitcode and child.exitcode < 0 and timing.capped_at is None and not timing.error:
        timing.error = f"child process killed by signal {-child.exitcode}"
    return timing


def _child(sender: Connection, task: Callable[[Any], Any], setup: Callable[..., Any] | None,
           args: tuple[Any, ...], repeats: int, cap: float) -> None:
    """Child side of `measure`: setup, reset the memory high-water mark, time the task, report."""
    try:
        total = 0.0
        for _ in range(repeats):
            prepared = setup(*args) if setup else (args[0] if len(args) == 1 else args)
            sender.send(("setup",))
            _reset_peak_rss()
            start = time.perf_counter()
            extra = task(prepared)
            seconds = time.perf_counter() - start
            sender.send(("run", seconds, _peak_rss_mb(), extra))
            del prepared
            total += seconds
            if total >= cap:
                break
        sender.send(("done",))
    except BaseException as error:  # reported to the parent, which shows it in the table
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def _reset_peak_rss() -> None:
    """Reset this process's peak RSS (Linux: write 5 to /proc/self/clear_refs); no-op elsewhere."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    """This process's peak RSS in MB (VmHWM on Linux, else ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# ---------------------------------------------------------------- inputs

def synth_file(triples: int, fmt: str = "nt", seed: int = SYNTH_SEED) -> Path:
    """A cached synthetic graph of about `triples` triples (sotegraph.synth) in format `fmt`."""
    from sotegraph import synth

    actors, projects = synth.size_for_triples(triples)
    return synth_file_for(actors, projects, fmt=fmt, seed=seed)


def synth_file_for(actors: int, projects: int, fmt: str = "nt", seed: int = SYNTH_SEED) -> Path:
    """A cached synthetic graph with `actors` actors and `projects` projects in format `fmt`."""
    from sotegraph import synth

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"synth-v{synth.GENERATOR_VERSION}-a{actors}-p{projects}-s{seed}.{fmt}"
    if not path.exists():
        partial = path.with_suffix(path.suffix + ".part")
        synth.write(partial, actors, projects, seed, fmt=fmt)
        partial.replace(path)
    return path


def size_label(size: int, unit: str) -> str:
    """'10 k triples', '1 M triples', '100 nodes'."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        text = f"{size // 1_000_000} M"
    elif size >= 1_000 and size % 1_000 == 0:
        text = f"{size // 1_000} k"
    else:
        text = str(size)
    return f"{text} {unit}"


# ---------------------------------------------------------------- command line and results

def arguments(description: str, unit: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the common flags; `args.sizes` is the list of sizes to run (unit: a key of SIZES)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="run the smallest size only")
    parser.add_argument("--sizes", help=f"comma-separated sizes in {unit} "
                                        f"(default: {','.join(map(str, SIZES[unit]))})")
    parser.add_argument("--cap", type=float, default=DEFAULT_CAP,
                        help="time cap in seconds of one variant at one size (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per variant (median)")
    parser.add_argument("--json", metavar="OUT", type=Path, help="also write the results as JSON to OUT")
    args = parser.parse_args(argv)
    if args.sizes:
        try:
            args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
        except ValueError:
            parser.error(f"--sizes: not a list of integers: {args.sizes}")
    else:
        args.sizes = SIZES[unit][:1] if args.quick else list(SIZES[unit])
    if args.quick:
        args.repeats = min(args.repeats, 1)
    if args.json:
        _JSON_PATH.append(args.json)
    signal.signal(signal.SIGTERM, _stopped)
    return args


def _stopped(signum: int, frame: object) -> None:
    """On SIGTERM (run.py's time limit): write the rows measured so far, then stop (the running child is killed)."""
    if _JSON_PATH and _MEASURED:
        write_json(_JSON_PATH[0], {"benchmark": _MEASURED[0].benchmark, "machine": machine(),
                                   "rows": [asdict(row) for row in _MEASURED], "partial": True,
                                   "notes": ["stopped by a time limit: the rows measured until then"]})
    raise SystemExit(128 + signum)


def machine() -> dict[str, Any]:
    """The machine and software a result was measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil
        ram_gb: float | None = round(psutil.virtual_memory().total / 1024 ** 3, 1)
    except ImportError:
        ram_gb = None
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "libraries": versions,
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def report(benchmark: str, rows: list[Row], json_path: Path | None, notes: Sequence[str] = ()) -> None:
    """Print the rows as a Markdown table and, if `json_path` is given, write them as JSON."""
    print(markdown_table(rows))
    for note in notes:
        print(f"\n{note}")
    if json_path:
        write_json(json_path, {"benchmark": benchmark, "machine": machine(),
                               "rows": [asdict(row) for row in rows], "notes": list(notes)})


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write `document` as indented JSON, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def rows_from_json(document: dict[str, Any]) -> list[Row]:
    """The rows of a result document written by `report`."""
    rows = []
    for row in document.get("rows", []):
        baseline = Timing(**row["baseline"]) if row.get("baseline") else None
        rows.append(Row(row["benchmark"], row["task"], row["size"], Timing(**row["ours"]), baseline))
    return rows


def markdown_table(rows: list[Row]) -> str:
    """The rows as one Markdown table: times, peak memory and the ratio baseline / ours."""
    lines = ["| benchmark | task | size | sotegraph | baseline | speed-up | peak MB (sotegraph / baseline) | details |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ours = f"{row.ours.text()} ({row.ours.label})"
        base = f"{row.baseline.text()} ({row.baseline.label})" if row.baseline else "–"
        peaks = " / ".join(_megabytes(timing.peak_rss_mb) for timing in (row.ours, row.baseline) if timing)
        details = "; ".join(f"{key}: {value}" for key, value in row.ours.extra.items())
        lines.append(f"| {row.benchmark} | {row.task} | {row.size} | {ours} | {base} | {row.ratio()} | {peaks} "
                     f"| {details} |")
    errors = [(row, timing) for row in rows for timing in (row.ours, row.baseline) if timing and timing.error]
    for row, timing in errors:
        lines.append(f"\n- {row.benchmark} / {row.task} / {row.size} / {timing.label}: {timing.error}")
    return "\n".join(lines)


def progress(message: str) -> None:
    """Show progress on a terminal (stderr); stay quiet when piped."""
    if sys.stderr.isatty():
        print(f"… {message}", file=sys.stderr, flush=True)


def _seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _megabytes(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"
