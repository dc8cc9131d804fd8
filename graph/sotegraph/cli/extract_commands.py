"""`sotegraph extract`: a draft submission from Finnish documents; the store is only read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from rdflib import Graph

from sotegraph.cli.store_commands import progress, store_for
from sotegraph.errors import InputError
from sotegraph.extraction import (
    ANALYSERS,
    DRAFT_FORMATS,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    Extraction,
    draft_graph,
    extract,
    get_analyser,
    load_gazetteer,
    read_document,
    render_draft,
)
from sotegraph.extraction.draft import draft_json
from sotegraph.store.formats import read_file


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so a failure leaves nothing half-written."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _combined(extractions: list[Extraction], fmt: str) -> bytes:
    """One draft of all documents: RDF graphs merged; JSON as a list; XLSX of a single document."""
    if len(extractions) == 1:
        return render_draft(extractions[0], fmt)
    if fmt == "ttl":
        graph = Graph()
        for extraction in extractions:
            graph += draft_graph(extraction)
        return graph.serialize(format="turtle", encoding="utf-8")
    if fmt == "json":
        import json

        return json.dumps([draft_json(e) for e in extractions], ensure_ascii=False, indent=2).encode("utf-8")
    raise InputError("an XLSX draft holds one document: give one file, or use --format ttl or json")


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), metavar="DRAFT",
              help="Where to write the draft.")
@click.option("--format", "fmt", type=click.Choice(DRAFT_FORMATS), default=None,
              help="Draft format [default: by the output's extension, else ttl].")
@click.option("--analyser", type=click.Choice(ANALYSERS), default="auto", show_default=True,
              help="Finnish morphology: Voikko, simplemma, or Voikko when installed.")
@click.pass_context
def extract_command(ctx: click.Context, files: tuple[Path, ...], output: Path, fmt: str | None, analyser: str) -> None:
    """Propose a draft submission from Finnish documents (text, HTML, PDF with a text layer).

    Known actors, projects, groups and areas are found in any inflected form and named by their
    IRIs; new organisations, projects, groups and people are proposed; links carry their role,
    period, quote, character offsets and a confidence. The store is never changed: check the draft
    with `sotegraph validate`, merge it with `sotegraph submit`. Exit 0 written, 2 unreadable,
    empty, binary, scanned-only, over 20 MB or not Finnish (nothing written).
    """
    fmt = fmt or (output.suffix.lstrip(".").lower() if output.suffix.lstrip(".").lower() in DRAFT_FORMATS else "ttl")
    for path in files:
        if path.is_file() and path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentTooLarge(f"the document is {path.stat().st_size / 1e6:.1f} MB; the limit is "
                                   f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB", file=str(path))
    documents = [read_document(str(path), read_file(path)) for path in files]
    morphology = get_analyser(analyser)
    with store_for(ctx) as store:
        gazetteer = load_gazetteer(store, morphology)
    extractions = []
    for document in documents:
        progress(f"extracting {document.name}…")
        extractions.append(extract(document, gazetteer))
    _write_atomically(output, _combined(extractions, fmt))
    for extraction in extractions:
        known = sum(m.known for m in extraction.mentions)
        click.echo(f"{extraction.document.name}: {known} mentions of known entities, "
                   f"{len(extraction.entities)} new entities, {len(extraction.links)} links, "
                   f"{len(extraction.fundings)} amounts → {output}")


def register(group: click.Group) -> None:
    """Attach `extract` to the `sotegraph` group."""
    group.add_command(extract_command)
