"""sotegraph: a knowledge graph of who works with whom in Finnish sote development."""

__version__ = "0.1.0"
