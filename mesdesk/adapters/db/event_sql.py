"""Event payloads built by SQL, from the event's own field list in ``mesdesk.domain.events``.

Statements that write their events themselves (the one-statement scan, bulk aggregation)
need the payload as a ``jsonb_build_object``. It is derived here from the domain's field list,
never written a second time by hand, and times are formatted as ``to_json_value`` formats
them (UTC, milliseconds, ``Z``), so an event written by SQL reads exactly like one written
through ``UnitOfWork.emit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

#: ``to_json_value``'s datetime format in PostgreSQL's words.
_UTC_MILLISECONDS = """'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'"""


def payload_sql(fields: tuple[tuple[str, type], ...], expressions: Mapping[str, str]) -> str:
    """``jsonb_build_object(...)`` for an event with ``fields``, each taken from the SQL
    expression given for it. Every field needs exactly one expression: a field added to the
    event fails here, at import, instead of being left out of the SQL-written events."""
    names = [name for name, _ in fields]
    if set(expressions) != set(names):
        raise ValueError(f"SQL for event fields {sorted(names)}, got {sorted(expressions)}")
    pairs = []
    for name, kind in fields:
        expression = expressions[name]
        if kind is datetime:
            expression = f"to_char(({expression}) AT TIME ZONE 'UTC', {_UTC_MILLISECONDS})"
        pairs.append(f"'{name}', {expression}")
    return f"jsonb_build_object({', '.join(pairs)})"
