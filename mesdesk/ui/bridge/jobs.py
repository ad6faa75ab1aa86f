"""Jobs on the GUI thread: the job runner's updates as a Qt signal, submitting and cancelling
off the GUI thread, and the count of running jobs for the status bar.

``JobRunner.submit`` and ``JobRunner.cancel`` each write to the database, so views never call
them on the GUI thread: ``JobsBridge.submit`` and ``JobsBridge.cancel`` run them in the task
pool and answer in a slot. There is one bridge per job runner; views get it with
``jobs_bridge(backend)``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from mesdesk.jobs import JobHandle, JobRunner, JobUpdate

from .tasks import TaskRunner, _alive

log = logging.getLogger(__name__)

ACTIVE_STATUSES = ("queued", "running")
#: Finished local jobs remembered for late subscribers (JobProgress bound after the fact).
_KEEP_FINISHED = 500


class JobsBridge(QObject):
    """``updated(JobUpdate)`` on the GUI thread for every change of this station's jobs.

    ``latest(job_id)`` is the last update seen for a local job, so a widget bound to a job
    after it started shows its state at once. Updates never take a finished job back.
    """

    updated = Signal(object)
    _arrived = Signal(object)

    def __init__(self, runner: JobRunner, tasks: TaskRunner, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._tasks = tasks
        self._latest: dict[int, JobUpdate] = {}
        self._closed = False
        self._lock = threading.Lock()
        self._arrived.connect(self._deliver)
        runner.add_listener(self._on_update)

    @property
    def runner(self) -> JobRunner:
        return self._runner

    @property
    def station(self) -> str:
        return self._runner.station

    def latest(self, job_id: int) -> JobUpdate | None:
        return self._latest.get(job_id)

    def local_jobs(self) -> list[JobUpdate]:
        """The last update of every job of this station seen in this session, newest first."""
        return sorted(self._latest.values(), key=lambda u: u.job_id, reverse=True)

    def active_local_ids(self) -> set[int]:
        return {job_id for job_id, update in self._latest.items() if not update.finished}

    def submit(self, kind: str, parameters: dict, work: Callable[[Any], Any], *,
               key: str | None = None, pool: str = "db",
               on_submitted: Callable[[JobHandle], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               owner: QObject | None = None) -> Future:
        """Submit a job off the GUI thread; ``on_submitted(handle)`` runs on the GUI thread,
        after the job's ``queued`` update (so ``latest(handle.job_id)`` is known there).
        Without ``on_failure`` a failure to submit goes to the error presenter."""
        return self._tasks.submit(
            lambda: self._runner.submit(kind, parameters, work, key=key, pool=pool),
            on_success=on_submitted, on_failure=on_failure, owner=owner)

    def cancel(self, job_id: int, *, on_done: Callable[[bool], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               owner: QObject | None = None) -> Future:
        """Cancel a job of any station off the GUI thread; ``on_done(cancelled)`` with False
        when it had finished already."""
        return self._tasks.submit(lambda: self._runner.cancel(job_id), on_success=on_done,
                                  on_failure=on_failure, owner=owner)

    def close(self) -> None:
        """Unsubscribe from the runner (before the runtime closes); idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._runner.remove_listener(self._on_update)
        if _bridges.get(id(self._runner)) is self:
            del _bridges[id(self._runner)]

    # -- any thread ---------------------------------------------------------------------------

    def _on_update(self, update: JobUpdate) -> None:
        with self._lock:
            if self._closed:
                return
            self._arrived.emit(update)

    # -- GUI thread ---------------------------------------------------------------------------

    @Slot(object)
    def _deliver(self, update: JobUpdate) -> None:
        if self._closed:
            return
        previous = self._latest.get(update.job_id)
        if previous is not None and previous.finished:
            return
        self._latest[update.job_id] = update
        if update.finished and len(self._latest) > _KEEP_FINISHED:
            self._forget_oldest_finished()
        self.updated.emit(update)

    def _forget_oldest_finished(self) -> None:
        finished = sorted(job_id for job_id, u in self._latest.items() if u.finished)
        for job_id in finished[:len(self._latest) - _KEEP_FINISHED]:
            del self._latest[job_id]


_bridges: dict[int, JobsBridge] = {}


def jobs_bridge(backend: Any) -> JobsBridge:
    """The one bridge of ``backend``'s job runner, made on first use (on the GUI thread)."""
    runner = backend.jobs
    bridge = _bridges.get(id(runner))
    if bridge is not None and (bridge.runner is not runner or not _alive(bridge)):
        bridge = None
    if bridge is None:
        bridge = JobsBridge(runner, backend.tasks, parent=backend.tasks)
        _bridges[id(runner)] = bridge
    return bridge


def close_jobs_bridge(backend: Any) -> None:
    """Close the bridge made for ``backend``, if any (without creating its job runner)."""
    for bridge in list(_bridges.values()):
        if bridge._tasks is backend.tasks:
            bridge.close()


class RunningJobsCounter(QObject):
    """How many jobs run on all stations: this station's at once (from the runner), the
    others' from a periodic off-thread read of the ``jobs`` table.

    ``count_changed(n)`` on the GUI thread when the number changes.
    """

    count_changed = Signal(int)

    def __init__(self, backend: Any, *, interval_ms: int = 3000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._bridge = jobs_bridge(backend)
        self._stored: set[int] = set()          # active in the last read, any station
        self._finished_here: set[int] = set()   # local jobs finished since that read began
        self._count = 0
        self._reading = False
        self._paused = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._bridge.updated.connect(self._on_update)

    @property
    def count(self) -> int:
        return self._count

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        try:
            self._bridge.updated.disconnect(self._on_update)
        except (RuntimeError, TypeError):
            pass

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def set_paused(self, paused: bool) -> None:
        """No reads while the database is known to be unreachable."""
        self._paused = paused

    @Slot()
    def refresh(self) -> None:
        if self._reading or self._paused:
            return
        self._reading = True
        self._finished_here.clear()
        store = self._backend.runtime.job_store
        self._backend.run(
            lambda: {job.id for job in store.recent(1000, statuses=ACTIVE_STATUSES)},
            on_success=self._on_read, on_failure=self._on_read_failed, owner=self)

    def _on_read(self, active: set[int]) -> None:
        self._reading = False
        self._stored = active - self._finished_here
        self._publish()

    def _on_read_failed(self, error: BaseException) -> None:
        self._reading = False
        log.debug("could not count the running jobs: %s", error)

    @Slot(object)
    def _on_update(self, update: JobUpdate) -> None:
        if update.finished:
            self._finished_here.add(update.job_id)
            self._stored.discard(update.job_id)
        self._publish()

    def _publish(self) -> None:
        count = len(self._stored | self._bridge.active_local_ids())
        if count != self._count:
            self._count = count
            self.count_changed.emit(count)
