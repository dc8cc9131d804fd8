"""The store: one interface (`Store`) over embedded Oxigraph, in-memory, or a remote SPARQL endpoint.

Modules: `interface` (the `Store` contract, result types, named graphs), `opening` (`open_store`),
`embedded` and `remote` (the backends), `directory` (a store directory's lock and marker),
`settings` (accounts file and secret key beside the store), `server` (the `oxigraph serve` child),
`served` (the served store: one write path, hard query limits),
`formats` (reading RDF safely), `binding` (safe VALUES pre-binding), `bundled` (the shipped graphs),
`location` (where the store is). Only `embedded`, `remote` and `server` import a store library.
"""

from sotegraph.store.interface import (
    CURATED_GRAPH,
    ONTOLOGY_GRAPH,
    RDF_FORMATS,
    REFERENCE_GRAPH,
    SUBMISSION_GRAPH,
    QueryResult,
    SelectResult,
    Store,
)
from sotegraph.store.opening import open_store

__all__ = ["CURATED_GRAPH", "ONTOLOGY_GRAPH", "RDF_FORMATS", "REFERENCE_GRAPH", "SUBMISSION_GRAPH",
           "QueryResult", "SelectResult", "Store", "open_store"]
