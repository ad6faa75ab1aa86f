"""Claim: lanes leased to this dispatcher, each with its chain of next deliveries, in one
committed transaction before any HTTP.

A *lane* (migration 0009) is a subscription's pending deliveries about one batch, in outbox
order. A claim takes the due lanes of each active subscription by index (``FOR UPDATE SKIP
LOCKED``: a second dispatcher neither blocks nor takes the same lane), reads the next deliveries
of each, and leases the lane and those deliveries together. The chain is what is due and free
from the lane's head on; the sender sends it in order and stops at the first failure. The lease
(``locked_until = now + slot + timeout + margin``) is also the token the lane is released with:
when a dispatcher dies mid-chain its lease runs out and another one takes the lane over from its
first unrecorded delivery.

Rate limit (``rate_limit`` requests per second): each request of a subscription reserves
``1/rate_limit`` s. A claim takes at most one second's worth of a subscription whose
``next_send_at`` has passed, moves ``next_send_at`` past the reserved slots in the same
transaction (under the subscription's row lock, which a second dispatcher skips), and gives each
delivery its slot (``not_before``). The limit therefore holds however many dispatchers run.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from . import queries
from .chains import Chain, ChainEnd
from .clock import DatabaseTime
from .sender import Claimed

LEASE_MARGIN = timedelta(seconds=30)
# Lanes one dispatcher has in flight (claimed, not yet released), in all and per subscription.
CLAIM_LIMIT = 64
# Deliveries of one lane one claim takes, and of all its lanes together.
CHAIN_LIMIT = 500
CLAIM_DELIVERIES = 5000

@dataclass(frozen=True)
class Claim:
    """What one claim got: the chains, and (monotonic) when a rate window opens next."""

    chains: list[Chain]
    next_window: float | None = None

    @property
    def deliveries(self) -> list[Claimed]:
        return [delivery for chain in self.chains for delivery in chain.deliveries]


def claim(engine: Engine, time_source: DatabaseTime, *, limit: int,
          busy: dict[int, int] | None = None, per_subscription: int = CLAIM_LIMIT,
          chain_limit: int = CHAIN_LIMIT) -> Claim:
    """Claim and lease up to ``limit`` due lanes with their chains; ``busy`` is what this
    dispatcher already has in flight per subscription (lanes)."""
    with engine.begin() as connection:
        now = time_source.now(connection)
        started = time.monotonic()
        windows = connection.execute(queries.OPEN_WINDOWS, {"now": now}).scalars().all()
        lanes = connection.execute(queries.CLAIM_LANES, {
            "now": now, "limit": limit, "windows": list(windows),
            "busy": json.dumps({str(k): v for k, v in (busy or {}).items() if v}),
            "per_subscription": per_subscription}).all()
        if not lanes:
            return Claim([])
        connection.execute(queries.ASYNC_COMMIT)
        per_lane = max(1, min(chain_limit, CLAIM_DELIVERIES // len(lanes)))
        rows = connection.execute(queries.CHAINS, {
            "subscriptions": [lane.subscription_id for lane in lanes],
            "lanes": [lane.lane for lane in lanes], "chain": per_lane}).all()
        of_lane: dict[int, list] = defaultdict(list)
        for row in rows:
            of_lane[row.position].append(row)
        slots: Counter[int] = Counter()
        chains: list[Chain] = []
        later: list[tuple[int, str, datetime, int]] = []
        empty: list[tuple[int, str]] = []
        for position, lane in enumerate(lanes, start=1):
            pending = of_lane.get(position)
            if not pending:
                empty.append((lane.subscription_id, lane.lane))
                continue
            made = _chain(lane.lane, pending, now, started, slots)
            if made is not None:
                chains.append(made)
            elif not pending[0].rate_limit or slots[lane.subscription_id] < pending[0].rate_limit:
                head = pending[0]
                due = max(head.next_attempt_at or now, head.locked_until or now)
                later.append((lane.subscription_id, lane.lane, due, head.seq))
        _write_claim(connection, chains, later, empty)
        if not slots:
            return Claim(chains)
        rates = {row.subscription_id: row.rate_limit for row in rows if row.rate_limit}
        spans = {sub: slots[sub] / rates[sub] for sub in slots}
        connection.execute(queries.NEXT_WINDOW, {
            "ids": list(spans), "ats": [now + timedelta(seconds=s) for s in spans.values()]})
        return Claim(chains, started + min(spans.values()))


def _chain(lane: str, pending: list, now: datetime, started: float,
           slots: Counter[int]) -> Chain | None:
    """The due and free deliveries from the lane's head on, each with its rate slot."""
    head = pending[0]
    subscription_id, rate = head.subscription_id, head.rate_limit
    offsets: list[float] = []
    for row in pending:
        if ((row.next_attempt_at is not None and row.next_attempt_at > now)
                or (row.locked_until is not None and row.locked_until >= now)):
            break
        if rate:
            if slots[subscription_id] >= rate:
                break
            offsets.append(slots[subscription_id] / rate)
            slots[subscription_id] += 1
        else:
            offsets.append(0.0)
    if not offsets:
        return None
    lease = timedelta(seconds=offsets[-1] + head.timeout) + LEASE_MARGIN
    lease_ends = started + lease.total_seconds()
    deliveries = [Claimed(
        id=row.id, event_id=row.event_id, event_type=row.event_type,
        body=row.payload.encode("utf-8"), attempts=row.attempts,
        subscription_id=subscription_id, url=row.url, secret=row.secret,
        timeout=row.timeout, retry_count=row.retry_count,
        custom_headers=dict(row.custom_headers or {}),
        not_before=started + offset, lease_ends=lease_ends)
        for row, offset in zip(pending, offsets)]
    return Chain(subscription_id=subscription_id, lane=lane, deliveries=deliveries,
                 token=now + lease, lease_ends=lease_ends, timeout=head.timeout)


def _write_claim(connection: Connection, chains: list[Chain],
                 later: list[tuple[int, str, datetime, int]],
                 empty: list[tuple[int, str]]) -> None:
    if chains:
        connection.execute(queries.LEASE_LANES, {
            "subscriptions": [c.subscription_id for c in chains],
            "lanes": [c.lane for c in chains], "untils": [c.token for c in chains]})
        ids = [d.id for c in chains for d in c.deliveries]
        connection.execute(queries.LEASE, {
            "ids": ids, "untils": [c.token for c in chains for _ in c.deliveries]})
    if later:
        connection.execute(queries.LANES_DUE_LATER, {
            "subscriptions": [s for s, _, _, _ in later], "lanes": [lane for _, lane, _, _ in later],
            "dues": [due for _, _, due, _ in later], "heads": [h for _, _, _, h in later]})
    if empty:
        connection.execute(queries.DROP_LANES, {
            "subscriptions": [s for s, _ in empty], "lanes": [lane for _, lane in empty]})


def release(connection: Connection, ended: Sequence[ChainEnd], now: datetime) -> None:
    """Lanes this dispatcher is done with, in the caller's transaction: each is due when its
    head is (or goes when it has none), its never-sent deliveries are free again."""
    if not ended:
        return
    keys = {"subscriptions": [e.chain.subscription_id for e in ended],
            "lanes": [e.chain.lane for e in ended], "tokens": [e.chain.token for e in ended]}
    connection.execute(queries.LOCK_OWN_LANES, keys)
    connection.execute(queries.RELEASE_LANES, {
        **keys, "now": now, "unsent": [i for e in ended for i in e.unsent]})
