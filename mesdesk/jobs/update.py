"""What a job runner tells its listeners: one ``JobUpdate`` per change of a job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

QUEUED, RUNNING = "queued", "running"
SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"


@dataclass(frozen=True, slots=True)
class JobUpdate:
    """One change of a job, as the GUI bridge and the CLI see it.

    ``result`` is the work's return value as returned (a DTO stays a DTO); the row holds its
    JSON form. ``error`` is the English message of a failed or cancelled job and
    ``error_problem`` the same as a stored problem ``{"code", "params"}``; ``message`` is the
    English progress message and ``message_problem`` its problem, when it is one.
    """

    job_id: int
    kind: str
    status: str
    done: int
    total: int | None
    message: str | None
    result: Any = None
    error: str | None = None
    error_problem: dict[str, Any] | None = None
    message_problem: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        return self.status in (SUCCEEDED, FAILED, CANCELLED)
