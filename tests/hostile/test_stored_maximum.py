"""A stored submission with the largest values the limits allow breaks nothing that comes after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_payloads import organisation

from sotegraph.limits import Limits
from sotegraph.store.embedded import OxigraphStore
from sotegraph_webviz import create_app


@pytest.mark.parametrize("literal_chars", [Limits().literal_chars, 300_000])
def test_validate_and_submit_keep_working_after_a_maximal_submission(runner, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     literal_chars: int) -> None:
    # 300 000 characters is past Python's csv field limit (131 072), which once broke every later validation.
    monkeypatch.setenv("SOTEGRAPH_MAX_LITERAL_CHARS", str(literal_chars))
    label = "Ä" * literal_chars
    maximal = tmp_path / "maximal.ttl"
    maximal.write_bytes(organisation("pisin", label))
    assert runner.invoke(["init"]).exit_code == 0
    first = runner.invoke(["submit", str(maximal), "--by", "Maija"])
    assert first.exit_code == 0, first.stderr

    later = tmp_path / "later.ttl"
    later.write_bytes(organisation("toinen", "Toinen ry"))
    assert runner.invoke(["validate", str(later)]).exit_code == 0
    assert runner.invoke(["submit", str(later), "--by", "Maija"]).exit_code == 0

    twin = tmp_path / "twin.ttl"
    twin.write_bytes(organisation("pisin-kaksoset", label.lower()))
    warned = runner.invoke(["validate", str(twin), "--format", "json"])
    assert warned.exit_code == 0 and "LikelyDuplicate" in warned.stdout  # the long label is still compared

    one_more = tmp_path / "one-more.ttl"
    one_more.write_bytes(organisation("liikaa", "a" * (literal_chars + 1)))
    refused = runner.invoke(["validate", str(one_more)])
    assert refused.exit_code == 2 and "SOTEGRAPH_MAX_LITERAL_CHARS" in refused.stderr

    assert runner.invoke(["stats"]).exit_code == 0
    assert label.encode() in runner.invoke(["export", "--format", "ttl"]).stdout_bytes


def test_pages_over_a_maximal_submission_answer(runner, tmp_path: Path, tmp_store_dir: Path) -> None:
    label = "Ä" * Limits().literal_chars
    maximal = tmp_path / "maximal.ttl"
    maximal.write_bytes(organisation("pisin", label))
    assert runner.invoke(["init"]).exit_code == 0
    assert runner.invoke(["submit", str(maximal), "--by", "Maija"]).exit_code == 0
    store = OxigraphStore(tmp_store_dir)
    try:
        client = create_app({"TESTING": True, "STORE": store}).test_client()
        for path in ("/id/organisation/pisin", "/id/organisation/pisin.json", "/stats.json", "/explore"):
            assert client.get(path).status_code == 200, path
    finally:
        store.close()
