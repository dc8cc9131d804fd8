"""Synthetic sote collaboration graphs of any size, for tests and benchmarks (`sotegraph synth`).

`generator` is the public API (generate, write, statements, size_for_triples); `builder` holds the
body of the generator. Both are deterministic for a seed; the output conforms to the shapes.
"""

from sotegraph.synth.generator import (
    ACTORS_PER_PROJECT,
    FORMATS,
    GENERATOR_VERSION,
    SYNTH_GRAPH,
    TRIPLES_PER_ACTOR,
    generate,
    reference,
    size_for_triples,
    statements,
    themes,
    write,
)

__all__ = ["ACTORS_PER_PROJECT", "FORMATS", "GENERATOR_VERSION", "SYNTH_GRAPH", "TRIPLES_PER_ACTOR",
           "generate", "reference", "size_for_triples", "statements", "themes", "write"]
