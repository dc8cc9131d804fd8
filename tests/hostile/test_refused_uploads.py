"""Every hostile upload is refused with its status and message — on the web (JSON shape), on the
command line (exit 2) and under an address-space limit — and the store's N-Quads export is unchanged.

How long each refusal takes is measured by `benchmarks/hostile_inputs.py`, not here."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hostile_payloads import CASES, Case, deep_blank_nodes, deep_rdf_xml, long_literal, multipart, organisation

from sotegraph.store import Store
from sotegraph_webviz import create_app

PROBE = Path(__file__).with_name("memory_probe.py")
#: The address space a probe may use after its imports and store are ready (a few hundred MB).
ADDRESS_SPACE_MB = 768


@cache
def payload(name: str) -> bytes:
    """The bytes of case `name`, made once per session (the 1.5 GB zip bomb takes seconds to build)."""
    return next(case for case in CASES if case.name == name).make()


def nquads(store: Store) -> bytes:
    """The store's N-Quads export."""
    out = io.BytesIO()
    store.dump(out, "nq")
    return out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_web_refuses_it_in_the_json_shape_and_the_store_is_unchanged(memory_store: Store, tmp_path: Path,
                                                                          case: Case) -> None:
    client = create_app({"TESTING": True, "STORE": memory_store, "STEWARD_DIR": str(tmp_path)}).test_client()
    before = nquads(memory_store)
    body, content_type = multipart(case.name, payload(case.name))
    response = client.post("/steward/validate.json", data=body, content_type=content_type)
    assert response.status_code == case.status, response.json
    assert response.json["ok"] is False and response.json["status"] == case.status
    assert case.message in response.json["error"] and case.name in response.json["error"]
    assert nquads(memory_store) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_command_line_exits_2_naming_the_file_and_the_store_is_unchanged(runner, tmp_path: Path,
                                                                              case: Case) -> None:
    upload = tmp_path / case.name
    upload.write_bytes(payload(case.name))
    assert runner.invoke(["init"]).exit_code == 0
    before = runner.invoke(["export", "--format", "nq"]).stdout_bytes
    for command in (["validate", str(upload)], ["submit", str(upload), "--by", "Hyökkääjä"]):
        result = runner.invoke(command)
        assert result.exit_code == 2, result.output
        assert case.message in result.stderr and case.name in result.stderr
        assert "Traceback" not in result.output
    assert runner.invoke(["export", "--format", "nq"]).stdout_bytes == before


@pytest.mark.parametrize("mode", ["cli", "web"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_memory_stays_bounded_under_an_address_space_limit(tmp_path: Path, case: Case, mode: str) -> None:
    upload = tmp_path / case.name
    upload.write_bytes(payload(case.name))
    done = subprocess.run([sys.executable, str(PROBE), mode, str(ADDRESS_SPACE_MB), str(upload)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert (outcome["status"], case.message in outcome["message"]) == (case.status, True), outcome
    assert outcome["nquads_sha256_after"] == outcome["nquads_sha256_before"]


def test_the_probe_can_fail_a_conforming_file_is_accepted_within_the_limit(tmp_path: Path) -> None:
    upload = tmp_path / "good.ttl"
    upload.write_bytes(organisation("kelpo", "Kelpo ry"))
    done = subprocess.run([sys.executable, str(PROBE), "web", str(ADDRESS_SPACE_MB), str(upload)],
                          capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1])["status"] == 200


@pytest.mark.parametrize("name, data, message", [
    ("deep.ttl", deep_blank_nodes(1_000_000), "SOTEGRAPH_MAX_NESTING_DEPTH"),
    ("deep.rdf", deep_rdf_xml(100_000), "SOTEGRAPH_MAX_NESTING_DEPTH"),
    ("huge.ttl", long_literal(17 * 1024 * 1024), "a term too large to read"),
])
def test_the_raw_load_refuses_what_no_parser_can_take(runner, tmp_path: Path, name: str, data: bytes,
                                                      message: str) -> None:
    # `load` is the operator's path without the submission limits, but not without a floor.
    upload = tmp_path / name
    upload.write_bytes(data)
    assert runner.invoke(["init"]).exit_code == 0
    before = runner.invoke(["export", "--format", "nq"]).stdout_bytes
    result = runner.invoke(["load", str(upload)])
    assert result.exit_code == 2 and message in result.stderr and name in result.stderr
    assert runner.invoke(["export", "--format", "nq"]).stdout_bytes == before
