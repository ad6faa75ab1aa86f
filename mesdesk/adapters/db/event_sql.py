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
    return _object(fields, expressions)


def payload_parts_sql(fields: tuple[tuple[str, type], ...], per_row: Mapping[str, str],
                      fixed: Mapping[str, str]) -> tuple[str, str]:
    """``payload_sql`` in two ``jsonb`` objects whose ``||`` is the payload, for a statement
    writing many events: the fields that differ from row to row, and the fields that are the
    same for every row, to be computed once (formatting one time for 100,000 events is
    measurable). Every field needs exactly one expression, in one of the two."""
    names = [name for name, _ in fields]
    if set(per_row) & set(fixed) or set(per_row) | set(fixed) != set(names):
        raise ValueError(f"SQL for event fields {sorted(names)}, got {sorted(per_row)} "
                         f"per row and {sorted(fixed)} fixed")
    return _object(fields, per_row), _object(fields, fixed)


def _object(fields: tuple[tuple[str, type], ...], expressions: Mapping[str, str]) -> str:
    pairs = []
    for name, kind in fields:
        if name not in expressions:
            continue
        expression = expressions[name]
        if kind is datetime:
            expression = f"to_char(({expression}) AT TIME ZONE 'UTC', {_UTC_MILLISECONDS})"
        pairs.append(f"'{name}', {expression}")
    return f"jsonb_build_object({', '.join(pairs)})"


#: The parts of time-ordered event ids for a statement that writes many events at once, as
#: the columns ``id_prefix`` and ``id_base`` of a one-row relation: UUIDv7 (RFC 9562 5.7)
#: with the transaction's Unix milliseconds, 12 random bits, and in ``rand_b`` a random
#: start counted up per event (the RFC's monotonic counter). Such ids go to the right-hand
#: end of the ``outbox_events`` primary key, where random (v4) ones touch a page of it each,
#: anywhere in it: 100,000 events into a big outbox cost half a second more that way, in
#: reads and in full-page images in the WAL. Still unique UUIDs, so still webhook ids.
EVENT_ID_PARTS = """
    lpad(to_hex(CAST(floor(extract(epoch FROM now()) * 1000) AS bigint)), 12, '0') || '7'
        || substr(md5(CAST(random() AS text)), 1, 3) AS id_prefix,
    CAST(floor(random() * 4503599627370496) AS bigint) AS id_base"""


def event_id_sql(parts: str, number: str) -> str:
    """The id of the ``number``-th event (1, 2, …) of the statement whose ``EVENT_ID_PARTS``
    are the relation ``parts``: the variant bits ``10`` then 62 bits of counter (the random
    start is below 2**52, so it never runs into them)."""
    return (f"CAST({parts}.id_prefix || to_hex(({parts}.id_base + {number})"
            f" | (-9223372036854775808)) AS uuid)")
