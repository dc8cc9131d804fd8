"""`python -m sotegraph` runs the `sotegraph` command."""

from sotegraph.cli import main

main()
