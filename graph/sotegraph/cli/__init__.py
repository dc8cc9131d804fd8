"""The `sotegraph` command: the click group (`group.py`) and one module of commands per area."""

from sotegraph.cli.group import main

__all__ = ["main"]
