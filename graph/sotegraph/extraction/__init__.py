"""Extraction: a Finnish document (text, HTML, PDF) → a draft submission whose every fact points at its passage.

`reading` (the document's text, refusals for bad input), `morphology` (Voikko or simplemma base forms),
`gazetteer` (the graph's labels; inflected names), `facts` (what is proposed), `naming` (new entities
by head words, people), `links` (cue words, listed participants, words that refer back, titles),
`extractor` (the whole pass: mentions, new entities, links, periods, amounts, status), `draft` (RDF in
the data model with NIF/ITS offsets and confidences; JSON, XLSX), `preview` (the before/after
network of a draft), `evaluation` (leave-one-document-out against the curated graph).
Extraction only reads the store.
"""

from sotegraph.extraction.draft import DRAFT_FORMATS, draft_graph, draft_json, render_draft
from sotegraph.extraction.extractor import Extraction, extract
from sotegraph.extraction.gazetteer import Gazetteer, gazetteer_from_graph, load_gazetteer
from sotegraph.extraction.morphology import ANALYSERS, get_analyser
from sotegraph.extraction.reading import MAX_DOCUMENT_BYTES, Document, DocumentTooLarge, read_document
from sotegraph.store import Store


def extract_document(store: Store, name: str, data: bytes, analyser: str = "auto") -> Extraction:
    """Read document `name` (its bytes) and propose its facts against the entities in `store`."""
    document = read_document(name, data)
    return extract(document, load_gazetteer(store, get_analyser(analyser)))


__all__ = ["ANALYSERS", "DRAFT_FORMATS", "MAX_DOCUMENT_BYTES", "Document", "DocumentTooLarge", "Extraction",
           "Gazetteer", "draft_graph", "draft_json", "extract", "extract_document", "gazetteer_from_graph",
           "get_analyser", "load_gazetteer", "read_document", "render_draft"]
