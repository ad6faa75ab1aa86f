"""`mesdesk schedule list | run NAME`: the §9 scheduled tasks, their last and next runs, and a
run by hand in this process."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Kind
from mesdesk.runtime import Runtime
from mesdesk.services.dto import ScheduledRunDTO, ScheduledTaskDTO

from .common import Outcome

EXIT_REFUSED, EXIT_UNAVAILABLE = 1, 3
HEADERS = ("TASK", "SCHEDULE", "LAST STARTED", "FINISHED", "OUTCOME", "COUNTS", "NEXT RUN")


def schedule_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    tasks = runtime.use.schedule_overview()
    tz = runtime.timezone
    rows = [_row(task, tz) for task in tasks]
    return [task.as_dict() for task in tasks], _table(rows), 0


def schedule_run(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    """Run the task now and wait; a failed run exits non-zero with its reason on stderr (and,
    with ``--json``, the run with its ``error`` on stdout)."""
    run = runtime.use.run_scheduled_task(args.name)
    took = _duration(run)
    if run.status != "failed":
        lines = [f"{run.task}: {run.status} in {took}, {_counts(run.counts) or 'no counts'} "
                 f"(run {run.id}, job {run.job_id})."]
        return run.as_dict(), lines, 0
    problem = run.problem or P.INTERNAL.problem(kind="unrecorded")
    print(f"mesdesk: {run.task} failed: {' '.join(problem.message.split())}", file=sys.stderr)
    code = EXIT_UNAVAILABLE if problem.kind is Kind.UNAVAILABLE else EXIT_REFUSED
    return run.as_dict(), [f"{run.task}: failed after {took} (run {run.id}, job {run.job_id})."
                           ], code


def schedule_text(schedule: dict[str, Any]) -> str:
    """``daily 01:00`` / ``every 15 min`` from a schedule's data."""
    if schedule.get("kind") == "daily":
        return f"daily {schedule['at']}"
    seconds = int(schedule.get("seconds", 0))
    if seconds % 3600 == 0:
        return f"every {seconds // 3600} h"
    if seconds % 60 == 0:
        return f"every {seconds // 60} min"
    return f"every {seconds} s"


def _row(task: ScheduledTaskDTO, tz: tzinfo) -> tuple[str, ...]:
    run = task.last_run
    if run is None:
        started = finished = outcome = counts = "-"
    else:
        started = _time(run.started_at, tz)
        finished = _time(run.finished_at, tz) if run.finished_at else "-"
        outcome = run.status
        if run.trigger != "schedule":
            outcome += f" ({run.trigger.replace('_', '-')}, {run.station})"
        else:
            outcome += f" ({run.station})"
        problem = run.problem
        if problem is not None:
            outcome += f": {' '.join(problem.message.split())}"
        counts = _counts(run.counts) or "-"
    return (task.name, schedule_text(task.schedule.as_dict()), started, finished, outcome,
            counts, _time(task.next_due, tz))


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in [HEADERS, *rows]) for column in range(len(HEADERS))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in [HEADERS, *rows]]


def _time(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _counts(counts: dict[str, Any] | None) -> str:
    return ", ".join(f"{key}={value}" for key, value in (counts or {}).items())


def _duration(run: ScheduledRunDTO) -> str:
    if run.finished_at is None:
        return "-"
    return f"{(run.finished_at - run.started_at).total_seconds():.1f} s"
