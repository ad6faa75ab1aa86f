"""A compact progress line for a view that starts a job: bar, message, Cancel (SPEC §7, "a
progress bar where they were started").

    progress = JobProgress(backend, self)
    progress.finished.connect(self._on_import_done)       # the final JobUpdate
    progress.start("import", {"file": name}, work)          # submits off the GUI thread
    # or, for a job submitted elsewhere: progress.track(handle.job_id)

Hidden until it tracks a job; after the job ends it shows the outcome until ``clear()`` or the
next job. The job itself keeps running if the widget goes away.

Views sharing one line give ``start`` an ``on_end(update)``: it is called for that job's
final update even when the line no longer shows it because a later job was started
meanwhile, so no view loses its result to another's job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from mesdesk.jobs import JobHandle, JobUpdate

from ..errors import describe
from ..text.jobs import (
    CANCELLED, FAILED, QUEUED, SUCCEEDED, error_text, message_text, number, result_summary,
    status_colour, status_name,
)
from ..text.kinds import kind_name


class JobProgress(QWidget):
    """Bound to one job id at a time through the jobs bridge."""

    #: The job's final update (succeeded, failed or cancelled).
    finished = Signal(object)
    #: The job id, once ``start`` has submitted it.
    submitted = Signal(int)

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = backend.job_updates
        self._job_id: int | None = None
        self._update: JobUpdate | None = None
        #: ``on_end`` of the jobs started here and not ended, by job id.
        self._on_end: dict[int, Callable[[JobUpdate], None]] = {}

        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(180)
        self.bar.setMaximumWidth(320)
        self.bar.setTextVisible(True)
        self.label = QLabel(self)
        self.label.setObjectName("jobProgressMessage")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMinimumWidth(120)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        self._bridge.updated.connect(self._on_update)
        self.hide()

    @property
    def job_id(self) -> int | None:
        return self._job_id

    @property
    def last_update(self) -> JobUpdate | None:
        return self._update

    def start(self, kind: str, parameters: dict, work: Callable[[Any], Any], *,
              key: str | None = None, pool: str = "db",
              on_end: Callable[[JobUpdate], None] | None = None) -> None:
        """Submit a job off the GUI thread and follow it; ``on_end(update)`` gets its final
        update, whether or not the line still shows it."""
        self._job_id = None
        self._update = None
        self.bar.setRange(0, 0)
        self.label.setText(self.tr("Starting {kind}…").format(kind=kind_name(kind).lower()))
        self.label.setStyleSheet("")
        self.cancel_button.setEnabled(False)
        self.show()
        self._bridge.submit(kind, parameters, work, key=key, pool=pool,
                            on_submitted=lambda handle: self._on_submitted(handle, on_end),
                            on_failure=self._on_submit_failed,
                            owner=self)

    def track(self, job_id: int) -> None:
        """Follow a job of this station (its current state shows at once)."""
        self._follow(job_id)

    def _follow(self, job_id: int) -> None:
        self._job_id = job_id
        self._update = None
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.show()
        latest = self._bridge.latest(job_id)
        if latest is not None:
            self._on_update(latest)
        else:
            self.bar.setRange(0, 0)
            self.label.setText(status_name(QUEUED))

    def clear(self) -> None:
        self._job_id = None
        self._update = None
        self.hide()

    @Slot()
    def cancel(self) -> None:
        if self._job_id is None:
            return
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self._bridge.cancel(self._job_id, owner=self)

    def _on_submitted(self, handle: JobHandle,
                      on_end: Callable[[JobUpdate], None] | None) -> None:
        if on_end is not None:
            self._on_end[handle.job_id] = on_end
        self._follow(handle.job_id)
        self.submitted.emit(handle.job_id)

    def _on_submit_failed(self, error: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label.setText(self.tr("The job could not be started: {reason}").format(
            reason=describe(error)))
        self.label.setStyleSheet("color: #b00020;")
        self.cancel_button.hide()

    @Slot(object)
    def _on_update(self, update: JobUpdate) -> None:
        if update.job_id != self._job_id:
            self._ended(update)         # a job started here earlier, no longer shown
            return
        if self._update is not None and self._update.finished:
            return
        self._update = update
        if update.total:
            self.bar.setRange(0, update.total)
            self.bar.setValue(max(0, min(update.done, update.total)))
            self.bar.setFormat(self.tr("{done} of {total}").format(
                done=number(update.done), total=number(update.total)))
        elif update.finished:
            self.bar.setRange(0, 1)
            self.bar.setValue(1 if update.status == SUCCEEDED else 0)
            self.bar.setFormat(status_name(update.status))
        else:               # no total yet: a busy bar
            self.bar.setRange(0, 0)
        if update.finished:
            self.cancel_button.hide()
            colour = status_colour(update.status)
            self.label.setStyleSheet(f"color: {colour.name()};" if colour is not None
                                     and update.status in (FAILED, CANCELLED) else "")
            if update.status == SUCCEEDED:
                summary = result_summary(update.result)
                self.label.setText(self.tr("Done: {summary}").format(summary=summary)
                                   if summary else self.tr("Done"))
            else:
                self.label.setText(error_text(update.error, update.error_problem)
                                   or status_name(update.status))
            self.label.setToolTip(self.label.text())
            self.finished.emit(update)
            self._ended(update)
        else:
            self.cancel_button.show()
            self.cancel_button.setEnabled(True)
            text = message_text(update.message, update.message_problem) \
                or status_name(update.status)
            self.label.setText(text)
            self.label.setToolTip(text)

    def _ended(self, update: JobUpdate) -> None:
        if update.finished and update.job_id in self._on_end:
            self._on_end.pop(update.job_id)(update)
