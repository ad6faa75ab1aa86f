"""The schedule table: one row per §9 task with its schedule, last run (anywhere), outcome,
counts and next run, as the last read said.

Boring on purpose (ARCHITECTURE habit 10): column constants, ``parent.isValid()`` guards, and a
refresh of the same tasks as ``dataChanged`` so the selection survives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mesdesk.services.dto import ScheduledTaskDTO

from ...text.jobs import FAILED, format_time, full_time, status_colour
from ...text.kinds import kind_name
from ...text.schedule import counts_text, run_outcome, schedule_text, trigger_name
from ...widgets.read_only_table import ReadOnlyTableModel

TASK, SCHEDULE, LAST_RUN, OUTCOME, COUNTS, NEXT_RUN = range(6)
COLUMN_COUNT = 6

#: The task's name (its job kind) in every column.
TASK_NAME_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ScheduleModel(ReadOnlyTableModel):
    def __init__(self, *, tz: tzinfo | None = None, parent=None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._tasks: list[ScheduledTaskDTO] = []

    def set_tasks(self, tasks: Sequence[ScheduledTaskDTO]) -> None:
        """The schedule as just read."""
        tasks = list(tasks)
        if [task.name for task in tasks] == [task.name for task in self._tasks]:
            self._tasks = tasks
            if tasks:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(tasks) - 1, COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._tasks = tasks
        self.endResetModel()

    def task(self, row: int) -> ScheduledTaskDTO | None:
        return self._tasks[row] if 0 <= row < len(self._tasks) else None

    def row_of(self, name: str) -> int:
        for number, task in enumerate(self._tasks):
            if task.name == name:
                return number
        return -1

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(task.name for task in self._tasks)

    # -- Qt -------------------------------------------------------------------------------------

    def column_total(self) -> int:
        return COLUMN_COUNT

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self._tasks)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {TASK: self.tr("Task"), SCHEDULE: self.tr("Schedule"),
                  LAST_RUN: self.tr("Last run"), OUTCOME: self.tr("Outcome"),
                  COUNTS: self.tr("Counts"), NEXT_RUN: self.tr("Next run")}
        return titles.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() \
                or not 0 <= index.row() < len(self._tasks) \
                or not 0 <= index.column() < COLUMN_COUNT:
            return None
        task = self._tasks[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(task, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == OUTCOME \
                and task.last_run is not None:
            return status_colour(task.last_run.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LAST_RUN, NEXT_RUN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TASK_NAME_ROLE:
            return task.name
        return None

    def _display(self, task: ScheduledTaskDTO, column: int) -> str:
        run = task.last_run
        if column == TASK:
            return kind_name(task.name)
        if column == SCHEDULE:
            return schedule_text(task.schedule.as_dict())
        if column == LAST_RUN:
            return format_time(run.started_at, self._tz) if run is not None else ""
        if column == OUTCOME:
            return run_outcome(run)
        if column == COUNTS:
            return counts_text(run)
        if column == NEXT_RUN:
            return format_time(task.next_due, self._tz)
        return ""

    def _tooltip(self, task: ScheduledTaskDTO, column: int) -> str | None:
        run = task.last_run
        if column == TASK:
            return task.name
        if column == LAST_RUN and run is not None:
            return self.tr("{started} on {station}, {trigger}").format(
                started=full_time(run.started_at, self._tz), station=run.station,
                trigger=trigger_name(run.trigger))
        if column == NEXT_RUN:
            return full_time(task.next_due, self._tz)
        if column in (OUTCOME, COUNTS):
            return self._display(task, column) or None
        if run is not None and run.status == FAILED:
            return run_outcome(run)
        return None
