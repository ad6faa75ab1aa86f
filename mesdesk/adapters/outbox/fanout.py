"""Fan-out: undispatched outbox events become one delivery per subscribed, active subscription.

One dispatcher fans out at a time (a transaction-level advisory lock; the others skip it for
that pass), taking events in ``seq`` order, so a batch's later deliveries never exist before its
earlier ones: two fan-outs side by side would split one batch's events between them, and the one
holding the later events could commit, and their lane be sent, first. Each delivery row carries
the exact body bytes (built once per event, stored as text), inserted ``ON CONFLICT DO
NOTHING``, and the events are marked dispatched in the same transaction.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from mesdesk.domain import webhooks

from . import queries
from .clock import DatabaseTime

FANOUT_LIMIT = 500


def lane_of(event_id: str, event_type: str, payload: dict) -> str:
    """The lane a delivery of this event waits in: ``b<batch id>`` for an event about a batch
    (``data.batch_id``, or ``data.id`` of a ``batch_*`` event), so a batch's events go in
    order; else ``e<event id>``, a lane of its own. Migration 0009 computes the same for the
    deliveries it found."""
    batch = payload.get("batch_id")
    if batch is None and event_type.startswith("batch_"):
        batch = payload.get("id")
    return f"b{batch}" if batch is not None else f"e{event_id}"


def fan_out(engine: Engine, time: DatabaseTime, limit: int = FANOUT_LIMIT) -> int:
    """Turn up to ``limit`` undispatched outbox events into deliveries; returns how many."""
    with engine.begin() as connection:
        if not connection.execute(queries.FANOUT_LOCK).scalar_one():
            return 0       # another dispatcher is fanning out this moment
        events = connection.execute(queries.FANOUT_CLAIM, {"limit": limit}).all()
        if not events:
            return 0
        connection.execute(queries.ASYNC_COMMIT)
        now = time.now(connection)
        bodies = [{"event_id": event.id, "seq": event.seq, "type": event.type,
                   "lane": lane_of(event.id, event.type, event.payload),
                   "body": webhooks.event_body(event.id, event.type, event.occurred_at,
                                               event.payload).decode("utf-8")}
                  for event in events]
        connection.execute(queries.FANOUT_INSERT, {"events": json.dumps(bodies), "now": now})
        connection.execute(queries.MARK_DISPATCHED,
                           {"now": now, "ids": [event.id for event in events]})
    return len(events)
