"""A real `sotegraph serve` fed every hostile upload: each refused with its status, the server's memory
high-water mark stays at a few hundred MB, the store is unchanged, and SIGTERM still stops it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from hostile_payloads import CASES, multipart

from serve_support import start_serve

PASSWORD = "oikea-salasana"
#: The serving process's resident-memory high-water mark may not pass this (the issue saw 10.7 GB).
MAX_RESIDENT_MB = 400


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    store_dir: Path


def _sotegraph(store_dir: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sotegraph", "--store", str(store_dir), *args],
                          capture_output=True, timeout=120, check=False, **kwargs)  # type: ignore[call-overload]


def resident_high_water_mb(pid: int) -> float:
    """The process's peak resident memory (Linux VmHWM) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert found, status
    return int(found.group(1)) / 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    store_dir = tmp_path_factory.mktemp("served-hostile") / "store"
    assert _sotegraph(store_dir, "init").returncode == 0
    added = _sotegraph(store_dir, "steward", "add", "maija", input=f"{PASSWORD}\n{PASSWORD}\n".encode())
    assert added.returncode == 0, added.stderr
    process, url = start_serve(store_dir)
    yield Served(url, process, store_dir)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=20)


@pytest.mark.server
def test_a_served_store_refuses_every_hostile_upload_in_bounded_memory(served: Served) -> None:
    before = _sotegraph(served.store_dir, "export", "--format", "nq").stdout
    with requests.Session() as session:
        form = session.get(f"{served.url}/steward/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        logged_in = session.post(f"{served.url}/steward/login", allow_redirects=False,
                                 data={"name": "maija", "password": PASSWORD, "csrf_token": token})
        assert logged_in.status_code == 302  # a steward is not rate-limited: every case gets through
        for case in CASES:
            body, content_type = multipart(case.name, case.make())
            response = session.post(f"{served.url}/steward/validate.json", data=body,
                                    headers={"Content-Type": content_type}, timeout=60)
            assert response.status_code == case.status, (case.name, response.text[:300])
            assert case.message in response.json()["error"]
    peak = resident_high_water_mb(served.process.pid)
    assert peak < MAX_RESIDENT_MB, f"serve reached {peak:.0f} MB"
    assert _sotegraph(served.store_dir, "export", "--format", "nq").stdout == before
    served.process.terminate()
    assert served.process.wait(timeout=20) is not None
