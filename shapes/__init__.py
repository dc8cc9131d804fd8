"""Package data: shapes files shipped with sotegraph, read through sotegraph.resources."""
