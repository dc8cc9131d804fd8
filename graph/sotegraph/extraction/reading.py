"""Reading a document for extraction: plain text, HTML (its main content) or PDF (its text layer).

Every refusal is an `InputError` naming the file (exit 2 / HTTP 400), or `DocumentTooLarge`
(HTTP 413): empty, binary, a PDF without a text layer (scanned), over the size cap, not Finnish.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath, PureWindowsPath

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from sotegraph.errors import InputError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_FINNISH_WORDS = frozenset(
    (
        "ja", "on", "ei", "se", "että", "sekä", "myös", "kanssa", "tai", "kuin", "jo", "joka", "jotka", "ovat",
        "oli", "ole", "mukana", "hanke", "hankkeen", "hankkeessa", "alueella", "vuonna", "vuoden", "kunnat",
        "kuntien", "sosiaali", "toiminta", "kehittäminen", "kehittämisen", "yhteistyö", "yhteistyössä", "osana",
        "sen", "kun", "mutta", "vaan", "tämä", "nämä", "niin", "joten", "jossa", "josta", "jonka", "aikana"
    ))
_FOREIGN_WORDS = frozenset((
    "the", "and", "of", "to", "in", "is", "are", "was", "for", "with", "that", "this", "by", "from", "as", "at",
    "be", "have", "it", "not", "which", "or", "an", "och", "att", "det", "som", "en", "är", "på", "för", "med",
    "av", "till", "den", "har", "de", "inte", "om", "ett", "vi", "kan", "eller", "der", "die", "und", "das",
    "ist", "nicht", "mit", "von", "zu"
))
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
                           "template", "svg", "iframe", "select", "menu"})
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                         "h6", "br", "tr", "table", "blockquote", "dd", "dt", "figcaption"})
_BOILERPLATE = re.compile(r"cookie|consent|banner|gdpr|breadcrumb|share|social|related|similar|samankaltai|"
                          r"navigation|navbar|menu|sidebar|footer|header|evaste|newsletter", re.I)
_VOID_TAGS = frozenset({"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source",
                        "track", "wbr"})


class DocumentTooLarge(InputError):
    """A document over `MAX_DOCUMENT_BYTES` (HTTP 413)."""

    http_status = 413


@dataclass(frozen=True)
class Document:
    """A document's text as extraction reads it, with what identifies it."""

    name: str
    title: str
    text: str
    sha256: str
    media_type: str


def _bare_name(name: str) -> str:
    return PureWindowsPath(PurePosixPath(name or "").name).name.strip() or "document"


class _MainContent(HTMLParser):
    """Collects the text of an HTML page, skipping navigation, banners and 'similar pages' boxes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.main_parts: list[str] | None = None
        self.main_depth: int | None = None
        self.title: list[str] = []
        self.in_title = False

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID_TAGS:
            if tag == "br":
                self._emit("\n")
            return
        marks = " ".join(value or "" for key, value in attrs if key in {"class", "id", "role", "aria-label"})
        skip = tag in _SKIPPED_TAGS or bool(marks and _BOILERPLATE.search(marks)) or ("hidden", None) in attrs
        self.stack.append((tag, skip))
        if tag in {"main", "article"} and self.main_depth is None and not self._skipping():
            self.main_depth, self.main_parts = len(self.stack), []
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if self.main_depth is not None and len(self.stack) < self.main_depth:
                self.main_depth = -1
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def _emit(self, text: str) -> None:
        if self._skipping():
            return
        self.parts.append(text)
        if self.main_parts is not None and self.main_depth is not None and self.main_depth > 0:
            self.main_parts.append(text)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        self._emit(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        chosen = self.main_parts if self.main_parts and "".join(self.main_parts).strip() else self.parts
        paragraphs = (re.sub(r" +", " ", block).strip() for block in "".join(chosen).split("\n\n"))
        return "\n\n".join(block for block in paragraphs if block)


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise InputError("a binary file, not text, HTML or a PDF with text", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise InputError("not text: neither UTF-8 nor Windows-1252", file=name) from error
        if sum(not (ch.isprintable() or ch.isspace()) for ch in text) > len(text) // 100:
            raise InputError("a binary file, not text, HTML or a PDF with text", file=name) from None
        return text


def _pdf_text(name: str, data: bytes) -> tuple[str, str]:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "") if reader.metadata else ""
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"an unreadable PDF: {error}", file=name) from error
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if len(text.strip()) < 20:
        raise InputError("the PDF has no text layer (a scanned document?): nothing to read; "
                         "run OCR first", file=name)
    return text, title


def _is_html(name: str, text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return name.lower().endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html"))


def finnish_share(text: str) -> float:
    """The share of words in `text` that are common Finnish function or domain words."""
    words = re.findall(r"[a-zåäö]+", text.lower())
    if not words:
        return 0.0
    return sum(word in _FINNISH_WORDS for word in words) / len(words)


def foreign_share(text: str) -> float:
    """The share of words in `text` that are common English, Swedish or German function words."""
    words = re.findall(r"[a-zåäöü]+", text.lower())
    return sum(word in _FOREIGN_WORDS for word in words) / len(words) if words else 0.0


def read_document(name: str, data: bytes) -> Document:
    """The text of a text, HTML or PDF document; InputError (or DocumentTooLarge) when it cannot be read."""
    name = _bare_name(name)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(f"the document is {len(data) / 1e6:.1f} MB; the limit is "
                               f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB", file=name)
    if not data.strip():
        raise InputError("an empty document", file=name)
    title = ""
    if data.startswith(b"%PDF-"):
        text, title = _pdf_text(name, data)
        media_type = "application/pdf"
    else:
        text = _decode(name, data)
        if _is_html(name, text):
            parser = _MainContent()
            parser.feed(text)
            parser.close()
            text, title = parser.text(), " ".join("".join(parser.title).split())
            media_type = "text/html"
        else:
            media_type = "text/plain"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("no text in the document", file=name)
    if finnish_share(text) < 0.04 or finnish_share(text) <= foreign_share(text):
        raise InputError("the document does not look Finnish: extraction reads Finnish text only", file=name)
    if not title:
        title = next((line.strip() for line in text.splitlines() if line.strip()), name)[:200]
    return Document(name, title, text, hashlib.sha256(data).hexdigest(), media_type)
