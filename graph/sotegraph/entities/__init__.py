"""Entities as people meet them: by name, by label in their language, as a described page.

Modules: `names` (an IRI or any label — preferred or alternative, any language, Finnish inflected
forms — to the entity, narrowed by expected type; ambiguous and not-found answers), `labels` (the
one rule for choosing a label by language, and labels fetched from the store), `description`
(everything the graph says about one entity, for pages and panels) and `statistics` (the store's
headline figures).
"""

from sotegraph.entities.description import Description, describe, summarise
from sotegraph.entities.labels import labels_in, language_rank, pick_label
from sotegraph.entities.names import Match, find, normalise, resolve
from sotegraph.entities.statistics import store_figures

__all__ = ["Description", "Match", "describe", "find", "labels_in", "language_rank", "normalise", "pick_label",
           "resolve", "store_figures", "summarise"]
