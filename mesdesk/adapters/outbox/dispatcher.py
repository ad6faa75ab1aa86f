"""The outbox dispatcher (§6): turns outbox events into signed webhook deliveries.

A pass does:

1. **Fan-out.** Undispatched ``outbox_events`` are claimed in ``seq`` order with
   ``FOR UPDATE SKIP LOCKED``; for each, one ``webhook_deliveries`` row per active subscription
   whose ``events`` contains the type is inserted (``ON CONFLICT DO NOTHING``) carrying the exact
   body bytes (built once per event, stored as text), and ``dispatched_at`` is set.
2. **Claim.** Due deliveries are claimed with ``FOR UPDATE SKIP LOCKED`` and leased
   (``locked_until = now + timeout + margin``); that transaction commits *before* any HTTP, so a
   second dispatcher (another station) neither blocks nor sends the same attempt. A dispatcher
   that dies mid-send leaves a lease that simply runs out; another one sends the delivery then.
3. **Send** with httpx outside any transaction, concurrently on a small thread pool
   (per-subscription timeout, no redirects; at most ``per_subscription`` in flight for one
   subscription so a slow receiver cannot hold every worker).
4. **Record** the attempts that finished in one short transaction: a ``webhook_attempts`` row
   each, the deliveries' outcomes and the subscriptions' health.

Ordering: a delivery is not claimed while the same subscription has an earlier (lower outbox
``seq``) *pending* delivery about the same batch. The batch key is ``data.batch_id``, or
``data.id`` for ``batch_*`` events; events without a key are not ordered. An earlier delivery in
back-off (or in flight) therefore holds the later ones of its batch back (head-of-line, by
design); once it succeeds or fails for good, the later ones go. Deliveries of an inactive
subscription stay pending and are not sent.

Rate limit (``rate_limit`` requests per second): each request of a subscription reserves
``1/rate_limit`` s. A claim takes at most one second's worth of a subscription whose
``next_send_at`` has passed, moves ``next_send_at`` past the reserved slots in the same
transaction (under the subscription's row lock, which a second dispatcher skips), and sends
each at its slot. The limit therefore holds however many dispatchers run.

Health: a 2xx sets ``last_success_at`` and clears ``failing_since`` and
``consecutive_failures``; a failed attempt sets ``failing_since`` (if unset) and counts. A
subscription failing for 24 h without a success is disabled with a reason, and its waiting
deliveries end like after a 410.

Time: every schedule decision (due, leases, windows, back-off) uses the database's ``now()``,
read once per transaction, since station clocks may be skewed; a send's timestamp is that
reading plus the monotonic time since. Tests inject ``clock`` and move time instead of
sleeping.

The background thread (``start``) is woken by ``LISTEN mesdesk_outbox`` (when given a
conninfo), by finished sends and by rate-limit slots, polls every ``poll_interval`` as the
fallback, and runs again at once while a pass finds more work than it may claim.
"""

from __future__ import annotations

import heapq
import json
import logging
import queue
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from mesdesk.domain import webhooks

from . import outcome, queries
from .sender import Claimed, Result, failed_to_send, send
from .targets import guarded_client
from .wakeup import OutboxWakeup

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

LEASE_MARGIN = timedelta(seconds=30)
FANOUT_LIMIT = 500
CLAIM_LIMIT = 64
WORKERS = 8
POLL_SECONDS = 1.0
# Recording is retried this often when PostgreSQL reports a deadlock or serialization failure.
_RECORD_RETRIES = 3
# Finished sends are recorded together: this many, or after this long.
RECORD_BATCH = 32
RECORD_WAIT = 0.025
# A send starts only while its lease outlasts its timeout by this much.
_SEND_MARGIN = 5.0


def utc_now() -> datetime:
    """The station's clock; pass it as ``clock`` only where the database's time is not wanted."""
    return datetime.now(timezone.utc)


class OutboxDispatcher:
    """Delivers outbox events to webhook subscriptions; safe to run on many stations at once.

    ``clock`` None (the default) means the database's ``now()``. ``listen`` is a libpq conninfo
    for the NOTIFY wake-up (None: poll only). ``run_once`` is one synchronous pass (tests,
    tools); ``start`` runs the pipelined background loop. Do not mix the two at once.
    """

    def __init__(self, engine: Engine, *, station: str, clock: Clock | None = None,
                 http_client: httpx.Client | None = None,
                 rng: webhooks.Random | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 claim_limit: int = CLAIM_LIMIT, workers: int = WORKERS,
                 per_subscription: int | None = None, poll_interval: float = POLL_SECONDS,
                 listen: str | None = None, application_name: str = "mesdesk-outbox") -> None:
        if claim_limit < 1 or workers < 1:
            raise ValueError("claim_limit and workers must be at least 1")
        self._engine = engine
        self._claim_limit = claim_limit
        self._workers = workers
        # Sends to one subscription at once: a quarter of the workers stays for the others.
        self._per_subscription = per_subscription or max(1, workers - workers // 4)
        self._poll_interval = poll_interval
        self.station = station
        self._clock = clock
        self._own_client = http_client is None
        self._client = http_client or guarded_client(
            httpx.Limits(max_connections=workers * 2, max_keepalive_connections=workers * 2))
        self._rng = rng or random.Random()
        self._on_error = on_error
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._wakeup = (OutboxWakeup(listen, self._notified, application_name=application_name)
                        if listen else None)
        self._new_events = threading.Event()   # a NOTIFY said the outbox grew
        # Finished sends, handed from the workers to the loop; outcomes not yet recorded.
        self._done: queue.SimpleQueue[tuple[Claimed, Result]] = queue.SimpleQueue()
        self._unrecorded: list[tuple[Claimed, Result]] = []
        # Scheduling state below is shared by the loop and the workers' completion callbacks.
        self._lock = threading.RLock()
        self._scheduled: list[tuple[float, int, Claimed]] = []   # waiting for their slot
        self._ready: dict[int, deque[Claimed]] = {}                # per subscription, due
        self._running: Counter[int] = Counter()                    # sends per subscription
        self._busy: Counter[int] = Counter()                       # claimed, not recorded
        self._in_flight = 0
        self._to_release: list[int] = []
        self._record_due = 0.0
        self._next_window: float | None = None
        # The last database now() read, with the monotonic time of the reading.
        self._db_now: tuple[datetime, float] | None = None

    @property
    def listening(self) -> threading.Event | None:
        """Set while the NOTIFY wake-up is listening (None without ``listen``)."""
        return self._wakeup.listening if self._wakeup else None

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Fan out new events, then send every claimable delivery once (concurrently) and
        record the outcomes. Returns the attempts made."""
        self.fan_out()
        claimed = self.claim()
        if not claimed:
            return 0
        results = list(self._executor().map(self._send, claimed))
        self._record(list(zip(claimed, results)))
        return len(claimed)

    def fan_out(self) -> int:
        """Turn undispatched outbox events into deliveries; returns the events handled."""
        with self._engine.begin() as connection:
            events = connection.execute(queries.FANOUT_CLAIM, {"limit": FANOUT_LIMIT}).all()
            if not events:
                return 0
            connection.execute(queries.ASYNC_COMMIT)
            now = self._now(connection)
            bodies = [{"event_id": event.id, "seq": event.seq, "type": event.type,
                       "body": webhooks.event_body(event.id, event.type, event.occurred_at,
                                                   event.payload).decode("utf-8")}
                      for event in events]
            connection.execute(queries.FANOUT_INSERT,
                               {"events": json.dumps(bodies), "now": now})
            connection.execute(queries.MARK_DISPATCHED,
                               {"now": now, "ids": [event.id for event in events]})
        return len(events)

    def claim(self, limit: int | None = None,
              busy: dict[int, int] | None = None) -> list[Claimed]:
        """Claim and lease due deliveries (one committed transaction, no HTTP).

        ``busy`` is what this dispatcher already has in flight per subscription. A claimed
        delivery must be sent and recorded before its lease ends, or another dispatcher will
        send it (that is what happens when a station dies mid-send)."""
        with self._engine.begin() as connection:
            now = self._now(connection)
            started = time.monotonic()
            windows = connection.execute(queries.OPEN_WINDOWS, {"now": now}).scalars().all()
            rows = connection.execute(queries.CLAIM, {
                "now": now, "limit": limit or self._claim_limit, "windows": list(windows),
                "busy": json.dumps({str(k): v for k, v in (busy or {}).items() if v}),
                "per_subscription": self._claim_limit}).all()
            if not rows:
                return []
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
            if slots:
                rates = {row.subscription_id: row.rate_limit for row in rows if row.rate_limit}
                spans = {sub: slots[sub] / rates[sub] for sub in slots}
                connection.execute(queries.NEXT_WINDOW, {
                    "ids": list(spans), "ats": [now + timedelta(seconds=s)
                                                for s in spans.values()]})
                window = started + min(spans.values())
                if self._next_window is None or window < self._next_window:
                    self._next_window = window
        return claimed

    def _send(self, delivery: Claimed) -> Result:
        delay = delivery.not_before - time.monotonic()
        if delay > 0:
            self._stop.wait(delay)
        attempted_at = self._attempt_time()
        try:
            return send(self._client, delivery, attempted_at)
        except Exception as exc:  # noqa: BLE001 - recorded as a failed attempt, not lost
            log.warning("webhook delivery %s could not be sent: %s", delivery.id,
                        type(exc).__name__)
            return failed_to_send(attempted_at, exc)

    def _record(self, done: Sequence[tuple[Claimed, Result]]) -> None:
        """Attempts, outcomes and health of ``done`` in one transaction (retried on deadlock)."""
        for attempt in range(_RECORD_RETRIES):
            try:
                self._record_once(done)
                return
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in ("40P01", "40001") or attempt == _RECORD_RETRIES - 1:
                    raise

    def _record_once(self, done: Sequence[tuple[Claimed, Result]]) -> None:
        if not done:
            return
        with self._engine.begin() as connection:
            connection.execute(queries.ASYNC_COMMIT)
            now = self._now(connection)
            outcomes = [outcome.decide(d, r, now, self._rng) for d, r in done]
            connection.execute(queries.RECORD,
                               {"rows": json.dumps([o.row for o in outcomes])})
            subscriptions = sorted({d.subscription_id for d, _ in done})
            connection.execute(queries.LOCK_SUBSCRIPTIONS, {"ids": subscriptions})
            states = connection.execute(queries.HEALTH, {
                "now": now, "health": json.dumps(outcome.health(done))}).all()
            disable: dict[int, outcome.Disabling] = {}
            for (delivery, _), decided in zip(done, outcomes):
                if decided.disable and delivery.subscription_id not in disable:
                    disable[delivery.subscription_id] = decided.disable
            errors = outcome.last_errors(done)
            for state in states:
                if (state.is_active and state.id not in disable and state.id in errors
                        and outcome.failing_too_long(state.failing_since, now)):
                    disable[state.id] = outcome.failing_reason(state.failing_since,
                                                               errors[state.id])
            for subscription_id, why in disable.items():
                connection.execute(queries.DISABLE, {"id": subscription_id, "reason": why.reason,
                                                     "problem": why.problem_json})
                connection.execute(queries.END_RECORDED, {
                    "id": subscription_id, "ids": [d.id for d, _ in done]})
                connection.execute(queries.FAIL_WAITING, {
                    "id": subscription_id, "now": now, "reason": f"not sent: {why.reason}"})
        for subscription_id, why in disable.items():
            log.warning("webhook subscription %s disabled: %s", subscription_id, why.reason)
        for (delivery, result), decided in zip(done, outcomes):
            log.debug("webhook delivery %s to subscription %s: %s (%s)", delivery.id,
                      delivery.subscription_id, decided.row["status"],
                      result.status_code or result.error_class)

    # -- time -----------------------------------------------------------------------------------

    def _now(self, connection: Connection) -> datetime:
        if self._clock is not None:
            return self._clock()
        now = connection.execute(queries.NOW).scalar_one()
        self._db_now = (now, time.monotonic())
        return now

    def _attempt_time(self) -> datetime:
        """The database's time now, estimated from its last reading (no round trip)."""
        if self._clock is not None:
            return self._clock()
        reading = self._db_now
        if reading is None:
            return utc_now()
        now, at = reading
        return now + timedelta(seconds=time.monotonic() - at)

    # -- background loop ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"outbox-{self.station}",
                                        daemon=True)
        self._thread.start()
        if self._wakeup is not None:
            self._wakeup.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the loop: sends in progress finish and are recorded (up to ``timeout``), claimed
        ones not yet sent are released for other dispatchers."""
        self._stop.set()
        self._wake.set()
        if self._wakeup is not None:
            self._wakeup.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            self._thread = None
            if thread.is_alive():
                log.warning("the outbox dispatcher did not stop within %.1f s", timeout)
                return  # it still uses the client and the pool; it is a daemon
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        if self._own_client:
            self._client.close()

    def _executor(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers,
                                                thread_name_prefix=f"outbox-send-{self.station}")
            return self._pool

    def _notified(self) -> None:
        self._new_events.set()
        self._wake.set()

    def _loop(self) -> None:
        next_poll = 0.0
        fanned = 0
        while not self._stop.is_set():
            self._wake.clear()
            hurry = False
            try:
                self._record_finished()
                self._submit_due()
                with self._lock:
                    room = self._claim_limit - self._in_flight
                    busy = dict(self._busy)
                    in_flight = self._in_flight
                # New events come with a NOTIFY; the poll catches any that came without one.
                if (self._new_events.is_set() or fanned >= FANOUT_LIMIT
                        or time.monotonic() >= next_poll):
                    self._new_events.clear()
                    fanned = self.fan_out()
                    next_poll = time.monotonic() + self._poll_interval
                claimed: list[Claimed] = []
                # Claim in large bites (the claim reads every pending row): when half the room
                # is free, or nothing is in flight.
                if room > 0 and (room * 2 >= self._claim_limit or in_flight == 0):
                    claimed = self.claim(room, busy)
                    self._schedule(claimed)
                    self._submit_due()
                hurry = fanned >= FANOUT_LIMIT or bool(claimed and len(claimed) >= room)
            except Exception as exc:  # keep the worker alive; report and try again later
                log.exception("outbox dispatcher pass failed")
                if self._on_error is not None:
                    self._on_error(exc)
                fanned = 0
                next_poll = time.monotonic() + self._poll_interval
            if not hurry:
                self._wake.wait(self._idle_timeout(next_poll))
        self._drain()

    def _idle_timeout(self, next_poll: float) -> float:
        deadline = next_poll
        with self._lock:
            if self._scheduled:
                deadline = min(deadline, self._scheduled[0][0])
        if self._next_window is not None:
            deadline = min(deadline, self._next_window)
        if self._unrecorded:
            deadline = min(deadline, self._record_due)
        return max(0.0, deadline - time.monotonic())

    def _schedule(self, claimed: Sequence[Claimed]) -> None:
        with self._lock:
            for delivery in claimed:
                heapq.heappush(self._scheduled, (delivery.not_before, delivery.id, delivery))
                self._busy[delivery.subscription_id] += 1
                self._in_flight += 1

    def _submit_due(self) -> None:
        """Due deliveries to the workers, round-robin over subscriptions, at most
        ``per_subscription`` sends to one at a time. One whose lease would run out before its
        send could time out is released instead (another dispatcher may take it by then).
        Called by the loop and by every finished send, so a worker never waits for the loop."""
        with self._lock:
            self._submit_due_locked()

    def _submit_due_locked(self) -> None:
        if self._stop.is_set():
            return
        now = time.monotonic()
        if self._next_window is not None and self._next_window <= now:
            self._next_window = None
        while self._scheduled and self._scheduled[0][0] <= now:
            _, _, delivery = heapq.heappop(self._scheduled)
            self._ready.setdefault(delivery.subscription_id, deque()).append(delivery)
        running = sum(self._running.values())
        progress = True
        while progress and self._ready and running < self._workers:
            progress = False
            for subscription_id in list(self._ready):
                if running >= self._workers:
                    break
                if self._running[subscription_id] >= self._per_subscription:
                    continue
                waiting = self._ready[subscription_id]
                delivery = waiting.popleft()
                if not waiting:
                    del self._ready[subscription_id]
                progress = True
                if delivery.lease_ends - now < delivery.timeout + _SEND_MARGIN:
                    self._to_release.append(delivery.id)
                    self._forget(delivery)
                    continue
                self._running[subscription_id] += 1
                running += 1
                future = self._executor().submit(self._send, delivery)
                future.add_done_callback(lambda f, d=delivery: self._finished(d, f))

    def _forget(self, delivery: Claimed) -> None:
        with self._lock:
            self._busy[delivery.subscription_id] -= 1
            if self._busy[delivery.subscription_id] <= 0:
                del self._busy[delivery.subscription_id]
            self._in_flight -= 1

    def _finished(self, delivery: Claimed, future: Future[Result]) -> None:
        """Runs on a worker thread: start the next due send, hand the result to the loop."""
        if future.cancelled():
            result = failed_to_send(self._attempt_time(), RuntimeError("cancelled"))
        else:
            result = future.result()
        with self._lock:
            self._running[delivery.subscription_id] -= 1
            if self._running[delivery.subscription_id] <= 0:
                del self._running[delivery.subscription_id]
            self._done.put((delivery, result))
            try:
                self._submit_due_locked()
            except RuntimeError:  # the pool is shutting down (stop)
                pass
        self._wake.set()

    def _record_finished(self, *, force: bool = False) -> None:
        """Record finished sends in batches: at once when ``RECORD_BATCH`` have gathered, the
        oldest has waited ``RECORD_WAIT`` s, or nothing else is running; a receiver never waits
        for this, only the next event of the same batch does (by up to ``RECORD_WAIT``)."""
        while True:
            try:
                delivery, result = self._done.get_nowait()
            except queue.Empty:
                break
            if not self._unrecorded:
                self._record_due = time.monotonic() + RECORD_WAIT
            self._unrecorded.append((delivery, result))
        with self._lock:
            release, self._to_release = self._to_release, []
        if release:
            with self._engine.begin() as connection:
                connection.execute(queries.RELEASE, {"ids": release})
        batch = self._unrecorded
        if not batch:
            return
        if not (force or len(batch) >= RECORD_BATCH or not self._running
                or time.monotonic() >= self._record_due):
            return
        # Past its lease a delivery may have been sent again by another dispatcher, which
        # records that; an outcome this late is dropped rather than recorded twice.
        now = time.monotonic()
        self._unrecorded = [item for item in batch if item[0].lease_ends > now]
        if len(self._unrecorded) < len(batch):
            log.warning("dropped %d webhook outcome(s) that could not be recorded in time",
                        len(batch) - len(self._unrecorded))
            for delivery, _ in batch:
                if delivery.lease_ends <= now:
                    self._forget(delivery)
        if self._unrecorded:
            self._record(self._unrecorded)
            for delivery, _ in self._unrecorded:
                self._forget(delivery)
            self._unrecorded = []

    def _drain(self) -> None:
        """On stop: release what was never sent, let running sends finish, record them."""
        with self._lock:
            never_sent = [delivery.id for _, _, delivery in self._scheduled]
            never_sent += [d.id for waiting in self._ready.values() for d in waiting]
            self._scheduled.clear()
            self._ready.clear()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        try:
            self._record_finished(force=True)
            if never_sent:
                with self._engine.begin() as connection:
                    connection.execute(queries.RELEASE, {"ids": never_sent})
        except Exception:  # noqa: BLE001 - leases run out by themselves
            log.exception("outbox dispatcher: recording on stop failed")
