"""Exports and reports started from the Batches page (SPEC §7): each request from its dialog
becomes a job (a ``jobs`` row, shown in the Jobs area too), its progress and Cancel are shown
here, and the finished file is offered: Open file, Show in folder, Save as…

A cancelled or failed job leaves no file (the use cases write to the store's staging place
and store only a complete file); the progress line then says why. The progress line follows
the job started last; a file made by an earlier one that is still running when the next is
started is offered all the same when it is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QWidget

from mesdesk.jobs.update import SUCCEEDED, JobUpdate
from mesdesk.services.dto import BatchDTO, MadeFile
from mesdesk.services.exports import made_by
from mesdesk.services.report_texts import report_language

from ...text.formats import Formats
from ...widgets.file_result import FileResultBar
from ...widgets.job_progress import JobProgress
from .file_choices import ExportChoices, ExportRequest, ExportScope, ExportWhat, ReportRequest
from .file_dialogs import ExportDialog, ReportDialog, batch_title


class FileJobs(QObject):
    """The page's exports and reports: dialogs, jobs, and the files they make."""

    def __init__(self, page: QWidget, backend: Any, formats: Formats, progress: JobProgress,
                 result: FileResultBar, keep: Callable[[QWidget], None]) -> None:
        super().__init__(page)
        self._page = page
        self._keep = keep
        self._backend = backend
        self._formats = formats
        self._progress = progress
        self._result = result

    # -- dialogs --------------------------------------------------------------------------------

    def choose_export(self, choices: ExportChoices) -> ExportDialog:
        dialog = ExportDialog(choices, self._formats, self._page)
        dialog.chosen.connect(self.export)
        self._keep(dialog)
        dialog.open()
        return dialog

    def choose_report(self, batch: BatchDTO) -> ReportDialog:
        dialog = ReportDialog(batch, self._formats, self._page)
        title = batch_title(batch, self._formats)
        dialog.chosen.connect(lambda request: self.report(request, title))
        self._keep(dialog)
        dialog.open()
        return dialog

    # -- requests -------------------------------------------------------------------------------

    def export(self, request: ExportRequest) -> None:
        use, tz, fmt = self._backend.use, self._backend.timezone, request.fmt.value
        who = made_by(self._backend.settings)
        if request.what is ExportWhat.BATCHES:
            def work(job: Any) -> MadeFile:
                return use.export_batches(request.flt, fmt, tz, parameters=who, job=job)

            def title(made: MadeFile) -> str:
                return self.tr("Export of {count} batches").format(
                    count=self._formats.integer(made.rows))
        else:
            ids = list(request.batch_ids) if request.scope is ExportScope.SELECTED else None
            flt = None if ids else request.flt

            def work(job: Any) -> MadeFile:
                return use.export_products(fmt, tz, batch_ids=ids, flt=flt, parameters=who,
                                           job=job)

            def title(made: MadeFile) -> str:
                return self.tr("Export of {count} product codes").format(
                    count=self._formats.integer(made.rows))
        parameters = {"export": request.what.value, "format": fmt,
                      "scope": request.scope.value, **({"batch_ids": list(request.batch_ids)}
                                                       if request.batch_ids else {})}
        self._start(request.kind, parameters, work, title)

    def report(self, request: ReportRequest, batch_title: str) -> None:
        use, tz = self._backend.use, self._backend.timezone
        batch_id, fmt = request.batch_id, request.fmt.value
        language = report_language(QLocale().name())

        def work(job: Any) -> MadeFile:
            return use.make_report(batch_id, fmt, tz, language=language, job=job)

        def title(_: MadeFile) -> str:
            return self.tr("Report on batch {batch}").format(batch=batch_title)

        self._start("report", {"batch_id": batch_id, "format": fmt, "language": language},
                    work, title)

    # -- the job --------------------------------------------------------------------------------

    def _start(self, kind: str, parameters: dict, work: Callable[[Any], MadeFile],
               title: Callable[[MadeFile], str]) -> None:
        self._result.hide()
        self._progress.start(kind, parameters, work,
                             on_end=lambda update: self._ended(update, title))

    def _ended(self, update: JobUpdate, title: Callable[[MadeFile], str]) -> None:
        if update.status == SUCCEEDED and isinstance(update.result, MadeFile):
            if self._progress.job_id == update.job_id:
                self._progress.clear()
            self._result.show_file(update.result, title(update.result))
        # A failure or a cancel stays on the progress line (or in the Jobs area), saying why.
