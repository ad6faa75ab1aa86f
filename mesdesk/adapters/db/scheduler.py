"""Scheduled jobs (§9): a plain thread with a stop event that runs tasks at intervals.

Correctness never depends on how many schedulers run (the app on every station, any number of
``mesdesk worker`` processes). Each run:

1. takes a session-level PostgreSQL advisory lock keyed by the task name
   (``pg_try_advisory_lock``) on a connection held for the whole run; a scheduler that does
   not get it skips this turn: another one is running the task right now;
2. under the lock, asks the ``jobs`` table when the task last started anywhere: if that was
   less than an interval ago, another scheduler has already done this turn, and this one
   sleeps until the interval has passed since then. So each due time runs the task once, not
   once per station;
3. runs the task as a job through the job runner (a ``jobs`` row with its start, end, outcome
   and result counts, visible in every station's Jobs panel), waits for it, then unlocks.

A task added with ``as_job=False`` is housekeeping (``fail_abandoned_jobs``: every job ends): it
is idempotent and cheap, so it runs directly at its interval in every scheduler, with no lock,
no ``jobs`` row and no panel entry.

Qt-free: the GUI bridge may observe runs through ``on_run`` (called from this thread).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, text

from mesdesk.domain import problems as P
from mesdesk.services import webhooks
from mesdesk.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

RETRY_FAILED_WEBHOOKS = "retry_failed_webhooks"
RETRY_INTERVAL = timedelta(minutes=15)
FIRST_DELAY = timedelta(seconds=10)     # "shortly after start": let the app settle first
ERROR_BACKOFF = timedelta(minutes=1)    # the database was away: try again sooner than a turn

FAIL_ABANDONED_JOBS = "fail_abandoned_jobs"
#: How often a running app or worker fails the jobs whose process died (their lease is 30 s).
ABANDONED_SWEEP_INTERVAL = timedelta(minutes=1)

#: Outcomes of one attempt to run a task, as ``on_run`` and ``run_now`` report them.
RAN, BUSY, NOT_DUE, FAILED = "ran", "busy", "not_due", "failed"

_LAST_START = text("SELECT EXTRACT(EPOCH FROM now() - max(created_at)) FROM jobs "
                   "WHERE kind = :kind")


class JobHandle(Protocol):
    def result(self, timeout: float | None = None) -> Any: ...


class JobSubmitter(Protocol):
    """What the scheduler needs of ``mesdesk.jobs.JobRunner`` (adapters do not import jobs)."""

    def submit(self, kind: str, parameters: dict, work: Callable[[Any], Any], *,
               key: str | None = None, pool: str = "db") -> JobHandle: ...


Work = Callable[[Any], Any]   # work(job_context) -> the JSON-ready result (its counts)


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key per task name, the same on every station."""
    digest = hashlib.blake2b(f"mesdesk.scheduler.{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass
class ScheduledTask:
    name: str                   # also the job kind
    interval: timedelta
    work: Work
    next_due: float             # time.monotonic() of the next attempt
    as_job: bool = True         # False: housekeeping, run directly (no lock, no jobs row)


class Scheduler:
    """Runs registered tasks every ``interval`` until ``stop``; safe on many stations."""

    def __init__(self, engine: Engine, jobs: JobSubmitter, *, station: str,
                 on_run: Callable[[str, str], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self._engine = engine
        self._jobs = jobs
        self.station = station
        self._on_run = on_run
        self._on_error = on_error
        self._tasks: dict[str, ScheduledTask] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- registration and one run -----------------------------------------------------------

    def add(self, name: str, interval: timedelta, work: Work, *,
            first_delay: timedelta = FIRST_DELAY, as_job: bool = True) -> None:
        """Run ``work`` every ``interval``, the first time ``first_delay`` after this call (or
        later, when another station ran it less than an interval ago). With ``as_job=False``
        ``work(None)`` runs directly in this thread: idempotent housekeeping only."""
        if interval <= timedelta(0):
            raise ValueError("a scheduled task needs a positive interval")
        self._tasks[name] = ScheduledTask(name, interval, work,
                                          time.monotonic() + first_delay.total_seconds(),
                                          as_job)
        self._wake.set()

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(self._tasks)

    def run_now(self, name: str) -> str:
        """Try one run of a task now, as the loop does when it is due: ``ran`` (succeeded or
        not, the job row says which), ``busy`` (another scheduler holds the lock), or
        ``not_due`` (another one ran it less than an interval ago). Raises when the database
        is unreachable."""
        task = self._tasks[name]
        outcome, wait = self._attempt(task)
        task.next_due = time.monotonic() + wait
        return outcome

    def _attempt(self, task: ScheduledTask) -> tuple[str, float]:
        """One attempt; returns the outcome and the seconds until the next one."""
        interval = task.interval.total_seconds()
        if not task.as_job:
            task.work(None)
            return RAN, interval
        key = lock_key(task.name)
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}
                                ).scalar_one():
                return BUSY, interval
            try:
                age = conn.execute(_LAST_START, {"kind": task.name}).scalar()
                if age is not None and float(age) < interval:
                    return NOT_DUE, interval - float(age)
                self._run_job(task)
                return RAN, interval
            finally:
                self._unlock(conn, key)

    def _run_job(self, task: ScheduledTask) -> None:
        handle = self._jobs.submit(
            task.name, {"scheduled": True, "every_s": int(task.interval.total_seconds()),
                        "station": self.station},
            task.work, key=f"scheduled:{task.name}")
        try:
            handle.result()
        except Exception as exc:  # the job row holds the error; the schedule goes on
            log.warning("scheduled job %s failed: %s", task.name, exc)

    @staticmethod
    def _unlock(conn: Connection, key: int) -> None:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        except Exception:
            # Never hand a connection that may still hold the lock back to the pool; the
            # server drops the lock with the session.
            conn.invalidate()
            raise

    # -- background thread ------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"scheduler-{self.station}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop; a run in progress finishes first (up to ``timeout``)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for task in list(self._tasks.values()):
                if self._stop.is_set():
                    return
                if task.next_due <= now:
                    self._attempt_in_loop(task)
            self._wake.clear()
            if self._tasks:
                wait = max(0.0, min(t.next_due for t in self._tasks.values()) - time.monotonic())
            else:
                wait = None
            self._wake.wait(wait)

    def _attempt_in_loop(self, task: ScheduledTask) -> None:
        try:
            outcome, wait = self._attempt(task)
        except Exception as exc:  # the database is away: keep the thread, try again soon
            log.warning("scheduled job %s could not run: %s", task.name, exc)
            outcome = FAILED
            wait = min(task.interval, ERROR_BACKOFF).total_seconds()
            if self._on_error is not None:
                self._report(self._on_error, exc)
        task.next_due = time.monotonic() + wait
        if self._on_run is not None:
            self._report(self._on_run, task.name, outcome)

    @staticmethod
    def _report(callback: Callable[..., None], *args: Any) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("scheduler callback failed")


def retry_failed_webhooks_work(uow_factory: UnitOfWorkFactory) -> Work:
    def work(context: Any) -> dict[str, int]:
        count = webhooks.retry_failed_webhooks(uow_factory)
        context.progress(count, count, P.JOB_WEBHOOKS_REQUEUED.problem(count=count))
        return {"requeued": count}

    return work


def webhook_scheduler(engine: Engine, uow_factory: UnitOfWorkFactory, jobs: JobSubmitter, *,
                      station: str, interval: timedelta = RETRY_INTERVAL,
                      first_delay: timedelta = FIRST_DELAY,
                      on_run: Callable[[str, str], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> Scheduler:
    """The scheduler with ``retry_failed_webhooks`` registered (not started): the app and
    ``mesdesk worker`` start it next to the outbox dispatcher and stop it before it."""
    scheduler = Scheduler(engine, jobs, station=station, on_run=on_run, on_error=on_error)
    scheduler.add(RETRY_FAILED_WEBHOOKS, interval, retry_failed_webhooks_work(uow_factory),
                  first_delay=first_delay)
    return scheduler
