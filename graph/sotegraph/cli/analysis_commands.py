"""Network analysis commands: `analyze`, `path`, `ego`, `coverage` and `evolution`.

Thin wrappers: options → `Filters` (the one filter model, `sotegraph.network.filters`, whose options
`sotegraph.cli.network_options` generates), store → graph (`sotegraph.network.projections`), graph →
figures (`sotegraph.network.measures`, `sotegraph.network.questions`), figures → table, JSON or CSV.
`export --format graphml|gexf|csv` (in `store_commands`) takes the same filter options.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

import click
import networkx as nx

from sotegraph.cli.network_options import filter_options, filters_from, measure_names, projection_option
from sotegraph.cli.store_commands import store_for
from sotegraph.errors import InputError
from sotegraph.network import filters as network_filters
from sotegraph.network.incidence import network
from sotegraph.network.measures import MEASURES
from sotegraph.network.projections import collaboration_graph, load_network_data
from sotegraph.network.questions import coverage, ego_network, evolution, explained_path


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
    click.echo("  ".join(title.ljust(width) for title, width in zip(header, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())


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
@projection_option("Which graph: actor–actor, actor–project/group, or person–organisation.")
@filter_options()
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
    names = measure_names(measures, tuple(MEASURES))
    with store_for(ctx) as store:
        active = filters_from(store, options)
        _progress("projecting the network…")
        graph = network(projection_name, store, active)
    _progress(f"computing {', '.join(names)} on {graph.number_of_nodes()} nodes…")
    values = graph.measures(names, seed=seed)
    ranked = sorted(graph.nodes, key=lambda node: (-(values[node][names[0]] or 0.0), node))
    shown = ranked if top == 0 else ranked[:top]
    rows = [[rank, node, graph.attributes[node].get("label"), graph.attributes[node].get("type_label")
             or graph.attributes[node].get("kind"), *(values[node][name] for name in names)]
            for rank, node in enumerate(shown, 1)]
    summary = graph.summary()
    if fmt == "json":
        _emit_json({"ok": True, "projection": projection_name, "filters": network_filters.describe(active),
                    "summary": {key: value for key, value in summary.items() if key not in ("bridges",)},
                    "measures": [{"rank": row[0], "iri": row[1], "label": row[2], "type": row[3],
                                  **dict(zip(names, row[4:], strict=True))} for row in rows]})
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
@filter_options()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def path(ctx: click.Context, a: str, b: str, fmt: str, **options: Any) -> None:
    """The shortest chain of collaboration from A to B, each link explained (exit 1: no path)."""
    with store_for(ctx) as store:
        source, target = network_filters.actor(store, a), network_filters.actor(store, b)
        graph = collaboration_graph(store, filters_from(store, options))
    hops = explained_path(graph, str(source), str(target))
    if fmt == "json":
        _emit_json({"ok": True, "from": str(source), "to": str(target), "hops": hops})
        return
    for hop in hops:
        shared = "; ".join(f"{item['label']} ({item['kind']}" + _roles_text(item) for item in hop["shared"])
        click.echo(f"{hop['from_label']} → {hop['to_label']}: {shared}")


@click.command()
@click.argument("actor_name", metavar="ACTOR")
@click.option("--radius", type=click.IntRange(min=1), default=1, show_default=True, help="Hops from the actor.")
@filter_options()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def ego(ctx: click.Context, actor_name: str, radius: int, fmt: str, **options: Any) -> None:
    """The actors within --radius hops of ACTOR and what links them."""
    with store_for(ctx) as store:
        centre = str(network_filters.actor(store, actor_name))
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
@click.argument("region", metavar="REGION")
@filter_options(["year"])
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def coverage_command(ctx: click.Context, fmt: str, **options: Any) -> None:
    """Which of REGION's municipalities take part in projects or groups, and which do not.

    REGION is named as the --region filter of `analyze` is (a region or sub-region, else a wellbeing
    services county or hospital district).
    """
    with store_for(ctx) as store:
        asked = filters_from(store, options)
        if asked.region is None:
            raise InputError("REGION is empty: give a region's name or IRI", field="region")
        result = coverage(load_network_data(store, asked.classification_year), asked.region)
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
@filter_options()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def evolution_command(ctx: click.Context, fmt: str, **options: Any) -> None:
    """Year by year: active actors, links, density and links new that year."""
    with store_for(ctx) as store:
        active = filters_from(store, options)
        rows = evolution(load_network_data(store, active.classification_year), active)
    header = ["year", "actors", "links", "density", "new_links"]
    if fmt == "json":
        _emit_json({"ok": True, "filters": network_filters.describe(active), "years": rows})
    elif fmt == "csv":
        _emit_csv(header, [[row[key] for key in header] for row in rows])
    else:
        _emit_table(header, [[row[key] for key in header] for row in rows])


def _roles_text(item: dict[str, Any]) -> str:
    """The end of a shared item's text: ": role / role)" when either side has a role, else ")"."""
    if item["role_from"] or item["role_to"]:
        return f": {item['role_from'] or '–'} / {item['role_to'] or '–'})"
    return ")"


def register(group: click.Group) -> None:
    """Attach the analysis commands."""
    for command in (analyze, path, ego, coverage_command, evolution_command):
        group.add_command(command)
