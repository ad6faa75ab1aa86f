"""The outbox dispatcher (§6): turns outbox events into signed webhook deliveries.

A pass does, each step in a module of its own:

1. **Fan-out** (``fanout``): undispatched events become deliveries.
2. **Claim** (``claimer``): due deliveries are leased in a committed transaction before any HTTP,
   so many dispatchers (stations) can run at once; rate limits reserve send slots.
3. **Send** with httpx outside any transaction, on a small thread pool (``sender``), in the order
   and at the pace the pure ``scheduling.SendScheduler`` decides.
4. **Record** (``recorder``) the attempts that finished in one short transaction: attempts,
   outcomes, health.

Ordering: a delivery is not claimed while the same subscription has an earlier (lower outbox
``seq``) *pending* delivery about the same batch. The batch key is ``data.batch_id``, or
``data.id`` for ``batch_*`` events; events without a key are not ordered. An earlier delivery in
back-off (or in flight) therefore holds the later ones of its batch back (head-of-line, by
design); once it succeeds or fails for good, the later ones go. Deliveries of an inactive
subscription stay pending and are not sent.

Time: every schedule decision (due, leases, windows, back-off) uses the database's ``now()``
(``clock``), since station clocks may be skewed. Tests inject ``clock`` and move time instead of
sleeping.

This module is the thread around them: woken by ``LISTEN mesdesk_outbox`` (when given a
conninfo), by finished sends and by rate-limit slots, polling every ``poll_interval`` as the
fallback, and running again at once while a pass finds more work than it may claim. Finished
sends are recorded together (``RECORD_BATCH`` of them, or after ``RECORD_WAIT``).
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
from sqlalchemy.engine import Engine

from mesdesk.domain import webhooks

from . import claimer, fanout
from .claimer import CLAIM_LIMIT
from .clock import Clock, DatabaseTime, utc_now
from .fanout import FANOUT_LIMIT
from .recorder import Recorder
from .scheduling import SendScheduler
from .sender import Claimed, Result, failed_to_send, send
from .targets import guarded_client
from .wakeup import OutboxWakeup

__all__ = ["Clock", "OutboxDispatcher", "utc_now"]

log = logging.getLogger(__name__)

WORKERS = 8
POLL_SECONDS = 1.0
# Finished sends are recorded together: this many, or after this long.
RECORD_BATCH = 32
RECORD_WAIT = 0.025


class OutboxDispatcher:
    """Delivers outbox events to webhook subscriptions; safe to run on many stations at once.

    ``clock`` None (the default) means the database's ``now()``. ``listen`` is a libpq conninfo
    for the NOTIFY wake-up (None: poll only). ``run_once`` is one synchronous pass (tests,
    tools); ``start`` runs the pipelined background loop. Do not mix the two at once.
    ``mail_on_disable``: a subscription it disables queues a "subscription disabled" mail.
    """

    def __init__(self, engine: Engine, *, station: str, clock: Clock | None = None,
                 http_client: httpx.Client | None = None,
                 rng: webhooks.Random | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 claim_limit: int = CLAIM_LIMIT, workers: int = WORKERS,
                 per_subscription: int | None = None, poll_interval: float = POLL_SECONDS,
                 listen: str | None = None, application_name: str = "mesdesk-outbox",
                 mail_on_disable: bool = False) -> None:
        if claim_limit < 1 or workers < 1:
            raise ValueError("claim_limit and workers must be at least 1")
        self._engine = engine
        self._claim_limit = claim_limit
        self._workers = workers
        self._poll_interval = poll_interval
        self.station = station
        self._time = DatabaseTime(clock)
        # A subscription it disables is announced by mail where the settings name recipients.
        self._recorder = Recorder(engine, self._time, rng or random.Random(),
                                  mail_station=station if mail_on_disable else None)
        self._own_client = http_client is None
        self._client = http_client or guarded_client(
            httpx.Limits(max_connections=workers * 2, max_keepalive_connections=workers * 2))
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
        self._record_due = 0.0
        # Sends to one subscription at once: a quarter of the workers stays for the others.
        # The scheduler is shared by the loop and the workers' completion callbacks.
        self._lock = threading.RLock()
        self._scheduler = SendScheduler(
            workers=workers, per_subscription=per_subscription or max(1, workers - workers // 4))

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
        self._recorder.record(list(zip(claimed, results)))
        return len(claimed)

    def fan_out(self) -> int:
        """Turn undispatched outbox events into deliveries; returns the events handled."""
        return fanout.fan_out(self._engine, self._time, FANOUT_LIMIT)

    def claim(self, limit: int | None = None,
              busy: dict[int, int] | None = None) -> list[Claimed]:
        """Claim and lease due deliveries (one committed transaction, no HTTP).

        ``busy`` is what this dispatcher already has in flight per subscription. A claimed
        delivery must be sent and recorded before its lease ends, or another dispatcher will
        send it (that is what happens when a station dies mid-send)."""
        return self._claim(limit, busy).deliveries

    def _claim(self, limit: int | None, busy: dict[int, int] | None) -> claimer.Claim:
        return claimer.claim(self._engine, self._time, limit=limit or self._claim_limit,
                             busy=busy, per_subscription=self._claim_limit)

    def _send(self, delivery: Claimed) -> Result:
        delay = delivery.not_before - time.monotonic()
        if delay > 0:
            self._stop.wait(delay)
        attempted_at = self._time.estimate()
        try:
            return send(self._client, delivery, attempted_at)
        except Exception as exc:  # noqa: BLE001 - recorded as a failed attempt, not lost
            log.warning("webhook delivery %s could not be sent: %s", delivery.id,
                        type(exc).__name__)
            return failed_to_send(attempted_at, exc)

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
                    in_flight = self._scheduler.in_flight
                    busy = self._scheduler.busy()
                room = self._claim_limit - in_flight
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
                    got = self._claim(room, busy)
                    claimed = got.deliveries
                    with self._lock:
                        self._scheduler.add(claimed, got.next_window)
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
            due = self._scheduler.next_due()
        if due is not None:
            deadline = min(deadline, due)
        if self._unrecorded:
            deadline = min(deadline, self._record_due)
        return max(0.0, deadline - time.monotonic())

    def _submit_due(self) -> None:
        """Start the sends the scheduler says are due. Called by the loop and by every finished
        send, so a worker never waits for the loop."""
        with self._lock:
            if self._stop.is_set():
                return
            for delivery in self._scheduler.start_due(time.monotonic()):
                future = self._executor().submit(self._send, delivery)
                future.add_done_callback(lambda f, d=delivery: self._finished(d, f))

    def _finished(self, delivery: Claimed, future: Future[Result]) -> None:
        """Runs on a worker thread: start the next due send, hand the result to the loop."""
        if future.cancelled():
            result = failed_to_send(self._time.estimate(), RuntimeError("cancelled"))
        else:
            result = future.result()
        with self._lock:
            self._scheduler.send_ended(delivery)
            self._done.put((delivery, result))
            try:
                self._submit_due()
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
            release = self._scheduler.take_releases()
            running = self._scheduler.running
        claimer.release(self._engine, release)
        batch = self._unrecorded
        if not batch:
            return
        if not (force or len(batch) >= RECORD_BATCH or not running
                or time.monotonic() >= self._record_due):
            return
        # Past its lease a delivery may have been sent again by another dispatcher, which
        # records that; an outcome this late is dropped rather than recorded twice.
        now = time.monotonic()
        late = [delivery for delivery, _ in batch if delivery.lease_ends <= now]
        self._unrecorded = [item for item in batch if item[0].lease_ends > now]
        if late:
            log.warning("dropped %d webhook outcome(s) that could not be recorded in time",
                        len(late))
            self._done_with(late)
        recorded = self._unrecorded
        if recorded:
            self._recorder.record(recorded)   # on failure they stay, to be recorded next pass
            self._unrecorded = []
            self._done_with([delivery for delivery, _ in recorded])

    def _done_with(self, deliveries: list[Claimed]) -> None:
        with self._lock:
            for delivery in deliveries:
                self._scheduler.done_with(delivery)

    def _drain(self) -> None:
        """On stop: release what was never sent, let running sends finish, record them."""
        with self._lock:
            never_sent = self._scheduler.drain()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        try:
            self._record_finished(force=True)
            claimer.release(self._engine, never_sent)
        except Exception:  # noqa: BLE001 - leases run out by themselves
            log.exception("outbox dispatcher: recording on stop failed")
