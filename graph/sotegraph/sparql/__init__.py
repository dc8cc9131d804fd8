"""SPARQL for researchers: the named queries, the guard every user query passes, result formats.

Modules: `catalog` (the named queries in `queries/*.rq`: discovery, header documentation,
parameters, safe binding, running), `guard` (`check_query`: read-only, no `SERVICE`, checked before
anything runs; `check_size`), `execution` (`check_public_query`: the guard in killable worker
processes under the query's time limit) and `result_formats` (SPARQL results and RDF by media
type; content negotiation).
"""

from sotegraph.sparql.catalog import NamedQuery, Parameter, UnknownQueryError, get_query, list_queries, run
from sotegraph.sparql.guard import ServiceRefused, UpdateRefused, check_query
from sotegraph.sparql.result_formats import GRAPH_TYPES, RESULT_TYPES, negotiate, serialize

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "NamedQuery", "Parameter", "ServiceRefused", "UnknownQueryError",
           "UpdateRefused", "check_query", "get_query", "list_queries", "negotiate", "run", "serialize"]
