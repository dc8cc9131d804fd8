"""The options the network commands share: the filters, generated from `sotegraph.network.filters.FILTERS`,
plus `--projection` and `--measure`. Used by `analyze`, `path`, `ego`, `coverage`, `evolution` and `export`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from sotegraph.network.filters import FILTER_BY_NAME, FILTER_NAMES, parse_filters
from sotegraph.network.measures import check_measure_names
from sotegraph.network.projections import PROJECTIONS, Filters
from sotegraph.store import Store

Command = TypeVar("Command", bound=Callable[..., Any])


def filter_options(names: Iterable[str] = FILTER_NAMES) -> Callable[[Command], Command]:
    """Add the filters called `names` (default: all) as options; each keeps its filter name as key."""
    chosen = [FILTER_BY_NAME[name] for name in names]

    def decorate(command: Command) -> Command:
        for item in reversed(chosen):
            command = click.option(item.option, item.name, metavar=item.metavar, multiple=item.repeatable,
                                   help=f"{item.help} Takes {item.values}.")(command)
        return command
    return decorate


def filters_from(store: Store, options: dict[str, Any]) -> Filters:
    """The `Filters` the command's filter options ask for, names resolved against the store."""
    return parse_filters(store, {name: options[name] for name in FILTER_NAMES if name in options})


def projection_option(help_text: str) -> Callable[[Command], Command]:
    """``--projection``: which graph (a key of `PROJECTIONS`), collaboration by default."""
    return click.option("--projection", "projection_name", type=click.Choice(list(PROJECTIONS)),
                        default="collaboration", show_default=True, help=help_text)


def measure_names(values: tuple[str, ...], default: tuple[str, ...]) -> list[str]:
    """The measures named by ``--measure`` (comma-separated or repeated), else `default`; checked."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return check_measure_names(names or default)
