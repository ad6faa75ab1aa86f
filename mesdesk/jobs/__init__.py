"""Qt-free job runner (SPEC §7): long work off the GUI thread, each job with a ``jobs`` row,
throttled progress, cooperative cancellation, per-key serialisation, a DB pool and an IO pool.

Imports only ``mesdesk.services`` and ``mesdesk.domain``; the store is wired in by the
composition root (``JobRunner(SqlJobStore(engine), station=...)``).
"""

from .context import PROGRESS_INTERVAL, JobContext
from .runner import JobHandle, JobRunner, JobUpdate

__all__ = ["PROGRESS_INTERVAL", "JobContext", "JobHandle", "JobRunner", "JobUpdate"]
