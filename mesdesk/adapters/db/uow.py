"""The unit of work over one SQLAlchemy connection: one transaction per action.

Events and audit rows collected during the action are written in the same transaction right
before COMMIT, together with the NOTIFYs that PostgreSQL delivers only once it commits. A
lost connection surfaces as ``UnavailableError`` so callers can fall back (the offline journal).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, text
from sqlalchemy.exc import DBAPIError, OperationalError

from mesdesk.domain.errors import UnavailableError
from mesdesk.domain.events import Event, to_json_value

from . import tables as t
from .repositories import SqlBatchRepository, SqlProductRepository, SqlWorkCenterRepository

CHANGES_CHANNEL = "mesdesk_changes"   # GUI views listen here
OUTBOX_CHANNEL = "mesdesk_outbox"     # the webhook dispatcher listens here
# PostgreSQL's NOTIFY payload limit is 8000 bytes; past this many ids we say "everything".
MAX_NOTIFIED_IDS = 200


def is_disconnect(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError)


def unavailable(exc: BaseException) -> UnavailableError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    return UnavailableError(f"the database is unreachable ({reason})")


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, actor: str = "", station: str = "") -> None:
        self._engine = engine
        self.actor = actor
        self.station = station
        self._connection: Connection | None = None
        self._events: list[Event] = []
        self._audit: list[dict[str, Any]] = []
        self._touched_batches: set[int] = set()
        self._notify_all_batches = False
        self._now: datetime | None = None
        self._sql_events = 0

    def __enter__(self) -> "SqlUnitOfWork":
        try:
            self._connection = self._engine.connect()
            self._connection.begin()
        except DBAPIError as exc:
            raise unavailable(exc) from exc
        connection = self._connection
        self.work_centers = SqlWorkCenterRepository(connection)
        self.batches = SqlBatchRepository(connection, self._touch)
        self.products = SqlProductRepository(connection, self._touch, self._count_sql_events)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        except DBAPIError:
            pass  # the connection is gone; the server rolls back on its own
        finally:
            connection.close()
        if exc is not None and isinstance(exc, DBAPIError) and is_disconnect(exc):
            raise unavailable(exc) from exc

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def now(self) -> datetime:
        if self._now is None:
            self._now = self.connection.execute(text("SELECT now()")).scalar_one()
        return self._now

    def _touch(self, batch_id: int | None) -> None:
        if batch_id is None:
            self._notify_all_batches = True
        else:
            self._touched_batches.add(batch_id)

    def _count_sql_events(self, count: int) -> None:
        """Events written by a set-based statement rather than through ``emit``."""
        self._sql_events += count

    def emit(self, event: Event) -> None:
        self._events.append(event)
        if event.batch_id is not None:
            self._touched_batches.add(event.batch_id)

    def audit(self, action: str, entity: str, entity_id: object,
              changes: dict[str, Any] | None = None) -> None:
        self._audit.append({"actor": self.actor, "station": self.station, "action": action,
                            "entity": entity,
                            "entity_id": None if entity_id is None else str(entity_id),
                            "changes": to_json_value(changes or {})})

    def commit(self) -> None:
        connection = self.connection
        try:
            self._flush()
            connection.commit()
        except DBAPIError as exc:
            if is_disconnect(exc):
                raise unavailable(exc) from exc
            raise
        self._events.clear()
        self._audit.clear()
        self._touched_batches.clear()
        self._notify_all_batches = False
        self._sql_events = 0
        connection.begin()

    def _flush(self) -> None:
        connection = self.connection
        if self._events:
            connection.execute(insert(t.outbox_events), [
                {"type": event.type, "payload": event.payload()} for event in self._events])
        if self._audit:
            connection.execute(insert(t.audit_log), self._audit)
        for channel, payload in self._notifications():
            connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                               {"channel": channel, "payload": payload})

    def _notifications(self) -> list[tuple[str, str]]:
        notes = []
        if self._touched_batches or self._notify_all_batches:
            ids = sorted(self._touched_batches)
            everything = self._notify_all_batches or len(ids) > MAX_NOTIFIED_IDS
            notes.append((CHANGES_CHANNEL, json.dumps(
                {"entity": "batch", "ids": None if everything else ids,
                 "station": self.station})))
        if self._events or self._sql_events:
            count = len(self._events) + self._sql_events
            notes.append((OUTBOX_CHANNEL, json.dumps({"events": count})))
        return notes


class SqlUnitOfWorkFactory:
    """Makes a unit of work per action, stamped with who and where."""

    def __init__(self, engine: Engine, *, actor: str = "", station: str = "") -> None:
        self.engine = engine
        self.actor = actor
        self.station = station

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, actor=self.actor, station=self.station)
