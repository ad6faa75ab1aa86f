"""Errors with a stable machine code, a readable message and where the problem is.

Every error a user can cause is a DomainError: the CLI prints ``message`` on one line, the GUI
translates by ``code``; ``field`` and ``index`` (or ``row``) say where the problem is.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: ``code`` is stable, ``message`` is English, ``details`` carry the facts."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None,
                 **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.index = index
        self.details = details

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"item {self.index}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "field": self.field,
                "index": self.index, **self.details}


class ValidationError(DomainError):
    """Input that does not fit the rules: a field, a type, a value out of range."""

    code = "validation"


class NotFoundError(DomainError):
    """The thing asked for does not exist."""

    code = "not_found"


class BatchClosedError(DomainError):
    """A closed batch accepts no edit and no aggregation until it is reopened."""

    code = "batch_closed"


class ConflictError(DomainError):
    """The change collides with stored data (a duplicate code, a taken number and date)."""

    code = "conflict"


class CodeFormatError(DomainError):
    """A scanned or typed code is not a valid code (§5)."""

    code = "bad_format"


class LayoutError(CodeFormatError):
    """The scan arrived in a non-Latin keyboard layout and could not be repaired."""

    code = "layout"


class UnavailableError(DomainError):
    """A service (database, storage, mail) cannot be reached right now."""

    code = "unavailable"


class CancelledError(DomainError):
    """A long job was cancelled by a user."""

    code = "cancelled"
