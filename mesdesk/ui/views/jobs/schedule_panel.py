"""The Schedule tab of the Jobs area (SPEC §9): each scheduled task with its schedule, its last
run on any station (start, outcome, counts) and its next run, and "Run now".

The table is read off the GUI thread (``schedule_overview`` through a ``Refresher``) while the
tab is shown, every few seconds (other stations' and workers' runs announce nothing), and at
once when this station's job runner starts or ends one of the tasks. "Run now" runs the task
in this process as an op: the op waits for the task's job, which the Jobs tab shows as it
runs; a task running elsewhere is refused by its problem (``schedule.busy``), translated.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from mesdesk.jobs import JobUpdate
from mesdesk.services.dto import ScheduledRunDTO, ScheduledTaskDTO

from ...errors import describe
from ...text.jobs import QUEUED, full_time
from ...text.kinds import kind_name
from ...text.roles import with_needed_role
from ...text.schedule import counts_text, run_outcome, trigger_name
from ...widgets.empty_state import EmptyState
from ...widgets.refresher import Refresher
from .schedule_model import (COUNTS, LAST_RUN, NEXT_RUN, OUTCOME, SCHEDULE, TASK,
                             ScheduleModel)

log = logging.getLogger(__name__)

#: The use case behind "Run now" (``domain/roles`` says who may).
RUN_NOW = "run_scheduled_task"


class SchedulePanel(QWidget):
    """``SchedulePanel(backend)``; ``shutdown()`` stops its reads (the jobs panel calls it)."""

    #: How often the schedule is read while the tab is shown.
    REFRESH_MS = 5000

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedulePanel")
        self._backend = backend
        self._loaded = False
        self._running: set[str] = set()     # "Run now" asked here, outcome not back yet
        self.model = ScheduleModel(tz=backend.timezone, parent=self)
        self._build()
        use = backend.use
        self._reads = Refresher(backend.ops, read=lambda: use.schedule_overview(),
                                apply=self._on_read, failed=self._on_read_failed, parent=self)
        self._reads.follow_connection(backend.changes)
        self._interval_ms = self.REFRESH_MS
        backend.job_updates.updated.connect(self._on_job_update)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._show_state()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        zone = getattr(self._backend.timezone, "key", str(self._backend.timezone))
        subtitle = QLabel(self.tr(
            "Tasks MESDesk runs by itself, on whichever station or worker is running at the "
            "time; each runs once. Times are in the production time zone ({zone}).").format(
            zone=zone), self)
        subtitle.setObjectName("scheduleSubtitle")
        subtitle.setStyleSheet("color: palette(placeholder-text);")
        subtitle.setWordWrap(True)
        self.run_button = QPushButton(self.tr("Run now"), self)
        self.run_button.setObjectName("runScheduledTask")
        self.run_button.setToolTip(self.tr(
            "Run the selected task now on this station, outside its schedule. It is refused "
            "while the task is running anywhere."))
        self._run_tip = self.run_button.toolTip()
        self.run_button.clicked.connect(self.run_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(subtitle, 1)
        top.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.notice = QLabel(self)
        self.notice.setObjectName("scheduleNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.table = QTableView(self)
        self.table.setObjectName("scheduleTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(120)
        # A handful of rows: the columns fit their texts in any language. A failure's reason
        # may be long: its column keeps a width, the whole reason is its tooltip and below.
        for column in (TASK, SCHEDULE, LAST_RUN, NEXT_RUN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OUTCOME, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(OUTCOME, 220)
        header.setSectionResizeMode(COUNTS, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)

        self.detail = QLabel(self)
        self.detail.setObjectName("scheduleDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

    # -- reading --------------------------------------------------------------------------------

    def set_refresh_interval(self, milliseconds: int) -> None:
        self._interval_ms = milliseconds
        if self.isVisible():
            self._reads.every(milliseconds)

    @Slot()
    def refresh(self) -> None:
        self._reads.refresh()

    def _on_read(self, tasks: tuple[ScheduledTaskDTO, ...]) -> None:
        self._loaded = True
        if self.notice.property("kind") == "refresh":
            self._say("", "")
        self.model.set_tasks(tasks)
        if not self.table.selectionModel().currentIndex().isValid() and tasks:
            self.select_task(tasks[0].name)
        self._show_state()

    def _on_read_failed(self, error: BaseException) -> None:
        if self.notice.property("kind") != "refresh":     # once per outage in the log
            log.warning("could not read the schedule", exc_info=error)
        self._say(self.tr("The schedule could not be read: {reason}").format(
            reason=describe(error)), "refresh", warning=True)

    @Slot(object)
    def _on_job_update(self, update: JobUpdate) -> None:
        """A task of the schedule started or ended here: its row changes now."""
        if update.kind in self.model.names and self.isVisible() \
                and (update.status == QUEUED or update.finished):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._reads.every(self._interval_ms)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self._reads.stop_polling()

    def shutdown(self) -> None:
        self._reads.stop()
        try:
            self._backend.job_updates.updated.disconnect(self._on_job_update)
        except (RuntimeError, TypeError):
            pass

    # -- selection ------------------------------------------------------------------------------

    def selected_task(self) -> ScheduledTaskDTO | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.task(index.row()) if index.isValid() else None

    def select_task(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, TASK),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_state()

    def _show_state(self) -> None:
        if self.model.rowCount():
            self.empty.clear()
        elif self._loaded:
            self.empty.show_message(self.tr("No scheduled tasks"))
        else:
            self.empty.show_message(self.tr("Loading the schedule…"))
        task = self.selected_task()
        may_run = self._backend.may(RUN_NOW)
        self.run_button.setEnabled(may_run and task is not None and task.name not in self._running)
        self.run_button.setToolTip(self._run_tip if may_run
                                   else with_needed_role(self._run_tip, RUN_NOW))
        self.detail.setText(self._detail_text(task))

    def show_role(self) -> None:
        """Someone (else) signed in: "Run now" is an administrator's (``domain/roles``)."""
        self._show_state()

    def _detail_text(self, task: ScheduledTaskDTO | None) -> str:
        if task is None:
            return self.tr("Select a task to see its last run.")
        run = task.last_run
        name = kind_name(task.name)
        if run is None:
            return self.tr("{task} has not run yet. Next run: {next}.").format(
                task=name, next=full_time(task.next_due, self._backend.timezone))
        tz = self._backend.timezone
        if run.finished_at is None:
            text = self.tr("{task}: started {started} on {station}, {trigger}; still "
                           "running.").format(task=name, started=full_time(run.started_at, tz),
                                              station=run.station,
                                              trigger=trigger_name(run.trigger))
        else:
            text = self.tr("{task}: started {started} on {station}, {trigger}; finished "
                           "{finished}.").format(task=name,
                                                 started=full_time(run.started_at, tz),
                                                 station=run.station,
                                                 trigger=trigger_name(run.trigger),
                                                 finished=full_time(run.finished_at, tz))
        lines = [text, self.tr("Outcome: {outcome}").format(outcome=run_outcome(run))]
        counts = counts_text(run)
        if counts:
            lines.append(self.tr("Counts: {counts}").format(counts=counts))
        return "\n".join(lines)

    # -- "Run now" ------------------------------------------------------------------------------

    @Slot()
    def run_selected(self) -> None:
        """Run the selected task now (for a role that may: the service refuses the others)."""
        task = self.selected_task()
        if task is None or task.name in self._running or not self._backend.may(RUN_NOW):
            return
        name = task.name
        self._running.add(name)
        self._show_state()
        self._say(self.tr("{task} is running…").format(task=kind_name(name)), "run",
                  tone="info")
        use = self._backend.use
        self._backend.run(lambda: use.run_scheduled_task(name),
                          success=lambda run: self._on_ran(name, run),
                          failure=lambda error: self._on_run_refused(name, error), owner=self)
        self.refresh()

    def _on_ran(self, name: str, run: ScheduledRunDTO) -> None:
        self._running.discard(name)
        if run.status == "failed":
            self._say(self.tr("{task}: {outcome}").format(task=kind_name(name),
                                                           outcome=run_outcome(run)),
                      "run", warning=True)
        else:
            counts = counts_text(run)
            self._say(self.tr("{task} finished: {counts}").format(
                task=kind_name(name), counts=counts) if counts else
                self.tr("{task} finished.").format(task=kind_name(name)), "run")
        self._show_state()
        self.refresh()

    def _on_run_refused(self, name: str, error: BaseException) -> None:
        self._running.discard(name)
        self._say(describe(error), "run", warning=True)
        self._show_state()
        self.refresh()

    def _say(self, text: str, kind: str, *, warning: bool = False, tone: str = "") -> None:
        """``kind``: what the notice is about (a refresh, a run); ``warning`` in red, a run's
        success in green, ``tone="info"`` in the text's own colour."""
        colours = {"info": "", "warning": "color: #b00020;", "": "color: #2e7d32;"}
        self.notice.setText(text)
        self.notice.setProperty("kind", kind)
        self.notice.setStyleSheet(colours["warning" if warning else tone])
        self.notice.setVisible(bool(text))
