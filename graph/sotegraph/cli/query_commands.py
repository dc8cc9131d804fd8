"""Query commands: `queries` lists the named queries, `query` runs one (or a .rq file).

`--format table` prints an aligned table (SELECT) or yes/no (ASK); every other format is written
by the store's own serialiser: csv, tsv, json, xml for SELECT/ASK (SPARQL 1.1 result formats) and
ttl, nt, xml (RDF/XML), json/jsonld (JSON-LD), nq, trig for CONSTRUCT/DESCRIBE (table = Turtle).

`--timeout S` is kept as given by a watchdog: pyoxigraph cannot cancel a query, so at the
deadline the command prints the error naming S and ends its own process with exit code 4 (a
read-only one-shot process; the RocksDB store is crash-safe). A remote store (also a store held
by `sotegraph serve`) is asked to stop the query at the same limit.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

import click

from sotegraph.cli.store_commands import store_for
from sotegraph.errors import InputError, QueryTimeout
from sotegraph.i18n import SUPPORTED
from sotegraph.sparql import catalog
from sotegraph.sparql.guard import check_query
from sotegraph.sparql.result_formats import cli_media_type, is_graph_form
from sotegraph.store import QueryResult, SelectResult, Store

FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "nq", "trig")
_Answer = TypeVar("_Answer")


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`NAME=VALUE` pairs as a dict; InputError for a pair without "="."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, has_value, value = pair.partition("=")
        if not has_value or not name.strip():
            raise InputError(f"--param needs NAME=VALUE, got '{pair}'", field="param")
        values[name.strip()] = value
    return values


def with_deadline(work: Callable[[], _Answer], timeout: float | None) -> _Answer:
    """`work()`; past `timeout` s the error is printed and the process ends with exit code 4."""
    if timeout is None:
        return work()
    results: list[_Answer] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # handed to the main thread, raised there
            errors.append(error)

    worker = threading.Thread(target=run, name="sotegraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        error = QueryTimeout(f"the query did not finish within the time limit of {timeout:g} s (--timeout)")
        click.echo(f"sotegraph: error: {error}", err=True)
        sys.stderr.flush()
        os._exit(error.exit_code)  # the only way to stop pyoxigraph; nothing is being written
    if errors:
        raise errors[0]
    return results[0]


def run_with_deadline(store: Store, sparql: str, timeout: float | None) -> QueryResult:
    """Run `sparql` as rdflib terms, stopped at `timeout` s (see `with_deadline`)."""
    return with_deadline(lambda: store.query(sparql, timeout=timeout), timeout)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _table(result: SelectResult) -> str:
    """An aligned plain-text table of a SELECT result."""
    rows = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(result.variables)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(result.variables, widths, strict=True)),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def emit(store: Store, sparql: str, form: str, fmt: str, timeout: float | None) -> None:
    """Run `sparql` and print its answer in `fmt`: a table, or the store's own serialisation."""
    if fmt == "table" and not is_graph_form(form):
        result = run_with_deadline(store, sparql, timeout)
        click.echo(_table(result) if isinstance(result, SelectResult) else ("yes" if result else "no"))
        return
    media_type = cli_media_type("ttl" if fmt == "table" else fmt, form)
    body, _ = with_deadline(lambda: store.query_serialized(sparql, media_type, timeout=timeout), timeout)
    click.echo(body.decode("utf-8"), nl=False)


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(SUPPORTED), default="en", show_default=True, help="Language of titles.")
def queries_command(fmt: str, lang: str) -> None:
    """List the named queries: name, title and parameters."""
    named = catalog.list_queries()
    if fmt == "json":
        click.echo(json.dumps([query.as_dict() for query in named], ensure_ascii=False, indent=2))
        return
    for query in named:
        click.echo(f"{query.name}\n    {query.title.get(lang, '')}")
        for parameter in query.parameters:
            click.echo(f"    --param {parameter.describe()}")


@click.command("query")
@click.argument("name_or_file", metavar="NAME|FILE.rq")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; entities by IRI or by any label (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, csv, tsv, json, xml (SPARQL 1.1 results). "
                   "CONSTRUCT/DESCRIBE: ttl (also for table), nt, xml (RDF/XML), json/jsonld, nq, trig.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="S",
              help="Time limit in seconds, kept as given (exit 4 when reached).")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Page: at most N rows (SELECT only); the total is told on stderr.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, metavar="M",
              help="Page: skip the first M rows (with --limit).")
@click.pass_context
def query_command(ctx: click.Context, name_or_file: str, params: tuple[str, ...], fmt: str,
                  timeout: float | None, limit: int | None, offset: int) -> None:
    """Run a named query (see `sotegraph queries`) or a SPARQL query file.

    \b
    Examples:
      sotegraph query project-participants --param project="PRO SOS"
      sotegraph query region-municipalities -p region=Kanta-Häme -p year=2021 --format csv
      sotegraph query actor-partners -p actor=Pikassos --limit 20 --offset 20
    """
    query = catalog.load_query(name_or_file)
    form = check_query(query.sparql)
    if fmt != "table":
        cli_media_type(fmt, form)  # refuse e.g. --format csv for a CONSTRUCT before the store is opened
    values = parse_params(params)
    if offset and limit is None:
        raise InputError("--offset pages together with --limit", field="offset")
    with store_for(ctx) as store:
        sparql = catalog.prepare(store, query, values)
        if limit is None:
            emit(store, sparql, form, fmt, timeout)
            return
        if is_graph_form(form) or form == "ASK":
            raise InputError("--limit pages SELECT queries only", field="limit")
        emit(store, catalog.paged(sparql, catalog.Page(limit, offset)), form, fmt, timeout)
        total = run_with_deadline(store, catalog.counted(sparql), timeout)
        count = int(total.rows[0][0] or 0) if isinstance(total, SelectResult) and total.rows else 0
        shown = max(0, min(limit, count - offset))
        click.echo(f"rows {offset + 1 if shown else offset}–{offset + shown} of {count}", err=True)


def register(group: click.Group) -> None:
    """Add `queries` and `query` to the sotegraph command group."""
    group.add_command(queries_command)
    group.add_command(query_command)

