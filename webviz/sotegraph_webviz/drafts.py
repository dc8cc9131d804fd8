"""Drafts from documents (`/steward/drafts`): upload a Finnish document, review what extraction proposes,
validate the accepted set and see its effect on the network, then merge it on the usual path.

The document and its draft are kept on disk with the pending uploads (`steward.pending()`), so a
review survives a restart. Each proposed fact can be accepted, corrected (another existing entity
by IRI or name, another role, other years) or rejected; the accepted set becomes a Turtle upload
that `steward.merge` merges like any other (validated again, with the document as provenance).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import FileField

from sotegraph.entities.labels import labels_in
from sotegraph.entities.names import resolve
from sotegraph.errors import InputError
from sotegraph.extraction import draft_json, extract_document
from sotegraph.extraction.draft import graph_from_draft
from sotegraph.extraction.preview import network_preview
from sotegraph.stewarding.submissions import Upload, earlier_submissions, parse_submission, validate
from sotegraph.validation.report import summary
from sotegraph.vocab import ID_BASE, sparql_prefixes
from sotegraph_webviz.db import get_store
from sotegraph_webviz.i18n import current_language
from sotegraph_webviz.steward import MergeForm, pending, report_groups

bp = Blueprint("drafts", __name__, url_prefix="/steward/drafts")
_ROLES = "SELECT ?role WHERE { ?role skos:inScheme ?scheme FILTER(STRSTARTS(STR(?role), \"" + ID_BASE + "role/\")) }"
_KINDS = ("mentions", "entities", "links", "fundings")


class DocumentForm(FlaskForm):
    """One document: text, HTML or PDF."""

    document = FileField()


class ReviewForm(FlaskForm):
    """The decisions on a draft (the fields are read from the request by name)."""


def _draft(token: str) -> tuple[list[Upload], dict[str, Any]]:
    kept = pending().get(token)
    if kept is None or "draft" not in kept[1]:
        abort(404, description=gettext("No such draft; upload the document again."))
    return kept[0], kept[1]


@bp.get("/")
def index() -> Any:
    """The upload form."""
    return render_template("draft_upload.html", form=DocumentForm(formdata=None), steward=session.get("steward"))


@bp.post("/")
def upload() -> Any:
    """Extract a draft from the uploaded document and keep both; then the review page."""
    form = DocumentForm()
    if not form.validate():
        abort(400, description="; ".join(str(e) for errors in form.errors.values() for e in errors))
    item = request.files.get("document")
    if item is None or not item.filename:
        raise InputError(gettext("Choose a document to read."))
    document = Upload.of(item.filename, item.read())
    extraction = extract_document(get_store(), document.name, document.data)
    token = pending().put([document], {"draft": draft_json(extraction)})
    return redirect(url_for("drafts.review", token=token), 303)


def _roles(lang: str) -> list[tuple[str, str]]:
    store = get_store()
    roles = [str(row[0]) for row in store.select(sparql_prefixes("skos") + _ROLES).rows]
    names = labels_in(store, roles, lang)
    return sorted(((iri, names.get(iri, iri.rsplit("/", 1)[-1])) for iri in roles), key=lambda pair: pair[1])


def _highlighted(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The document text cut into plain and highlighted pieces (mentions; the first one wins an overlap)."""
    text, pieces, cursor = draft["document"]["text"], [], 0
    for number, mention in sorted(enumerate(draft["mentions"]), key=lambda pair: pair[1]["start"]):
        if mention["start"] < cursor:
            continue
        pieces.append({"text": text[cursor:mention["start"]]})
        pieces.append({"text": text[mention["start"]:mention["end"]], "mention": number,
                       "known": mention["known"], "iri": mention["iri"], "label": mention["label"]})
        cursor = mention["end"]
    pieces.append({"text": text[cursor:]})
    return pieces


@bp.get("/<token>.json")
def review_json(token: str) -> Any:
    """The draft as JSON."""
    return jsonify({"ok": True, "token": token, **_draft(token)[1]["draft"]})


@bp.get("/<token>")
def review(token: str) -> Any:
    """The document with its proposed facts highlighted, and a decision for each."""
    _, meta = _draft(token)
    draft = meta["draft"]
    lang = current_language()
    names = labels_in(get_store(), {row[key] for row in draft["links"] for key in ("actor", "target")}
                      | {row["iri"] for row in draft["mentions"]}, lang)
    names.update({entity["iri"]: entity["label"] for entity in draft["entities"]})
    return render_template("draft_review.html", token=token, draft=draft, pieces=_highlighted(draft), names=names,
                           roles=_roles(lang), form=ReviewForm(), steward=session.get("steward"))


def _entity(text: str, known_new: set[str]) -> str:
    """An entity named in a correction: an IRI of the draft's new entities, or any name the graph resolves."""
    text = text.strip()
    return text if text in known_new else str(resolve(get_store(), text))


def _reviewed(draft: dict[str, Any]) -> dict[str, Any]:
    """The draft with the request's decisions applied: rejected rows left out, corrections made."""
    form = request.form
    accepted: dict[str, Any] = {"document": draft["document"]}
    for kind in _KINDS:
        accepted[kind] = [dict(row) for number, row in enumerate(draft[kind])
                          if form.get(f"{kind}-{number}-decision", "accept") == "accept"]
    new = {entity["iri"] for entity in accepted["entities"]}
    for number, row in enumerate(draft["entities"]):
        label = form.get(f"entities-{number}-label", "").strip()
        for kept in accepted["entities"]:
            if kept["iri"] == row["iri"] and label:
                kept["label"] = label
    for number, row in enumerate(draft["links"]):
        kept = next((k for k in accepted["links"] if (k["actor"], k["target"], k["role"], k["start"]) ==
                     (row["actor"], row["target"], row["role"], row["start"])), None)
        if kept is None:
            continue
        for key in ("actor", "target"):
            given = form.get(f"links-{number}-{key}", "").strip()
            if given and given != row[key]:
                kept[key] = _entity(given, new)
        role = form.get(f"links-{number}-role", "").strip()
        if role:
            kept["role"] = role
        for key in ("start_year", "end_year"):
            given = form.get(f"links-{number}-{key}", "").strip()
            if given and not given.isdigit():
                raise InputError(gettext("A year is four digits: %(value)s", value=given), field=f"links {number + 1}")
            kept[key] = int(given) if given else None
    for number, row in enumerate(draft["mentions"]):
        given = form.get(f"mentions-{number}-iri", "").strip()
        for kept in accepted["mentions"]:
            if kept["start"] == row["start"] and given and given != row["iri"]:
                kept["iri"] = _entity(given, new)
    dangling = {row["iri"] for row in draft["entities"]} - new
    accepted["links"] = [link for link in accepted["links"] if not {link["actor"], link["target"]} & dangling]
    return accepted


@bp.post("/<token>")
def decide(token: str) -> Any:
    """Apply the decisions, validate the accepted set, show its report and the before/after network."""
    if not ReviewForm().validate():
        abort(400, description="missing or wrong CSRF token")
    uploads, meta = _draft(token)
    accepted = _reviewed(meta["draft"])
    stem = PurePosixPath(uploads[0].name).stem
    turtle = graph_from_draft(accepted).serialize(format="turtle", encoding="utf-8")
    submission = parse_submission([Upload(f"{stem}-draft.ttl", turtle)])
    lang = current_language()
    report = validate(get_store(), submission)
    merge_token = pending().put(submission.uploads, {"from_draft": token})
    preview = network_preview(get_store(), accepted, lang)
    return render_template("draft_preview.html", token=token, report=report, summary=summary(report, lang),
                           groups=report_groups(report, lang), preview=preview,
                           preview_json=json.dumps(preview, ensure_ascii=False),
                           merge=MergeForm(token=merge_token, formdata=None) if report.conforms else None,
                           earlier=earlier_submissions(get_store(), submission.uploads),
                           counts={kind: len(accepted[kind]) for kind in _KINDS}, steward=session.get("steward"))
