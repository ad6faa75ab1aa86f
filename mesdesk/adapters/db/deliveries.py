"""Webhook deliveries and their attempts in PostgreSQL: the log people read, and re-queueing.

The dispatcher (``adapters/outbox``) owns sending; this module only reads the log and puts
deliveries back in the queue. Re-queued rows are due at the transaction's ``now()`` and NOTIFY
``mesdesk_outbox`` in the same transaction (delivered when it commits) so an idle dispatcher
sends them at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, ColumnElement, and_, func, insert, select, tuple_, update

from mesdesk.domain import problems as P
from mesdesk.domain.subscriptions import masked_url
from mesdesk.services.dto import AttemptDTO, DeliveryDTO, DeliveryFilter, Page

from . import tables as t
from .channels import OUTBOX_CHANNEL, notify, outbox_grew
from .cursor import decode_cursor, encode_cursor

d = t.webhook_deliveries
s = t.webhook_subscriptions
a = t.webhook_attempts

COLUMNS = [d.c.id, d.c.subscription_id, s.c.url.label("subscription_url"), d.c.event_id,
           d.c.event_type, d.c.status, d.c.attempts, d.c.next_attempt_at, d.c.response_status,
           d.c.error_message, d.c.created_at, d.c.delivered_at]
#: Deliveries' cursors are theirs alone: one from the batches list is refused, not misread.
CURSOR_KIND = "deliveries"
ATTEMPT_COLUMNS = [a.c.id, a.c.delivery_id, a.c.attempted_at, a.c.duration_ms, a.c.status_code,
                   a.c.error_class, a.c.response_excerpt]

# A fresh retry series: pending, due now, attempts counted from zero again. The attempt rows
# stay: they are the history people read. ``locked_until`` is left alone: failed and delivered
# rows have no lease, and one being sent right now keeps its lease, so re-sending it cannot
# make a second dispatcher send it at the same time.
_FRESH_SERIES = {"status": "pending", "attempts": 0, "delivered_at": None}


def _dto(row) -> DeliveryDTO:
    values = dict(row._mapping)
    values["event_id"] = str(values["event_id"])
    values["subscription_url"] = masked_url(values["subscription_url"])  # the log shows no password
    return DeliveryDTO(**values)


class SqlDeliveryRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- the log --------------------------------------------------------------------------------

    def page(self, flt: DeliveryFilter, cursor: str | None, limit: int) -> Page:
        """Newest first (created_at DESC, id DESC), keyset-paged on ``idx_delivery_created``."""
        statement = (select(*COLUMNS).select_from(d.join(s, s.c.id == d.c.subscription_id))
                     .where(*self._conditions(flt))
                     .order_by(d.c.created_at.desc(), d.c.id.desc()).limit(limit + 1))
        if cursor:
            created_at, row_id = decode_cursor(cursor, CURSOR_KIND, datetime)
            if not isinstance(created_at, datetime):
                raise P.CURSOR_INVALID(field="cursor")
            statement = statement.where(tuple_(d.c.created_at, d.c.id) < (created_at, row_id))
        rows = [_dto(row) for row in self._c.execute(statement)]
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id, CURSOR_KIND)
        return Page(rows=tuple(rows), next_cursor=next_cursor)

    @staticmethod
    def _conditions(flt: DeliveryFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if flt.subscription_id is not None:
            conditions.append(d.c.subscription_id == flt.subscription_id)
        if flt.status is not None:
            conditions.append(d.c.status == flt.status)
        if flt.event_type is not None:
            conditions.append(d.c.event_type == flt.event_type)
        if flt.since is not None:
            conditions.append(d.c.created_at >= flt.since)
        if flt.until is not None:
            conditions.append(d.c.created_at < flt.until)
        return conditions

    def get(self, delivery_id: int, *, lock: bool = False) -> DeliveryDTO | None:
        statement = (select(*COLUMNS).select_from(d.join(s, s.c.id == d.c.subscription_id))
                     .where(d.c.id == delivery_id))
        if lock:
            statement = statement.with_for_update(of=d)
        row = self._c.execute(statement).first()
        return _dto(row) if row else None

    def attempts(self, delivery_id: int) -> list[AttemptDTO]:
        rows = self._c.execute(select(*ATTEMPT_COLUMNS).where(a.c.delivery_id == delivery_id)
                               .order_by(a.c.attempted_at, a.c.id))
        return [AttemptDTO(**row._mapping) for row in rows]

    def queue_length(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(d)
                                   .where(d.c.status == "pending")).scalar_one())

    # -- re-queueing ----------------------------------------------------------------------------

    def add_direct(self, subscription_id: int, event_id: str, event_type: str,
                   data: dict[str, Any], body: bytes, now: datetime) -> int:
        """One event for one subscription only (the test ``ping``): its outbox row is written
        already dispatched, so the fan-out never offers it to other subscriptions, and its
        delivery row is due now with the exact body the dispatcher signs and sends."""
        seq = self._c.execute(insert(t.outbox_events).values(
            id=event_id, type=event_type, payload=data, occurred_at=now, dispatched_at=now,
        ).returning(t.outbox_events.c.seq)).scalar_one()
        delivery_id = self._c.execute(insert(d).values(
            subscription_id=subscription_id, event_id=event_id, event_type=event_type,
            payload=body.decode("utf-8"), status="pending", attempts=0, next_attempt_at=now,
            lane=f"e{event_id}", seq=seq,   # its own lane: a ping waits for nothing
        ).returning(d.c.id)).scalar_one()
        self._wake_dispatcher(1)
        return int(delivery_id)

    def resend(self, delivery_id: int, now: datetime) -> None:
        self._c.execute(update(d).where(d.c.id == delivery_id)
                        .values(**_FRESH_SERIES, next_attempt_at=now))
        self._wake_dispatcher(1)

    def resend_failed(self, since: datetime, until: datetime, subscription_id: int | None,
                      now: datetime) -> list[int]:
        """Failed deliveries created in [since, until) of active subscriptions, each back to
        a fresh series; returns their ids."""
        active = select(s.c.id).where(s.c.is_active)
        if subscription_id is not None:
            active = active.where(s.c.id == subscription_id)
        ids = self._requeue(
            and_(d.c.status == "failed", d.c.created_at >= since, d.c.created_at < until,
                 d.c.subscription_id.in_(active)),
            {**_FRESH_SERIES, "next_attempt_at": now})
        return ids

    def retry_allowed(self, now: datetime) -> list[int]:
        """Failed deliveries whose active subscription allows more attempts than they have
        had (``attempts <= retry_count``: the first try plus ``retry_count`` retries), back
        to pending and due now, keeping their attempt count so the series continues."""
        allowing = (select(s.c.id).where(s.c.is_active, s.c.id == d.c.subscription_id,
                                         d.c.attempts <= s.c.retry_count).exists())
        return self._requeue(and_(d.c.status == "failed", allowing),
                             {"status": "pending", "next_attempt_at": now})

    def _requeue(self, condition: ColumnElement[bool], values: dict[str, Any]) -> list[int]:
        ids = [row.id for row in self._c.execute(
            update(d).where(condition).values(**values).returning(d.c.id))]
        if ids:
            self._wake_dispatcher(len(ids))
        return ids

    def _wake_dispatcher(self, count: int) -> None:
        notify(self._c, OUTBOX_CHANNEL, outbox_grew(count))
