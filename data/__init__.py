"""Package data: data files shipped with sotegraph, read through sotegraph.resources."""
