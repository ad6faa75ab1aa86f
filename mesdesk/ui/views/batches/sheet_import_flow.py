"""Import… from the Batches page (SPEC §7): the Import dialog asks for the file (Excel, CSV or
1C JSON), what it holds and whether batches already stored are updated; the import runs as a
job (``use.import_file``: one transaction, the file kept in the ``imports`` bucket) with its
progress and Cancel shown here, and ends with what it did row by row
(``ImportResultDialog``) or the reason it refused the file.

A 1C exchange file dropped on the page keeps its own way in (``import_flow``: 1C's sync,
where codes go to the batches their items name)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from mesdesk.jobs.update import SUCCEEDED, JobUpdate
from mesdesk.services.dto import BatchDTO
from mesdesk.services.imports import ImportLimits, import_job
from mesdesk.services.import_result import ImportResult

from ...text.formats import Formats
from ...text.jobs import error_text
from ...widgets.job_progress import JobProgress
from .file_choices import ImportChoices, ImportRequest
from .file_dialogs import ImportDialog
from .import_result_dialog import ImportResultDialog

JOB_KIND = "import"


class SheetImportFlow(QObject):
    """``finished(ImportResult)`` after an import stored what it could."""

    finished = Signal(object)

    def __init__(self, page: QWidget, backend: Any, formats: Formats, window: QMainWindow,
                 progress: JobProgress, keep: Callable[[QWidget], None]) -> None:
        super().__init__(page)
        self._page = page
        self._backend = backend
        self._formats = formats
        self._window = window
        self._progress = progress
        self._keep = keep

    def choose(self, selected: BatchDTO | None, path: Path | None = None) -> ImportDialog:
        dialog = ImportDialog(ImportChoices(selected), self._formats, path, self._page)
        dialog.chosen.connect(self.start)
        self._keep(dialog)
        dialog.open()
        return dialog

    def start(self, request: ImportRequest) -> None:
        backend, settings = self._backend, self._backend.settings
        use, tz, tokens = backend.use, backend.timezone, backend.gs_tokens
        limits = ImportLimits.of(settings)

        def work(job: Any) -> ImportResult:
            return use.import_file(request.path, tz, update_existing=request.update_existing,
                                   batch_id=request.batch_id, gs_tokens=tokens, limits=limits,
                                   job=job)

        parameters, key = import_job(request.path, update_existing=request.update_existing,
                                     batch_id=request.batch_id)
        self._window.statusBar().showMessage(
            self.tr("Importing {file}…").format(file=request.path.name))
        path = request.path
        self._progress.start(JOB_KIND, parameters, work, key=key,
                             on_end=lambda update: self._ended(update, path))

    def _ended(self, update: JobUpdate, path: Path) -> None:
        self._window.statusBar().clearMessage()
        if update.status == SUCCEEDED and isinstance(update.result, ImportResult):
            if self._progress.job_id == update.job_id:
                self._progress.clear()
            dialog = ImportResultDialog(update.result, self._formats, self._page)
            self._keep(dialog)
            dialog.open()
            self.finished.emit(update.result)
            return
        reason = error_text(update.error, update.error_problem)
        if not reason:
            return          # cancelled: the progress line says so
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import of {file}").format(
            file=path.name), reason, QMessageBox.StandardButton.Ok, self._page)
        box.setObjectName("importError")
        self._keep(box)
        box.open()
