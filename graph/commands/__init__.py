"""Command-line commands, one module per user-facing area; each has `register(group)`."""
