"""The proposed facts as an ordinary submission: RDF in the data model, or JSON / XLSX for review.

The document becomes a `sote:SourceDocument` (title, identifier, SHA-256, media type and its text as
a NIF context). New entities, participations, memberships and fundings are written as the curated
graph writes them (`sote:quote`, `prov:wasDerivedFrom` the document). Where each fact stands in the
text and how sure extraction is are NIF 2.0 / ITS 2.0 annotations: one `nif:Phrase` per mention or
fact with `nif:beginIndex`, `nif:endIndex`, `nif:anchorOf`, `itsrdf:taIdentRef` (the entity or link
node) and `itsrdf:taConfidence`. `sotegraph validate` checks the draft; `submit` merges it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from openpyxl import Workbook
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from sotegraph.extraction.extractor import Extraction
from sotegraph.vocab import ID_BASE, SOTE, entity_iri, slug

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SCHEMA_SHA256 = URIRef("https://schema.org/sha256")
DRAFT_FORMATS = ("ttl", "json", "xlsx")


def document_iri(extraction: Extraction) -> URIRef:
    """`id/document/{file name without extension}`, as the curated documents are named."""
    return entity_iri("document", slug(PurePosixPath(extraction.document.name).stem) or "document")


def _key(iri: URIRef) -> str:
    """`kind-key` of one of our IRIs (`organisation-pikassos`), as the curated link IRIs use it."""
    return str(iri)[len(ID_BASE):].replace("/", "-") if str(iri).startswith(ID_BASE) else slug(str(iri))


def _annotate(graph: Graph, doc: URIRef, number: int, kind: str, start: int, end: int, text: str,
              target: URIRef, confidence: float) -> None:
    node = URIRef(f"{doc}#{kind}-{number}")
    graph.add((node, RDF.type, NIF.Phrase))
    graph.add((node, NIF.referenceContext, doc))
    graph.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(text[start:end])))
    graph.add((node, ITSRDF.taIdentRef, target))
    graph.add((node, ITSRDF.taConfidence, Literal(round(confidence, 2), datatype=XSD.double)))


def _years(graph: Graph, node: URIRef, start_year: int | None, end_year: int | None) -> None:
    if start_year is not None:
        graph.add((node, SOTE.startYear, Literal(start_year, datatype=XSD.integer)))
    if end_year is not None:
        graph.add((node, SOTE.endYear, Literal(end_year, datatype=XSD.integer)))


def draft_graph(extraction: Extraction) -> Graph:
    """The draft submission of `extraction` as RDF."""
    return graph_from_draft(draft_json(extraction))


def _node_key(actor: str, target: str, role: str) -> str:
    return f"{_key(URIRef(target)).split('-', 1)[-1]}--{_key(URIRef(actor))}--{role.rsplit('/', 1)[-1]}"


def graph_from_draft(draft: dict[str, Any]) -> Graph:
    """RDF of a draft in its JSON form (`draft_json`), as reviewed: what is left in it is what is written."""
    graph = Graph()
    for prefix, namespace in (("sote", SOTE._NS), ("nif", NIF), ("itsrdf", ITSRDF), ("prov", PROV),
                              ("dcterms", DCTERMS), ("skos", SKOS)):
        graph.bind(prefix, namespace)
    document = draft["document"]
    doc, text = URIRef(document["iri"]), document["text"]
    graph.add((doc, RDF.type, SOTE.SourceDocument))
    graph.add((doc, RDF.type, NIF.Context))
    graph.add((doc, DCTERMS.identifier, Literal(document["identifier"])))
    graph.add((doc, DCTERMS.title, Literal(document["title"], lang="fi")))
    graph.add((doc, DCTERMS["format"], Literal(document["media_type"])))
    graph.add((doc, SCHEMA_SHA256, Literal(document["sha256"])))
    graph.add((doc, NIF.isString, Literal(text)))
    for entity in draft["entities"]:
        iri = URIRef(entity["iri"])
        graph.add((iri, RDF.type, URIRef(entity["class"])))
        graph.add((iri, SKOS.prefLabel, Literal(entity["label"], lang="fi")))
        graph.add((iri, SOTE.quote, Literal(entity["quote"], lang="fi")))
        graph.add((iri, PROV.wasDerivedFrom, doc))
    for number, mention in enumerate(draft["mentions"], start=1):
        _annotate(graph, doc, number, "mention", mention["start"], mention["end"], text, URIRef(mention["iri"]),
                  mention["confidence"])
    for number, link in enumerate(draft["links"], start=1):
        kind = "participation" if link["relation"] == "participation" else "membership"
        node = entity_iri(kind, _node_key(link["actor"], link["target"], link["role"]))
        actor_property, target_property = ((SOTE.participant, SOTE.project) if kind == "participation"
                                           else (SOTE.member, SOTE.memberOf))
        graph.add((node, RDF.type, SOTE.Participation if kind == "participation" else SOTE.Membership))
        graph.add((node, actor_property, URIRef(link["actor"])))
        graph.add((node, target_property, URIRef(link["target"])))
        graph.add((node, SOTE.role, URIRef(link["role"])))
        _years(graph, node, link.get("start_year"), link.get("end_year"))
        graph.add((node, SOTE.quote, Literal(link["quote"], lang="fi")))
        graph.add((node, PROV.wasDerivedFrom, doc))
        _annotate(graph, doc, number, "link", link["start"], link["end"], text, node, link["confidence"])
    for number, funding in enumerate(draft["fundings"], start=1):
        node = entity_iri("funding", f"{_key(URIRef(funding['project'])).split('-', 1)[-1]}--"
                                     f"{document['sha256'][:8]}-{number}")
        graph.add((node, RDF.type, SOTE.Funding))
        graph.add((node, SOTE.fundedProject, URIRef(funding["project"])))
        graph.add((node, SOTE.amount, Literal(funding["amount"], datatype=XSD.decimal)))
        graph.add((node, SOTE.currency, Literal(funding.get("currency", "EUR"))))
        _years(graph, node, funding.get("start_year"), funding.get("end_year"))
        graph.add((node, SOTE.quote, Literal(funding["quote"], lang="fi")))
        graph.add((node, PROV.wasDerivedFrom, doc))
        _annotate(graph, doc, number, "funding", funding["start"], funding["end"], text, node, funding["confidence"])
    return graph


def _rows(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Every proposed fact as flat rows, one list per kind (the JSON and XLSX outputs)."""
    return {
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "iri": str(m.iri), "label": m.label,
                      "kind": m.kind, "known": m.known, "confidence": m.confidence,
                      "alternatives": [str(a) for a in m.alternatives]} for m in extraction.mentions],
        "entities": [{"iri": str(e.iri), "label": e.label, "class": str(e.cls), "start": e.start, "end": e.end,
                      "quote": e.quote, "confidence": e.confidence} for e in extraction.entities],
        "links": [{"relation": link.relation, "actor": str(link.actor), "target": str(link.target),
                   "role": str(link.role), "start_year": link.start_year, "end_year": link.end_year,
                   "start": link.start, "end": link.end, "quote": link.quote, "confidence": link.confidence}
                  for link in extraction.links],
        "fundings": [{"project": str(f.project), "amount": f.amount, "currency": "EUR", "start_year": f.start_year,
                      "end_year": f.end_year, "start": f.start, "end": f.end, "quote": f.quote,
                      "confidence": f.confidence} for f in extraction.fundings],
        "statuses": [{"project": str(project), "status": status, "start": start, "end": end, "quote": quote}
                     for project, status, start, end, quote in extraction.statuses],
    }


def draft_json(extraction: Extraction) -> dict[str, Any]:
    """The draft as a JSON-ready dict: the document and every proposed fact."""
    document = extraction.document
    return {"document": {"iri": str(document_iri(extraction)), "identifier": document.name, "title": document.title,
                         "sha256": document.sha256, "media_type": document.media_type, "text": document.text},
            **_rows(extraction)}


def _sheet_rows(rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    listed = list(rows)
    if not listed:
        return []
    header = list(listed[0])
    return [header] + [[", ".join(v) if isinstance(v, list) else v for v in row.values()] for row in listed]


def render_draft(extraction: Extraction, fmt: str) -> bytes:
    """The draft serialised as `fmt` (ttl, json or xlsx)."""
    if fmt == "ttl":
        return draft_graph(extraction).serialize(format="turtle", encoding="utf-8")
    if fmt == "json":
        return json.dumps(draft_json(extraction), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "xlsx":
        workbook = Workbook()
        document_sheet = workbook.active
        assert document_sheet is not None
        document_sheet.title = "document"
        for key, value in draft_json(extraction)["document"].items():
            document_sheet.append([key, value[:32000] if isinstance(value, str) else value])
        for name, rows in _rows(extraction).items():
            sheet = workbook.create_sheet(name)
            for row in _sheet_rows(rows):
                sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unknown draft format {fmt!r}")
