"""The unit of work over one SQLAlchemy connection: one transaction per action.

Events and audit rows collected during the action are written in the same transaction right
before COMMIT, together with the NOTIFYs that PostgreSQL delivers only once it commits. A
lost connection surfaces as ``UnavailableError`` so callers can fall back (the offline journal).
"""

from __future__ import annotations

import json
from datetime import datetime
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from mesdesk.domain.events import Event, to_json_value

from .audit import SqlAuditRepository
from .batches import SqlBatchRepository
from .stored_files import SqlStoredFileRepository
from .users import SqlUserRepository
from .channels import (CHANGES_CHANNEL, OUTBOX_CHANNEL, batches_changed, entity_changed,
                       outbox_grew)
from .deliveries import SqlDeliveryRepository
from .analytics import SqlAnalyticsRepository
from .exports import SqlExportRepository
from .failures import as_problem, is_disconnect, refused_value, unavailable
from .mail_queue import SqlMailQueue
from .products import SqlProductRepository
from .reports import SqlReportRepository
from .scans import SqlScanWriter
from .subscriptions import SqlSubscriptionRepository
from .work_centers import SqlWorkCenterRepository

__all__ = ["SqlUnitOfWork", "SqlUnitOfWorkFactory", "is_disconnect", "refused_value",
           "unavailable", "CHANGES_CHANNEL", "OUTBOX_CHANNEL"]

# Events keep the order they were emitted in (ORDER BY the array position assigns outbox seq).
FLUSH = text("""
    WITH events AS (
        INSERT INTO outbox_events (type, payload)
        SELECT e.value ->> 'type', e.value -> 'payload'
          FROM jsonb_array_elements(CAST(:events AS jsonb)) WITH ORDINALITY AS e(value, n)
         ORDER BY e.n
    ), audit AS (
        INSERT INTO audit_log (actor, station, action, entity, entity_id, changes)
        SELECT a ->> 'actor', a ->> 'station', a ->> 'action', a ->> 'entity',
               a ->> 'entity_id', a -> 'changes'
          FROM jsonb_array_elements(CAST(:audit AS jsonb)) AS a
    ), notes AS (
        SELECT pg_notify(x ->> 0, x ->> 1)
          FROM jsonb_array_elements(CAST(:notes AS jsonb)) AS x
    )
    SELECT count(*) FROM notes
""")


class SqlUnitOfWork:
    """One transaction: everything done in the ``with`` block is rolled back unless
    ``commit()`` is called, whatever way the block is left."""

    def __init__(self, engine: Engine, *, actor: str = "", station: str = "",
                 mail_kinds: frozenset[str] = frozenset()) -> None:
        self._engine = engine
        self.actor = actor
        self.station = station
        self._mail_kinds = mail_kinds
        self._connection: Connection | None = None
        self._events: list[Event] = []
        self._audit: list[dict[str, Any]] = []
        self._touched_batches: set[int] = set()
        self._notify_all_batches = False
        self._announced: set[str] = set()
        self._now: datetime | None = None

    def __enter__(self) -> "SqlUnitOfWork":
        try:
            connection = self._engine.connect()
            connection.begin()
        except DBAPIError as exc:
            raise unavailable(exc) from exc
        self._connection = connection
        self.work_centers = SqlWorkCenterRepository(connection)
        self.batches = SqlBatchRepository(connection, self._touch, actor=self.actor,
                                          station=self.station)
        self.subscriptions = SqlSubscriptionRepository(connection)
        self.deliveries = SqlDeliveryRepository(connection)
        self.products = SqlProductRepository(connection, self._touch)
        self.reports = SqlReportRepository(connection)
        self.exports = SqlExportRepository(connection)
        self.analytics = SqlAnalyticsRepository(connection)
        self.files = SqlStoredFileRepository(connection)
        self.audit_log = SqlAuditRepository(connection)
        self.mail = SqlMailQueue(connection, self.station, self._mail_kinds)
        self.users = SqlUserRepository(connection)
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
        problem = as_problem(exc)
        if problem is not None:
            raise problem from exc

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

    def emit(self, event: Event) -> None:
        self._events.append(event)
        if event.batch_id is not None:
            self._touched_batches.add(event.batch_id)

    def announce(self, entity: str) -> None:
        self._announced.add(entity)

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
        self._announced.clear()
        connection.begin()

    def _flush(self) -> None:
        """Outbox rows, audit rows and NOTIFYs in one round trip (the scan hot path)."""
        notes = self._notifications()
        if not (self._events or self._audit or notes):
            return
        self.connection.execute(FLUSH, {
            "events": json.dumps([{"type": event.type, "payload": event.payload()}
                                  for event in self._events], ensure_ascii=False),
            "audit": json.dumps(self._audit, ensure_ascii=False),
            "notes": json.dumps(notes, ensure_ascii=False),
        })

    def _notifications(self) -> list[tuple[str, str]]:
        notes = []
        if self._touched_batches or self._notify_all_batches:
            ids = None if self._notify_all_batches else self._touched_batches
            notes.append((CHANGES_CHANNEL, batches_changed(ids, self.station)))
        notes += [(CHANGES_CHANNEL, entity_changed(entity, self.station))
                  for entity in sorted(self._announced)]
        if self._events:    # statements that write events themselves also notify themselves
            notes.append((OUTBOX_CHANNEL, outbox_grew(len(self._events))))
        return notes


class SqlUnitOfWorkFactory:
    """Makes a unit of work per action, stamped with who and where; ``scans`` is the
    one-statement scan on the same engine, stamped alike. ``mail_kinds``: the notifications
    this station's settings name recipients for (``uow.mail`` queues those)."""

    def __init__(self, engine: Engine, *, actor: str | Callable[[], str] = "",
                 station: str = "", mail_kinds: frozenset[str] = frozenset()) -> None:
        self.engine = engine
        self._actor = actor if callable(actor) else (lambda: actor)
        self.station = station
        self.mail_kinds = mail_kinds
        self.scans = SqlScanWriter(engine, actor=self._actor, station=station)

    @property
    def actor(self) -> str:
        """Who the next unit of work is stamped with (the signed-in user, read at each)."""
        return self._actor()

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, actor=self.actor, station=self.station,
                             mail_kinds=self.mail_kinds)
