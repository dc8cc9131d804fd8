"""`python -m sotegraph` runs the `sotegraph` command."""

from sotegraph.cli.group import main

main()
