#!/usr/bin/env bash
# One command for a fresh machine: make .venv, install sotegraph into it (versions pinned by
# constraints.txt), serve the bundled graph.
# The store is the per-user one (see README, "Configuration"); pass serve options through: ./run.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/sotegraph ] || [ pyproject.toml -nt .venv/bin/sotegraph ] || [ constraints.txt -nt .venv/bin/sotegraph ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet -e . -c constraints.txt
fi
exec .venv/bin/sotegraph serve "$@"
