#!/usr/bin/env bash
# Install the second, independent SPARQL server of the remote-store tests: Comunica's
# `comunica-sparql-file-http` (npm @comunica/query-sparql-file, the exact version and every dependency
# pinned by scripts/second-server/package-lock.json) into .cache/second-server/ (git-ignored).
# Idempotent: does nothing when that lock file is already installed. Needs node >= 18 and npm; fails
# (exit 1) when npm cannot install, so that CI fails instead of skipping the tests.
# Prints the path of the server's executable.
set -euo pipefail
cd "$(dirname "$0")/.."

source_dir=scripts/second-server
cache=.cache/second-server
server="$cache/node_modules/.bin/comunica-sparql-file-http"

if [ -x "$server" ] && cmp -s "$source_dir/package-lock.json" "$cache/package-lock.json"; then
    echo "$PWD/$server"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "second_server: npm is missing (install Node.js >= 18 with npm)" >&2
    exit 1
fi
rm -rf "$cache"
mkdir -p "$cache"
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$cache/"
if ! (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >&2); then
    echo "second_server: npm ci failed in $cache" >&2
    rm -rf "$cache"
    exit 1
fi
if [ ! -x "$server" ]; then
    echo "second_server: $server was not installed" >&2
    exit 1
fi
echo "$PWD/$server"
