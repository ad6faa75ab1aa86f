"""Scheduled jobs (§9): a plain thread with a stop event that runs each task at its due times.

When a task is due is pure domain (``mesdesk.domain.schedules``): a daily wall-clock time of
the production zone, or an interval on the UTC grid. Each pass the scheduler reads its clock
(``clock``, injectable: tests move time instead of sleeping), runs what is due and sleeps until
the next due time (at most ``MAX_SLEEP``, so a changed zone, a suspended machine or a reset
clock is noticed within a minute).

Correctness never depends on how many schedulers run (the app on every station, any number of
``mesdesk worker`` processes). A run of a task:

1. takes the task's session-level advisory lock (``advisory.try_advisory_lock``) on a
   connection held for the run: one run of a task at a time, anywhere. A scheduler that finds
   it taken tries again ``BUSY_RETRY`` later (then, usually, finds the due time done); "Run
   now" is refused with ``schedule.busy``;
2. claims the due time: ``INSERT INTO scheduled_runs (task, due_at) … ON CONFLICT DO
   NOTHING``. Of all the schedulers that reach a due time, one inserts the row and runs it; the
   others find it done (``NOT_DUE``). A manual run's due time is the moment it was asked for;
3. runs the work as a job through the job runner (a ``jobs`` row every station's Jobs panel
   shows, linked from the run), waits for it, and records the run's end, outcome and counts
   (the work's result) or its error as a problem.

Catch-up: on its first pass after ``start`` a scheduler looks at each task's latest due time
at or before now. If it came after the task was first known (``scheduled_tasks``: when any
scheduler or manual run first met the task) and has no run, every scheduler was stopped then:
the task runs once now (trigger ``catch_up``, for that due time; older missed due times are not
run again). A due time before the task was first known was not missed: a fresh install, or
the version that brings a new task, starts it at its next due time. (Otherwise the first start
of a station in the middle of a shift would at once auto-close every open batch whose shift
ever ended, and clean up files, at an hour nobody chose.) Registering on first sight rather
than asking "has it ever run?" keeps a station that is only ever on during the day from never
running its nightly tasks: its first start registers them, and from the next day on each
start catches up the night.

A task added with ``add_housekeeping`` (``fail_abandoned_jobs``: every job ends) is not a §9
task: it is idempotent and cheap, so it runs directly at its interval in every scheduler, with
no lock, no record and no job. The scheduler's own housekeeping ends the runs whose process
died mid-run, from their job's row (``SqlScheduledRuns.end_orphaned``).

Qt-free: the GUI may observe attempts through ``on_run`` (called from the scheduler's thread).
One task runs at a time per scheduler, in the order the tasks were added.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.events import to_json_value
from mesdesk.domain.problems import Problem
from mesdesk.domain.schedules import Schedule
from mesdesk.services.dto import ScheduledRunDTO, ScheduledTaskDTO

from .advisory import lock_key, try_advisory_lock
from .failures import is_disconnect, unavailable
from .scheduled_runs import CATCH_UP, FAILED as RUN_FAILED, MANUAL, SCHEDULE, SUCCEEDED
from .scheduled_runs import SqlScheduledRuns

__all__ = ["Scheduler", "lock_key", "RAN", "BUSY", "NOT_DUE", "FAILED", "FAIL_ABANDONED_JOBS",
           "ABANDONED_SWEEP_INTERVAL", "END_ORPHANED_RUNS"]

log = logging.getLogger(__name__)

FIRST_DELAY = timedelta(seconds=10)     # "shortly after start": let the app settle first
ERROR_BACKOFF = timedelta(minutes=1)    # the database was away: try again sooner than a turn
BUSY_RETRY = timedelta(seconds=30)      # the task ran elsewhere: look again in a while
MAX_SLEEP = timedelta(minutes=1)

FAIL_ABANDONED_JOBS = "fail_abandoned_jobs"
#: How often a running app or worker fails the jobs whose process died (their lease is 30 s).
ABANDONED_SWEEP_INTERVAL = timedelta(minutes=1)
#: The scheduler's own housekeeping: runs left open by a dead process end as their job ended.
END_ORPHANED_RUNS = "end_orphaned_runs"

#: Outcomes of one attempt to run a task, as ``on_run`` reports them.
RAN, BUSY, NOT_DUE, FAILED = "ran", "busy", "not_due", "failed"


class JobHandle(Protocol):
    job_id: int

    def result(self, timeout: float | None = None) -> Any: ...

    def cancel(self) -> bool: ...


class JobSubmitter(Protocol):
    """What the scheduler needs of ``mesdesk.jobs.JobRunner`` (adapters do not import jobs)."""

    def submit(self, kind: str, parameters: dict, work: Callable[[Any], Any], *,
               key: str | None = None, pool: str = "db") -> JobHandle: ...


Work = Callable[[Any], Any]   # work(job_context) -> the JSON-ready result (its counts)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Task:
    name: str
    schedule: Schedule
    work: Work
    handled: datetime | None = None     # the latest due time dealt with since start
    registered: bool = False            # this scheduler has noted it in scheduled_tasks
    retry_at: datetime | None = None    # not before (busy elsewhere, database away)


@dataclass
class _Housekeeping:
    name: str
    interval: timedelta
    work: Callable[[], Any]
    next_at: datetime


class Scheduler:
    """Runs the registered tasks at their due times until ``stop``; safe on many stations.

    ``zone`` is the production time zone, or a callable returning it (it is read at each
    pass: the setting applies without a restart)."""

    def __init__(self, engine: Engine, jobs: JobSubmitter, *, station: str,
                 zone: tzinfo | Callable[[], tzinfo] = UTC,
                 clock: Callable[[], datetime] = utc_now,
                 first_delay: timedelta = FIRST_DELAY,
                 on_run: Callable[[str, str], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self._engine = engine
        self._jobs = jobs
        self._runs = SqlScheduledRuns(engine)
        self.station = station
        self._zone = zone if callable(zone) else (lambda: zone)
        self._clock = clock
        self._first_delay = first_delay
        self._on_run = on_run
        self._on_error = on_error
        self._tasks: dict[str, _Task] = {}
        self._housekeeping: dict[str, _Housekeeping] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.add_housekeeping(END_ORPHANED_RUNS, ABANDONED_SWEEP_INTERVAL,
                              self._runs.end_orphaned, first_delay=timedelta(0))

    # -- registration --------------------------------------------------------------------------

    def add(self, name: str, schedule: Schedule, work: Work) -> None:
        """A §9 task: ``work(job_context)`` runs as a job at each due time of ``schedule``
        and returns its counts."""
        if name in self._tasks or name in self._housekeeping:
            raise ValueError(f"a scheduled task is called {name!r} already")
        self._tasks[name] = _Task(name, schedule, work)
        self._wake.set()

    def add_housekeeping(self, name: str, interval: timedelta, work: Callable[[], Any], *,
                         first_delay: timedelta = FIRST_DELAY) -> None:
        """Idempotent upkeep run directly every ``interval`` (the first time ``first_delay``
        after this call), in this thread: no lock, no record, no job."""
        if interval <= timedelta(0):
            raise ValueError("housekeeping needs a positive interval")
        if name in self._tasks or name in self._housekeeping:
            raise ValueError(f"a scheduled task is called {name!r} already")
        self._housekeeping[name] = _Housekeeping(name, interval, work,
                                                 self._clock() + first_delay)
        self._wake.set()

    @property
    def clock(self) -> Callable[[], datetime]:
        """The scheduler's clock: work that needs "now" (the age of a file) reads this one."""
        return self._clock

    @property
    def tasks(self) -> tuple[str, ...]:
        """The §9 tasks, in the order they were added."""
        return tuple(self._tasks)

    @property
    def housekeeping(self) -> tuple[str, ...]:
        return tuple(self._housekeeping)

    # -- the read side and "Run now" -----------------------------------------------------------

    def overview(self) -> tuple[ScheduledTaskDTO, ...]:
        """Each task with its last run anywhere and its next due time."""
        zone = self._zone()
        now = self._clock()
        with _database_errors():
            last = self._runs.last_runs(self._tasks)
        return tuple(ScheduledTaskDTO(name=task.name, schedule=task.schedule,
                                      time_zone=getattr(zone, "key", str(zone)),
                                      last_run=last.get(task.name),
                                      next_due=task.schedule.next_due(now, zone))
                     for task in self._tasks.values())

    def run_now(self, name: str) -> ScheduledRunDTO:
        """Run ``name`` now in this thread, as a ``manual`` run, and wait for it: the finished
        run. Refused when the task is unknown (``schedule.unknown_task``) or running anywhere
        (``schedule.busy``); ``service.database_unreachable`` when the database is away."""
        task = self._tasks.get(name)
        if task is None:
            raise P.SCHEDULE_UNKNOWN_TASK(task=name, known=", ".join(self._tasks))
        asked = self._clock()
        with _database_errors():
            self._runs.register(name, asked)
            with try_advisory_lock(self._engine, name) as held:
                if not held:
                    raise P.SCHEDULE_BUSY(task=name)
                run_id = None
                for nudge in range(3):      # a due time is unique: never take a scheduled one
                    run_id = self._runs.claim(name, asked + timedelta(microseconds=nudge),
                                              MANUAL, self.station)
                    if run_id is not None:
                        break
                assert run_id is not None, "three claims of one task in three microseconds"
                return self._execute(task, run_id, asked, MANUAL)

    def run_housekeeping(self, name: str) -> Any:
        """Run one housekeeping task now (its next turn is an interval from now)."""
        chore = self._housekeeping[name]
        chore.next_at = self._clock() + chore.interval
        return chore.work()

    # -- one pass --------------------------------------------------------------------------------

    def run_pending(self) -> dict[str, str]:
        """One pass over the tasks: each one due (or, on the first pass, missed) is attempted.
        Returns the outcome of each attempt by task; a task that could not be attempted (the
        database is away) is reported to ``on_error`` and tried again ``ERROR_BACKOFF`` later."""
        now = self._clock()
        zone = self._zone()
        outcomes: dict[str, str] = {}
        for task in list(self._tasks.values()):
            if self._stop.is_set():
                break
            if task.retry_at is not None and now < task.retry_at:
                continue
            try:
                outcome = self._consider(task, now, zone)
            except Exception as exc:  # the database is away: keep the thread, try again soon
                log.warning("scheduled task %s could not run: %s", task.name, exc)
                task.retry_at = now + ERROR_BACKOFF
                outcome = FAILED
                if self._on_error is not None:
                    self._report(self._on_error, exc)
            if outcome is None:
                continue
            outcomes[task.name] = outcome
            if self._on_run is not None:
                self._report(self._on_run, task.name, outcome)
        return outcomes

    def _consider(self, task: _Task, now: datetime, zone: tzinfo) -> str | None:
        latest = task.schedule.latest_due(now, zone)
        if task.handled is not None and latest <= task.handled:
            return None
        trigger = SCHEDULE
        if task.handled is None:        # the first look since start: was a due time missed?
            if not task.registered:
                first_seen = self._runs.register(task.name, now)
                task.registered = True
                if latest < first_seen:     # not known when it was due: nothing was missed
                    task.handled = latest
                    return None
            trigger = CATCH_UP
        outcome = self._attempt(task, latest, trigger)
        if outcome == BUSY:
            task.retry_at = now + BUSY_RETRY
        else:
            task.handled = latest
            task.retry_at = None
        return outcome

    def _attempt(self, task: _Task, due_at: datetime, trigger: str) -> str:
        with try_advisory_lock(self._engine, task.name) as held:
            if not held:
                return BUSY
            run_id = self._runs.claim(task.name, due_at, trigger, self.station)
            if run_id is None:
                return NOT_DUE          # another scheduler has run this due time
            self._execute(task, run_id, due_at, trigger)
            return RAN

    def _execute(self, task: _Task, run_id: int, due_at: datetime, trigger: str
                 ) -> ScheduledRunDTO:
        """Run the claimed run's work as a job, wait for it, record how it ended."""
        parameters = {"scheduled": trigger, "due_at": due_at, "run_id": run_id,
                      "station": self.station}
        try:
            handle = self._jobs.submit(task.name, parameters, task.work,
                                       key=f"scheduled:{task.name}")
        except Exception as exc:        # the runner is shutting down
            return self._runs.finish(run_id, RUN_FAILED, error_problem=_stored(exc))
        self._runs.link_job(run_id, handle.job_id)
        try:
            result = handle.result()
        except KeyboardInterrupt:       # Ctrl+C in `mesdesk schedule run`: stop the work
            handle.cancel()
            try:
                handle.result()
            except BaseException as exc:  # noqa: BLE001 - the cancel, recorded below
                self._runs.finish(run_id, RUN_FAILED, error_problem=_stored(exc))
            raise
        except Exception as exc:        # the job row holds the error too; the schedule goes on
            log.warning("scheduled task %s failed: %s", task.name, exc)
            return self._runs.finish(run_id, RUN_FAILED, error_problem=_stored(exc))
        counts = to_json_value(result if isinstance(result, dict) else {"result": result})
        return self._runs.finish(run_id, SUCCEEDED, counts=counts)

    # -- background thread -----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"scheduler-{self.station}",
                                        daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look at the clock again now (a changed time zone; a test that moved the clock)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop; a run in progress finishes first (up to ``timeout``)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        if self._stop.wait(self._first_delay.total_seconds()):
            return
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._run_housekeeping_due()
                self.run_pending()
                wait = self._seconds_to_next()
            except Exception as exc:  # noqa: BLE001 - e.g. an unknown time zone setting
                log.warning("the scheduler's pass failed: %s", exc)
                if self._on_error is not None:
                    self._report(self._on_error, exc)
                wait = ERROR_BACKOFF.total_seconds()
            self._wake.wait(wait)

    def _run_housekeeping_due(self) -> None:
        for chore in list(self._housekeeping.values()):
            if self._stop.is_set() or self._clock() < chore.next_at:
                continue
            try:
                self.run_housekeeping(chore.name)
            except Exception as exc:  # noqa: BLE001 - upkeep fails quietly and comes again
                log.warning("housekeeping %s failed: %s", chore.name, exc)

    def _seconds_to_next(self) -> float:
        now = self._clock()
        zone = self._zone()
        moments = [chore.next_at for chore in self._housekeeping.values()]
        for task in self._tasks.values():
            if task.retry_at is not None and task.retry_at > now:
                moments.append(task.retry_at)
            else:
                moments.append(task.schedule.next_due(now, zone))
        wait = min(moments, default=now + MAX_SLEEP) - now
        return min(max(wait, timedelta(milliseconds=50)), MAX_SLEEP).total_seconds()

    @staticmethod
    def _report(callback: Callable[..., None], *args: Any) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("scheduler callback failed")


def _stored(exc: BaseException) -> dict[str, Any]:
    """A run's error as it is stored: a refusal's own problem, else ``problem.internal``."""
    problem = exc.problem if isinstance(exc, DomainError) else P.INTERNAL.problem(
        kind=type(exc).__name__)
    return _plain(problem)


def _plain(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code,
            "params": {name: value.replace("\x00", "\ufffd") if isinstance(value, str)
                       else value for name, value in problem.params.items()}}


class _database_errors:
    """A lost database as the catalogued ``service.database_unreachable``."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, traceback: Any) -> None:
        if isinstance(exc, DBAPIError) and is_disconnect(exc):
            raise unavailable(exc) from exc
