"""The ``jobs`` table (SPEC §2, §7) behind the ``JobStore`` port, in SQLAlchemy Core.

Every method is one short transaction of its own, so a station's job panel and the runner of
another station see each change as soon as it is made. Timestamps are the database's ``now()``:
one clock for every station.

Every job ends (SPEC §7): the runner of a live process writes ``heartbeat_at`` of its active
jobs every few seconds (:meth:`SqlJobStore.heartbeat`, one UPDATE for all of them). A job whose
heartbeat is older than the lease (:data:`LEASE`) belongs to a process that died: the next
start of MESDesk (app, CLI or worker) and the worker's periodic pass fail it with
``job.abandoned`` (:meth:`SqlJobStore.fail_abandoned`). Rows written before heartbeats existed
(``heartbeat_at`` NULL) count as abandoned once they have not changed for
:data:`LEGACY_GRACE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, RowMapping, func, insert, literal, null, or_, select, update

from mesdesk.domain import problems as P
from mesdesk.services.dto import JobDTO

from .tables import jobs

ACTIVE = ("queued", "running")
FINAL = ("succeeded", "failed", "cancelled")
STATUSES = (*ACTIVE, *FINAL)

#: How long a job may go without a heartbeat before it counts as abandoned. The runner beats
#: every ``mesdesk.jobs.runner.HEARTBEAT_INTERVAL`` (10 s): three missed beats.
LEASE = timedelta(seconds=30)
#: For rows without any heartbeat (written by a version before heartbeats): this long unchanged.
LEGACY_GRACE = timedelta(hours=1)


def _json(value: Any) -> Any:
    """SQL NULL for ``None`` (a JSONB ``null`` would read back the same but filter differently)."""
    return null() if value is None else value


def _dto(row: RowMapping) -> JobDTO:
    return JobDTO(
        id=row["id"], kind=row["kind"], status=row["status"],
        parameters=dict(row["parameters"] or {}),
        progress_done=row["progress_done"], progress_total=row["progress_total"],
        message=row["message"], result=row["result"], error=row["error"],
        error_problem=row["error_problem"], message_problem=row["message_problem"],
        heartbeat_at=row["heartbeat_at"], station=row["station"], created_at=row["created_at"], started_at=row["started_at"],
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
                             status="queued", heartbeat_at=func.now())
                     .returning(jobs.c.id))
        with self._engine.begin() as connection:
            return int(connection.execute(statement).scalar_one())

    def mark_running(self, job_id: int) -> None:
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status == "queued")
                     .values(status="running", started_at=func.now(), updated_at=func.now(),
                             heartbeat_at=func.now()))
        with self._engine.begin() as connection:
            connection.execute(statement)

    def progress(self, job_id: int, done: int, total: int | None, message: str | None,
                 message_problem: Mapping[str, Any] | None = None) -> bool:
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                     .values(progress_done=done, progress_total=total, message=message,
                             message_problem=_json(message_problem),
                             updated_at=func.now(), heartbeat_at=func.now())
                     .returning(jobs.c.cancel_requested))
        with self._engine.begin() as connection:
            return bool(connection.execute(statement).scalar_one_or_none())

    def finish(self, job_id: int, status: str, *, result: Any = None,
               error: str | None = None,
               error_problem: Mapping[str, Any] | None = None) -> bool:
        """Record the outcome; False when the job was already final (nothing written)."""
        if status not in FINAL:
            raise ValueError(f"A job finishes as one of {', '.join(FINAL)}, not {status!r}")
        # Only an active job is finished: a second finish (or one racing fail_abandoned)
        # cannot overwrite the outcome already recorded.
        statement = (update(jobs)
                     .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                     .values(status=status, result=_json(result), error=error,
                             error_problem=_json(error_problem),
                             finished_at=func.now(), updated_at=func.now())
                     .returning(jobs.c.id))
        with self._engine.begin() as connection:
            return connection.execute(statement).scalar_one_or_none() is not None

    def heartbeat(self, job_ids: Iterable[int]) -> None:
        """A sign of life for these active jobs of a live process: one UPDATE for all."""
        ids = list(job_ids)
        if not ids:
            return
        statement = (update(jobs)
                     .where(jobs.c.id.in_(ids), jobs.c.status.in_(ACTIVE))
                     .values(heartbeat_at=func.now()))
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

    def fail_abandoned(self, lease: timedelta = LEASE,
                       legacy_grace: timedelta = LEGACY_GRACE) -> int:
        """Fail the active jobs of any station whose process stopped beating: a heartbeat older
        than ``lease`` (or none, and no change for ``legacy_grace``). Each is failed with
        ``job.abandoned`` naming its station and its last sign of life. Safe to run from many
        processes at once (SKIP LOCKED; a job finished meanwhile is left as it is)."""
        now = func.now()
        last_seen = func.coalesce(jobs.c.heartbeat_at, jobs.c.updated_at)
        stale = or_(jobs.c.heartbeat_at < now - literal(lease),
                    (jobs.c.heartbeat_at.is_(None)) & (jobs.c.updated_at < now - literal(
                        legacy_grace)))
        candidates = (select(jobs.c.id, jobs.c.station, last_seen.label("last_seen"))
                      .where(jobs.c.status.in_(ACTIVE), stale)
                      .with_for_update(skip_locked=True))
        failed = 0
        with self._engine.begin() as connection:
            for row in connection.execute(candidates).mappings().all():
                problem = P.JOB_ABANDONED.problem(station=row["station"],
                                                  last_seen_at=row["last_seen"])
                done = connection.execute(
                    update(jobs)
                    .where(jobs.c.id == row["id"], jobs.c.status.in_(ACTIVE))
                    .values(status="failed", error=problem.message,
                            error_problem=stored_problem(problem),
                            finished_at=func.now(), updated_at=func.now()))
                failed += done.rowcount
        return failed


def stored_problem(problem: P.Problem) -> dict[str, Any]:
    """The stored form of a problem (``jobs.error_problem`` …): code and params, no English."""
    return {"code": problem.code, "params": dict(problem.params)}
