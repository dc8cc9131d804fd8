"""Package data: ontology files shipped with sotegraph, read through sotegraph.resources."""
