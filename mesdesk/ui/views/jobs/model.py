"""The jobs table: every station's jobs as the ``jobs`` table last said, overlaid with this
station's own updates as they happen (they are never older than the table).

Boring on purpose (ARCHITECTURE habit 10): column constants, ``parent.isValid()`` guards, and
changes applied as row removals, insertions and ``dataChanged`` so the selection survives a
refresh. Rows are ordered newest first (by id, which follows creation).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from mesdesk.jobs import JobUpdate
from mesdesk.jobs.runner import json_result
from mesdesk.services.dto import JobDTO

from ...widgets.keyed_rows import apply_keyed_rows
from ...text.jobs import (
    ACTIVE, FAILED, FINAL, QUEUED, RUNNING, error_text, format_time, full_time, message_text,
    outcome_text, progress_text, status_colour, status_name,
)
from ...text.kinds import kind_name

KIND, STATION, STATUS, PROGRESS, MESSAGE, STARTED, FINISHED, OUTCOME = range(8)
COLUMN_COUNT = 8

#: (done, total, status) for the progress bar delegate.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
#: The job id of the row, in every column.
JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

_RANK = {QUEUED: 0, RUNNING: 1}


def _rank(status: str) -> int:
    return _RANK.get(status, 2)


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    kind: str
    station: str
    status: str
    done: int = 0
    total: int | None = None
    message: str | None = None
    result: Any = None              # the JSON form
    error: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    error_problem: dict[str, Any] | None = None      # the error as a stored problem
    message_problem: dict[str, Any] | None = None    # the progress message as one
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def finished(self) -> bool:
        return self.status in FINAL

    @classmethod
    def from_dto(cls, job: JobDTO) -> "JobRow":
        return cls(id=job.id, kind=job.kind, station=job.station, status=job.status,
                   done=job.progress_done, total=job.progress_total, message=job.message,
                   result=job.result, error=job.error, parameters=dict(job.parameters or {}),
                   created_at=job.created_at, started_at=job.started_at,
                   finished_at=job.finished_at, error_problem=job.error_problem,
                   message_problem=job.message_problem)

    @property
    def message_text(self) -> str:
        """The progress message in the user's language."""
        return message_text(self.message, self.message_problem)

    @property
    def error_text(self) -> str:
        """The error of a failed or cancelled job in the user's language."""
        return error_text(self.error, self.error_problem) or status_name(self.status)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _overlay(previous: JobRow | None, update: JobUpdate, station: str) -> JobRow:
    """This station's row after ``update``; times are ours until the table's arrive."""
    now = _utc_now()
    base = previous or JobRow(id=update.job_id, kind=update.kind, station=station,
                              status=update.status, created_at=now)
    started = base.started_at or (now if update.status != QUEUED else None)
    finished = base.finished_at or (now if update.finished else None)
    return replace(base, status=update.status, done=update.done, total=update.total,
                   message=update.message, message_problem=update.message_problem,
                   result=json_result(update.result) if update.finished else None,
                   error=update.error, error_problem=update.error_problem,
                   started_at=started, finished_at=finished)


def _combine(stored: JobRow | None, local: JobRow | None) -> JobRow:
    """The table's row with this station's fresher state on top (never a step back)."""
    if local is None:
        assert stored is not None
        return stored
    if stored is None:
        return local
    if _rank(stored.status) > _rank(local.status):
        return stored
    return replace(stored, status=local.status, done=local.done, total=local.total,
                   message=local.message, message_problem=local.message_problem,
                   result=stored.result if stored.finished else local.result,
                   error=stored.error if stored.finished else local.error,
                   error_problem=(stored.error_problem if stored.finished
                                  else local.error_problem),
                   started_at=stored.started_at or local.started_at,
                   finished_at=stored.finished_at or local.finished_at)


class JobsModel(QAbstractTableModel):
    def __init__(self, *, station: str, tz: tzinfo | None = None, parent=None) -> None:
        super().__init__(parent)
        self._station = station
        self._tz = tz
        self._rows: list[JobRow] = []
        self._stored: dict[int, JobRow] = {}
        self._local: dict[int, JobRow] = {}

    # -- feeding --------------------------------------------------------------------------------

    def set_stored(self, jobs: list[JobDTO]) -> None:
        """The jobs table as just read (any station); replaces the previous read."""
        self._stored = {job.id: JobRow.from_dto(job) for job in jobs}
        # A local job the table shows finished needs no overlay any more.
        for job_id, row in list(self._local.items()):
            stored = self._stored.get(job_id)
            if stored is not None and stored.finished and row.finished:
                del self._local[job_id]
        self._apply(self._compose())

    def apply_update(self, update: JobUpdate) -> None:
        """One of this station's jobs changed (from the job runner, on the GUI thread)."""
        previous = self._local.get(update.job_id)
        if previous is not None and previous.finished:
            return
        self._local[update.job_id] = _overlay(previous, update, self._station)
        self._apply(self._compose())

    def _compose(self) -> list[JobRow]:
        ids = set(self._stored) | set(self._local)
        rows = [_combine(self._stored.get(i), self._local.get(i)) for i in ids]
        rows.sort(key=lambda row: row.id, reverse=True)
        return rows

    def _apply(self, rows: list[JobRow]) -> None:
        """Turn the current rows into ``rows`` (both newest first) with removals, insertions
        and changes, so views keep their selection and scroll position."""
        apply_keyed_rows(self, self._rows, rows, COLUMN_COUNT - 1)

    # -- reading --------------------------------------------------------------------------------

    def job(self, row: int) -> JobRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def job_by_id(self, job_id: int) -> JobRow | None:
        for row in self._rows:
            if row.id == job_id:
                return row
        return None

    def row_of(self, job_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.id == job_id:
                return number
        return -1

    # -- Qt -------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {KIND: self.tr("Job"), STATION: self.tr("Station"), STATUS: self.tr("Status"),
                  PROGRESS: self.tr("Progress"), MESSAGE: self.tr("Message"),
                  STARTED: self.tr("Started"), FINISHED: self.tr("Finished"),
                  OUTCOME: self.tr("Result or error")}
        return titles.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < COLUMN_COUNT:
            return None
        job = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(job, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS or (column == OUTCOME and job.status == FAILED):
                return status_colour(job.status)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (STARTED, FINISHED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PROGRESS_ROLE and column == PROGRESS:
            return (job.done, job.total, job.status)
        if role == JOB_ID_ROLE:
            return job.id
        return None

    def _display(self, job: JobRow, column: int) -> str:
        if column == KIND:
            return self.tr("{kind} #{id}").format(kind=kind_name(job.kind), id=job.id)
        if column == STATION:
            return job.station
        if column == STATUS:
            return status_name(job.status)
        if column == PROGRESS:
            return progress_text(job.done, job.total, job.status)
        if column == MESSAGE:
            return job.message_text
        if column == STARTED:
            return format_time(job.started_at, self._tz)
        if column == FINISHED:
            return format_time(job.finished_at, self._tz)
        if column == OUTCOME:
            return outcome_text(job.status, job.result, job.error, job.error_problem)
        return ""

    def _tooltip(self, job: JobRow, column: int) -> str | None:
        if column == STARTED:
            return full_time(job.started_at, self._tz) or None
        if column == FINISHED:
            return full_time(job.finished_at, self._tz) or None
        if column in (MESSAGE, OUTCOME):
            text = self._display(job, column)
            return text or None
        return None
