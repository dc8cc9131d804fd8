"""SPARQL for researchers: the named queries, the guard every user query passes, the protocol's rules.

Modules: `catalog` (the named queries in `queries/*.rq`: discovery, header documentation,
parameters, safe binding, running), `guard` (`check_query`: read-only, no `SERVICE`, checked before
anything runs; `check_size`), `execution` (`check_public_query`: the guard in killable worker
processes under the query's time limit), `dataset` (the RDF dataset of a request: protocol
parameters, FROM clauses or the union) and `result_formats` (content negotiation over the SPARQL
result and RDF media types).
"""

from sotegraph.sparql.catalog import NamedQuery, Parameter, UnknownQueryError, get_query, list_queries, run
from sotegraph.sparql.dataset import Dataset, request_dataset
from sotegraph.sparql.guard import ServiceRefused, UpdateRefused, check_query
from sotegraph.sparql.result_formats import GRAPH_TYPES, RESULT_TYPES, NotAcceptable, negotiate

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "Dataset", "NamedQuery", "NotAcceptable", "Parameter", "ServiceRefused",
           "UnknownQueryError", "UpdateRefused", "check_query", "get_query", "list_queries", "negotiate",
           "request_dataset", "run"]
