"""The §9 scheduled tasks, in one list: each one's name, schedule and work.

A task's name is also its job kind (the Jobs panel), its advisory lock's name and its key in
``scheduled_runs``. Its work runs as a job (it gets the job's ``JobControl``: progress,
cancellation) and returns its counts, a small JSON object the run records and the Schedule tab
shows.

Adding a task is one more entry in ``scheduled_tasks`` below, a name for it in the GUI (``mesdesk/ui/text/kinds.py``) and labels for its counts
there. Nothing else: the scheduler, the record, the Schedule tab and ``mesdesk schedule``
take the list as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.schedules import Daily, Every, Schedule

from . import webhooks
from .analytics import refresh_statistics
from .batches import auto_close_expired_batches
from .file_cleanup import cleanup_old_files
from .ports import FileStore, JobControl, UnitOfWorkFactory

AUTO_CLOSE_EXPIRED_BATCHES = "auto_close_expired_batches"
CLEANUP_OLD_FILES = "cleanup_old_files"
RETRY_FAILED_WEBHOOKS = "retry_failed_webhooks"
REFRESH_STATISTICS = "refresh_statistics"

#: work(job) -> the run's counts
Work = Callable[[JobControl], dict[str, Any]]


@dataclass(frozen=True)
class ScheduledTask:
    name: str
    schedule: Schedule
    work: Work


def scheduled_tasks(uow_factory: UnitOfWorkFactory, file_store: FileStore, settings: Settings,
                    *, timezone: Callable[[], tzinfo], clock: Callable[[], datetime]
                    ) -> tuple[ScheduledTask, ...]:
    """The tasks of §9 on these dependencies. ``timezone`` is read at each run (the production
    zone is a live setting); ``clock`` is the scheduler's (tests move it)."""
    return (
        ScheduledTask(AUTO_CLOSE_EXPIRED_BATCHES, Daily(time(1, 0)),
                      close_expired_batches_work(uow_factory, timezone)),
        ScheduledTask(CLEANUP_OLD_FILES, Daily(time(2, 0)),
                      cleanup_old_files_work(file_store, settings.file_max_age_days, clock)),
        ScheduledTask(RETRY_FAILED_WEBHOOKS, Every(timedelta(minutes=15)),
                      retry_failed_webhooks_work(uow_factory)),
        ScheduledTask(REFRESH_STATISTICS, Every(timedelta(minutes=5)),
                      refresh_statistics_work(uow_factory)),
    )


def close_expired_batches_work(uow_factory: UnitOfWorkFactory, timezone: Callable[[], tzinfo]
                               ) -> Work:
    def work(job: JobControl) -> dict[str, Any]:
        counts = auto_close_expired_batches(uow_factory, timezone())
        closed = counts["closed"]
        job.progress(closed, closed, P.JOB_EXPIRED_BATCHES_CLOSED.problem(count=closed))
        return counts

    return work


def cleanup_old_files_work(file_store: FileStore, max_age_days: int,
                           clock: Callable[[], datetime]) -> Work:
    def work(job: JobControl) -> dict[str, Any]:
        counts = cleanup_old_files(file_store, clock(), max_age_days, job)
        deleted = counts["deleted"]
        job.progress(deleted, deleted, P.JOB_OLD_FILES_DELETED.problem(count=deleted,
                                                                      days=max_age_days))
        return counts

    return work


def retry_failed_webhooks_work(uow_factory: UnitOfWorkFactory) -> Work:
    def work(job: JobControl) -> dict[str, Any]:
        count = webhooks.retry_failed_webhooks(uow_factory)
        job.progress(count, count, P.JOB_WEBHOOKS_REQUEUED.problem(count=count))
        return {"requeued": count}

    return work


def refresh_statistics_work(uow_factory: UnitOfWorkFactory) -> Work:
    """The analytics rollups' changes folded into their totals (``services.analytics``)."""
    def work(job: JobControl) -> dict[str, Any]:
        counts = refresh_statistics(uow_factory)
        folded = counts["folded"]
        job.progress(folded, folded, P.JOB_STATISTICS_FOLDED.problem(count=folded))
        return counts

    return work
