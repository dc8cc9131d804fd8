"""The stewards' pages (`/steward`): validate an upload, merge it, list and retract submissions.

Anyone may validate; merging and retracting need a steward login (accounts made on the command
line with `sotegraph steward add`). Every form carries a CSRF token (Flask-WTF). Failed logins and
anonymous validations are limited (`login_limits`). An upload is kept
on disk (`PendingUploads`, in the store's configuration directory) under a random token until it
is merged, so "merge" merges exactly what the report was about, after a restart or in another
worker too; the report is a page of its own (`/steward/report/<token>`, so its language can be
switched). A file merged before (same SHA-256) needs a confirmation; so does a retraction.
`.json` twins answer machines.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField, HiddenField, MultipleFileField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from sotegraph.errors import InputError
from sotegraph.resources import resource_dir
from sotegraph.stewarding.accounts import check_login
from sotegraph.stewarding.spreadsheets import mapping
from sotegraph.stewarding.submissions import (
    DuplicateSubmission,
    PendingUploads,
    Submission,
    Upload,
    earlier_submissions,
    list_submissions,
    parse_submission,
    referrers,
    retract,
    submission_lock,
    submit,
    validate,
)
from sotegraph.validation.findings import Report, ValidationFailed
from sotegraph.validation.report import as_json, cell_text, entity_heading, grouped, property_words, summary, value_text
from sotegraph_webviz import errors, login_limits
from sotegraph_webviz.db import get_store
from sotegraph_webviz.i18n import current_language
from sotegraph_webviz.security import store_config_dir

bp = Blueprint("steward", __name__, url_prefix="/steward")
_PASTED_FORMATS = [("ttl", "Turtle"), ("trig", "TriG"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"),
                   ("rdfxml", "RDF/XML")]
class UploadForm(FlaskForm):
    """Files (RDF or the spreadsheet template) or pasted RDF text."""

    files = MultipleFileField()
    pasted = TextAreaField()
    pasted_format = StringField(default="ttl", validators=[Optional(), AnyOf([key for key, _ in _PASTED_FORMATS])])


class MergeForm(FlaskForm):
    """Merge the validated upload `token`."""

    token = HiddenField(validators=[DataRequired()])
    note = StringField(validators=[Length(max=1000)])
    again = BooleanField()


class LoginForm(FlaskForm):
    """A steward's name and password."""

    name = StringField(validators=[DataRequired(), Length(max=64)])
    password = PasswordField(validators=[DataRequired(), Length(max=1024)])


class ActionForm(FlaskForm):
    """A bare form (CSRF token only) for retract and logout."""


@bp.record_once
def _setup(state: Any) -> None:
    """Keep the accounts directory and the validated uploads waiting to be merged on the app."""
    app: Flask = state.app
    directory = store_config_dir(app)
    pending_dir = directory / "pending" if directory else Path(tempfile.mkdtemp(prefix="sotegraph-pending-"))
    app.extensions["steward"] = {"dir": directory, "pending": PendingUploads(pending_dir)}
    login_limits.init_app(app)


@bp.context_processor
def _globals() -> dict[str, Any]:
    # formdata=None: the nav's logout form never reads the request body (which may be too large).
    return {"steward": session.get("steward"), "logout_form": ActionForm(formdata=None)}


def _state() -> dict[str, Any]:
    return current_app.extensions["steward"]


def _wants_json() -> bool:
    return request.path.endswith(".json")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> Any:
    """The upload page again, saying how large an upload may be (other routes: the app's answer)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    message = gettext("The upload is too large (max %(mb)s MB)", mb=limit // (1024 * 1024))
    if request.endpoint != "steward.validate_upload" or _wants_json():
        return errors.error_response(message, 413)
    return _upload_page(message, 413)


def steward_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) unless a steward is logged in."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not session.get("steward"):
            abort(403, description=gettext("Log in as a steward to merge."))
        return view(*args, **kwargs)
    return wrapped


def _uploads(form: UploadForm) -> list[Upload]:
    uploads = [Upload.of(item.filename or "upload", item.read()) for item in request.files.getlist("files")
               if item and item.filename]
    pasted = (form.pasted.data or "").strip()
    if pasted:
        uploads.append(Upload(f"pasted.{form.pasted_format.data or 'ttl'}", pasted.encode("utf-8")))
    if not uploads:
        raise InputError(gettext("Give a file or paste data."))
    return uploads


def pending() -> PendingUploads:
    """The uploads waiting for a decision, on disk."""
    store: PendingUploads = _state()["pending"]
    return store


def _remember(submission: Submission) -> str:
    return pending().put(submission.uploads)


def _pending_submission(token: str) -> Submission:
    kept = pending().get(token)
    if kept is None:
        raise InputError(gettext("This upload has expired; validate it again."))
    return parse_submission(kept[0])


def report_groups(report: Report, lang: str) -> list[dict[str, Any]]:
    """The report as the page shows it: entities with their findings, words in `lang`."""
    return [{"heading": entity_heading(report, focus, lang),
             "findings": [{"severity": f.severity, "property": property_words(f.path, lang, report),
                           "value": value_text(f.value, report, lang), "message": f.message(lang),
                           "cell": cell_text(f.cell, lang), "duplicate_of": f.duplicate_of} for f in findings]}
            for focus, findings in grouped(report)]


def _show_report(report: Report, token: str | None, status: int = 200,
                 earlier: list[Any] | None = None) -> Any:
    lang = current_language()
    if _wants_json():
        return jsonify({"ok": True, "token": token, **as_json(report, lang)}), status
    merge = MergeForm(token=token, formdata=None) if token else None
    return render_template("steward_report.html", report=report, summary=summary(report, lang),
                           groups=report_groups(report, lang), merge=merge, earlier=earlier or [],
                           steward=session.get("steward")), status


def _upload_page(message: str | None = None, status: int = 200) -> Any:
    """The upload page, empty (it never reads the request body), with `message` as an error."""
    return render_template("steward.html", form=UploadForm(formdata=None), steward=session.get("steward"),
                           pasted_formats=_PASTED_FORMATS, message=message,
                           sheets=[sheet["name"] for sheet in mapping()["sheets"]],
                           accounts=_state()["dir"] is not None), status


@bp.get("/")
def index() -> Any:
    """The upload page."""
    return _upload_page()


@bp.post("/validate.json")
@bp.post("/validate")
def validate_upload() -> Any:
    """Validate uploaded files or pasted text against the shapes and the graph: the report.

    A page asks for its report at `/steward/report/<token>`; `.json` answers at once. Anonymous
    clients are rate-limited (429) before the body is read; a few validations run at once.
    """
    limiter = login_limits.validation_limiter()
    if not session.get("steward") and _wants_json():  # a page's validation is counted where it runs
        limiter.count(login_limits.client_address())
    with limiter.running():
        form = UploadForm(meta={"csrf": not _wants_json()})
        if not _wants_json() and not form.validate():
            abort(400, description="; ".join(str(e) for errors in form.errors.values() for e in errors))
        submission = parse_submission(_uploads(form))
        if not _wants_json():
            return redirect(url_for("steward.report", token=_remember(submission)), 303)
        report = validate(get_store(), submission)
    token = _remember(submission) if report.conforms else None
    return _show_report(report, token, 200)


@bp.get("/report/<token>")
def report(token: str) -> Any:
    """The report on a kept upload, in the reader's language; the merge form if it conforms."""
    submission = _pending_submission(token)
    limiter = login_limits.validation_limiter()
    if not session.get("steward"):
        limiter.count(login_limits.client_address())
    with limiter.running():
        checked = validate(get_store(), submission)
    earlier = earlier_submissions(get_store(), submission.uploads)
    return _show_report(checked, token if checked.conforms else None, 200, earlier)


@bp.post("/merge")
@steward_required
def merge() -> Any:
    """Merge a validated upload (validated again, under the submissions lock)."""
    form = MergeForm()
    if not form.validate():
        abort(400, description="; ".join(str(e) for errors in form.errors.values() for e in errors))
    token = form.token.data or ""
    submission = _pending_submission(token)
    directory = _state()["dir"]
    options = {"by": session["steward"], "note": form.note.data, "again": bool(form.again.data)}
    try:
        if directory is None:
            submission_id, _ = submit(get_store(), submission, **options)
        else:
            with submission_lock(directory):
                submission_id, _ = submit(get_store(), submission, **options)
    except ValidationFailed as failure:
        return _show_report(failure.report, None, 422)
    except DuplicateSubmission as duplicate:
        flash(gettext("The same file was merged before; tick the box to merge it again."))
        return _show_report(validate(get_store(), submission), token, 409, duplicate.earlier)
    pending().drop(token)
    flash(gettext("Merged as submission %(id)s", id=submission_id))
    return redirect(url_for("steward.submissions"))


@bp.get("/submissions.json")
@bp.get("/submissions")
def submissions() -> Any:
    """Merged submissions with their provenance."""
    records = list_submissions(get_store())
    if _wants_json():
        return jsonify({"ok": True, "submissions": [record.__dict__ for record in records]})
    return render_template("steward_submissions.html", records=records, form=ActionForm(),
                           steward=session.get("steward"))


@bp.get("/submissions/<submission_id>/retract")
@steward_required
def confirm_retract(submission_id: str) -> Any:
    """Ask before retracting: what the submission holds and what else still refers to its entities."""
    record = next((r for r in list_submissions(get_store()) if r.id == submission_id), None)
    if record is None:
        abort(404, description=gettext("No submission %(id)s", id=submission_id))
    pointing = referrers(get_store(), record.graph)
    return render_template("steward_retract.html", record=record, referrers=pointing, form=ActionForm(),
                           steward=session.get("steward"))


@bp.post("/submissions/<submission_id>/retract")
@steward_required
def retract_submission(submission_id: str) -> Any:
    """Remove a submission atomically (after the confirmation page)."""
    if not ActionForm().validate():
        abort(400, description="missing or wrong CSRF token")
    if request.form.get("confirm") != submission_id:
        return redirect(url_for("steward.confirm_retract", submission_id=submission_id))
    directory = _state()["dir"]
    if directory is None:
        retraction = retract(get_store(), submission_id)
    else:
        with submission_lock(directory):
            retraction = retract(get_store(), submission_id)
    flash(gettext("Retracted submission %(id)s (%(triples)s)", id=retraction.id, triples=retraction.triples))
    for subject, predicate, obj, graph in retraction.referrers[:10]:
        triple = f"<{subject}> <{predicate}> <{obj}> ({graph})"
        flash(gettext("Still referring to its entities: %(triple)s", triple=triple))
    return redirect(url_for("steward.submissions"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Log a steward in; failed attempts are limited per account and per client (429 with Retry-After)."""
    form = LoginForm()
    directory = _state()["dir"]
    message = None if directory else gettext("Steward accounts are not configured for this store.")
    status = 401 if request.method == "POST" else 200
    if form.validate_on_submit() and directory:
        name, client = form.name.data or "", login_limits.client_address()
        limiter = login_limits.login_limiter()
        try:
            login_limits.check_login_allowed(name)
        except login_limits.RateLimited as refused:
            page = render_template("steward_login.html", form=form, message=refused.description)
            return page, 429, dict(refused.get_headers())
        if check_login(directory, name, form.password.data or ""):
            limiter.succeeded(name, client)
            session.clear()
            session["steward"] = name
            return redirect(url_for("steward.index"))
        limiter.failed(name, client)
        message = gettext("Wrong name or password.")
    return render_template("steward_login.html", form=form, message=message), status


@bp.post("/logout")
def logout() -> Any:
    """Log out; without its form's CSRF token nothing changes (400), so no other site can log one out."""
    if not ActionForm().validate():
        abort(400, description=gettext("The form has expired or lacks its token; reload the page and try again."))
    session.clear()
    return redirect(url_for("steward.index"))


@bp.get("/templates/<name>")
def template_file(name: str) -> Any:
    """Download a template: a sheet's CSV, the XLSX workbook or the mapping."""
    folder = resource_dir("data") / "templates"
    allowed = {f"{sheet}.csv" for sheet in (s["name"] for s in mapping()["sheets"])}
    allowed |= {"sotegraph-template.xlsx", "mapping.json"}
    if name not in allowed:
        abort(404)
    return send_file(io.BytesIO(folder.joinpath(name).read_bytes()), download_name=name, as_attachment=True)
