"""Claim: due deliveries leased to this dispatcher in one committed transaction, before any HTTP.

``FOR UPDATE SKIP LOCKED`` lets a second dispatcher (another station) neither block nor send the
same attempt; the lease (``locked_until = now + slot + timeout + margin``) runs out by itself when a
dispatcher dies mid-send, and another one sends the delivery then.

Rate limit (``rate_limit`` requests per second): each request of a subscription reserves
``1/rate_limit`` s. A claim takes at most one second's worth of a subscription whose
``next_send_at`` has passed, moves ``next_send_at`` past the reserved slots in the same
transaction (under the subscription's row lock, which a second dispatcher skips), and gives each
delivery its slot (``not_before``). The limit therefore holds however many dispatchers run.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from . import queries
from .clock import DatabaseTime
from .sender import Claimed

LEASE_MARGIN = timedelta(seconds=30)
CLAIM_LIMIT = 64


@dataclass(frozen=True)
class Claim:
    """What one claim got: the deliveries, and (monotonic) when a rate window opens next."""

    deliveries: list[Claimed]
    next_window: float | None = None


def claim(engine: Engine, time_source: DatabaseTime, *, limit: int,
          busy: dict[int, int] | None = None, per_subscription: int = CLAIM_LIMIT) -> Claim:
    """Claim and lease up to ``limit`` due deliveries; ``busy`` is what this dispatcher already
    has in flight per subscription."""
    with engine.begin() as connection:
        now = time_source.now(connection)
        started = time.monotonic()
        windows = connection.execute(queries.OPEN_WINDOWS, {"now": now}).scalars().all()
        rows = connection.execute(queries.CLAIM, {
            "now": now, "limit": limit, "windows": list(windows),
            "busy": json.dumps({str(k): v for k, v in (busy or {}).items() if v}),
            "per_subscription": per_subscription}).all()
        if not rows:
            return Claim([])
        connection.execute(queries.ASYNC_COMMIT)
        slots: Counter[int] = Counter()
        claimed: list[Claimed] = []
        untils: list[datetime] = []
        for row in rows:
            offset = 0.0
            if row.rate_limit:
                offset = slots[row.subscription_id] / row.rate_limit
                slots[row.subscription_id] += 1
            lease = timedelta(seconds=offset + row.timeout) + LEASE_MARGIN
            untils.append(now + lease)
            claimed.append(Claimed(
                id=row.id, event_id=row.event_id, event_type=row.event_type,
                body=row.payload.encode("utf-8"), attempts=row.attempts,
                subscription_id=row.subscription_id, url=row.url, secret=row.secret,
                timeout=row.timeout, retry_count=row.retry_count,
                custom_headers=dict(row.custom_headers or {}),
                not_before=started + offset,
                lease_ends=started + lease.total_seconds()))
        connection.execute(queries.LEASE, {"ids": [c.id for c in claimed], "untils": untils})
        if not slots:
            return Claim(claimed)
        rates = {row.subscription_id: row.rate_limit for row in rows if row.rate_limit}
        spans = {sub: slots[sub] / rates[sub] for sub in slots}
        connection.execute(queries.NEXT_WINDOW, {
            "ids": list(spans), "ats": [now + timedelta(seconds=s) for s in spans.values()]})
        return Claim(claimed, started + min(spans.values()))


def release(engine: Engine, ids: list[int]) -> None:
    """Give claimed deliveries back (never sent) so any dispatcher may take them at once."""
    if ids:
        with engine.begin() as connection:
            connection.execute(queries.RELEASE, {"ids": ids})
