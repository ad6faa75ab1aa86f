"""What an import answers (SPEC §7): ``{total_rows, created, updated, skipped, errors}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mesdesk.domain.problems import Problem

from .dto import StoredFile

#: How many errors the ``import_completed`` event carries (the result keeps MAX_LISTED).
EVENT_ERRORS = 100


@dataclass(frozen=True, slots=True)
class RowError:
    """A row refused or skipped: its catalogued problem, located by its facts (``row`` as
    Excel numbers it, ``column`` letter, ``field`` the header; ``index`` for a 1C item)."""

    problem: Problem

    @property
    def row(self) -> int | None:
        value = self.problem.params.get("row")
        return value if isinstance(value, int) else None

    @property
    def field(self) -> str | None:
        value = self.problem.params.get("field")
        return None if value is None else str(value)

    def as_dict(self) -> dict[str, Any]:
        params = self.problem.params
        data: dict[str, Any] = {"row": self.row, "field": self.field,
                                "column": params.get("column"), "code": self.problem.code,
                                "error": self.problem.sentence, "params": dict(params)}
        if "index" in params:
            data["index"] = params["index"]
        return data


@dataclass(frozen=True, slots=True)
class ImportResult:
    """An import's outcome. ``total_rows`` counts the rows under the header (blank rows
    aside): each was created, updated, skipped (its batch or code is there already) or
    rejected; ``errors`` says why for the skipped and rejected ones, the first of them only
    when there are many (``errors_total`` counts them all)."""

    kind: str                       # batches | products
    file: str                       # the file's name as the user chose it
    format: str                     # xlsx | xls | ods | csv | json
    total_rows: int
    created: int
    updated: int
    skipped: int
    rejected: int
    errors: tuple[RowError, ...] = ()
    errors_total: int = 0
    #: Headers that name no field (a misspelt optional column is said, not silently lost).
    ignored_columns: tuple[str, ...] = ()
    batch_id: int | None = None     # the batch the codes went into
    stored: StoredFile | None = None    # the copy kept in the ``imports`` bucket

    def as_dict(self) -> dict[str, Any]:
        stored = self.stored
        return {"kind": self.kind, "file": self.file, "format": self.format,
                "total_rows": self.total_rows, "created": self.created,
                "updated": self.updated, "skipped": self.skipped, "rejected": self.rejected,
                "errors": [error.as_dict() for error in self.errors],
                "errors_total": self.errors_total,
                "ignored_columns": list(self.ignored_columns), "batch_id": self.batch_id,
                "bucket": stored.bucket if stored else None,
                "object": stored.name if stored else None,
                "file_url": stored.url if stored else None}

    def event_data(self) -> dict[str, Any]:
        """The ``import_completed`` data (§6, with ``updated``): the counts, the first
        errors, and where the file is kept."""
        data = self.as_dict()
        data["errors"] = data["errors"][:EVENT_ERRORS]
        return data
