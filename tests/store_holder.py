"""A second process that holds a store directory open, for the store-ownership tests."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sotegraph.store import open_store


def _hold_store(path: str, ready: multiprocessing.Event, done: multiprocessing.Event) -> None:
    with open_store(path):
        ready.set()
        done.wait(60)


@contextmanager
def held_by_another_process(path: Path) -> Iterator[multiprocessing.Process]:
    """Open the store at `path` in a spawned process; yield that process while it holds the store."""
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold_store, args=(str(path), ready, done))
    holder.start()
    try:
        assert ready.wait(60), "the holder process did not open the store"
        yield holder
    finally:
        done.set()
        holder.join(60)
