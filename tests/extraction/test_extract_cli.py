"""`sotegraph extract`: a draft file that `validate` accepts; bad input exits 2 and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdf_fixture import pdf_with_text

from sotegraph.store import open_store

PAGE = ("<html><head><title>Majakka</title></head><body><nav>Valikko ja Kela</nav><main>"
        "<p>Sosiaalialan osaamiskeskus Majakka toimii Pirkanmaalla. Majakan hallinnoima Uusi työote -hanke "
        "käynnistyi syksyllä 2021. Hankkeessa ovat mukana Tampere, Nokia ja Kela.</p></main></body></html>")


def test_extract_writes_a_draft_that_validates_and_leaves_the_store(runner, tmp_path: Path) -> None:
    source = tmp_path / "majakka.html"
    source.write_text(PAGE, encoding="utf-8")
    runner.invoke(["submissions"])
    with open_store(runner.store_dir) as store:
        before = store.graph_counts()
    draft = tmp_path / "draft.ttl"
    result = runner.invoke(["extract", str(source), "-o", str(draft)])
    assert result.exit_code == 0, result.output
    assert "new entities" in result.stdout and draft.is_file()
    text = draft.read_text(encoding="utf-8")
    assert "organisation/majakka" in text and "municipality/837" in text and "nif:beginIndex" in text
    assert "itsrdf:taConfidence" in text and "sote:SourceDocument" in text
    checked = runner.invoke(["validate", str(draft), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    with open_store(runner.store_dir) as store:
        assert store.graph_counts() == before


def test_extract_json_and_xlsx(runner, tmp_path: Path) -> None:
    source = tmp_path / "raportti.pdf"
    source.write_bytes(pdf_with_text(["Pikassos koordinoi Kanta-Hameen sosiaalijohdon foorumia ja on mukana",
                                      "Kansa-koulu III -hankkeessa vuonna 2021."]))
    as_json = tmp_path / "draft.json"
    assert runner.invoke(["extract", str(source), "-o", str(as_json)]).exit_code == 0
    draft = json.loads(as_json.read_text(encoding="utf-8"))
    assert draft["document"]["media_type"] == "application/pdf"
    assert any(m["iri"].endswith("organisation/pikassos") for m in draft["mentions"])
    as_xlsx = tmp_path / "draft.xlsx"
    assert runner.invoke(["extract", str(source), "-o", str(as_xlsx)]).exit_code == 0
    assert {"document", "mentions", "links"} <= set(load_workbook(as_xlsx, read_only=True).sheetnames)


@pytest.mark.parametrize("name, data, message", [
    ("tyhja.txt", b"", "empty"),
    ("binaari.bin", bytes(range(256)) * 8, "binary"),
    ("skannattu.pdf", pdf_with_text([]), "no text layer"),
    ("english.txt", b"This report is about the project and the municipalities that are in it.", "Finnish"),
])
def test_bad_input_exits_2_and_writes_nothing(runner, tmp_path: Path, name: str, data: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    draft = tmp_path / "draft.ttl"
    result = runner.invoke(["extract", str(source), "-o", str(draft)])
    assert result.exit_code == 2 and message in result.stderr and name in result.stderr
    assert not draft.exists() and not list(tmp_path.glob(".draft.ttl.*"))
    assert not runner.store_dir.exists()


def test_a_document_over_20_mb_exits_2(runner, tmp_path: Path) -> None:
    source = tmp_path / "iso.txt"
    with source.open("wb") as out:
        out.truncate(21 * 1024 * 1024)
    result = runner.invoke(["extract", str(source), "-o", str(tmp_path / "draft.ttl")])
    assert result.exit_code == 2 and "20 MB" in result.stderr
