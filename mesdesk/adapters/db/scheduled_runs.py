"""The record of the §9 scheduled tasks: ``scheduled_tasks`` (known since when) and
``scheduled_runs`` (one row per run), in SQLAlchemy Core.

Every method is one short transaction of its own, so every station's Schedule tab sees a run
start and end as it happens. Start and end times are the database's ``now()`` (one clock for
every station); a due time is what the scheduler computed it to be.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (Engine, RowMapping, case, func, literal_column, null, select, text,
                        update)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mesdesk.services.dto import ScheduledRunDTO

from .tables import jobs, scheduled_runs as runs, scheduled_tasks as known

SCHEDULE, CATCH_UP, MANUAL = "schedule", "catch_up", "manual"
TRIGGERS = (SCHEDULE, CATCH_UP, MANUAL)
RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"

_COLUMNS = [runs.c.id, runs.c.task, runs.c.due_at, runs.c.trigger, runs.c.station,
            runs.c.status, runs.c.counts, runs.c.error_problem, runs.c.job_id,
            runs.c.started_at, runs.c.finished_at]


#: Each task's newest run: one index probe per task (task, started_at), however long the record.
_LAST_RUNS = text(f"""
    SELECT r.* FROM unnest(CAST(:tasks AS varchar[])) AS t(task)
    CROSS JOIN LATERAL (
        SELECT {", ".join(column.name for column in _COLUMNS)} FROM scheduled_runs
         WHERE task = t.task ORDER BY started_at DESC, id DESC LIMIT 1) AS r
""")


def _dto(row: RowMapping) -> ScheduledRunDTO:
    return ScheduledRunDTO(**{column.name: row[column.name] for column in _COLUMNS})


def _json(value: Any) -> Any:
    return null() if value is None else value


class SqlScheduledRuns:
    """Thread-safe: it holds only the engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def register(self, task: str, at: datetime) -> datetime:
        """Note that a scheduler knows ``task`` (first time: since ``at``); returns since when
        it has been known. The no-op update returns the row a concurrent first insert wrote."""
        statement = (pg_insert(known).values(task=task, first_seen_at=at)
                     .on_conflict_do_update(index_elements=[known.c.task],
                                            set_={"task": literal_column("excluded.task")})
                     .returning(known.c.first_seen_at))
        with self._engine.begin() as connection:
            return connection.execute(statement).scalar_one()

    def claim(self, task: str, due_at: datetime, trigger: str, station: str) -> int | None:
        """The run of ``task`` for ``due_at``, if no scheduler has claimed that due time yet
        (the unique (task, due_at) decides); None when one has."""
        if trigger not in TRIGGERS:
            raise ValueError(f"a run is triggered by one of {', '.join(TRIGGERS)}")
        statement = (pg_insert(runs)
                     .values(task=task, due_at=due_at, trigger=trigger, station=station,
                             status=RUNNING)
                     .on_conflict_do_nothing(constraint="uq_scheduled_run_due")
                     .returning(runs.c.id))
        with self._engine.begin() as connection:
            found = connection.execute(statement).scalar_one_or_none()
        return None if found is None else int(found)

    def link_job(self, run_id: int, job_id: int) -> None:
        with self._engine.begin() as connection:
            connection.execute(update(runs).where(runs.c.id == run_id).values(job_id=job_id))

    def finish(self, run_id: int, status: str, *, counts: Mapping[str, Any] | None = None,
               error_problem: Mapping[str, Any] | None = None) -> ScheduledRunDTO:
        """Record how the run ended (once: a finished run is left as it is); returns it."""
        if status not in (SUCCEEDED, FAILED):
            raise ValueError(f"a run ends {SUCCEEDED} or {FAILED}, not {status!r}")
        statement = (update(runs).where(runs.c.id == run_id, runs.c.status == RUNNING)
                     .values(status=status, counts=_json(counts),
                             error_problem=_json(error_problem), finished_at=func.now()))
        with self._engine.begin() as connection:
            connection.execute(statement)
            row = connection.execute(select(*_COLUMNS).where(runs.c.id == run_id)
                                     ).mappings().one()
        return _dto(row)

    def get(self, run_id: int) -> ScheduledRunDTO | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(*_COLUMNS).where(runs.c.id == run_id)
                                     ).mappings().one_or_none()
        return None if row is None else _dto(row)

    def last_runs(self, tasks: Iterable[str]) -> dict[str, ScheduledRunDTO]:
        """Each task's newest run (a running one included), by task."""
        names = list(tasks)
        if not names:
            return {}
        with self._engine.connect() as connection:
            return {row["task"]: _dto(row)
                    for row in connection.execute(_LAST_RUNS, {"tasks": names}).mappings()}

    def end_orphaned(self) -> int:
        """End the runs still marked running whose job has ended: their process died (or lost
        the database) before it could record the end; the job's row says how it went (a
        ``job.abandoned`` once ``JobStore.fail_abandoned`` has failed it). Returns how many."""
        succeeded = jobs.c.status == "succeeded"
        statement = (update(runs)
                     .where(runs.c.status == RUNNING, runs.c.job_id == jobs.c.id,
                            jobs.c.status.in_(("succeeded", "failed", "cancelled")))
                     .values(status=case((succeeded, SUCCEEDED), else_=FAILED),
                             counts=case((succeeded, jobs.c.result), else_=null()),
                             error_problem=jobs.c.error_problem,
                             finished_at=func.coalesce(jobs.c.finished_at, func.now())))
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount
