"""The `sotegraph` command: a click group; each area's commands live in `sotegraph.cli.*`.

Exit codes (every command): 0 done; 1 the answer is no; 2 bad input or usage; 3 store
unavailable; 4 a time limit was reached. Errors are mapped here, in one place.

Logging (`sotegraph.cli.logs`): warnings on stderr by default, info with `-v`, debug with `-vv`.
"""

from __future__ import annotations

import sys

import click

from sotegraph import __version__
from sotegraph.cli.logs import stderr_logging
from sotegraph.errors import SotegraphError


class SotegraphGroup(click.Group):
    """A click group that turns sotegraph errors into a one-line message and their exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SotegraphError as error:
            click.echo(f"sotegraph: error: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=SotegraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_location", envvar="SOTEGRAPH_STORE", metavar="PATH|URL",
              help="Store directory, ':memory:' or http(s):// SPARQL endpoint "
                   "[env SOTEGRAPH_STORE; default: the per-user data directory].")
@click.option("-v", "--verbose", "verbosity", count=True,
              help="Log more to stderr: -v info, -vv debug [default: warnings only].")
@click.version_option(__version__, prog_name="sotegraph")
@click.pass_context
def main(ctx: click.Context, store_location: str | None, verbosity: int) -> None:
    """sotegraph — who works with whom in Finnish social- and health-care development.

    \b
    Exit codes: 0 done · 1 the answer is no (not found, does not conform, no path)
                2 bad input or usage · 3 store unavailable · 4 time limit reached
    """
    ctx.with_resource(stderr_logging(verbosity))
    ctx.obj = {"store_location": store_location}


def _register_commands() -> None:
    """Attach every area's commands to the group (one line per area)."""
    from sotegraph.cli import (
        analysis_commands,
        extract_commands,
        query_commands,
        steward_commands,
        store_commands,
        synth_commands,
    )

    store_commands.register(main)
    synth_commands.register(main)
    analysis_commands.register(main)
    steward_commands.register(main)
    query_commands.register(main)
    extract_commands.register(main)


_register_commands()
