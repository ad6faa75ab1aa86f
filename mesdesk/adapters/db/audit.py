"""The audit log in PostgreSQL, read side (issue 15): keyset pages newest first, the filter
choices, and the rows of an export. Rows are only ever appended (``uow.SqlUnitOfWork`` writes
them with each action; a trigger refuses changes).

Every read goes in the order of migration 0010's indexes, ``(at DESC, id DESC)`` after a
filter's equality column, so a page costs ``limit`` index entries at any depth.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, func, select, text, tuple_

from mesdesk.domain import problems as P
from mesdesk.services.dto import AuditChoices, AuditEntryDTO, AuditFilter, Page

from . import tables as t
from .cursor import decode_cursor, encode_cursor

a = t.audit_log
COLUMNS = [a.c.id, a.c.at, a.c.actor, a.c.station, a.c.action, a.c.entity, a.c.entity_id,
           a.c.changes]
#: The audit log's cursors are its own: one from another list is refused, not misread.
CURSOR_KIND = "audit"
#: At most this many values per filter choice (the loose scan stops there).
MAX_CHOICES = 1000

# One value after another along the column's index (a "loose index scan"): as many index
# probes as there are distinct values, instead of reading every row.
_DISTINCT = """
WITH RECURSIVE v(value) AS (
    (SELECT {column} FROM audit_log ORDER BY {column} LIMIT 1)
    UNION ALL
    SELECT (SELECT l.{column} FROM audit_log l WHERE l.{column} > v.value
             ORDER BY l.{column} LIMIT 1)
      FROM v WHERE v.value IS NOT NULL
)
SELECT value FROM v WHERE value IS NOT NULL LIMIT :limit
"""
_DISTINCT_SQL = {column: text(_DISTINCT.format(column=column))
                 for column in ("actor", "action", "entity")}


def _dto(row) -> AuditEntryDTO:
    return AuditEntryDTO(**row._mapping)


def conditions(flt: AuditFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.actor is not None:
        found.append(a.c.actor == flt.actor)
    if flt.action is not None:
        found.append(a.c.action == flt.action)
    if flt.entity is not None:
        found.append(a.c.entity == flt.entity)
    if flt.entity_id is not None:
        found.append(a.c.entity_id == flt.entity_id)
    if flt.since is not None:
        found.append(a.c.at >= flt.since)
    if flt.until is not None:
        found.append(a.c.at < flt.until)
    return found


class SqlAuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def page(self, flt: AuditFilter, cursor: str | None, limit: int) -> Page:
        """Newest first (at DESC, id DESC); ``Page.rows`` are ``AuditEntryDTO``s."""
        statement = (select(*COLUMNS).where(*conditions(flt))
                     .order_by(a.c.at.desc(), a.c.id.desc()).limit(limit + 1))
        if cursor:
            at, row_id = decode_cursor(cursor, CURSOR_KIND, datetime)
            if not isinstance(at, datetime) or at.tzinfo is None:
                raise P.CURSOR_INVALID(field="cursor")
            statement = statement.where(tuple_(a.c.at, a.c.id) < (at, row_id))
        rows = [_dto(row) for row in self._c.execute(statement)]
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_cursor = encode_cursor(rows[-1].at, rows[-1].id, CURSOR_KIND)
        return Page(rows=tuple(rows), next_cursor=next_cursor)

    def count(self, flt: AuditFilter) -> int:
        return int(self._c.execute(select(func.count()).select_from(a)
                                   .where(*conditions(flt))).scalar_one())

    def choices(self) -> AuditChoices:
        def values(column: str) -> tuple[str, ...]:
            return tuple(self._c.execute(_DISTINCT_SQL[column], {"limit": MAX_CHOICES})
                         .scalars())

        return AuditChoices(actors=values("actor"), actions=values("action"),
                            entities=values("entity"))
