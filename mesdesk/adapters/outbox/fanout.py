"""Fan-out: undispatched outbox events become one delivery per subscribed, active subscription.

Events are claimed in ``seq`` order with ``FOR UPDATE SKIP LOCKED``; each delivery row carries the
exact body bytes (built once per event, stored as text), inserted ``ON CONFLICT DO NOTHING``, and
the events are marked dispatched in the same transaction.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from mesdesk.domain import webhooks

from . import queries
from .clock import DatabaseTime

FANOUT_LIMIT = 500


def fan_out(engine: Engine, time: DatabaseTime, limit: int = FANOUT_LIMIT) -> int:
    """Turn up to ``limit`` undispatched outbox events into deliveries; returns how many."""
    with engine.begin() as connection:
        events = connection.execute(queries.FANOUT_CLAIM, {"limit": limit}).all()
        if not events:
            return 0
        connection.execute(queries.ASYNC_COMMIT)
        now = time.now(connection)
        bodies = [{"event_id": event.id, "seq": event.seq, "type": event.type,
                   "body": webhooks.event_body(event.id, event.type, event.occurred_at,
                                               event.payload).decode("utf-8")}
                  for event in events]
        connection.execute(queries.FANOUT_INSERT, {"events": json.dumps(bodies), "now": now})
        connection.execute(queries.MARK_DISPATCHED,
                           {"now": now, "ids": [event.id for event in events]})
    return len(events)
