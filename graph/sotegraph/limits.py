"""The maxima sotegraph enforces on everything read from outside, while reading it.

Every limit has a documented default and can be changed by an environment variable
(`SOTEGRAPH_MAX_…`, a positive whole number), read each time the limits are asked for, so the
command line and the web app obey the same settings. A refusal is a `LimitExceeded`: an input error
(exit 2) that the web answers with HTTP 413, naming the limit, where it was hit and how to raise it.

| limit | default | applies to |
|---|---|---|
| `literal_chars` | 65 536 | characters in a literal or spreadsheet cell of a submission |
| `nesting_depth` | 64 | brackets in Turtle/TriG/JSON-LD; RDF/XML elements: 2 × this + 2 (every RDF read) |
| `triples` | 100 000 | triples in one submission (all its files together) |
| `file_bytes` | 20 MiB | bytes of one submitted file |
| `unpacked_bytes` | 64 MiB | declared uncompressed size of an XLSX workbook's members together |
| `rows` | 200 000 | rows in one sheet |
| `cells` | 5 000 000 | cells in one submission's spreadsheets |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from sotegraph.errors import InputError

ENV_PREFIX = "SOTEGRAPH_MAX_"


class LimitExceeded(InputError):
    """Input past one of the `Limits`: refused while reading (exit 2, HTTP 413)."""

    http_status = 413

    def __init__(self, limit: str, maximum: int, what: str, *, file: str | None = None,
                 line: int | None = None, column: int | None = None, field: str | None = None) -> None:
        self.limit, self.maximum = limit, maximum
        shown = f"{maximum:,}".replace(",", " ")
        super().__init__(f"{what}: the limit is {shown} ({ENV_PREFIX}{limit.upper()})", file=file, line=line,
                         column=column, field=field)


@dataclass(frozen=True)
class Limits:
    """Maxima for input read from outside; `current()` gives the configured ones."""

    literal_chars: int = 64 * 1024
    nesting_depth: int = 64
    triples: int = 100_000
    file_bytes: int = 20 * 1024 * 1024
    unpacked_bytes: int = 64 * 1024 * 1024
    rows: int = 200_000
    cells: int = 5_000_000


def current() -> Limits:
    """The limits in force: the defaults, each replaced by its `SOTEGRAPH_MAX_<NAME>` if set."""
    values: dict[str, int] = {}
    for item in fields(Limits):
        variable = ENV_PREFIX + item.name.upper()
        text = os.environ.get(variable, "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise InputError(f"{variable} must be a positive whole number, not {text!r}")
        values[item.name] = int(text)
    return Limits(**values)
