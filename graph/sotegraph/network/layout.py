"""Node positions computed on the server, so the page draws at once without a physics warm-up.

`positions` runs igraph's Fruchterman–Reingold layout (grid variant above a thousand nodes) from
seeded starting points: the same graph and seed always give the same picture. Measured on 2 cores
(`benchmarks/bench_view.py`): 5 000 nodes / 45 000 edges take about 0.35 s, 1 000 / 9 000 about
0.2 s; igraph's DrL took 28 s and LGL 3 s at 5 000. Positions are scaled to a fixed extent
(`EXTENT`) so that the page's camera and label sizes behave alike at every size.

The web view keeps computed positions (and what is drawn from them) in `network.cache.LRU` maps of
`CACHE_ENTRIES`, one per store, keyed by the store's state and the view.
"""

from __future__ import annotations

import math
import random

import igraph
import networkx as nx
import numpy

# igraph's layouts draw from one process-wide generator, as Louvain does: seeded under the same lock.
from sotegraph.network.measures import RANDOM_LOCK

#: Positions span [-EXTENT, EXTENT] on the longer axis.
EXTENT = 1000.0
#: How many layouts (and payloads) the web view keeps per store.
CACHE_ENTRIES = 16
Positions = dict[str, tuple[float, float]]


def positions(G: nx.Graph, *, seed: int = 42, iterations: int = 300) -> Positions:
    """Seeded positions of every node of `G`, scaled to ±`EXTENT` on the longer axis.

    Each connected component is laid out on its own (Fruchterman–Reingold, `_component`) in a
    disc (its ties about `SPACING` long, whatever the graph's size); the discs are then packed in
    rows, largest first (`_pack`). One layout of
    the whole graph instead pushed the small components to the rim and squeezed the large one into
    a hairball. Heavier edges pull harder (log-damped weight of shared projects).
    """
    components = sorted((sorted(members, key=str) for members in nx.connected_components(G)),
                        key=lambda members: (-len(members), str(members[0])))
    if not components:
        return {}
    laid_out = [_component(G.subgraph(members), members, seed, iterations) for members in components]
    return _scaled(_pack(laid_out))


#: The median tie length inside a component, in layout units before scaling.
SPACING = 1.0
#: Components up to this many nodes get overlapping nodes pushed apart (O(n²) memory per round).
SEPARATE_UP_TO = 400


def _component(G: nx.Graph, order: list[str], seed: int, iterations: int) -> tuple[Positions, float]:
    """One connected component laid out around (0, 0), and the radius of the disc it fills.

    The layout is scaled so that the median tie is `SPACING` long, then nodes closer than 0.7 of
    that are pushed apart: a clique of municipalities no longer draws as one blot.
    """
    if len(order) == 1:
        return {order[0]: (0.0, 0.0)}, SPACING / 2
    index = {node: position for position, node in enumerate(order)}
    edges = [(index[a], index[b]) for a, b in G.edges]
    weights = [1.0 + math.log(float(data.get("weight", 1) or 1)) for _, _, data in G.edges(data=True)]
    graph = igraph.Graph(n=len(order), edges=edges)
    rng = random.Random(seed)
    spread = math.sqrt(len(order))
    start = [[rng.uniform(-spread, spread), rng.uniform(-spread, spread)] for _ in order]
    with RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = graph.layout_fruchterman_reingold(weights=weights, niter=iterations, seed=start, grid="auto")
        finally:
            igraph.set_random_number_generator(random)
    coords = numpy.array(layout.coords, dtype=float)
    coords -= coords.mean(axis=0)
    lengths = numpy.hypot(*(coords[[a for a, _ in edges]] - coords[[b for _, b in edges]]).T)
    coords *= SPACING / max(float(numpy.median(lengths)), 1e-9)
    if len(order) <= SEPARATE_UP_TO:
        coords = _separate(coords, SPACING * 0.7)
    radius = float(numpy.hypot(coords[:, 0], coords[:, 1]).max()) + SPACING / 2
    return {node: (float(x), float(y)) for node, (x, y) in zip(order, coords, strict=True)}, radius


def _separate(coords: numpy.ndarray, gap: float, rounds: int = 30) -> numpy.ndarray:
    """Push apart nodes closer than `gap` (each pair moves half the shortfall), a few rounds."""
    for _ in range(rounds):
        delta = coords[:, None, :] - coords[None, :, :]
        distance = numpy.hypot(delta[..., 0], delta[..., 1])
        numpy.fill_diagonal(distance, numpy.inf)
        short = numpy.clip(gap - distance, 0.0, None)
        if not short.any():
            break
        direction = delta / numpy.where(distance > 1e-9, distance, 1.0)[..., None]
        coords = coords + (direction * (short / 2)[..., None]).sum(axis=1)
    return coords


def _pack(components: list[tuple[Positions, float]]) -> Positions:
    """Discs (positions around 0, radius) placed in rows, largest first, rows about as wide as the whole is tall."""
    area = sum((2 * radius + SPACING) ** 2 for _, radius in components)
    row_width = max(math.sqrt(area) * 1.2, 2 * components[0][1] + SPACING)
    placed: Positions = {}
    x = y = row_height = 0.0
    for members, radius in components:
        size = 2 * radius + SPACING
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in members.items():
            placed[node] = (x + size / 2 + px, y + size / 2 + py)
        x += size
        row_height = max(row_height, size)
    return placed


def _scaled(placed: Positions) -> Positions:
    xs = [point[0] for point in placed.values()]
    ys = [point[1] for point in placed.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    factor = EXTENT / half
    return {node: (round((x - cx) * factor, 1), round((y - cy) * factor, 1)) for node, (x, y) in placed.items()}
