"""Hostile-input benchmark: how fast and in how much memory each hostile upload is refused.

Input: the cases of `tests/hostile/hostile_payloads.py` (billion laughs, XXE, 10⁶-deep nesting,
a 17 MB literal, 100 001 triples, a 1.5 GB zip bomb, a zip with lying sizes, a sheet declared
A1:XFD1048576, 10⁶ empty rows, a 200 000-character CSV cell), each written to a file once.
sotegraph: `parse_submission` of the file (what `validate`, `submit` and the web run first), which
refuses it. Baseline: the same bytes read without sotegraph's checks — Oxigraph's parser for RDF,
openpyxl in read-only mode for workbooks, Python's csv reader for CSV — in a child limited to a
2 GiB address space (so a bomb fails there instead of taking the machine). The issue's target is
a refusal within a second and a few hundred MB.

    python benchmarks/bench_hostile.py [--quick] [--cap 120] [--json OUT]
"""

from __future__ import annotations

import csv
import importlib.util
import io
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

import common

PAYLOADS = Path(__file__).resolve().parent.parent / "tests" / "hostile" / "hostile_payloads.py"


def hostile_cases() -> list[Any]:
    """The cases of the hostile-input suite (loaded from the tests folder, which is not a package)."""
    spec = importlib.util.spec_from_file_location("hostile_payloads", PAYLOADS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return list(module.CASES)

BASELINE_ADDRESS_SPACE = 2 * 1024 ** 3
QUICK = {"deep.ttl", "huge.ttl", "bomb.xlsx", "organisations.csv"}


def read_bytes(path: str) -> tuple[str, bytes]:
    """Untimed setup: the file's name and bytes, sotegraph imported (imports are not timed)."""
    import sotegraph.stewarding.submissions  # noqa: F401

    return Path(path).name, Path(path).read_bytes()


def read_bytes_limited(path: str) -> tuple[str, bytes]:
    """Untimed setup of the baseline: the bytes, the readers imported, a 2 GiB address-space limit."""
    import openpyxl  # noqa: F401
    import pyoxigraph  # noqa: F401

    resource.setrlimit(resource.RLIMIT_AS, (BASELINE_ADDRESS_SPACE, resource.RLIM_INFINITY))
    return Path(path).name, Path(path).read_bytes()


def refuse_ours(prepared: tuple[str, bytes]) -> dict[str, object]:
    """Timed: sotegraph reads the upload (and refuses it)."""
    from sotegraph.errors import SotegraphError
    from sotegraph.stewarding.submissions import Upload, parse_submission

    name, data = prepared
    try:
        parse_submission([Upload.of(name, data)])
    except SotegraphError as error:
        return {"answer": f"{error.http_status}"}
    return {"answer": "accepted"}


def read_unguarded(prepared: tuple[str, bytes]) -> dict[str, object]:
    """Timed baseline: the same bytes through the bare reader."""
    name, data = prepared
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True)
        rows = sum(1 for sheet in workbook.worksheets for _ in sheet.iter_rows(values_only=True))
        return {"rows": rows}
    if name.endswith(".csv"):
        return {"rows": sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"))))}
    import pyoxigraph as ox

    fmt = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}
    quads = sum(1 for _ in ox.parse(io.BytesIO(data), format=fmt[Path(name).suffix]))
    return {"quads": quads}


def main() -> None:
    args = common.arguments(__doc__.splitlines()[0], "triples")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for case in hostile_cases():
            if args.quick and case.name not in QUICK:
                continue
            path = Path(folder) / case.name
            path.write_bytes(case.make())
            size = f"{path.stat().st_size / 1024 ** 2:.1f} MB" if path.stat().st_size > 1024 ** 2 \
                else f"{path.stat().st_size / 1024:.1f} KB"
            common.progress(f"{case.name}: ours…")
            ours = common.measure("sotegraph", refuse_ours, setup=read_bytes, args=(str(path),),
                                  repeats=args.repeats, cap=args.cap)
            common.progress(f"{case.name}: unguarded reader…")
            bare = common.measure("unguarded reader", read_unguarded, setup=read_bytes_limited, args=(str(path),),
                                  repeats=args.repeats, cap=args.cap)
            rows.append(common.Row("hostile", f"refuse {case.name} ({case.status})", size, ours, bare))
    common.report("hostile", rows, args.json, notes=[
        "sotegraph: parse_submission refuses the upload (limits from sotegraph.limits, defaults); "
        "baseline: Oxigraph's parser / openpyxl read-only / csv on the same bytes, limited to a 2 GiB address "
        "space ('failed' = it ran out of memory, crashed or raised)",
        "peak RSS includes the interpreter and imports"])


if __name__ == "__main__":
    main()
