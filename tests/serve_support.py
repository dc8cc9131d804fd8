"""Start a real `sotegraph serve` on a free loopback port for a test, and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

_START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port on loopback that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(store_dir: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """`sotegraph --store STORE_DIR serve --port P OPTIONS…`, its output in serve.log beside the store;
    (the process, its base URL) once `/stats.json` answers. The caller stops the process."""
    port = free_port()
    log = store_dir.with_name("serve.log")
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "sotegraph", "--store", str(store_dir), "serve",
                                    "--port", str(port), *options], stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + _START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"sotegraph serve exited: {log.read_text(errors='replace')}")
        try:
            requests.get(f"{url}/stats.json", timeout=2).close()
            return process, url
        except requests.RequestException:  # not listening yet, or too busy starting to answer in time
            if time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=20)
                pytest.fail(f"sotegraph serve did not start within {_START_TIMEOUT:g} s")
            time.sleep(0.2)
