"""Network analysis commands: `analyze`, `path`, `ego`, `coverage`, `evolution`, and the
graphml/gexf/csv formats of `export`.

Thin wrappers: names → `Filters` (`sotegraph.network.filters`), store → graph (`sotegraph.network.projections`),
graph → figures (`sotegraph.network.measures`, `sotegraph.network.questions`), figures → table, JSON or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, BinaryIO, Callable

import click
import networkx as nx

from sotegraph.network import filters as network_names
from sotegraph.cli.store_commands import add_export_format, store_for
from sotegraph.network.measures import MEASURES, actor_measures, check_measure_names, graph_summary
from sotegraph.network.projections import PROJECTIONS, Filters, collaboration_graph, load_network_data, projection
from sotegraph.network.exports import DEFAULT_EXPORT_MEASURES, EXPORT_FORMATS, write_graph
from sotegraph.network.questions import coverage, ego_network, evolution, explained_path
from sotegraph.store import Store


#: The filter options shared by analyze, path, ego, evolution and export: (declarations, settings).
FILTER_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("--from", "year_from"), {"metavar": "YEAR", "help": "Keep ties active in or after YEAR."}),
    (("--to", "year_to"), {"metavar": "YEAR", "help": "Keep ties active in or before YEAR."}),
    (("--region",), {"metavar": "NAME", "help": "Keep actors in this region or sub-region (name or IRI)."}),
    (("--classification-year",), {"metavar": "YEAR",
                                  "help": "Area classification for regions [default: newest in the graph]."}),
    (("--type", "types"), {"metavar": "TYPE", "multiple": True,
                           "help": "Keep actors of this type, e.g. Municipality, CompetenceCentre (repeatable)."}),
    (("--theme",), {"metavar": "NAME", "help": "Keep projects and groups with this theme."}),
    (("--funder",), {"metavar": "NAME", "help": "Keep projects funded by this actor or instrument."}),
    (("--project",), {"metavar": "NAME", "help": "Keep this project and its sub-projects."}),
]


def filter_params() -> list[click.Option]:
    """The filter options as new click.Option objects (for `export`)."""
    return [click.Option(list(declarations), **settings) for declarations, settings in FILTER_OPTIONS]


def with_filters(command: Callable) -> Callable:
    """Add the filter options to a click command function."""
    for declarations, settings in reversed(FILTER_OPTIONS):
        command = click.option(*declarations, **settings)(command)
    return command


def filters_from(store: Store, options: dict[str, Any]) -> Filters:
    """Resolve the filter options' names against the store."""
    return network_names.filters(
        store, year_from=options.get("year_from"), year_to=options.get("year_to"),
        region_name=options.get("region"), classification_year=options.get("classification_year"),
        type_names=options.get("types") or (), theme=options.get("theme"), funder=options.get("funder"),
        project=options.get("project"))


def _measure_names(values: tuple[str, ...], default: tuple[str, ...]) -> list[str]:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return check_measure_names(names or default)


def _emit_json(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _emit_csv(header: list[str], rows: list[list[object]]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    click.echo(text.getvalue(), nl=False)


def _emit_table(header: list[str], rows: list[list[object]]) -> None:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(title)] + [len(row[i]) for row in cells]) for i, title in enumerate(header)]
    click.echo("  ".join(title.ljust(width) for title, width in zip(header, widths)).rstrip())
    for row in cells:
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(message, err=True)


@click.command()
@click.option("--measure", "measures", multiple=True, metavar="NAME",
              help=f"Measure(s) to compute, comma-separated or repeated: {', '.join(MEASURES)} [default: all].")
@click.option("--projection", "projection_name", type=click.Choice(list(PROJECTIONS)), default="collaboration",
              show_default=True, help="Which graph: actor–actor, actor–project/group, or person–organisation.")
@with_filters
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show the N highest-ranked nodes by the first measure (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the sampled estimates.")
@click.pass_context
def analyze(ctx: click.Context, measures: tuple[str, ...], projection_name: str, top: int, fmt: str,
            seed: int, **options: Any) -> None:
    """Centrality and brokerage of every actor, ranked, with a summary of the network.

    Betweenness and closeness are exact up to 2 000 nodes and sampled (200 sources, --seed) above.
    """
    names = _measure_names(measures, tuple(MEASURES))
    with store_for(ctx) as store:
        active = filters_from(store, options)
        _progress("projecting the network…")
        graph = projection(projection_name, store, active)
    _progress(f"computing {', '.join(names)} on {graph.number_of_nodes()} nodes…")
    values = actor_measures(graph, names, seed=seed)
    ranked = sorted(graph, key=lambda node: (-(values[node][names[0]] or 0.0), node))
    shown = ranked if top == 0 else ranked[:top]
    rows = [[rank, node, graph.nodes[node].get("label"), graph.nodes[node].get("type_label")
             or graph.nodes[node].get("kind"), *(values[node][name] for name in names)]
            for rank, node in enumerate(shown, 1)]
    summary = graph_summary(graph)
    if fmt == "json":
        _emit_json({"ok": True, "projection": projection_name, "filters": network_names.describe(active),
                    "summary": {key: value for key, value in summary.items() if key not in ("bridges",)},
                    "measures": [{"rank": row[0], "iri": row[1], "label": row[2], "type": row[3],
                                  **dict(zip(names, row[4:]))} for row in rows]})
    elif fmt == "csv":
        _emit_csv(["rank", "iri", "label", "type", *names], rows)
    else:
        click.echo(f"{summary['nodes']} nodes, {summary['edges']} links, density {summary['density']:.4g}, "
                   f"{summary['components']} components, {len(summary['articulation_points'])} articulation "
                   f"points, {len(summary['bridges'])} bridges\n")
        _emit_table(["#", "label", "type", *names], [[row[0], row[2], row[3], *row[4:]] for row in rows])


@click.command()
@click.argument("a")
@click.argument("b")
@with_filters
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def path(ctx: click.Context, a: str, b: str, fmt: str, **options: Any) -> None:
    """The shortest chain of collaboration from A to B, each link explained (exit 1: no path)."""
    with store_for(ctx) as store:
        source, target = network_names.actor(store, a), network_names.actor(store, b)
        graph = collaboration_graph(store, filters_from(store, options))
    hops = explained_path(graph, str(source), str(target))
    if fmt == "json":
        _emit_json({"ok": True, "from": str(source), "to": str(target), "hops": hops})
        return
    for hop in hops:
        shared = "; ".join(f"{item['label']} ({item['kind']}"
                           + (f": {item['role_from'] or '–'} / {item['role_to'] or '–'})" if item['role_from'] or item['role_to'] else ")")
                           for item in hop["shared"])
        click.echo(f"{hop['from_label']} → {hop['to_label']}: {shared}")


@click.command()
@click.argument("actor_name", metavar="ACTOR")
@click.option("--radius", type=click.IntRange(min=1), default=1, show_default=True, help="Hops from the actor.")
@with_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def ego(ctx: click.Context, actor_name: str, radius: int, fmt: str, **options: Any) -> None:
    """The actors within --radius hops of ACTOR and what links them."""
    with store_for(ctx) as store:
        centre = str(network_names.actor(store, actor_name))
        graph = ego_network(collaboration_graph(store, filters_from(store, options)), centre, radius)
    distance = nx.single_source_shortest_path_length(graph, centre)
    nodes = sorted(graph, key=lambda node: (distance[node], graph.nodes[node].get("label") or node))
    if fmt == "json":
        _emit_json({"ok": True, "actor": centre, "radius": radius,
                    "nodes": [{"iri": node, "distance": distance[node], **graph.nodes[node]} for node in nodes],
                    "edges": [{"source": u, "target": v, **attrs} for u, v, attrs in graph.edges(data=True)]})
        return
    _emit_table(["hops", "label", "type", "weight to centre"],
                [[distance[node], graph.nodes[node].get("label"), graph.nodes[node].get("type_label"),
                  graph[centre][node]["weight"] if graph.has_edge(centre, node) else None] for node in nodes])


@click.command(name="coverage")
@click.argument("region_name", metavar="REGION")
@click.option("--year", help="Area classification year [default: newest in the graph].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def coverage_command(ctx: click.Context, region_name: str, year: str | None, fmt: str) -> None:
    """Which of REGION's municipalities take part in projects or groups, and which do not."""
    with store_for(ctx) as store:
        area = network_names.region(store, region_name)
        result = coverage(load_network_data(store, network_names.year(year, "year")), area)
    if fmt == "json":
        _emit_json({"ok": True, **result})
        return
    click.echo(f"{result['region_label']} ({result['classification_year']} classification): "
               f"{result['involved_count']}/{result['total']} municipalities involved ({result['share']:.0%})")
    for entry in result["involved"]:
        click.echo(f"  + {entry['label']}: {', '.join(item['label'] for item in entry['via'])}")
    for entry in result["not_involved"]:
        click.echo(f"  – {entry['label']}")


@click.command(name="evolution")
@with_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def evolution_command(ctx: click.Context, fmt: str, **options: Any) -> None:
    """Year by year: active actors, links, density and links new that year."""
    with store_for(ctx) as store:
        active = filters_from(store, options)
        rows = evolution(load_network_data(store, active.classification_year), active)
    header = ["year", "actors", "links", "density", "new_links"]
    if fmt == "json":
        _emit_json({"ok": True, "filters": network_names.describe(active), "years": rows})
    elif fmt == "csv":
        _emit_csv(header, [[row[key] for key in header] for row in rows])
    else:
        _emit_table(header, [[row[key] for key in header] for row in rows])


def _export_projection(fmt: str) -> Callable[[Store, BinaryIO, dict[str, Any]], None]:
    def writer(store: Store, out: BinaryIO, options: dict[str, Any]) -> None:
        names = _measure_names(options.get("measures") or (), DEFAULT_EXPORT_MEASURES)
        graph = projection(options.get("projection_name") or "collaboration", store, filters_from(store, options))
        write_graph(graph, out, fmt, names)
    return writer


def _export_params() -> list[click.Parameter]:
    return [
        click.Option(["--projection", "projection_name"], type=click.Choice(list(PROJECTIONS)),
                     default="collaboration", help="graphml/gexf/csv: which graph to write [default: collaboration]."),
        click.Option(["--measure", "measures"], multiple=True, metavar="NAME",
                     help=f"graphml/gexf: measures written as node attributes "
                          f"[default: {', '.join(DEFAULT_EXPORT_MEASURES)}]."),
        *filter_params(),
    ]


def register(group: click.Group) -> None:
    """Attach the analysis commands and the network export formats."""
    for command in (analyze, path, ego, coverage_command, evolution_command):
        group.add_command(command)
    for fmt in EXPORT_FORMATS:
        add_export_format(fmt, _export_projection(fmt), _export_params())
