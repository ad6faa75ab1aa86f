"""Database failures as problems: a lost server, a value the database refuses."""

from __future__ import annotations

import psycopg
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, StatementError

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError


def is_disconnect(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    # The driver's own error: work done on the raw connection (COPY) is not wrapped by
    # SQLAlchemy.
    return isinstance(exc, (OperationalError, psycopg.OperationalError))


def unavailable(exc: BaseException) -> DomainError:
    if not str(exc):
        return P.DATABASE_UNREACHABLE(reason=type(exc).__name__)
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return P.DATABASE_UNREACHABLE(reason=reason)


def refused_value(exc: BaseException | None) -> DomainError | None:
    """A value the database (or its driver) cannot hold, as a named problem: the safety net
    behind the checks at the boundaries, so no raw DataError ever reaches a user. The reason
    is the server's own first line, never the statement or its parameters."""
    if isinstance(exc, (DataError, psycopg.DataError)):
        orig = getattr(exc, "orig", exc)
        diag = getattr(orig, "diag", None)
        reason = getattr(diag, "message_primary", None) or str(orig).splitlines()[0]
        return P.DATABASE_REFUSED_VALUE(reason=reason)
    if isinstance(exc, StatementError) and not isinstance(exc, DBAPIError) and isinstance(
            exc.orig, (UnicodeError, ValueError, OverflowError)):
        return P.DATABASE_REFUSED_VALUE(reason=type(exc.orig).__name__)
    return None


def as_problem(exc: BaseException | None) -> DomainError | None:
    """What a failure inside a unit of work (or the scan statement) means to a user: the
    database is unreachable, or it refused a value; None for anything else."""
    if exc is not None and is_disconnect(exc):
        return unavailable(exc)
    return refused_value(exc)
