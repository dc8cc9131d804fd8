"""Store commands: `init`, `load`, `stats`, `export` and `serve` — the operator's tools.

`export` also writes the network projections (graphml, gexf, csv); it declares their options
itself: `--projection`, `--measure` and the filters of `sotegraph.network.filters`, the same as `analyze`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO, cast

import click

from sotegraph.cli.network_options import filter_options, filters_from, measure_names, projection_option
from sotegraph.entities.statistics import store_figures
from sotegraph.errors import InputError
from sotegraph.network.exports import DEFAULT_EXPORT_MEASURES, EXPORT_FORMATS, write_graph
from sotegraph.network.projections import projection
from sotegraph.store import ONTOLOGY_GRAPH, Store, open_store
from sotegraph.store.bundled import bundled_graphs, reload_bundled
from sotegraph.store.directory import StoreDir
from sotegraph.store.embedded import OxigraphStore
from sotegraph.store.formats import combined_nquads, detect_format, format_names, normalise_format, read_file
from sotegraph.store.location import MEMORY, is_remote, resolve_store_location

#: Export formats that dump RDF (quad formats keep the named graphs; triple formats the union).
RDF_EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def store_for(ctx: click.Context, *, initialise: bool = True) -> Store:
    """The store the command line names (`--store`, $SOTEGRAPH_STORE or the per-user store)."""
    return open_store(ctx.find_root().obj["store_location"], initialise=initialise)


def progress(message: str) -> None:
    """Tell a person at a terminal what is happening; say nothing when stderr is piped."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


@click.command()
@click.option("--force", is_flag=True, help="Reload the bundled graphs even if they are present.")
@click.option("--empty", is_flag=True, help="Create a new store without the bundled content (e.g. to load an export).")
@click.pass_context
def init(ctx: click.Context, force: bool, empty: bool) -> None:
    """Create the store if needed and load the bundled ontology, reference data and curated graph.

    Other graphs (submissions, your own loads) are kept. --force replaces the bundled graphs with
    the shipped content in one atomic update.
    """
    if empty:
        _init_empty(ctx, force)
        return
    with store_for(ctx) as store:
        if force or ONTOLOGY_GRAPH not in store.graph_counts():
            progress("loading the bundled graphs…")
            reload_bundled(store)
        counts = store.graph_counts()
        click.echo(f"store {store.location}: bundled graphs ready")
        for graph in bundled_graphs():
            click.echo(f"  {graph}  {counts.get(graph, 0)} triples")


def _init_empty(ctx: click.Context, force: bool) -> None:
    """Create a new, empty store directory; refuse anything else."""
    location = resolve_store_location(ctx.find_root().obj["store_location"])
    if force or location == MEMORY or is_remote(location) or StoreDir(location).check() is not None:
        raise InputError("--empty creates a new store directory: give a new or empty directory, without --force")
    with store_for(ctx, initialise=False) as store:
        click.echo(f"store {store.location}: created empty")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--graph", "graph", metavar="IRI",
              help="Named graph for the triples (quad formats keep their own graphs). Default: the default graph.")
@click.option("--format", "fmt", metavar="FORMAT",
              help=f"RDF format ({', '.join(format_names())}); default: from each file's extension.")
@click.option("--base", "base_iri", metavar="IRI", help="Base IRI for relative IRIs in the files.")
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...], graph: str | None, fmt: str | None,
         base_iri: str | None) -> None:
    """Add RDF files to the store as they are: the operator's raw path, with NO validation.

    All files are loaded in one atomic step: on any error (missing file, unknown format, syntax
    error with line and column) nothing is loaded. A store directory is bulk-loaded into a new
    copy that replaces the old one at the end, so even a killed load leaves the old or the new
    content. Data stewards use `submit` instead, which validates against the shapes before merging.
    """
    sources = [(path, detect_format(path, fmt)) for path in files]
    contents = [(str(path), read_file(path), file_fmt) for path, file_fmt in sources]
    with store_for(ctx) as store:
        before = sum(store.graph_counts().values())
        started = time.monotonic()
        progress(f"loading {len(contents)} file(s), {sum(len(data) for _, data, _ in contents) / 1e6:.1f} MB…")
        if isinstance(store, OxigraphStore):
            store.load_files(contents, graph, base_iri=base_iri)
        elif len(contents) == 1:
            name, data, file_fmt = contents[0]
            store.load(data, file_fmt, graph, base_iri=base_iri, source=name)
        else:
            store.load(combined_nquads(contents, graph, base_iri), "nq", None, source=None)
        added = sum(store.graph_counts().values()) - before
        click.echo(f"loaded {len(contents)} file(s) into {store.location}: {added} new triples "
                   f"({time.monotonic() - started:.1f} s)")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Triples per named graph and instances per class."""
    with store_for(ctx) as store:
        figures = store_figures(store)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    click.echo(f"store: {figures['store']}  ({figures['triples']} triples)\n")
    _table(["named graph", "triples"], [(row["graph"], row["triples"]) for row in figures["graphs"]])
    click.echo()
    _table(["class", "instances"], [(row["name"], row["instances"]) for row in figures["classes"]])


def _table(header: list[str], rows: list[tuple[str, int]]) -> None:
    """Print rows as two aligned columns, numbers on the right."""
    width = max([len(header[0])] + [len(str(name)) for name, _ in rows])
    click.echo(f"{header[0]:<{width}}  {header[1]:>10}")
    for name, number in rows:
        click.echo(f"{name:<{width}}  {number:>10}")


@click.command()
@click.option("--format", "fmt", metavar="FORMAT",
              help=f"RDF: {', '.join(RDF_EXPORT_FORMATS)}; a network projection: {', '.join(EXPORT_FORMATS)}. "
                   "Default: from -o, else nq.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--graph", metavar="IRI", help="Export only this named graph (RDF formats).")
@projection_option("graphml/gexf/csv: which graph to write.")
@click.option("--measure", "measures", multiple=True, metavar="NAME",
              help="graphml/gexf: measures written as node attributes "
                   f"[default: {', '.join(DEFAULT_EXPORT_MEASURES)}].")
@filter_options()
@click.pass_context
def export(ctx: click.Context, fmt: str | None, output: Path | None, graph: str | None, projection_name: str,
           measures: tuple[str, ...], **filters: Any) -> None:
    """Write the store out. Quad formats (nq, trig, jsonld) keep the named graphs, so an export loads
    back into an empty store as the same dataset; ttl and nt write the union of all graphs.

    graphml, gexf and csv write a network projection instead, with the filters of `analyze`.
    """
    name = _export_format(fmt, output)
    with store_for(ctx) as store, click.open_file(str(output) if output else "-", "wb") as opened:
        out = cast(BinaryIO, opened)  # click types its files as IO[Any]; "wb" makes them binary
        if name in EXPORT_FORMATS:
            chosen = measure_names(measures, DEFAULT_EXPORT_MEASURES)
            write_graph(projection(projection_name, store, filters_from(store, filters)), out, name, chosen)
        else:
            store.dump(out, name, graph)
    if output:
        click.echo(f"wrote {output}", err=True)


def _export_format(fmt: str | None, output: Path | None) -> str:
    """The export format asked for, checked; from the output file's extension if not given."""
    if fmt and fmt.lower() in EXPORT_FORMATS:
        return fmt.lower()
    if not fmt and output is not None and output.suffix.lstrip(".").lower() in EXPORT_FORMATS:
        return output.suffix.lstrip(".").lower()
    name = normalise_format(fmt) if fmt else (detect_format(output) if output else "nq")
    if name not in RDF_EXPORT_FORMATS:
        raise InputError(f"cannot export as '{fmt or name}' (choose from "
                         f"{', '.join([*RDF_EXPORT_FORMATS, *EXPORT_FORMATS])})")
    return name


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the app to the network (a warning is shown).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests answered at the same time (waitress worker threads).")
@click.option("--query-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              envvar="SOTEGRAPH_QUERY_TIMEOUT", show_envvar=True,
              metavar="SECONDS", help="Stop any query running longer than this.")
@click.option("--store-memory", default=1024, show_default=True, type=click.IntRange(min=64), metavar="MB",
              envvar="SOTEGRAPH_STORE_MEMORY", show_envvar=True,
              help="Restart the store server (stopping the queries that grew it) when it uses more memory than this.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, query_timeout: float, store_memory: int) -> None:
    """Run the web app (graph view, SPARQL, submissions) over the store, on waitress.

    A store directory (or, for :memory:, a temporary one) is put behind a read-only `oxigraph
    serve-read-only` child on loopback, which stops queries at the time limit (restarted if one runs
    on); this process is the only writer, and other sotegraph commands reach the store through it
    while it runs. SIGTERM or Ctrl+C stops it gracefully.
    """
    from sotegraph.cli.logs import logger_level
    from sotegraph.sparql.execution import close_pool, parse_pool
    from sotegraph.store.served import GRACE
    from sotegraph.store.server import ServedStore
    from sotegraph_webviz import create_app, request_log, serving

    location = resolve_store_location(ctx.find_root().obj["store_location"])
    with contextlib.ExitStack() as stack:
        if is_remote(location):
            store: Store = stack.enter_context(open_store(location))
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sotegraph-memory-"))) / "store" \
                if location == MEMORY else Path(location)
            store = stack.enter_context(ServedStore(folder, query_timeout=query_timeout,
                                                    memory_limit_mb=store_memory))
        app = create_app({"STORE": store, "STORE_LOCATION": location, "QUERY_TIMEOUT": query_timeout,
                          "EXPLORE_WARM_UP": True})
        stack.enter_context(logger_level(request_log.__name__, logging.INFO))  # one line per request
        parse_pool()  # the query checkers start now, not on the first query
        stack.callback(close_pool)
        if not serving.is_loopback(host):
            click.echo(f"sotegraph: warning: listening on {host}: anyone who can reach this address can use "
                       "the app; put it behind an HTTPS proxy and keep steward passwords strong", err=True)
        click.echo(f"sotegraph: serving {location} at http://{host}:{port}/ with {threads} threads "
                   "(Ctrl+C to stop)", err=True)
        serving.serve_app(app, host, port, threads=threads, grace=query_timeout + GRACE)
        click.echo("sotegraph: stopped", err=True)


def register(group: click.Group) -> None:
    """Attach the store commands to the `sotegraph` group."""
    for command in (init, load, stats, export, serve):
        group.add_command(command)

