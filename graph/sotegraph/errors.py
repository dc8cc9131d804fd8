"""The errors sotegraph raises; each carries the context a user needs and maps to an exit code."""

from __future__ import annotations


class SotegraphError(Exception):
    """Base class; `exit_code` is what the command line exits with, `http_status` what the web returns."""

    exit_code = 2
    http_status = 400


class InputError(SotegraphError):
    """Bad input or usage: an unreadable or malformed file, an unknown name, format or parameter."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, field: str | None = None) -> None:
        self.message, self.file, self.line, self.column, self.field = message, file, line, column, field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        if self.field:
            where = f"{where} [{self.field}]" if where else f"[{self.field}]"
        return f"{where}: {self.message}" if where else self.message


class AmbiguousNameError(InputError):
    """A name matched several entities; `candidates` lists (iri, type, label)."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]) -> None:
        self.name, self.candidates = name, candidates
        listing = "; ".join(f"{label} ({kind}) <{iri}>" for iri, kind, label in candidates)
        super().__init__(f"'{name}' is ambiguous: {listing}")


class NotFoundError(SotegraphError):
    """The answer is no: an unknown entity or query, no path; `suggestions` are close matches."""

    exit_code = 1
    http_status = 404

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        hint = f" (did you mean: {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(message + hint)


class StoreUnavailable(SotegraphError):
    """The store is busy (held by another process), written by another version, or unreachable."""

    exit_code = 3
    http_status = 503


class QueryTimeout(SotegraphError):
    """A query reached its time limit and was stopped."""

    exit_code = 4
    http_status = 503
