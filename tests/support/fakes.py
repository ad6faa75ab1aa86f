"""A runtime without a database, for tests about a screen alone (a form's validation, a
layout, what a view does with what a use case returns).

It is built through the one composition root (``bootstrap`` with ``Overrides``): the same
station, job runner, use-case binding and workers' start/stop as the app, with in-memory
stand-ins where a server would be. A use case the test does not replace refuses loudly: a
screen test that reaches the database by accident fails instead of hanging.

    runtime = runtime_without_database(settings, list_subscriptions=lambda: [sub])
    backend = Backend.build(runtime)

Whatever crosses a service boundary is tested against the real thing elsewhere.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from mesdesk.bootstrap import Overrides, bootstrap
from mesdesk.config import Settings
from mesdesk.runtime import Runtime
from mesdesk.services.dto import JobDTO


class NoDatabase:
    """A unit-of-work factory that refuses: the test should have replaced the use case."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a screen test reached the database: replace the use case")

    @property
    def scans(self) -> Any:
        """The one-statement scan port (``UnitOfWorkFactory.scans``): refused alike."""
        raise AssertionError("a screen test reached the database: replace the use case")


class MemoryJobStore:
    """The ``JobStore`` port in memory (the job runner's rows)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._jobs: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def create(self, kind: str, parameters: dict[str, Any], station: str) -> int:
        with self._lock:
            job_id = next(self._ids)
            self._jobs[job_id] = {"kind": kind, "parameters": parameters, "station": station,
                                  "status": "queued", "created_at": datetime.now(timezone.utc)}
            return job_id

    def mark_running(self, job_id: int) -> None:
        self._set(job_id, status="running")

    def progress(self, job_id: int, done: int, total: int | None, message: str | None,
                 **_: Any) -> None:
        self._set(job_id, done=done, total=total, message=message)

    def finish(self, job_id: int, status: str, **fields: Any) -> None:
        self._set(job_id, status=status, **fields)

    def heartbeat(self, job_ids: Iterable[int]) -> None:
        pass

    def request_cancel(self, job_id: int) -> bool:
        return False

    def get(self, job_id: int) -> JobDTO | None:
        return None

    def recent(self, limit: int = 100, *, statuses: Iterable[str] | None = None) -> list:
        return []

    def fail_abandoned(self) -> int:
        return 0

    def _set(self, job_id: int, **fields: Any) -> None:
        with self._lock:
            self._jobs.setdefault(job_id, {}).update(fields)


class QuietListener:
    """A live-updates listener that never hears anything (and says it is connected)."""

    def __init__(self, on_change: Callable[[dict], None],
                 on_state: Callable[[str], None] | None = None, **_: Any) -> None:
        self._on_state = on_state

    def start(self) -> None:
        if self._on_state is not None:
            self._on_state("connected")

    def stop(self, timeout: float = 1.0) -> None:
        pass


@dataclass
class IdleWorker:
    """A worker that only remembers whether it was started."""

    started: bool = False
    tasks: tuple[str, ...] = ()

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False


def runtime_without_database(settings: Settings, **use_cases: Callable[..., Any]) -> Runtime:
    """The runtime for ``settings`` with no server behind it; ``use_cases`` replace the bound
    use cases of those names (``list_subscriptions=lambda: [...]``)."""
    return bootstrap(settings, overrides=Overrides(
        uow_factory=NoDatabase(), job_store=MemoryJobStore(), listen=QuietListener,
        dispatcher=IdleWorker(), scheduler=IdleWorker(),
        schema_status=lambda: None, use=use_cases))
