"""`sotegraph synth`: write a synthetic graph of a chosen size (for tests, benchmarks and demos)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from sotegraph import synth
from sotegraph.errors import InputError

_EXTENSIONS = {".nt": "nt", ".ttl": "ttl", ".nq": "nq"}


@click.command("synth")
@click.option("--actors", type=click.IntRange(min=1), metavar="N",
              help="Synthetic actors: organisations, groups and people (45 % / 10 % / 45 %).")
@click.option("--projects", type=click.IntRange(min=1), metavar="M",
              help=f"Projects [default: actors / {synth.ACTORS_PER_PROJECT}].")
@click.option("--triples", type=click.IntRange(min=1), metavar="T",
              help=f"Instead of --actors: about T triples (≈ {synth.TRIPLES_PER_ACTOR:g} per actor).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same bytes.")
@click.option("-o", "--output", required=True, metavar="FILE", help="Output file, '-' for standard output.")
@click.option("--format", "fmt", type=click.Choice(synth.FORMATS),
              help="nt, ttl or nq [default: from the file extension, else nt].")
def synth_command(actors: int | None, projects: int | None, triples: int | None, seed: int, output: str,
                  fmt: str | None) -> None:
    """Write a synthetic graph that follows the data model and conforms to the shapes.

    Organisations of every type are seated in the real municipalities of the bundled 2021
    reference data (load it beside the output: `sotegraph init`). All keys start with
    `synth-`. Partners per project follow a power law. N-Quads output goes to the graph
    https://w3id.org/sotegraph/graph/synthetic.

    \b
    Example: sotegraph synth --triples 100000 --seed 1 -o synth-100k.nt
    """
    if (actors is None) == (triples is None):
        raise InputError("give either --actors or --triples")
    if triples is not None:
        actors, default_projects = synth.size_for_triples(triples)
        projects = projects or default_projects
    assert actors is not None
    fmt = fmt or _EXTENSIONS.get(Path(output).suffix.lower(), "nt")
    to_stdout = output == "-"
    if not to_stdout and sys.stderr.isatty():
        click.echo(f"generating {actors} actors, {projects or actors // synth.ACTORS_PER_PROJECT} projects…",
                   err=True)
    started = time.perf_counter()
    if to_stdout:
        count = synth.write(sys.stdout.buffer, actors, projects, seed, fmt=fmt)
        sys.stdout.buffer.flush()
        return
    try:
        count = synth.write(output, actors, projects, seed, fmt=fmt)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", file=output) from None
    click.echo(f"wrote {count} triples to {output} ({fmt}) in {time.perf_counter() - started:.1f} s")


def register(group: click.Group) -> None:
    """Attach `synth` to the `sotegraph` group."""
    group.add_command(synth_command)
