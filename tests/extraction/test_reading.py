"""Reading documents for extraction: text, HTML main content, PDF text layer; every bad input refused."""

from __future__ import annotations

import pytest
from pdf_fixture import pdf_with_text

from sotegraph.errors import InputError
from sotegraph.extraction.reading import MAX_DOCUMENT_BYTES, DocumentTooLarge, read_document

FINNISH = "Pikassos koordinoi Kanta-Hämeen sosiaalijohdon foorumia, ja hanke on käynnissä vuonna 2021."


def test_plain_text_keeps_its_characters_and_checksum() -> None:
    document = read_document("../kansio/raportti.txt", FINNISH.encode("utf-8"))
    assert document.name == "raportti.txt" and document.text == FINNISH and document.media_type == "text/plain"
    assert len(document.sha256) == 64 and document.title == FINNISH


def test_html_keeps_the_main_content_only() -> None:
    page = f"""<!doctype html><html><head><title>Foorumi</title><script>var x = "ja ja";</script></head>
    <body><header><nav>Etusivu Hankkeet Yhteystiedot</nav></header>
    <div id="cookie-consent">Käytämme evästeitä ja sekä myös</div>
    <main><h1>Otsikko</h1><p>{FINNISH}</p></main>
    <aside class="similar-pages">Samankaltaiset sivut: Verso ja Pikassos</aside><footer>© 2021</footer></body></html>"""
    document = read_document("sivu.html", page.encode("utf-8"))
    assert document.title == "Foorumi" and document.media_type == "text/html"
    assert "Otsikko" in document.text and FINNISH in document.text
    for boilerplate in ("Etusivu", "evästeitä", "Samankaltaiset", "var x", "©"):
        assert boilerplate not in document.text


def test_pdf_text_layer_is_read() -> None:
    document = read_document("raportti.pdf", pdf_with_text([FINNISH, "Hämeen liitto hallinnoi hanketta."]))
    assert document.media_type == "application/pdf"
    assert "Kanta-Hämeen sosiaalijohdon foorumia" in document.text and "Hämeen liitto" in document.text


@pytest.mark.parametrize("name, data, message", [
    ("tyhja.txt", b"", "empty"),
    ("valit.txt", b"  \n\t ", "empty"),
    ("kuva.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ("skannattu.pdf", pdf_with_text([]), "no text layer"),
    ("rikki.pdf", b"%PDF-1.4\nthis is not a pdf", "PDF"),
    ("english.txt", b"The project is run by the regional council and the university with the municipalities.",
     "Finnish"),
    ("svenska.html", "<p>Projektet leds av förbundet och det är en del av reformen för kommunerna.</p>".encode(),
     "Finnish"),
])
def test_bad_documents_are_refused_naming_the_file(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        read_document(name, data)
    assert name in str(raised.value) and raised.value.exit_code == 2 and raised.value.http_status == 400


def test_a_document_over_the_limit_is_413() -> None:
    with pytest.raises(DocumentTooLarge, match="20 MB") as raised:
        read_document("iso.txt", b"ja " * (MAX_DOCUMENT_BYTES // 3 + 1))
    assert raised.value.http_status == 413 and raised.value.exit_code == 2
