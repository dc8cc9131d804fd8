"""Run one upload through sotegraph under an address-space limit and print what happened as JSON.

Usage: `python memory_probe.py MODE LIMIT_MB FILE` — MODE `cli` reads the file as `sotegraph validate`
does (read, parse, validate against the bundled graph); MODE `web` posts it to `/steward/validate.json`
of an app over the bundled graph. The limit (`resource.setrlimit(RLIMIT_AS)`) is set after the
imports and the store are ready, so it bounds what the upload costs. Prints
`{"status", "message", "peak_mb", "seconds", "nquads_sha256_before", "nquads_sha256_after"}`.
"""

from __future__ import annotations

import hashlib
import io
import json
import resource
import sys
import time
from pathlib import Path


def _nquads_digest(store: object) -> str:
    out = io.BytesIO()
    store.dump(out, "nq")  # type: ignore[attr-defined]
    return hashlib.sha256(out.getvalue()).hexdigest()


def main() -> None:
    mode, limit_mb, path = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    from hostile_payloads import multipart

    from sotegraph.errors import SotegraphError
    from sotegraph.stewarding.submissions import parse_submission, read_uploads, validate
    from sotegraph.store.bundled import load_bundled
    from sotegraph.store.embedded import OxigraphStore
    from sotegraph_webviz import create_app

    store = OxigraphStore(None)
    load_bundled(store)
    client = create_app({"TESTING": True, "STORE": store}).test_client() if mode == "web" else None
    before = _nquads_digest(store)
    resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 1024 * 1024, resource.RLIM_INFINITY))
    started = time.monotonic()
    status, message = 200, ""
    try:
        if client is not None:
            body, content_type = multipart(path.name, path.read_bytes())
            response = client.post("/steward/validate.json", data=body, content_type=content_type)
            status, message = response.status_code, (response.json or {}).get("error", "")
        else:
            report = validate(store, parse_submission(read_uploads([path])))
            status, message = (200 if report.conforms else 422), ""
    except SotegraphError as error:
        status, message = error.http_status, str(error)
    except MemoryError as error:
        status, message = -1, f"MemoryError {error}"
    seconds = time.monotonic() - started
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    print(json.dumps({"status": status, "message": message, "seconds": seconds,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "nquads_sha256_before": before, "nquads_sha256_after": _nquads_digest(store)}))


if __name__ == "__main__":
    main()
