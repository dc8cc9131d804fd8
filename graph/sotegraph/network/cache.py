"""Projections and measures kept per store state, so repeated web requests don't refetch or recompute.

The graph view and `/api/network…` ask for the same projection on every interaction; fetching it
takes seconds on a large graph (benchmarks/bench_analysis.py). `AnalysisCache.for_store(store)`
reads the store's state once — its `graph_counts()` as a tuple — and returns a `StoreAnalysis`
whose fetched data, projections and results are reused while that state is unchanged: a
submission, retraction or reload changes some graph's triple count and so the key. An edit that
leaves every named graph's count unchanged (a literal replaced in place) is not seen until
entries fall out of the small LRUs.

Keys: (state, classification year) for `NetworkData`; (state, projection, filters) for graphs;
(state, projection, filters, measure names, seed) for measures; (state, filters, seed) for
communities. Entries are per store object (weakly held), so two stores never share one.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import networkx as nx

from sotegraph.network.measures import actor_measures, communities
from sotegraph.network.projections import Filters, NetworkData, load_network_data, projection
from sotegraph.store import Store

#: How many of each kind are kept per store (a 10 k-actor projection holds ~190 k edges, each listing what it shares).
DATA_ENTRIES = 2
GRAPH_ENTRIES = 4
RESULT_ENTRIES = 16


Kept = TypeVar("Kept")


class LRU(Generic[Kept]):
    """A small thread-safe least-recently-used map; values are computed outside the lock."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Kept]) -> Kept:
        """The value stored under `key`, computing (outside the lock) and storing it when missing."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


class _StoreEntries:
    def __init__(self) -> None:
        self.data: LRU[Any] = LRU(DATA_ENTRIES)
        self.graphs: LRU[Any] = LRU(GRAPH_ENTRIES)
        self.results: LRU[Any] = LRU(RESULT_ENTRIES)


class StoreAnalysis:
    """Cached network data, projections, measures and communities of one store in one state."""

    def __init__(self, store: Store, state: tuple[tuple[str, int], ...], entries: _StoreEntries) -> None:
        self.store, self.state, self._entries = store, state, entries

    def network_data(self, classification_year: int | None = None) -> NetworkData:
        """`load_network_data(store, classification_year)`, fetched once per state."""
        return self._entries.data.get((self.state, classification_year),
                                      lambda: load_network_data(self.store, classification_year))

    def graph(self, name: str, filters: Filters = Filters()) -> nx.Graph:
        """The projection `name` (a key of `network.PROJECTIONS`) under `filters`; treat it as read-only."""
        return self._entries.graphs.get(
            (self.state, name, filters),
            lambda: projection(name, self.network_data(filters.classification_year), filters))

    def measures(self, name: str, filters: Filters, names: tuple[str, ...] | None,
                 seed: int = 42) -> dict[str, dict[str, float | None]]:
        """`actor_measures` of the projection (`names` None: all measures)."""
        return self._entries.results.get(
            (self.state, "measures", name, filters, names, seed),
            lambda: actor_measures(self.graph(name, filters), names, seed=seed))

    def communities(self, filters: Filters, seed: int = 42) -> tuple[list[set[str]], float]:
        """Louvain `communities` of the collaboration projection."""
        return self._entries.results.get(
            (self.state, "communities", filters, seed),
            lambda: communities(self.graph("collaboration", filters), seed=seed))


class AnalysisCache:
    """Per-store LRUs of fetched data, projections and results, keyed by the store's state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: weakref.WeakKeyDictionary[Store, _StoreEntries] = weakref.WeakKeyDictionary()

    def for_store(self, store: Store) -> StoreAnalysis:
        """The store's analysis in its current state (one `graph_counts()` call)."""
        state = tuple(store.graph_counts().items())
        with self._lock:
            entries = self._stores.get(store)
            if entries is None:
                entries = self._stores[store] = _StoreEntries()
        return StoreAnalysis(store, state, entries)


#: The one cache the web app's blueprints share.
shared = AnalysisCache()
