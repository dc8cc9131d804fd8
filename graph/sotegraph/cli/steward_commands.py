"""Data stewards' commands: `validate`, `submit`, `submissions`, `retract` and `steward` accounts.

`validate` and `submit` read RDF (ttl, nt, nq, trig, jsonld, rdfxml by extension) and the
spreadsheet template (CSV files named after their sheet, or an XLSX workbook).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from sotegraph.cli.store_commands import progress, store_for
from sotegraph.errors import InputError
from sotegraph.i18n import SUPPORTED
from sotegraph.stewarding.accounts import add_steward, remove_steward, steward_names
from sotegraph.stewarding.submissions import (
    list_submissions,
    parse_submission,
    read_uploads,
    retract,
    submission_lock,
    submit,
    validate,
)
from sotegraph.store import SUBMISSION_GRAPH
from sotegraph.store.directory import MARKER_FILE
from sotegraph.store.formats import format_names
from sotegraph.store.location import is_remote, resolve_store_location
from sotegraph.store.settings import config_dir
from sotegraph.validation.findings import ValidationFailed
from sotegraph.validation.report import FORMATS, render

_FILES = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
_REPORT = click.option("--format", "report_format", type=click.Choice(FORMATS), default="text", show_default=True,
                       help="Report for people (text) or machines (json, ttl = sh:ValidationReport).")
_LANG = click.option("--lang", type=click.Choice(SUPPORTED), default="fi", show_default=True,
                     help="Language of messages and property names.")
_INPUT = click.option("--input-format", "input_format", metavar="FORMAT",
                      help=f"RDF format of the files ({', '.join(format_names())}); default: by extension.")


def _store_config(ctx: click.Context) -> Path:
    """The store's configuration directory, creating the store first if it is a new directory."""
    location = ctx.find_root().obj["store_location"]
    directory = config_dir(location)
    if not is_remote(resolve_store_location(location)) and not (directory / MARKER_FILE).exists():
        with store_for(ctx):
            pass
    return directory


@click.command("validate")
@_FILES
@_REPORT
@_LANG
@_INPUT
@click.pass_context
def validate_command(ctx: click.Context, files: tuple[Path, ...], report_format: str, lang: str,
                     input_format: str | None) -> None:
    """Check files against the shapes, together with the graph they would join.

    References to existing entities resolve; a new entity whose type and name match an existing
    one is flagged as a likely duplicate. Exit 0 conforms (warnings allowed), 1 violations,
    2 unreadable input.
    """
    submission = parse_submission(read_uploads(list(files)), input_format)
    progress(f"validating {len(submission.graph)} triples…")
    with store_for(ctx) as store:
        report = validate(store, submission)
    click.echo(render(report, report_format, lang), nl=False)
    ctx.exit(0 if report.conforms else 1)


@click.command("submit")
@_FILES
@click.option("--by", "by", required=True, metavar="WHO", help="Who submits (recorded in the provenance).")
@click.option("--note", metavar="TEXT", help="A note kept with the submission.")
@click.option("--again", is_flag=True, help="Merge even if a file with the same SHA-256 was merged before.")
@_REPORT
@_LANG
@_INPUT
@click.pass_context
def submit_command(ctx: click.Context, files: tuple[Path, ...], by: str, note: str | None, again: bool,
                   report_format: str, lang: str, input_format: str | None) -> None:
    """Validate files, then merge them into their own named graph with provenance, atomically.

    Nothing changes unless the submission conforms. A file merged before (same SHA-256) is refused
    unless --again. Submissions wait for each other. Exit 0 merged, 1 violations (nothing
    written), 2 unreadable input or a repeated file, 3 store unavailable.
    """
    submission = parse_submission(read_uploads(list(files)), input_format)
    with submission_lock(_store_config(ctx)):
        progress(f"validating and merging {len(submission.graph)} triples…")
        with store_for(ctx) as store:
            try:
                submission_id, report = submit(store, submission, by=by, note=note, again=again)
            except ValidationFailed as failure:
                click.echo(render(failure.report, report_format, lang), nl=False)
                raise
            store_triples = store.graph_counts().get(SUBMISSION_GRAPH.format(id=submission_id), 0)
    if report_format == "text":
        click.echo(render(report, "text", lang), nl=False)
        click.echo(f"merged as submission {submission_id}: {_counts(store_triples, len(submission.graph))}")
    else:
        click.echo(render(report, report_format, lang), nl=False)
        click.echo(f"merged as submission {submission_id}: {_counts(store_triples, len(submission.graph))}", err=True)


def _counts(stored: int, submitted: int) -> str:
    """What the numbers count: the submitted triples, and the submission graph with its provenance."""
    return (f"{submitted} triples submitted; its graph holds {stored} "
            f"({submitted} submitted + {stored - submitted} of provenance)")


@click.command("submissions")
@click.option("--json", "as_json", is_flag=True, help="List as JSON.")
@click.pass_context
def submissions_command(ctx: click.Context, as_json: bool) -> None:
    """List merged submissions with their provenance, newest first."""
    with store_for(ctx) as store:
        records = list_submissions(store)
    if as_json:
        click.echo(json.dumps([asdict(record) for record in records], ensure_ascii=False, indent=2))
        return
    if not records:
        click.echo("no submissions")
    for record in records:
        files = ", ".join(f"{name} (sha256 {digest[:12]}…)" for name, digest in record.files)
        click.echo(f"{record.id}  {record.submitted_at}  by {record.by}  {record.triples} triples "
                   f"({record.data_triples} submitted + {record.provenance_triples} provenance)  {files}")
        if record.note:
            click.echo(f"    note: {record.note}")


@click.command("retract")
@click.argument("submission_id", metavar="ID")
@click.option("--yes", "confirmed", is_flag=True, help="Do not ask for confirmation (needed without a terminal).")
@click.pass_context
def retract_command(ctx: click.Context, submission_id: str, confirmed: bool) -> None:
    """Remove one submission (its whole named graph) atomically; say what else referred to it.

    Asks for confirmation first unless --yes; without a terminal --yes is required (exit 2).
    """
    if not confirmed:
        if not sys.stdin.isatty():
            raise InputError(f"retracting {submission_id} removes its whole graph: confirm with --yes")
        click.confirm(f"Retract submission {submission_id} and remove its whole graph?", abort=True)
    with submission_lock(_store_config(ctx)), store_for(ctx) as store:
        retraction = retract(store, submission_id)
    click.echo(f"retracted submission {retraction.id} ({retraction.triples} triples)")
    if retraction.referrers:
        click.echo("still referring to its entities (left as they are):")
        for subject, predicate, obj, graph in retraction.referrers:
            click.echo(f"  <{subject}> <{predicate}> <{obj}>  in <{graph}>")


@click.group("steward")
def steward_group() -> None:
    """Steward accounts for the web app (merging and retracting need a login)."""


@steward_group.command("add")
@click.argument("name")
@click.password_option(prompt="Password", confirmation_prompt=True, help="Asked for when not given.")
@click.pass_context
def steward_add(ctx: click.Context, name: str, password: str) -> None:
    """Create steward NAME (or set a new password); the password is stored only as a hash."""
    created = add_steward(_store_config(ctx), name, password)
    click.echo(f"steward {name} {'added' if created else 'updated'}")


@steward_group.command("list")
@click.pass_context
def steward_list(ctx: click.Context) -> None:
    """List the steward accounts."""
    for name in steward_names(_store_config(ctx)):
        click.echo(name)


@steward_group.command("remove")
@click.argument("name")
@click.pass_context
def steward_remove(ctx: click.Context, name: str) -> None:
    """Remove steward NAME."""
    if not remove_steward(_store_config(ctx), name):
        raise InputError(f"no steward '{name}'")
    click.echo(f"steward {name} removed")


def register(group: click.Group) -> None:
    """Attach the stewards' commands."""
    for command in (validate_command, submit_command, submissions_command, retract_command, steward_group):
        group.add_command(command)
