"""Many batches inserted at once (the 1C intake, the import of a sheet), set-based.

An INSERT of many VALUES costs the driver more time to build than the server to run it, and
100,000 ``batch_created`` events built in Python and parsed back from one JSON document cost
more than the inserts themselves. So rows go in as one array per column (a few), or by COPY
into a temporary table (many: binary COPY, the driver's C code), and ``create`` writes each new
batch's ``batch_created`` event and audit row in the same statement, the event's payload
built by SQL from the same columns ``BatchDTO.as_dict`` reads (a test holds the two equal).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, text

from mesdesk.domain import events

from . import tables as t
from .channels import MAX_NOTIFIED_IDS, OUTBOX_CHANNEL, outbox_grew_sql
from .event_sql import payload_sql

b = t.batches

#: From how many rows the rows go through COPY (fewer: one statement of arrays).
COPY_FROM = 1000
_STAGE = "mesdesk_new_batches"
#: work_mem for the rest of a transaction that creates many batches.
SORT_MEMORY = "64MB"
#: A column's array type; text for every string (a cast to varchar(n) would cut a long value
#: silently, the column itself refuses it).
_TYPES = {"big_integer": "bigint", "integer": "integer", "boolean": "boolean", "date": "date",
          "datetime": "timestamptz", "string": "text", "text": "text"}
_INSERTABLE = ("is_closed", "closed_at", "task_description", "work_center_id", "shift", "team",
               "batch_number", "batch_date", "nomenclature", "ekn_code", "shift_start",
               "shift_end")


def array_type(name: str) -> str:
    """The SQL type of an array of the batches column ``name``'s values."""
    return _TYPES[b.c[name].type.__visit_name__]



def _returned(columns: Sequence[Any], source: str) -> str:
    """``columns`` (BATCH_COLUMNS: the batch's, and the work center's as labels) from
    ``source`` joined to ``wc``."""
    return ", ".join(f"wc.{column.element.name} AS {column.name}"
                     if hasattr(column, "element") else f"{source}.{column.name}"
                     for column in columns)


@functools.lru_cache(maxsize=16)
def _insert_sql(names: tuple[str, ...], staged: bool) -> str:
    """The INSERT of the rows numbered ``n``, from the stage or from one array per column."""
    columns = ", ".join(names)
    if staged:
        source = _STAGE
    else:
        arrays = ", ".join(f"CAST(:c{i} AS {array_type(name)}[])" for i, name in enumerate(names))
        source = f"unnest({arrays}) WITH ORDINALITY AS u({columns}, n)"
    return (f"INSERT INTO batches ({columns}) SELECT {columns} FROM {source} ORDER BY n "
            f"RETURNING *")


def _rows(connection: Connection, rows: Sequence[dict[str, Any]]
          ) -> tuple[tuple[str, ...], bool, dict[str, Any]]:
    """The rows' columns, whether they were staged by COPY, and the statement's parameters."""
    names = tuple(rows[0])
    if len(rows) < COPY_FROM:
        return names, False, {f"c{i}": [row[name] for row in rows]
                              for i, name in enumerate(names)}
    columns = ", ".join(f"{name} {array_type(name)}" for name in _INSERTABLE)
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:                # the same connection: the same transaction
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (n bigserial, {columns}) "
                       f"ON COMMIT DROP")
        cursor.execute(f"TRUNCATE {_STAGE}")
        with cursor.copy(f"COPY {_STAGE} ({', '.join(names)}) FROM STDIN (FORMAT BINARY)"
                         ) as copy:
            copy.set_types([array_type(name) for name in names])     # binary: no text to format
            for row in rows:
                copy.write_row([row[name] for name in names])
    return names, True, {}


@functools.lru_cache(maxsize=16)
def _create_sql(names: tuple[str, ...], staged: bool, columns: tuple[Any, ...]) -> Any:
    # A timestamp column is formatted as the events' times are (UTC, milliseconds, Z).
    fields = tuple((column.name, datetime if isinstance(column.type, DateTime) else object)
                   for column in columns) + (("aggregation_rate", float),)
    expressions = {column.name: f"created.{column.name}" for column in columns}
    expressions["aggregation_rate"] = (
        "CASE WHEN created.products_total = 0 THEN 0.0 ELSE round(created.products_aggregated"
        " * 100.0 / created.products_total, 1) END")
    return text(f"""
        WITH ins AS ({_insert_sql(names, staged)}),
        created AS (
            SELECT {_returned(columns, 'ins')} FROM ins
              JOIN work_centers wc ON wc.id = ins.work_center_id
        ), written AS (
            INSERT INTO outbox_events (type, payload)
            SELECT '{events.BATCH_CREATED}', {payload_sql(fields, expressions)}
              FROM created ORDER BY id
        ), audited AS (
            INSERT INTO audit_log (actor, station, action, entity, entity_id, changes)
            SELECT :actor, :station, :action, 'batch', CAST(created.id AS text),
                   jsonb_build_object('batch_number', batch_number, 'batch_date', batch_date)
              FROM created ORDER BY created.id
        ), note AS (
            SELECT pg_notify(:outbox_channel, {outbox_grew_sql("(SELECT count(*) FROM created)")})
             WHERE EXISTS (SELECT FROM created)
        )
        SELECT count(*),
               CASE WHEN count(*) <= {MAX_NOTIFIED_IDS} THEN array_agg(created.id) END
          FROM created, (SELECT count(*) FROM note) AS notified
    """)


def create(connection: Connection, rows: Sequence[dict[str, Any]], columns: Sequence[Any], *,
           actor: str, station: str, action: str) -> tuple[int, list[int] | None]:
    """Insert new batches with their ``batch_created`` events, audit rows (``action``) and
    the dispatcher's wake-up, in one statement; returns how many, and their ids when few
    enough to announce one by one (``MAX_NOTIFIED_IDS``), else None."""
    names, staged, params = _rows(connection, rows)
    statement = _create_sql(names, staged, tuple(columns))
    # The events are sorted in memory, not on disk (the default 4 MB spills 10,000 of them).
    connection.execute(text(f"SET LOCAL work_mem = '{SORT_MEMORY}'"))
    count, ids = connection.execute(statement, {**params, "actor": actor, "station": station,
                                                "action": action,
                                                "outbox_channel": OUTBOX_CHANNEL}).one()
    return count, ids
