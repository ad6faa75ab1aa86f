"""Importing 1C exchange files dropped on the Batches page: each file is a job (a
``jobs`` row every station sees, its progress shown here and in the Jobs area). The page
follows the job's updates; no thread waits for it. When it ends: the item-by-item report, or
the reason in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from mesdesk.jobs.update import SUCCEEDED, JobUpdate

from ...errors import describe
from ...text.jobs import error_text
from ...widgets.job_progress import JobProgress
from ...text.formats import Formats
from .file_choices import SHEET_SUFFIXES
from .importing import JOB_KIND, ImportReport, IntakeResultDialog, import_job


def dropped_files(event: QDragEnterEvent | QDropEvent, suffixes: tuple[str, ...]) -> list[Path]:
    """The local files with one of ``suffixes`` (any case) a drag carries."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in suffixes]


def json_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """1C exchange files: taken in as 1C sends them (this flow)."""
    return dropped_files(event, (".json",))


def table_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """Spreadsheets and CSV files: they open the Import dialog (``sheet_import_flow``)."""
    return dropped_files(event, SHEET_SUFFIXES)


class ImportFlow(QObject):
    """``submitted(job_id)`` once a file's job exists; ``finished(report)`` when it was
    imported (a refused file ends with a box instead)."""

    submitted = Signal(int)
    finished = Signal(object)       # ImportReport

    def __init__(self, page: QWidget, backend: Any, formats: Formats, window: QMainWindow,
                 progress: JobProgress, keep: Callable[[QWidget], None]) -> None:
        super().__init__(page)
        self._page = page
        self._backend = backend
        self._formats = formats
        self._window = window
        self._progress = progress
        self._keep = keep
        self._files: dict[int, Path] = {}       # this page's import jobs, by job id
        backend.job_updates.updated.connect(self._on_update)

    def import_files(self, paths: list[Path]) -> None:
        for path in paths:
            self._start(Path(path))

    def _start(self, path: Path) -> None:
        backend, settings = self._backend, self._backend.settings
        limits = {"max_file_mb": settings.intake_max_file_mb,
                  "max_items": settings.intake_max_items}
        work = import_job(backend.use, backend.timezone, path, backend.gs_tokens, limits)
        self._window.statusBar().showMessage(
            self.tr("Importing {file}…").format(file=path.name))
        backend.job_updates.submit(
            JOB_KIND, {"file": path.name}, work, key=JOB_KIND,
            on_submitted=lambda handle: self._submitted(handle.job_id, path),
            on_failure=lambda error: self._failed(path, describe(error)), owner=self)

    def _submitted(self, job_id: int, path: Path) -> None:
        self._files[job_id] = path
        self._progress.track(job_id)
        self.submitted.emit(job_id)
        latest = self._backend.job_updates.latest(job_id)
        if latest is not None and latest.finished:     # it ended before we knew its id
            self._on_update(latest)

    def _on_update(self, update: JobUpdate) -> None:
        if not update.finished or update.job_id not in self._files:
            return
        path = self._files.pop(update.job_id)
        if update.status == SUCCEEDED and isinstance(update.result, ImportReport):
            self._imported(update.result)
        else:
            self._failed(path, error_text(update.error, update.error_problem))

    def _imported(self, report: ImportReport) -> None:
        self._progress.clear()
        self._window.statusBar().showMessage(
            self.tr("{file} was imported.").format(file=report.file_name), 5000)
        dialog = IntakeResultDialog(report, self._formats, self._page)
        self._keep(dialog)
        dialog.open()
        self.finished.emit(report)

    def _failed(self, path: Path, reason: str) -> None:
        self._progress.clear()
        self._window.statusBar().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import of {file}").format(
            file=path.name), reason, QMessageBox.StandardButton.Ok, self._page)
        box.setObjectName("importError")
        self._keep(box)
        box.open()
