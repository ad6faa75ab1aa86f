""""Export to Excel" of an Analytics tab: the button, the job's progress where it was started,
and the made file offered (Open file, Show in folder, Save as…), as the Batches page does
(``views/batches/file_jobs.py``).

The tab says what to export by handing ``start`` the work (a use case call, run as a job off
the GUI thread) and the file's title; the button is enabled only while the tab shows
something (``set_available``). A refusal or a failure stays on the progress line, in the
user's language (the job's problem, translated by its code).

Workbooks are written in the report language of the desktop's language (as batch reports
are), and name the station, the user and the version on their Parameters sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from mesdesk.jobs.update import SUCCEEDED, JobUpdate
from mesdesk.services.dto import MadeFile
from mesdesk.services.exports import made_by
from mesdesk.services.report_texts import report_language

from ...text.formats import Formats
from ...widgets.file_result import FileResultBar
from ...widgets.job_progress import JobProgress

# What the use case of an export is given besides the tab's own choice.
Work = Callable[[Any, str, dict], MadeFile]     # (job, language, parameters) -> MadeFile


class ExportLine(QWidget):
    """The progress line and the file bar, stacked (no room taken while both are hidden);
    ``button`` goes where the tab puts it."""

    def __init__(self, backend: Any, formats: Formats, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}ExportLine")
        self._backend = backend
        self.button = QPushButton(self.tr("Export to Excel"), parent)
        self.button.setObjectName(f"{name}Export")
        self.button.setToolTip(self.tr("Write what this tab shows to an Excel workbook, a "
                                       "sheet per table"))
        self.button.setEnabled(False)
        self.progress = JobProgress(backend, self)
        self.result = FileResultBar(backend, formats, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)

    def set_available(self, available: bool) -> None:
        self.button.setEnabled(available)

    def start(self, kind: str, parameters: dict, work: Work, title: str) -> None:
        """Run ``work(job, language, parameters)`` as a job of ``kind``; its file is offered
        as ``title`` when it is ready."""
        language = report_language(QLocale().name())
        who = made_by(self._backend.settings)
        self.result.hide()
        self.progress.start(kind, {**parameters, "format": "xlsx", "language": language},
                            lambda job: work(job, language, who),
                            on_end=lambda update: self._ended(update, title))

    def _ended(self, update: JobUpdate, title: str) -> None:
        if update.status == SUCCEEDED and isinstance(update.result, MadeFile):
            if self.progress.job_id == update.job_id:
                self.progress.clear()
            self.result.show_file(update.result, title)
        # A refusal, a failure or a cancel stays on the progress line, saying why.
