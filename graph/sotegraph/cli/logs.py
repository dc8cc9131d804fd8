"""Logging of the command line: to stderr while a command runs, as verbose as `-v` asks.

The `sotegraph` and `sotegraph_webviz` loggers log warnings by default, info with `-v` and debug
with `-vv`; other libraries only their warnings. Levels are restored when the command ends, so
commands run in-process (tests) leave logging as they found it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

#: The packages whose loggers `-v` turns up.
LOGGERS = ("sotegraph", "sotegraph_webviz")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextlib.contextmanager
def stderr_logging(verbosity: int) -> Iterator[None]:
    """Log to stderr while the block runs: warnings; info for our packages at `verbosity` 1, debug at 2+."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    root = logging.getLogger()
    with contextlib.ExitStack() as stack:
        for name in LOGGERS:
            stack.enter_context(logger_level(name, level))
        root.addHandler(handler)
        stack.callback(root.removeHandler, handler)
        yield


@contextlib.contextmanager
def logger_level(name: str, level: int) -> Iterator[None]:
    """Set logger `name` to `level` while the block runs."""
    logger = logging.getLogger(name)
    saved = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(saved)
