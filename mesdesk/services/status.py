"""Small reads behind the status bar and the Jobs panel: counts a station shows all day."""

from __future__ import annotations

from collections.abc import Iterable

from .dto import JobDTO
from .ports import JobStore, ScanJournal

ACTIVE_JOB_STATUSES = ("queued", "running")


def offline_scan_count(journal: ScanJournal) -> int:
    """Scans kept on this station that the database has not decided yet."""
    return journal.pending_count()


def recent_jobs(job_store: JobStore, limit: int = 100, *,
                statuses: Iterable[str] | None = None) -> list[JobDTO]:
    """The newest jobs of every station, newest first (optionally only these statuses)."""
    return list(job_store.recent(limit, statuses=statuses))


def active_job_ids(job_store: JobStore, limit: int = 1000) -> set[int]:
    """The jobs queued or running on any station."""
    return {job.id for job in job_store.recent(limit, statuses=ACTIVE_JOB_STATUSES)}
