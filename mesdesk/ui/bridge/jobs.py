"""Jobs on the GUI thread: the job runner's updates as a Qt signal, submitting and cancelling
off the GUI thread, and the count of running jobs for the status bar.

``JobRunner.submit`` and ``JobRunner.cancel`` each write to the database, so views never call
them on the GUI thread: ``JobsBridge.submit`` and ``JobsBridge.cancel`` run them as ops and
answer in a slot. The app makes one bridge; views get it as ``backend.job_updates``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from mesdesk.jobs import JobHandle, JobRunner, JobUpdate

from ..widgets.ops import OpRunner
from ..widgets.refresher import Refresher

log = logging.getLogger(__name__)

#: Finished local jobs remembered for late subscribers (JobProgress bound after the fact).
_KEEP_FINISHED = 500


class JobsBridge(QObject):
    """``updated(JobUpdate)`` on the GUI thread for every change of this station's jobs.

    ``latest(job_id)`` is the last update seen for a local job, so a widget bound to a job
    after it started shows its state at once. Updates never take a finished job back.
    """

    updated = Signal(object)
    _arrived = Signal(object)

    def __init__(self, runner: JobRunner, ops: OpRunner, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ops = ops
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
        return self._ops.run(
            lambda: self._runner.submit(kind, parameters, work, key=key, pool=pool),
            success=on_submitted, failure=on_failure, owner=owner)

    def cancel(self, job_id: int, *, on_done: Callable[[bool], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               owner: QObject | None = None) -> Future:
        """Cancel a job of any station off the GUI thread; ``on_done(cancelled)`` with False
        when it had finished already."""
        return self._ops.run(lambda: self._runner.cancel(job_id), success=on_done,
                             failure=on_failure, owner=owner)

    def close(self) -> None:
        """Unsubscribe from the runner (before the runtime closes); idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._runner.remove_listener(self._on_update)

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


class RunningJobsCounter(QObject):
    """How many jobs run on all stations: this station's at once (from the runner), the
    others' from a read of the ``jobs`` table every ``interval_ms`` (other stations' jobs
    announce nothing), paused while the database is lost.

    ``count_changed(n)`` on the GUI thread when the number changes.
    """

    count_changed = Signal(int)

    def __init__(self, backend: Any, *, interval_ms: int = 3000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge: JobsBridge = backend.job_updates
        self._stored: set[int] = set()          # active in the last read, any station
        self._finished_here: set[int] = set()   # local jobs finished since that read began
        self._count = 0
        self._interval_ms = interval_ms
        use = backend.use
        self._reads = Refresher(backend.ops, read=lambda: use.active_job_ids(),
                                apply=self._on_read, failed=self._on_read_failed, parent=self)
        self._reads.busy_changed.connect(self._on_busy)
        self._reads.follow_connection(backend.changes)
        self._bridge.updated.connect(self._on_update)

    @property
    def count(self) -> int:
        return self._count

    def start(self) -> None:
        self._reads.every(self._interval_ms)
        self.refresh()

    def stop(self) -> None:
        self._reads.stop()
        try:
            self._bridge.updated.disconnect(self._on_update)
        except (RuntimeError, TypeError):
            pass

    def set_interval(self, interval_ms: int) -> None:
        self._interval_ms = interval_ms
        self._reads.every(interval_ms)

    @Slot()
    def refresh(self) -> None:
        self._reads.refresh()

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        if busy:                    # a read starts: count the local finishes from now on
            self._finished_here.clear()

    def _on_read(self, active: set[int]) -> None:
        self._stored = active - self._finished_here
        self._publish()

    def _on_read_failed(self, error: BaseException) -> None:
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
