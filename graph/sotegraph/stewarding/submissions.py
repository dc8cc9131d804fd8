"""The data stewards' path into the graph: read a submission, validate it, merge it with provenance.

A submission is one or more files (RDF in any format we read, or spreadsheets by the template).
`submit` validates it together with the graph and, only if it conforms, writes it into its own
named graph `…/graph/submission/{id}` together with its PROV-O provenance, in ONE atomic
`Store.load`. `retract` drops that graph in one atomic step. Callers serialize submissions with
`submission_lock` so two never interleave (validation sees the graph the merge will join).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from filelock import FileLock
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from sotegraph import __version__
from sotegraph.errors import InputError, NotFoundError
from sotegraph.limits import LimitExceeded
from sotegraph.limits import current as current_limits
from sotegraph.stewarding.spreadsheets import Converted, convert_csv, convert_xlsx, is_spreadsheet
from sotegraph.store import SUBMISSION_GRAPH, Store
from sotegraph.store.formats import detect_format, parse_graph, read_file
from sotegraph.validation.findings import CellMap, Finding, Report, ValidationFailed
from sotegraph.validation.validator import validate_submission

SCHEMA_SHA256 = URIRef("https://schema.org/sha256")
SUBMISSION_PREFIX = SUBMISSION_GRAPH.format(id="")
_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}(?:-\d+)?$")
LOCK_FILE = ".sotegraph-submit.lock"


@dataclass(frozen=True)
class Upload:
    """One submitted file: its bare name (folders dropped) and bytes."""

    name: str
    data: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> Upload:
        """An upload named by the last part of `name`, whatever path it came with (/ or \\)."""
        bare = PureWindowsPath(PurePosixPath(name or "").name).name.strip() or "upload"
        return cls(bare, data)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the bytes, hex."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Submission:
    """The parsed files of one submission: one graph, the spreadsheet cells, unreadable cells."""

    uploads: list[Upload]
    graph: Graph
    cells: CellMap | None = None
    problems: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class SubmissionRecord:
    """A merged submission as `sotegraph submissions` lists it."""

    id: str
    graph: str
    submitted_at: str
    by: str
    note: str
    files: tuple[tuple[str, str], ...]
    tool: str
    triples: int
    provenance_triples: int = 0

    @property
    def data_triples(self) -> int:
        """The submitted triples (what `submit` reported), without the provenance `submit` adds."""
        return self.triples - self.provenance_triples


@dataclass(frozen=True)
class Retraction:
    """What `retract` removed, and the triples elsewhere that still point at its entities."""

    id: str
    triples: int
    referrers: list[tuple[Node, Node, Node, Node]]


def read_uploads(paths: list[str | Path]) -> list[Upload]:
    """The files at `paths` as uploads; InputError for a missing or unreadable file, LimitExceeded
    for one larger than the limit (checked before it is read)."""
    limit = current_limits().file_bytes
    for path in paths:
        size = Path(path).stat().st_size if Path(path).is_file() else 0
        if size > limit:
            raise LimitExceeded("file_bytes", limit, f"a file of {size} bytes", file=str(path))
    return [Upload.of(str(path), read_file(path)) for path in paths]


def parse_submission(uploads: list[Upload], fmt: str | None = None) -> Submission:
    """Parse every upload (RDF by extension or `fmt`; .csv/.xlsx by the template) into one graph."""
    if not uploads:
        raise InputError("nothing to submit: give at least one file")
    graph = Graph()
    limits = current_limits()
    converted = Converted(limits=limits)
    for upload in uploads:
        if not upload.data.strip():
            raise InputError("empty file", file=upload.name)
        if is_spreadsheet(upload.name) and not fmt:
            convert = convert_xlsx if upload.name.lower().endswith(".xlsx") else convert_csv
            convert(upload.name, upload.data, converted)
            continue
        rdf_format = detect_format(upload.name, fmt)
        parsed = parse_graph(upload.data, rdf_format, source=upload.name, limits=limits)
        if not len(parsed):
            raise InputError("no triples in the file", file=upload.name)
        graph += parsed
        if len(graph) > limits.triples:
            raise LimitExceeded("triples", limits.triples, f"more than {limits.triples} triples in the submission",
                                file=upload.name)
    graph += converted.graph
    if len(graph) > limits.triples:
        raise LimitExceeded("triples", limits.triples, f"more than {limits.triples} triples in the submission")
    if not len(graph) and not converted.problems:
        raise InputError("no data rows in the spreadsheet", file=uploads[0].name)
    cells = converted.cells if converted.cells.cells or converted.problems else None
    return Submission(uploads, graph, cells, converted.problems)


def validate(store: Store | None, submission: Submission) -> Report:
    """Validate `submission` as it would stand merged into `store`."""
    return validate_submission(submission.graph, store, sources=[u.name for u in submission.uploads],
                               cells=submission.cells, problems=submission.problems)


def submission_lock(config_dir: Path) -> FileLock:
    """The lock that serializes submissions to the store configured in `config_dir`."""
    config_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(config_dir / LOCK_FILE))


def new_id(uploads: list[Upload], now: datetime) -> str:
    """`{UTC time}-{first 8 hex of the SHA-256 of the files}`, e.g. `20250101T120000Z-3fa2b1c9`."""
    digest = hashlib.sha256(b"".join(u.sha256.encode() for u in uploads)).hexdigest()[:8]
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{digest}"


def provenance(graph_iri: URIRef, submission_id: str, uploads: list[Upload], by: str, note: str | None,
               started: datetime, ended: datetime) -> Graph:
    """PROV-O about the submission graph: who, when, which files (name, SHA-256), note, tool version."""
    prov = Graph()
    activity, steward, software = (URIRef(f"{graph_iri}#{part}") for part in ("activity", "steward", "software"))
    ended_literal = Literal(ended.isoformat(), datatype=XSD.dateTime)
    prov.add((graph_iri, RDF.type, PROV.Entity))
    prov.add((graph_iri, DCTERMS.identifier, Literal(submission_id)))
    prov.add((graph_iri, PROV.generatedAtTime, ended_literal))
    prov.add((graph_iri, PROV.wasAttributedTo, steward))
    prov.add((graph_iri, PROV.wasGeneratedBy, activity))
    if note:
        prov.add((graph_iri, RDFS.comment, Literal(note)))
    prov.add((activity, RDF.type, PROV.Activity))
    prov.add((activity, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    prov.add((activity, PROV.endedAtTime, ended_literal))
    prov.add((activity, PROV.wasAssociatedWith, steward))
    prov.add((activity, PROV.wasAssociatedWith, software))
    prov.add((steward, RDF.type, PROV.Agent))
    prov.add((steward, FOAF.name, Literal(by)))
    prov.add((software, RDF.type, PROV.SoftwareAgent))
    prov.add((software, RDFS.label, Literal(f"sotegraph {__version__}")))
    for number, upload in enumerate(uploads, start=1):
        file_node = URIRef(f"{graph_iri}#file-{number}")
        prov.add((activity, PROV.used, file_node))
        prov.add((graph_iri, PROV.wasDerivedFrom, file_node))
        prov.add((file_node, RDF.type, PROV.Entity))
        prov.add((file_node, DCTERMS.title, Literal(upload.name)))
        prov.add((file_node, SCHEMA_SHA256, Literal(upload.sha256)))
    return prov


class DuplicateSubmission(InputError):
    """Files with these SHA-256 sums were merged before; `again=True` confirms a second submission."""

    def __init__(self, earlier: list[SubmissionRecord]) -> None:
        self.earlier = earlier
        listing = "; ".join(f"{record.id} ({', '.join(name for name, _ in record.files)})" for record in earlier)
        super().__init__(f"the same file was already submitted as {listing}; confirm to submit it again")


def earlier_submissions(store: Store, uploads: list[Upload]) -> list[SubmissionRecord]:
    """Merged submissions that hold a file with the same SHA-256 as one of `uploads`."""
    digests = {upload.sha256 for upload in uploads}
    return [record for record in list_submissions(store) if digests & {digest for _, digest in record.files}]


def submit(store: Store, submission: Submission, *, by: str, note: str | None = None,
           again: bool = False) -> tuple[str, Report]:
    """Validate, then merge into a new submission graph in one atomic load; (id, report).

    Raises ValidationFailed (carrying the report) on any violation, DuplicateSubmission when a file
    with the same SHA-256 was merged before (unless `again`): then nothing is written.
    Hold `submission_lock` around this call when other processes may submit too.
    """
    if not by.strip():
        raise InputError("say who submits (--by)")
    if not again and (earlier := earlier_submissions(store, submission.uploads)):
        raise DuplicateSubmission(earlier)
    started = datetime.now(UTC).replace(microsecond=0)
    report = validate(store, submission)
    if not report.conforms:
        raise ValidationFailed(f"the submission does not conform: {report.count('Violation')} violation(s)", report)
    ended = datetime.now(UTC).replace(microsecond=0)
    submission_id = new_id(submission.uploads, ended)
    counts = store.graph_counts()
    base_id, suffix = submission_id, 2
    while SUBMISSION_GRAPH.format(id=submission_id) in counts:
        submission_id, suffix = f"{base_id}-{suffix}", suffix + 1
    graph_iri = URIRef(SUBMISSION_GRAPH.format(id=submission_id))
    payload = Graph()
    payload += submission.graph
    payload += provenance(graph_iri, submission_id, submission.uploads, by.strip(), note, started, ended)
    store.load(payload.serialize(format="nt", encoding="utf-8"), "nt", str(graph_iri))
    return submission_id, report


def _check_id(submission_id: str) -> str:
    if not _ID.match(submission_id):
        raise InputError(f"not a submission id: '{submission_id}' (they look like 20250101T120000Z-3fa2b1c9)")
    return SUBMISSION_GRAPH.format(id=submission_id)


def list_submissions(store: Store) -> list[SubmissionRecord]:
    """Every merged submission with its provenance, newest first."""
    counts = store.graph_counts()
    graphs = sorted((g for g in counts if g.startswith(SUBMISSION_PREFIX)), reverse=True)
    if not graphs:
        return []
    values = " ".join(f"<{g}>" for g in graphs)
    described = store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o "
        f"FILTER(?s = ?g || STRSTARTS(STR(?s), CONCAT(STR(?g), \"#\"))) }} }}")
    return [_record(described, URIRef(g), counts[g]) for g in graphs]


def _provenance_count(described: Graph, graph_iri: URIRef) -> int:
    prefix = f"{graph_iri}#"
    return sum(1 for s, _, _ in described if s == graph_iri or str(s).startswith(prefix))


def _record(described: Graph, graph_iri: URIRef, triples: int) -> SubmissionRecord:
    def text(subject: Node, predicate: URIRef) -> str:
        value = described.value(subject, predicate)
        return str(value) if value is not None else ""

    files = sorted((text(f, DCTERMS.title), text(f, SCHEMA_SHA256))
                   for f in described.objects(graph_iri, PROV.wasDerivedFrom))
    steward = described.value(graph_iri, PROV.wasAttributedTo)
    return SubmissionRecord(
        id=text(graph_iri, DCTERMS.identifier) or str(graph_iri)[len(SUBMISSION_PREFIX):],
        graph=str(graph_iri), submitted_at=text(graph_iri, PROV.generatedAtTime),
        by=text(steward, FOAF.name) if steward is not None else "", note=text(graph_iri, RDFS.comment),
        files=tuple(files), tool=text(URIRef(f"{graph_iri}#software"), RDFS.label), triples=triples,
        provenance_triples=_provenance_count(described, graph_iri))


def referrers(store: Store, graph: str, limit: int = 50) -> list[tuple[Node, Node, Node, Node]]:
    """Triples in other graphs whose object is an entity described in `graph` (subject, predicate, object, graph)."""
    result = store.select(
        f"SELECT DISTINCT ?s ?p ?o ?g WHERE {{ GRAPH <{graph}> {{ ?o ?x ?y }} "
        f"FILTER(!STRSTARTS(STR(?o), \"{graph}#\")) GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{graph}>) }} "
        f"ORDER BY ?o ?s LIMIT {int(limit)}")
    return [(s, p, o, g) for s, p, o, g in result.rows
            if s is not None and p is not None and o is not None and g is not None]


def retract(store: Store, submission_id: str) -> Retraction:
    """Remove submission `submission_id` (its whole graph) atomically; NotFoundError if there is none."""
    graph = _check_id(submission_id.strip())
    counts = store.graph_counts()
    if graph not in counts:
        known = [g[len(SUBMISSION_PREFIX):] for g in counts if g.startswith(SUBMISSION_PREFIX)]
        close = [k for k in known if k[:8] == submission_id[:8]][:5]
        raise NotFoundError(f"no submission '{submission_id}'", close)
    pointing = referrers(store, graph)
    store.drop_graph(graph)
    return Retraction(submission_id.strip(), counts[graph], pointing)


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class PendingUploads:
    """Uploads waiting for a decision (review, merge), kept on disk under `directory` so that a restart or
    another worker of the same store finds them. Each is a folder `{token}/` with the files and a
    `meta.json`, written under a temporary name and renamed (never half-written); the oldest go first
    beyond `limit`, and any older than `max_age_s`."""

    def __init__(self, directory: Path, *, limit: int = 64, max_age_s: float = 7 * 86400) -> None:
        self.directory, self.limit, self.max_age_s = directory, limit, max_age_s

    def put(self, uploads: list[Upload], meta: dict[str, object] | None = None) -> str:
        """Keep `uploads` (and a JSON-ready `meta`); their token."""
        self.directory.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        staging = self.directory / f".{token}.tmp"
        staging.mkdir()
        names = []
        for number, upload in enumerate(uploads):
            stored = f"{number:03d}"
            (staging / stored).write_bytes(upload.data)
            names.append([stored, upload.name])
        (staging / "meta.json").write_text(json.dumps({"files": names, "meta": meta or {}}, ensure_ascii=False),
                                           encoding="utf-8")
        staging.rename(self.directory / token)
        self._prune()
        return token

    def _folder(self, token: str) -> Path | None:
        if not _TOKEN.match(token or ""):
            return None
        folder = self.directory / token
        return folder if (folder / "meta.json").is_file() else None

    def get(self, token: str) -> tuple[list[Upload], dict[str, object]] | None:
        """The uploads and meta kept under `token`; None if there are none (expired or never made)."""
        folder = self._folder(token)
        if folder is None:
            return None
        described = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        uploads = [Upload(name, (folder / stored).read_bytes()) for stored, name in described["files"]]
        return uploads, dict(described.get("meta") or {})

    def update(self, token: str, meta: dict[str, object]) -> None:
        """Replace the meta kept under `token` (atomically)."""
        folder = self._folder(token)
        if folder is None:
            raise InputError("this upload has expired; upload it again")
        described = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        described["meta"] = meta
        staging = folder / "meta.json.tmp"
        staging.write_text(json.dumps(described, ensure_ascii=False), encoding="utf-8")
        staging.replace(folder / "meta.json")

    def drop(self, token: str) -> None:
        """Forget the uploads kept under `token`."""
        folder = self._folder(token)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def _prune(self) -> None:
        folders = sorted((f for f in self.directory.iterdir() if f.is_dir() and not f.name.startswith(".")),
                         key=lambda f: f.stat().st_mtime)
        now = time.time()
        for number, folder in enumerate(folders):
            if len(folders) - number > self.limit or now - folder.stat().st_mtime > self.max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
