"""The Jobs area: the jobs panel (SPEC §7) and, in a second tab, the schedule (§9).

The Jobs tab lists the imports, exports, reports, bulk aggregation, sync and scheduled tasks of
every station, with progress, cancellation, and the result or error of the selected job. This
station's jobs change on screen as their updates arrive from the job runner; other stations'
jobs come from reading the ``jobs`` table off the GUI thread every few seconds while the panel
is shown. Cancelling runs off the GUI thread too (it writes to the database). The Schedule tab
is ``SchedulePanel``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QSplitter,
    QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from mesdesk.jobs import JobUpdate

from ...errors import describe
from ...widgets.empty_state import EmptyState
from ...widgets.refresher import Refresher
from .delegates import ProgressDelegate
from .schedule_panel import SchedulePanel
from .model import (
    FINISHED, KIND, MESSAGE, OUTCOME, PROGRESS, STARTED, STATION, STATUS, JobRow, JobsModel,
)
from ...text.jobs import (
    CANCELLED, FAILED, QUEUED, SUCCEEDED, full_time, progress_text, result_json, status_name,
)
from ...text.kinds import kind_name

log = logging.getLogger(__name__)

#: The use case behind the Schedule tab (``domain/roles`` says who may read it).
SCHEDULE = "schedule_overview"


class JobsPanel(QWidget):
    """``JobsPanel(backend)``; ``shutdown()`` unsubscribes (the app calls it on quit)."""

    #: How often other stations' jobs are read while the panel is shown.
    REFRESH_MS = 3000
    #: How many of the newest jobs are shown.
    LIMIT = 200

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self._backend = backend
        self._bridge = backend.job_updates
        self._loaded = False
        self._cancelling: set[int] = set()
        self._shown_detail: tuple[int, str] | None = None

        self.model = JobsModel(station=self._bridge.station, tz=backend.timezone, parent=self)
        for update in reversed(self._bridge.local_jobs()):
            self.model.apply_update(update)
        self.schedule = SchedulePanel(backend, self)
        self._build()

        limit, use = self.LIMIT, backend.use
        self._jobs = Refresher(backend.ops, read=lambda: use.recent_jobs(limit),
                               apply=self._on_read, failed=self._on_read_failed, parent=self)
        self._jobs.follow_connection(backend.changes)
        self._interval_ms = self.REFRESH_MS
        self._bridge.updated.connect(self._on_update)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.rowsRemoved.connect(self._on_rows_changed)
        self.model.dataChanged.connect(self._on_data_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._on_rows_changed()
        self._show_detail()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Jobs"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        subtitle = QLabel(self.tr("Long work of every station. This station's jobs update as "
                                  "they run; other stations' every few seconds."), self)
        subtitle.setStyleSheet("color: palette(placeholder-text);")
        subtitle.setWordWrap(True)
        jobs_tab = QWidget(self)
        self.cancel_button = QPushButton(self.tr("Cancel job"), self)
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.setToolTip(self.tr("Ask the selected job to stop. A job of another "
                                              "station stops at its next progress report."))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(subtitle, 1)
        top.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.notice = QLabel(self)
        self.notice.setObjectName("jobsNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.table = QTableView(self)
        self.table.setObjectName("jobsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.table))
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
        header.setStretchLastSection(True)
        for column, width in ((KIND, 195), (STATION, 110), (STATUS, 95), (PROGRESS, 175),
                              (MESSAGE, 200), (STARTED, 90), (FINISHED, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(OUTCOME, QHeaderView.ResizeMode.Stretch)

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("jobDetailTitle")
        self.detail_title.setStyleSheet("font-weight: 600;")
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("jobDetail")
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.detail_box = detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.empty = EmptyState(self.table)

        jobs_layout = QVBoxLayout(jobs_tab)
        jobs_layout.setContentsMargins(0, 8, 0, 0)
        jobs_layout.addLayout(top)
        jobs_layout.addWidget(self.notice)
        jobs_layout.addWidget(self.splitter, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("jobsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(jobs_tab, self.tr("Jobs"))
        self.tabs.addTab(self.schedule, self.tr("Schedule"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    # -- refreshing -----------------------------------------------------------------------------

    def set_refresh_interval(self, milliseconds: int) -> None:
        self._interval_ms = milliseconds
        if self.isVisible():
            self._jobs.every(milliseconds)

    @Slot()
    def refresh(self) -> None:
        """Read the newest jobs of every station off the GUI thread (other stations' jobs
        announce nothing: read every few seconds while shown)."""
        self._jobs.refresh()

    def _on_read(self, jobs: list) -> None:
        self._loaded = True
        if self.notice.property("kind") == "refresh":
            self._say("", "")
        self.model.set_stored(jobs)
        self._on_rows_changed()

    def _on_read_failed(self, error: BaseException) -> None:
        if self.notice.property("kind") != "refresh":     # once per outage in the log
            log.warning("could not refresh the jobs panel", exc_info=error)
        self._say(self.tr("Jobs could not be refreshed: {reason}").format(
            reason=describe(error)), "refresh", warning=True)

    @Slot(object)
    def _on_update(self, update: JobUpdate) -> None:
        self.model.apply_update(update)
        # The row's parameters and the database's times come with a read: one when a job of
        # this station starts and one when it ends, none for progress.
        if self.isVisible() and (update.status == QUEUED or update.finished):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._jobs.every(self._interval_ms)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self._jobs.stop_polling()

    def show_schedule(self) -> None:
        if self.tabs.isTabVisible(self.tabs.indexOf(self.schedule)):
            self.tabs.setCurrentWidget(self.schedule)

    def show_role(self) -> None:
        """Someone (else) signed in: the Schedule tab is for those who may read it (an
        operator sees the jobs only), and "Run now" for those who may run a task."""
        offered = self._backend.may(SCHEDULE)
        index = self.tabs.indexOf(self.schedule)
        if not offered and self.tabs.currentIndex() == index:
            self.tabs.setCurrentIndex(0)
        self.tabs.setTabVisible(index, offered)
        self.schedule.show_role()

    def shutdown(self) -> None:
        self.schedule.shutdown()
        self._jobs.stop()
        try:
            self._bridge.updated.disconnect(self._on_update)
        except (RuntimeError, TypeError):
            pass

    # -- selection and detail -------------------------------------------------------------------

    def selected_job(self) -> JobRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.job(index.row()) if index.isValid() else None

    def select_job(self, job_id: int) -> bool:
        row = self.model.row_of(job_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, KIND),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_detail()

    @Slot(QModelIndex, QModelIndex)
    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        current = self.table.selectionModel().currentIndex()
        if current.isValid() and top_left.row() <= current.row() <= bottom_right.row():
            self._show_detail()

    @Slot()
    def _on_rows_changed(self, *args: object) -> None:
        empty = self.model.rowCount() == 0
        if not empty:
            self.empty.clear()
        elif self._loaded:
            self.empty.show_message(
                self.tr("No jobs yet: imports, exports, reports and bulk aggregation appear "
                        "here"),
                self.tr("Whichever station starts one, it is listed with its progress and "
                        "then its result or error."))
        else:
            self.empty.show_message(self.tr("Loading jobs…"))
        self.detail_box.setVisible(not empty)
        self._show_detail()

    def _show_detail(self) -> None:
        job = self.selected_job()
        self._update_buttons(job)
        if job is None:
            self.detail_title.setText(self.tr("Select a job to see its result or error."))
            text = ""
            key = (0, text)
        else:
            self.detail_title.setText(self.tr("{kind} #{id} on {station}: {status}").format(
                kind=kind_name(job.kind), id=job.id, station=job.station,
                status=status_name(job.status)))
            text = self._detail_text(job)
            key = (job.id, text)
        if key != self._shown_detail:    # keep the scroll position while nothing changed
            self._shown_detail = key
            self.detail.setPlainText(text)

    def _detail_text(self, job: JobRow) -> str:
        tz = self._backend.timezone
        lines = []
        times = ((self.tr("Created"), job.created_at), (self.tr("Started"), job.started_at),
                 (self.tr("Finished"), job.finished_at))
        for label, value in times:
            if value is not None:
                lines.append(self.tr("{label}: {time}").format(label=label,
                                                               time=full_time(value, tz)))
        if job.active:
            progress = progress_text(job.done, job.total, job.status)
            if progress:
                lines.append(self.tr("Progress: {progress}").format(progress=progress))
            if job.message_text:
                lines.append(self.tr("Now: {message}").format(message=job.message_text))
        if job.parameters:
            lines += ["", self.tr("Parameters:"), result_json(job.parameters)]
        if job.status == SUCCEEDED:
            lines += ["", self.tr("Result:"),
                      result_json(job.result) if job.result is not None
                      else self.tr("(the job returned nothing)")]
        elif job.status in (FAILED, CANCELLED):
            lines += ["", self.tr("Error:") if job.status == FAILED else self.tr("Cancelled:"),
                      job.error_text]
        return "\n".join(lines)

    def _update_buttons(self, job: JobRow | None = None) -> None:
        job = job if job is not None else self.selected_job()
        self.cancel_button.setEnabled(job is not None and job.active
                                      and job.id not in self._cancelling)

    # -- cancelling -----------------------------------------------------------------------------

    @Slot()
    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is None or not job.active or job.id in self._cancelling:
            return
        job_id = job.id
        self._cancelling.add(job_id)
        self._update_buttons(job)
        self._bridge.cancel(job_id, on_done=lambda done: self._on_cancelled(job_id, done),
                            on_failure=lambda error: self._on_cancel_failed(job_id, error),
                            owner=self)

    def _on_cancelled(self, job_id: int, cancelled: bool) -> None:
        self._cancelling.discard(job_id)
        if cancelled:
            job = self.model.job_by_id(job_id)
            if job is not None and job.station != self._bridge.station:
                self._say(self.tr("Job #{id} was asked to stop; its station stops it at its "
                                  "next progress report.").format(id=job_id), "cancel")
            else:
                self._say("", "")
        else:
            self._say(self.tr("Job #{id} had already finished.").format(id=job_id), "cancel")
        self._update_buttons()
        self.refresh()

    def _on_cancel_failed(self, job_id: int, error: BaseException) -> None:
        self._cancelling.discard(job_id)
        self._update_buttons()
        self._say(self.tr("Job #{id} could not be cancelled: {reason}").format(
            id=job_id, reason=describe(error)), "cancel", warning=True)

    def _say(self, text: str, kind: str, *, warning: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setProperty("kind", kind)
        self.notice.setStyleSheet("color: #b00020;" if warning else "color: #a15c00;")
        self.notice.setVisible(bool(text))
