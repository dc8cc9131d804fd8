"""Run every sotegraph benchmark and write one table: benchmarks/results/latest.md and latest.json.

Each benchmark script runs as a subprocess with `--json OUT` (and `--quick`, `--cap`); a missing
script is reported as "not available", a failing one as "failed" with its last error line, so the
suite always finishes. `--readme` also puts the table into README.md's "Performance" section
(between the `<!-- benchmarks:start -->` and `<!-- benchmarks:end -->` markers).

    python benchmarks/run.py [--quick] [--only load,queries] [--cap SECONDS] [--readme]
    python benchmarks/run.py --collect [--readme]   # the table from results/NAME.json of separate runs

`--collect` runs nothing: it assembles the table from each script's own latest result
(`benchmarks/results/NAME.json`, written by `bench_NAME.py --json …`), so a benchmark rerun alone
(e.g. at its large sizes, with `nice`) replaces its rows without rerunning the others.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE.parent / "README.md"
#: name → (script, what it measures); run in this order.
BENCHMARKS: dict[str, tuple[str, str]] = {
    "load": ("bench_load.py", "loading the bundled graph and 10 k / 100 k / 1 M synthetic triples"),
    "queries": ("bench_queries.py", "the named queries at 10 k / 100 k / 1 M triples"),
    "validation": ("bench_validation.py", "validating a submission at 10 k / 100 k / 1 M triples"),
    "analysis": ("bench_analysis.py", "network analysis at 1 k / 10 k / 100 k actors"),
    "view": ("bench_view.py", "graph-view payload at 100 / 1 000 / 5 000 drawn nodes"),
    "contention": ("bench_contention.py", "a fast named query's p95 before, during and after a pathological query"),
    "hostile": ("bench_hostile.py", "refusing each hostile upload, against the unguarded readers"),
}
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def run_one(name: str, quick: bool, cap: float | None, limit: float) -> dict[str, Any]:
    """Run one benchmark script; its result document plus `status` and `seconds`."""
    script, about = BENCHMARKS[name]
    path = HERE / script
    if not path.exists():
        return {"benchmark": name, "about": about, "status": "not available", "rows": [], "notes": []}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.json"
        command = [sys.executable, str(path), "--json", str(out)]
        command += ["--quick"] if quick else []
        command += ["--cap", str(cap)] if cap else []
        started = time.perf_counter()
        with open(Path(folder) / "stderr", "w+", encoding="utf-8") as errors:
            process = subprocess.Popen(command, cwd=HERE, stdout=subprocess.DEVNULL, stderr=errors, text=True)
            status = "ok"
            try:
                process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                process.terminate()  # the script writes what it has measured (common._stopped)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                status = f"stopped after {limit:.0f} s"
            errors.seek(0)
            lines = errors.read().strip().splitlines()
        seconds = time.perf_counter() - started
        if not out.exists():
            if status == "ok":
                status = f"failed (exit {process.returncode}): {lines[-1] if lines else 'no output'}"
            return {"benchmark": name, "about": about, "rows": [], "notes": [], "seconds": round(seconds, 1),
                    "status": status}
        document = json.loads(out.read_text(encoding="utf-8"))
        if status == "ok" and process.returncode != 0:
            status = f"failed (exit {process.returncode}) after writing results"
    if document.get("partial"):
        status += " (partial: sizes measured until then)"
    document.update(benchmark=name, about=about, status=status, seconds=round(seconds, 1))
    document.pop("machine", None)
    return document


def collected(name: str, folder: Path) -> dict[str, Any]:
    """The last result document `bench_NAME.py --json folder/NAME.json` wrote, as `run_one` returns one."""
    path = folder / f"{name}.json"
    about = BENCHMARKS[name][1]
    if not path.exists():
        return {"benchmark": name, "about": about, "status": "not available", "rows": [], "notes": []}
    document = json.loads(path.read_text(encoding="utf-8"))
    measured = document.pop("machine", {}).get("date", "an earlier run")
    status = "stopped at its time limit (partial: sizes measured until then)" if document.get("partial") else "ok"
    document.update(benchmark=name, about=about, status=status, measured=measured)
    return document


def markdown(results: list[dict[str, Any]], machine: dict[str, Any], quick: bool, seconds: float) -> str:
    """The whole suite as Markdown: the machine, then one table of every row, then notes."""
    libraries = ", ".join(f"{lib} {version}" for lib, version in machine["libraries"].items() if version)
    lines = [f"Measured {machine['date']} with `python benchmarks/run.py{' --quick' if quick else ''}` "
             f"in {_duration(seconds)} on {machine['cpu']}, {machine['cores']} cores, "
             f"{machine['ram_gb']} GB RAM, {machine['os']}, Python {machine['python']}; {libraries}.",
             "", "Times are medians of up to 3 runs, each in a fresh process; peak MB is that "
             "process's peak resident memory (interpreter and input included); speed-up = baseline "
             "time / sotegraph time; \"> N s\" means the run hit its time cap.", ""]
    rows = [row for result in results for row in common.rows_from_json(result)]
    if rows:
        lines.append(common.markdown_table(rows))
    missing = [f"- {result['benchmark']} ({result['about']}): {result['status']}"
               for result in results if result["status"] != "ok"]
    if missing:
        lines += ["", "Not (fully) measured:", *missing]
    notes = [f"- {result['benchmark']}: {note}" for result in results for note in result.get("notes", [])]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def update_readme(table: str) -> bool:
    """Replace the text between the benchmark markers in README.md; False if the markers are missing."""
    if not README.exists():
        return False
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return False
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every benchmark at its smallest size")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--cap", type=float, help="time cap of one variant at one size, in seconds "
                                                  "(default: each script's own)")
    parser.add_argument("--limit", type=float, default=1500.0,
                        help="seconds one script may run in all before it is stopped (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder (default: benchmarks/results)")
    parser.add_argument("--readme", action="store_true", help="also put the table into README.md")
    parser.add_argument("--collect", action="store_true",
                        help="run nothing: assemble the table from the results folder's NAME.json files")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    started = time.perf_counter()
    results = []
    for name in names:
        if args.collect:
            results.append(collected(name, args.out))
            continue
        common.progress(f"{name}: {BENCHMARKS[name][1]}")
        results.append(run_one(name, args.quick, args.cap, args.limit))
        common.progress(f"{name}: {results[-1]['status']}")
    seconds = time.perf_counter() - started
    machine = common.machine()
    table = markdown(results, machine, args.quick, seconds)
    if args.collect:
        dates = "; ".join(f"{result['benchmark']} {result.get('measured', '–')}" for result in results)
        table = table.replace(f" with `python benchmarks/run.py` in {_duration(seconds)}",
                              " with each `benchmarks/bench_NAME.py` run alone (collected by `run.py --collect`; "
                              f"measured: {dates})", 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(table, encoding="utf-8")
    common.write_json(args.out / "latest.json", {"machine": machine, "quick": args.quick,
                                                  "seconds": round(seconds, 1), "benchmarks": results})
    print(table)
    if args.readme and not update_readme(table):
        print(f"README.md has no {START} … {END} markers; table not copied", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
