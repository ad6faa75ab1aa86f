"""The exceptions that carry a catalogued problem (see :mod:`mesdesk.domain.problems`).

Raise a problem type, not a class: ``raise P.BATCH_CLOSED(number=17, date=day)`` makes the
``BatchClosedError`` its kind names. The classes stay so that callers can catch a kind
(``except NotFoundError``); ``code`` is the problem's dotted code, ``problem`` the value that
every surface renders, ``message`` its English sentence.
"""

from __future__ import annotations

from typing import Any

from .problems import Kind, Problem, ProblemType, plain_params


class DomainError(Exception):
    """A refusal with a catalogued problem: ``problem`` (code + facts) says everything."""

    kind = Kind.VALIDATION

    def __init__(self, problem: ProblemType, /, **params: Any) -> None:
        if not isinstance(problem, ProblemType):
            raise TypeError("a DomainError is raised from the catalogue: raise P.SOME_PROBLEM("
                            "facts…), never with an English sentence")
        self.problem = Problem(problem.code, plain_params(params))
        self.type = problem
        self.params = params   # the facts as given (dates as dates), for code that reasons
        super().__init__(self.problem.message)

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def message(self) -> str:
        """The English sentence, without the location (the CLI adds it: ``str(error)``)."""
        return self.problem.sentence

    @property
    def field(self) -> str | None:
        value = self.problem.params.get("field")
        return None if value is None else str(value)

    @property
    def index(self) -> int | None:
        value = self.problem.params.get("index")
        return value if isinstance(value, int) else None

    @property
    def details(self) -> dict[str, Any]:
        return {k: v for k, v in self.params.items() if k not in ("field", "index")}

    def at(self, **location: Any) -> "DomainError":
        """The same refusal with where it happened added (an intake item's index)."""
        return type(self)(self.type, **{**self.params, **location})

    def __str__(self) -> str:
        return self.problem.message

    def as_json(self) -> dict[str, object]:
        return self.problem.as_json()


class ValidationError(DomainError):
    """Input that does not fit the rules: a field, a type, a value out of range."""

    kind = Kind.VALIDATION


class NotFoundError(DomainError):
    """The thing asked for does not exist."""

    kind = Kind.NOT_FOUND


class BatchClosedError(DomainError):
    """A closed batch accepts no edit and no aggregation until it is reopened."""

    kind = Kind.BATCH_CLOSED


class ConflictError(DomainError):
    """The change collides with stored data (a duplicate code, a taken number and date)."""

    kind = Kind.CONFLICT


class CodeFormatError(DomainError):
    """A scanned or typed code is not a valid code (§5)."""

    kind = Kind.BAD_FORMAT


class LayoutError(CodeFormatError):
    """The scan arrived in a non-Latin keyboard layout and could not be repaired."""

    kind = Kind.LAYOUT


class UnavailableError(DomainError):
    """A service (database, storage, mail) cannot be reached right now."""

    kind = Kind.UNAVAILABLE


class CancelledError(DomainError):
    """A long job was cancelled by a user or by a shutdown."""

    kind = Kind.CANCELLED


class FailedError(DomainError):
    """Work that broke for a reason outside the user's input (an outcome that cannot be
    stored, a process that died)."""

    kind = Kind.FAILED


class ForbiddenError(DomainError):
    """The signed-in user's role does not allow this action (issue 15)."""

    kind = Kind.FORBIDDEN


class SignInError(DomainError):
    """Nobody is signed in, the user is unknown or inactive, or a PIN or badge is wrong."""

    kind = Kind.SIGN_IN


_CLASSES: dict[Kind, type[DomainError]] = {
    Kind.VALIDATION: ValidationError, Kind.NOT_FOUND: NotFoundError,
    Kind.BATCH_CLOSED: BatchClosedError, Kind.CONFLICT: ConflictError,
    Kind.BAD_FORMAT: CodeFormatError, Kind.LAYOUT: LayoutError,
    Kind.UNAVAILABLE: UnavailableError, Kind.CANCELLED: CancelledError, Kind.FAILED: FailedError,
    Kind.FORBIDDEN: ForbiddenError, Kind.SIGN_IN: SignInError,
}


def error_class(kind: Kind) -> type[DomainError]:
    return _CLASSES[kind]
