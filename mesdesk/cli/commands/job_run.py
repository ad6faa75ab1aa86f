"""Long CLI work as a job (SPEC §7): a ``jobs`` row every station sees, progress on stderr
while it runs (only on a terminal, so scripts and ``--json`` stay clean), and Ctrl+C cancels
it (an export, a report or an import then leaves nothing behind) before it is raised again."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from mesdesk.jobs import JobUpdate
from mesdesk.runtime import Runtime


class TerminalProgress:
    """``export: 5,000 / 100,000 rows`` rewritten in place on stderr."""

    def __init__(self, kind: str, unit: str) -> None:
        self._kind = kind
        self._unit = unit
        self._job_id: int | None = None
        self._lock = threading.Lock()
        self._shown = False

    def follow(self, job_id: int) -> None:
        self._job_id = job_id

    def __call__(self, update: JobUpdate) -> None:
        if update.job_id != self._job_id or update.finished:
            return
        of = f" / {update.total:,}" if update.total is not None else ""
        with self._lock:
            sys.stderr.write(f"\r{self._kind}: {update.done:,}{of} {self._unit}")
            sys.stderr.flush()
            self._shown = True

    def end(self) -> None:
        with self._lock:
            if self._shown:
                sys.stderr.write("\n")
                sys.stderr.flush()


def run_job(runtime: Runtime, kind: str, parameters: dict[str, Any],
            work: Callable[[Any], Any], *, unit: str = "rows", key: str | None = None) -> Any:
    """Submit ``work`` as a job of ``kind`` and wait for its result (its failure is raised)."""
    progress = TerminalProgress(kind, unit) if sys.stderr.isatty() else None
    if progress:
        runtime.jobs.add_listener(progress)
    try:
        handle = runtime.jobs.submit(kind, parameters, work, key=key)
        if progress:
            progress.follow(handle.job_id)
        try:
            return handle.result()
        except KeyboardInterrupt:
            handle.cancel()         # the work stops at its next check and leaves no file
            raise
    finally:
        if progress:
            runtime.jobs.remove_listener(progress)
            progress.end()
