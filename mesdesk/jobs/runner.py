"""The Qt-free job runner (SPEC §7): a small DB pool, an IO pool, per-key serialisation,
throttled progress, cooperative cancellation and a ``jobs`` row per job; and the op pool
for the short work screens wait for (``run_op``: no row, no progress).

The runner never lets the store decide a job's outcome: if the database goes away while a job
records progress or its finish, the failure is logged and the outcome still reaches the
``JobHandle`` and ``on_update``; an outcome the database refuses is stored as a failure
saying why (:mod:`.outcome`). While the process lives, a heartbeat thread marks its active
jobs alive (:mod:`.heartbeat`); the rows a dead process leaves active are failed as
``job.abandoned`` by ``JobStore.fail_abandoned`` at the next start or by a worker.

Errors and progress messages are stored as problems (code + params) next to their English.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.errors import CancelledError, DomainError
from mesdesk.domain.events import to_json_value
from mesdesk.domain.problems import ProblemType
from mesdesk.services.ports import JobStore

from . import outcome
from .outcome import json_result
from .context import JobContext, Message
from .heartbeat import HEARTBEAT_INTERVAL, Heartbeat
from .update import CANCELLED, FAILED, QUEUED, RUNNING, SUCCEEDED, JobUpdate

log = logging.getLogger(__name__)

POOLS = ("db", "io")

Work = Callable[[JobContext], Any]


class JobHandle:
    """The caller's side of one submitted job."""

    def __init__(self, job_id: int, kind: str, future: Future, runner: JobRunner) -> None:
        self.job_id = job_id
        self.kind = kind
        self._future = future
        self._runner = runner

    def result(self, timeout: float | None = None) -> Any:
        """The work's return value, or raises the job's error (``DomainError``,
        ``CancelledError`` or the original exception); ``TimeoutError`` after ``timeout``.
        When it returns, the row is final and ``on_update`` has seen the outcome."""
        return self._future.result(timeout)

    def done(self) -> bool:
        return self._future.done()

    def cancel(self) -> bool:
        return self._runner.cancel(self.job_id)

    def __repr__(self) -> str:
        return f"<JobHandle {self.job_id} {self.kind} done={self.done()}>"


class _Job:
    """The runner's bookkeeping for one local job. ``state`` changes under the runner's lock:
    queued → running → finished, or queued → finished when cancelled before it starts."""

    __slots__ = ("id", "kind", "key", "pool", "work", "context", "future", "state", "dispatched")

    def __init__(self, job_id: int, kind: str, key: str | None, pool: str, work: Work,
                 context: JobContext) -> None:
        self.id = job_id
        self.kind = kind
        self.key = key
        self.pool = pool
        self.work = work
        self.context = context
        self.future: Future = Future()
        self.state = QUEUED
        self.dispatched = False     # handed to an executor (and, if keyed, holding its key)


class JobRunner:
    """Runs work functions off the calling thread, each with a ``jobs`` row.

    ``on_update`` is called from worker threads (and from ``submit``/``cancel`` on the caller's
    thread for the queued/cancelled-before-start changes); an exception in it is logged and
    never breaks a job.
    """

    def __init__(self, store: JobStore, *, station: str, db_workers: int = 2,
                 io_workers: int = 4, op_workers: int = 3,
                 on_update: Callable[[JobUpdate], None] | None = None,
                 heartbeat_interval: float = HEARTBEAT_INTERVAL) -> None:
        self._store = store
        self._station = station
        self._listeners: list[Callable[[JobUpdate], None]] = [on_update] if on_update else []
        self._pools = {
            "db": ThreadPoolExecutor(db_workers, thread_name_prefix="mesdesk-job-db"),
            "io": ThreadPoolExecutor(io_workers, thread_name_prefix="mesdesk-job-io"),
        }
        # Apart, so a long import never makes a page's read wait for a worker.
        self._op_pool = ThreadPoolExecutor(op_workers, thread_name_prefix="mesdesk-op")
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)    # notified when a job finishes
        self._jobs: dict[int, _Job] = {}                # local jobs not finished yet
        self._keys: dict[str, deque[_Job]] = {}          # key -> jobs waiting behind its holder
        self._finishing = 0                              # outcomes being delivered
        self._closed = False
        self._heartbeat = Heartbeat(store, self._active_ids, interval=heartbeat_interval)

    # -- public API ---------------------------------------------------------------------------

    @property
    def station(self) -> str:
        return self._station

    def beat(self) -> None:
        """Write one heartbeat now for this runner's active jobs (the thread does it every
        ``heartbeat_interval`` seconds)."""
        self._heartbeat.beat()

    def _active_ids(self) -> list[int]:
        with self._lock:
            return list(self._jobs)

    def add_listener(self, listener: Callable[[JobUpdate], None]) -> None:
        """Another ``on_update`` (the GUI bridge subscribes after the runner exists)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[JobUpdate], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def submit(self, kind: str, parameters: dict, work: Work, *, key: str | None = None,
               pool: str = "db") -> JobHandle:
        """Create the ``queued`` row (on the calling thread, so the id is known at once) and
        schedule ``work(context)`` (``job.runner_closed`` once shut down). Jobs sharing ``key`` run one after another in submission
        order; the others run in parallel up to the pool's size."""
        if pool not in POOLS:
            raise ValueError(f"Unknown job pool {pool!r}; use one of {', '.join(POOLS)}")
        if self._closed:
            raise P.JOB_RUNNER_CLOSED()
        job_id = self._store.create(kind, to_json_value(dict(parameters or {})), self._station)
        self._heartbeat.start()
        context = JobContext(job_id, kind, lambda done, total, message: self._write_progress(
            job_id, kind, done, total, message))
        job = _Job(job_id, kind, key, pool, work, context)
        handle = JobHandle(job_id, kind, job.future, self)
        with self._lock:
            if self._closed:
                closed = True
            else:
                closed = False
                self._jobs[job_id] = job
                if key is not None and key in self._keys:
                    self._keys[key].append(job)
                    dispatch = False
                else:
                    if key is not None:
                        self._keys[key] = deque()
                    job.dispatched = dispatch = True
        if closed:
            self._cancelled(job, P.JOB_CANCELLED_AT_SHUTDOWN)
            raise P.JOB_RUNNER_CLOSED()
        self._notify(self._update(job, QUEUED))
        if dispatch:
            self._dispatch(job)
        return handle

    def run_op(self, work: Callable[[], Any]) -> Future:
        """Run ``work()`` on the op pool: no jobs row, no progress, no cancel (an op is a
        short read or write a screen waits for; long work is a job, see ``submit``)."""
        return self._op_pool.submit(work)

    def cancel(self, job_id: int) -> bool:
        """Cancel a job. A local queued job is finished as cancelled at once and never runs; a
        local running job has its flag set now and stops at its next ``progress`` or
        ``check_cancelled``; any other job (another station's) gets ``cancel_requested`` in the
        store, seen by its runner at its next progress write. False when there is nothing to
        cancel (finished or unknown). Does one short write on the calling thread."""
        return self._cancel(job_id, running=P.JOB_CANCELLED_BY_USER,
                            queued=P.JOB_CANCELLED_BEFORE_START)

    def shutdown(self, *, timeout: float = 10.0) -> None:
        """Cancel queued and running jobs and wait up to ``timeout`` seconds for the running
        ones to stop. Idempotent. Work that ignores cancellation is left running (its thread
        cannot be killed); it is logged, and its row is failed by ``fail_abandoned`` at the
        next start if the process ends first."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            local = list(self._jobs)
        for job_id in local:
            self._cancel(job_id, running=P.JOB_CANCELLED_AT_SHUTDOWN,
                         queued=P.JOB_CANCELLED_AT_SHUTDOWN, tell_store=False)
        with self._idle:
            self._idle.wait_for(lambda: not self._jobs and not self._finishing, timeout=timeout)
            stuck = [f"{job.id} ({job.kind})" for job in self._jobs.values()]
        if stuck:
            log.warning("Jobs still running after %.1f s at shutdown: %s", timeout,
                        ", ".join(stuck))
        if not stuck:       # a stuck job keeps beating: its process still lives
            self._heartbeat.stop()
        for executor in (*self._pools.values(), self._op_pool):
            executor.shutdown(wait=False, cancel_futures=True)

    # -- scheduling ---------------------------------------------------------------------------

    def _cancel(self, job_id: int, *, running: ProblemType, queued: ProblemType,
                tell_store: bool = True) -> bool:
        with self._lock:
            job = self._jobs.get(job_id)
            state = job.state if job is not None else None
            if job is not None and state == QUEUED:
                job.state = CANCELLED       # claimed: the worker will skip it
            elif job is not None and state == RUNNING:
                job.context.cancel(running)
        if job is None:
            try:
                return self._store.request_cancel(job_id)
            except Exception:
                log.exception("Could not request the cancel of job %s", job_id)
                return False
        if state == QUEUED:
            self._cancelled(job, queued)
            return True
        if state == RUNNING:
            if tell_store:
                try:
                    self._store.request_cancel(job_id)
                except Exception:
                    log.warning("Could not record the cancel of job %s", job_id, exc_info=True)
            return True
        return False

    def _dispatch(self, job: _Job) -> None:
        try:
            self._pools[job.pool].submit(self._run, job)
        except RuntimeError:    # the executor is shut down
            with self._lock:
                claimed = job.state == QUEUED
                job.state = CANCELLED
            if claimed:
                self._cancelled(job, P.JOB_CANCELLED_AT_SHUTDOWN)
            self._release(job)

    def _release(self, job: _Job) -> None:
        """The dispatched job is done with its key: hand the key to the next live job."""
        if job.key is None:
            return
        with self._lock:
            waiting = self._keys.get(job.key)
            following = None
            while waiting:
                candidate = waiting.popleft()
                if candidate.state == QUEUED:
                    following = candidate
                    break
            if following is None:
                self._keys.pop(job.key, None)
            else:
                following.dispatched = True
        if following is not None:
            self._dispatch(following)

    # -- one job, on a worker thread -------------------------------------------------------------

    def _run(self, job: _Job) -> None:
        try:
            with self._lock:
                if job.state != QUEUED:
                    return      # cancelled while it waited; already finished
                job.state = RUNNING
            self._execute(job)
        finally:
            self._release(job)

    def _execute(self, job: _Job) -> None:
        try:
            self._store.mark_running(job.id)
        except Exception:
            log.warning("Could not mark job %s running", job.id, exc_info=True)
        self._notify(self._update(job, RUNNING))
        context = job.context
        try:
            value = job.work(context)
        except CancelledError as exc:
            self._flush(job)
            self._finish(job, CANCELLED, exception=exc)
        except DomainError as exc:
            self._flush(job)
            self._finish(job, FAILED, exception=exc)
        except BaseException as exc:  # noqa: BLE001 - every outcome must reach the handle
            log.error("Job %s (%s) failed unexpectedly", job.id, job.kind, exc_info=exc)
            self._flush(job)
            self._finish(job, FAILED, exception=exc)
        else:
            self._flush(job)
            self._finish(job, SUCCEEDED, value=value)

    def _flush(self, job: _Job) -> None:
        try:
            job.context.flush()
        except Exception:       # the writer logs store failures itself; belt and braces
            log.exception("Could not flush the progress of job %s", job.id)

    def _write_progress(self, job_id: int, kind: str, done: int, total: int | None,
                        message: Message | None) -> bool:
        cancel = False
        text, problem = outcome.message_parts(message)
        try:
            cancel = self._store.progress(job_id, done, total, text, problem)
        except Exception:
            log.warning("Could not store the progress of job %s", job_id, exc_info=True)
        self._notify(JobUpdate(job_id, kind, RUNNING, done, total, text,
                               message_problem=problem))
        return cancel

    def _cancelled(self, job: _Job, reason: ProblemType) -> None:
        self._finish(job, CANCELLED, exception=reason())

    def _finish(self, job: _Job, status: str, *, value: Any = None,
                exception: BaseException | None = None) -> None:
        """Record the outcome (store, then ``on_update``, then the handle); never raises.

        The handle is resolved whatever happens to the store: a refused outcome is stored as
        a failure saying why (:func:`outcome.record`), the handle still gets the real one."""
        with self._lock:
            job.state = status
            self._jobs.pop(job.id, None)
            self._finishing += 1
        try:
            stored = error = problem = None
            if status == SUCCEEDED:
                try:
                    stored = json_result(value)
                except Exception:
                    log.exception("Could not convert the result of job %s", job.id)
            if exception is not None:
                problem = outcome.error_problem(exception)
                error = problem.message
            outcome.record(self._store, job.id, status, result=stored, error=error,
                           problem=problem)
            self._notify(self._update(job, status, result=value, error=error,
                                      error_problem=outcome.stored(problem)))
        except BaseException:  # noqa: BLE001 - the handle below must still resolve
            log.exception("Could not finish job %s", job.id)
        finally:
            if exception is None:
                job.future.set_result(value)
            else:
                job.future.set_exception(exception)
            with self._idle:
                self._finishing -= 1
                self._idle.notify_all()

    def _update(self, job: _Job, status: str, *, result: Any = None,
                error: str | None = None, error_problem: dict[str, Any] | None = None
                ) -> JobUpdate:
        context = job.context
        text, problem = outcome.message_parts(context.message)
        return JobUpdate(job.id, job.kind, status, context.done_count, context.total,
                         text, result, error, error_problem, problem)

    def _notify(self, update: JobUpdate) -> None:
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:
                log.exception("on_update failed for job %s (%s)", update.job_id, update.status)
