"""The outbox dispatcher (§6): turns outbox events into signed webhook deliveries.

A pass does, each step in a module of its own:

1. **Fan-out** (``fanout``): undispatched events become deliveries.
2. **Claim** (``claimer``): due *lanes* (a subscription's pending deliveries about one batch)
   are leased with their chains of next deliveries in a committed transaction before any HTTP,
   so many dispatchers (stations) can run at once; rate limits reserve send slots.
3. **Send** with httpx outside any transaction, on a small thread pool (``sender``): each chain
   by one worker, in order, stopping at the first failure; which chains run when is decided by
   the pure ``scheduling.SendScheduler``.
4. **Record** (``recorder``) the attempts that finished in one short transaction: attempts,
   outcomes, health, and the release of the lanes whose chains ended.

Ordering: the deliveries of one lane are sent in outbox ``seq`` order, one at a time. The lane
is ``data.batch_id``, or ``data.id`` for ``batch_*`` events; an event without one is a lane of
its own (not ordered). A delivery in back-off holds the later ones of its lane back
(head-of-line, by design); once it succeeds or fails for good, the later ones go. Deliveries of
an inactive subscription stay pending and are not sent.

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
from .chains import Chain, ChainEnd, ChainSender
from .claimer import CLAIM_LIMIT
from .clock import Clock, DatabaseTime, utc_now
from .fanout import FANOUT_LIMIT
from .recorder import Recorder
from .scheduling import SendScheduler
from .sender import Claimed, Result
from .targets import guarded_client
from .wakeup import OutboxWakeup

__all__ = ["Clock", "OutboxDispatcher", "utc_now"]

log = logging.getLogger(__name__)

WORKERS = 16
# Lanes in flight in all, as a multiple of the per-subscription limit (``claim_limit``): a slow
# subscription filling its own share leaves room for the others.
IN_FLIGHT_SHARES = 4
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
        self._max_in_flight = claim_limit * IN_FLIGHT_SHARES
        self._released = 0    # chains released since the last claim (room for their lanes)
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
        self._sender = ChainSender(self._client, self._time, self._stop)
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._wakeup = (OutboxWakeup(listen, self._notified, application_name=application_name)
                        if listen else None)
        self._new_events = threading.Event()   # a NOTIFY said the outbox grew
        # Finished sends, handed from the workers to the loop; outcomes not yet recorded.
        self._done: queue.SimpleQueue[tuple[Claimed, Result] | ChainEnd] = queue.SimpleQueue()
        self._unrecorded: list[tuple[Claimed, Result]] = []
        self._ended: list[ChainEnd] = []
        self._record_due = 0.0
        # Sends to one subscription at once: a quarter of the workers stays for the others.
        # The scheduler is shared by the loop and the workers' completion callbacks.
        self._lock = threading.RLock()
        self._scheduler: SendScheduler[Chain] = SendScheduler(
            workers=workers, per_subscription=per_subscription or max(1, workers - workers // 4))

    @property
    def listening(self) -> threading.Event | None:
        """Set while the NOTIFY wake-up is listening (None without ``listen``)."""
        return self._wakeup.listening if self._wakeup else None

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Fan out new events, then send every claimable chain once (chains concurrently, each
        in order) and record the outcomes. Returns the attempts made."""
        self.fan_out()
        chains = self._claim(None, None).chains
        if not chains:
            return 0
        done: list[tuple[Claimed, Result]] = []
        ended: list[ChainEnd] = []
        for results, end in self._executor().map(self._collect_chain, chains):
            done.extend(results)
            ended.append(end)
        self._recorder.record(done, ended)
        return len(done)

    def fan_out(self) -> int:
        """Turn undispatched outbox events into deliveries; returns the events handled."""
        return fanout.fan_out(self._engine, self._time, FANOUT_LIMIT)

    def claim(self, limit: int | None = None,
              busy: dict[int, int] | None = None) -> list[Claimed]:
        """Claim and lease due lanes (one committed transaction, no HTTP); their deliveries.

        ``busy`` is what this dispatcher already has in flight per subscription. A claimed
        delivery must be sent and recorded before its lease ends, or another dispatcher will
        send it (that is what happens when a station dies mid-send)."""
        return self._claim(limit, busy).deliveries

    def _claim(self, limit: int | None, busy: dict[int, int] | None) -> claimer.Claim:
        return claimer.claim(self._engine, self._time, limit=limit or self._claim_limit,
                             busy=busy, per_subscription=self._claim_limit)

    def _collect_chain(self, chain: Chain) -> tuple[list[tuple[Claimed, Result]], ChainEnd]:
        results: list[tuple[Claimed, Result]] = []
        end = self._sender.send_chain(chain, lambda delivery, result: results.append(
            (delivery, result)))
        return results, end

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
            looked = False
            try:
                self._record_finished()
                self._submit_due()
                with self._lock:
                    in_flight = self._scheduler.in_flight
                    busy = self._scheduler.busy()
                room = self._max_in_flight - in_flight
                # New events come with a NOTIFY; the poll catches any that came without one.
                if (self._new_events.is_set() or fanned >= FANOUT_LIMIT
                        or time.monotonic() >= next_poll):
                    self._new_events.clear()
                    fanned = self.fan_out()
                    next_poll = time.monotonic() + self._poll_interval
                    looked = True
                claimed: list[Chain] = []
                # Claim when it may find something: nothing in flight, new events or a poll
                # (retries come due), or lanes released (their next chains, or room for their
                # subscription).
                if room > 0 and (in_flight == 0 or looked or self._released):
                    self._released = 0
                    got = self._claim(room, busy)
                    claimed = got.chains
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
        if self._unrecorded or self._ended:
            deadline = min(deadline, self._record_due)
        return max(0.0, deadline - time.monotonic())

    def _submit_due(self) -> None:
        """Start the chains the scheduler says are due. Called by the loop and by every
        finished chain, so a worker never waits for the loop."""
        with self._lock:
            if self._stop.is_set():
                return
            for chain in self._scheduler.start_due(time.monotonic()):
                future = self._executor().submit(self._sender.send_chain, chain, self._sent)
                future.add_done_callback(lambda f, c=chain: self._finished(c, f))

    def _sent(self, delivery: Claimed, result: Result) -> None:
        """Runs on a worker thread after each send: hand the outcome to the loop, waking it
        when a batch worth recording has gathered or the send failed."""
        self._hand_over((delivery, result), urgent=not result.ok)

    def _hand_over(self, item: tuple[Claimed, Result] | ChainEnd, *, urgent: bool) -> None:
        """Put a finished send or chain in the loop's queue; wake the loop for the first one
        (it starts the record timer), for a batch's worth, or when ``urgent``."""
        self._done.put(item)
        waiting = self._done.qsize()
        if urgent or waiting == 1 or waiting >= RECORD_BATCH:
            self._wake.set()

    def _finished(self, chain: Chain, future: Future[ChainEnd]) -> None:
        """Runs on a worker thread: the chain is over; start the next due one, hand its end to
        the loop (which releases its lane with its last outcomes)."""
        if future.cancelled() or future.exception() is not None:
            if not future.cancelled():
                log.error("webhook chain failed: %s", type(future.exception()).__name__)
            end = ChainEnd(chain, tuple(d.id for d in chain.deliveries))
        else:
            end = future.result()
        with self._lock:
            self._scheduler.send_ended(chain)
            idle = self._scheduler.running == 0
            self._hand_over(end, urgent=idle)   # idle: its lane's next chain is wanted now
            try:
                self._submit_due()
            except RuntimeError:  # the pool is shutting down (stop)
                pass

    def _record_finished(self, *, force: bool = False) -> None:
        """Record finished sends and release ended chains' lanes in batches: at once when
        ``RECORD_BATCH`` have gathered, the oldest has waited ``RECORD_WAIT`` s or nothing else
        is running; a receiver never waits for this, only a lane's next chain does."""
        while True:
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                break
            if not self._unrecorded and not self._ended:
                self._record_due = time.monotonic() + RECORD_WAIT
            if isinstance(item, ChainEnd):
                self._ended.append(item)
            else:
                self._unrecorded.append(item)
        with self._lock:
            too_late = self._scheduler.take_releases()
            running = self._scheduler.running
        self._ended.extend(ChainEnd.never_started(c) for c in too_late)
        batch, ended = self._unrecorded, self._ended
        if not batch and not ended:
            return
        if not (force or len(batch) + len(ended) >= RECORD_BATCH or not running
                or time.monotonic() >= self._record_due):
            return
        # Past its lease a delivery may have been sent again by another dispatcher, which
        # records that; an outcome this late is dropped rather than recorded twice. Its lane is
        # released only while the lease is still this dispatcher's (the token).
        now = time.monotonic()
        late = [delivery for delivery, _ in batch if delivery.lease_ends <= now]
        recorded = [item for item in batch if item[0].lease_ends > now]
        if late:
            log.warning("dropped %d webhook outcome(s) that could not be recorded in time",
                        len(late))
        self._recorder.record(recorded, ended)   # on failure they stay, to be recorded next pass
        self._unrecorded, self._ended = [], []
        self._released += len(ended)
        with self._lock:
            for end in ended:
                if end.counted:
                    self._scheduler.done_with(end.chain)

    def _drain(self) -> None:
        """On stop: release what was never sent, let running chains stop, record them."""
        with self._lock:
            never_sent = self._scheduler.drain()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        try:
            self._ended.extend(ChainEnd.never_started(c) for c in never_sent)
            self._record_finished(force=True)
        except Exception:  # noqa: BLE001 - leases run out by themselves
            log.exception("outbox dispatcher: recording on stop failed")
