"""The ``jobs`` table (SPEC §2, §7) behind the ``JobStore`` port, in SQLAlchemy Core.

Every method is one short transaction of its own, so a station's job panel and the runner of
another station see each change as soon as it is made. Timestamps are the database's ``now()``:
one clock for every station.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, RowMapping, func, insert, null, select, update

from mesdesk.services.dto import JobDTO

from .tables import jobs

ACTIVE = ("queued", "running")
FINAL = ("succeeded", "failed", "cancelled")
STATUSES = (*ACTIVE, *FINAL)

ABANDONED_ERROR = "Interrupted: MESDesk stopped before the job finished"


def _json(value: Any) -> Any:
    """SQL NULL for ``None`` (a JSONB ``null`` would read back the same but filter differently)."""
    return null() if value is None else value


def _dto(row: RowMapping) -> JobDTO:
    return JobDTO(
        id=row["id"], kind=row["kind"], status=row["status"],
        parameters=dict(row["parameters"] or {}),
        progress_done=row["progress_done"], progress_total=row["progress_total"],
        message=row["message"], result=row["result"], error=row["error"],
        station=row["station"], created_at=row["created_at"], started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


_COLUMNS = [c for c in jobs.c if c.name not in ("cancel_requested", "updated_at")]


class SqlJobStore:
    """``JobStore`` over PostgreSQL. Thread-safe: it holds only the engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def create(self, kind: str, parameters: dict[str, Any], station: str) -> int:
        statement = (insert(jobs)
                     .values(kind=kind, parameters=parameters or {}, station=station,
                             status="queued")
                     .returning(jobs.c.id))
        with self._engine.begin() as connection:
            return int(connection.execute(statement).scalar_one())

    def mark_running(self, job_id: int) -> None:
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status == "queued")
                     .values(status="running", started_at=func.now(), updated_at=func.now()))
        with self._engine.begin() as connection:
            connection.execute(statement)

    def progress(self, job_id: int, done: int, total: int | None, message: str | None) -> bool:
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                     .values(progress_done=done, progress_total=total, message=message,
                             updated_at=func.now())
                     .returning(jobs.c.cancel_requested))
        with self._engine.begin() as connection:
            return bool(connection.execute(statement).scalar_one_or_none())

    def finish(self, job_id: int, status: str, *, result: Any = None,
               error: str | None = None) -> None:
        if status not in FINAL:
            raise ValueError(f"A job finishes as one of {', '.join(FINAL)}, not {status!r}")
        # Only an active job is finished: a second finish (or one racing fail_abandoned)
        # cannot overwrite the outcome already recorded.
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                     .values(status=status, result=_json(result), error=error,
                             finished_at=func.now(), updated_at=func.now()))
        with self._engine.begin() as connection:
            connection.execute(statement)

    def request_cancel(self, job_id: int) -> bool:
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                     .values(cancel_requested=True, updated_at=func.now())
                     .returning(jobs.c.id))
        with self._engine.begin() as connection:
            return connection.execute(statement).scalar_one_or_none() is not None

    def get(self, job_id: int) -> JobDTO | None:
        statement = select(*_COLUMNS).where(jobs.c.id == job_id)
        with self._engine.connect() as connection:
            row = connection.execute(statement).mappings().one_or_none()
        return _dto(row) if row is not None else None

    def recent(self, limit: int = 100, *, statuses: Iterable[str] | None = None
               ) -> list[JobDTO]:
        statement = (select(*_COLUMNS)
                     .order_by(jobs.c.created_at.desc(), jobs.c.id.desc())
                     .limit(limit))
        if statuses is not None:
            wanted = list(statuses)
            unknown = set(wanted) - set(STATUSES)
            if unknown:
                raise ValueError(f"Unknown job status: {', '.join(sorted(unknown))}")
            statement = statement.where(jobs.c.status.in_(wanted))
        with self._engine.connect() as connection:
            return [_dto(row) for row in connection.execute(statement).mappings()]

    def fail_abandoned(self, station: str) -> int:
        statement = (update(jobs)
                     .where(jobs.c.station == station, jobs.c.status.in_(ACTIVE))
                     .values(status="failed", error=ABANDONED_ERROR, finished_at=func.now(),
                             updated_at=func.now()))
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount
