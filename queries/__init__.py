"""Package data: queries files shipped with sotegraph, read through sotegraph.resources."""
