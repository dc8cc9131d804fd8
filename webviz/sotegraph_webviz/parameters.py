"""Query parameters of the network routes: each route declares the ones it takes, any other is a 400.

A route takes network filters (`sotegraph.network.filters.FILTERS`, all of them unless it names
some) and its own parameters; `lang` is taken everywhere (`sotegraph_webviz.i18n` reads it on
every request). An unknown parameter raises the InputError the blueprint's error handler shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import request
from werkzeug.datastructures import MultiDict

from sotegraph.network.filters import FILTER_NAMES, check_parameters

#: Parameters every page takes.
APP_PARAMETERS = ("lang",)

Params = ParamSpec("Params")
Result = TypeVar("Result")


def accepts(*own: str, filters: Collection[str] = FILTER_NAMES
            ) -> Callable[[Callable[Params, Result]], Callable[Params, Result]]:
    """Declare a route's query parameters: the `filters` plus its `own`; any other is an InputError."""
    def decorate(view: Callable[Params, Result]) -> Callable[Params, Result]:
        @wraps(view)
        def checked(*args: Params.args, **kwargs: Params.kwargs) -> Result:
            check_parameters(request.args, (*own, *APP_PARAMETERS), filters=filters)
            return view(*args, **kwargs)
        return checked
    return decorate


def filter_values(args: MultiDict[str, str]) -> dict[str, list[str]]:
    """The filters given in `args`, by name, every value kept (for `parse_filters`)."""
    return {name: args.getlist(name) for name in FILTER_NAMES if name in args}
