"""Bulk aggregation from the scanning station (§4): paste a list, scan into it, or open a file;
the list is aggregated as one job with a progress bar, and the summary lists every code that
failed with its reason.

Scans made while this dialog is open are added to the list (``take_scan``), so an operator can
collect codes with the scanner and aggregate them at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.domain.scanner_input import CapturedScan
from mesdesk.services.dto import BulkError, BulkResult
from mesdesk.services.input_files import read_codes, split_codes

from ...errors import describe
from ...text.problems import sentence
from ...widgets.job_progress import JobProgress
from ...widgets.rows_model import RowsTableModel
from ...text.jobs import error_text

#: How many failed codes the summary table shows (the job's result in the Jobs panel has all).
SHOWN_ERRORS = 1000


def reason_text(error: BulkError) -> str:
    """Why a code failed, in the operator's language: its catalogued problem."""
    if error.problem is not None:
        return sentence(error.problem)
    reason = error.reason   # a result from before the catalogue
    reasons = {
        "not found": QCoreApplication.translate("BulkAggregation", "not found"),
        "attached to another batch": QCoreApplication.translate(
            "BulkAggregation", "attached to another batch"),
        "already aggregated": QCoreApplication.translate("BulkAggregation",
                                                         "already aggregated"),
        "bad format": QCoreApplication.translate("BulkAggregation", "bad format"),
        "batch is closed": QCoreApplication.translate("BulkAggregation", "batch is closed"),
    }
    return reasons.get(reason, reason)


class BulkAggregationDialog(QDialog):
    def __init__(self, backend, batch_id: int, batch_title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkAggregationDialog")
        self.setWindowTitle(self.tr("Bulk aggregation"))
        self.resize(760, 560)
        self._backend = backend
        self._batch_id = batch_id
        self._file_codes: list[str] | None = None
        self.result: BulkResult | None = None

        intro = QLabel(self.tr("Aggregate many codes into {batch} at once: paste them one per "
                               "line, scan them, or open a text file.").format(batch=batch_title),
                       self)
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("bulkCodes")
        self.editor.setPlaceholderText(self.tr("One code per line"))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("bulkCount")
        self.open_button = QPushButton(self.tr("Open file… (Ctrl+O)"), self)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.aggregate_button = QPushButton(self.tr("Aggregate (Ctrl+Enter)"), self)
        self.aggregate_button.setObjectName("bulkAggregate")
        self.progress = JobProgress(backend, self)
        self.summary = QLabel(self)
        self.summary.setObjectName("bulkSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.errors = QTableView(self)
        self.errors.setObjectName("bulkErrors")
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.errors.verticalHeader().hide()
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.aggregate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 2)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(buttons)

        self.editor.textChanged.connect(self._count)
        self.open_button.clicked.connect(self.open_file)
        self.clear_button.clicked.connect(self.clear)
        self.aggregate_button.clicked.connect(self.start)
        self.progress.finished.connect(self._finished)
        QShortcut(QKeySequence("Ctrl+O"), self, activated=self.open_file)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.start)
        # The editor takes Ctrl+Enter for itself before any shortcut sees it.
        self.editor.installEventFilter(self)
        self._count()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        if watched is self.editor and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.start()
            return True
        return super().eventFilter(watched, event)

    # -- the list --------------------------------------------------------------------------

    def codes(self) -> list[str]:
        if self._file_codes is not None:
            return self._file_codes
        return split_codes(self.editor.toPlainText())

    def take_scan(self, scan: CapturedScan) -> bool:
        """A scan while the dialog is open goes into the list (GS kept)."""
        if self._file_codes is not None or not self.aggregate_button.isEnabled():
            return False
        self.editor.appendPlainText(scan.raw)
        return True

    def _count(self) -> None:
        if self._file_codes is not None:
            return
        count = len(self.codes())
        self.count_label.setText(self.tr("{count} codes").format(count=count))
        self.aggregate_button.setEnabled(count > 0 and self.progress.job_id is None)

    def clear(self) -> None:
        self._file_codes = None
        self.editor.setReadOnly(False)
        self.editor.clear()
        self._count()

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Codes to aggregate"), "",
            self.tr("Text files (*.txt *.csv);;All files (*)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read the file off the GUI thread; its codes replace the list."""
        self.count_label.setText(self.tr("Reading {name}…").format(name=path.name))
        self.aggregate_button.setEnabled(False)
        self._backend.run(lambda: read_codes(path),
                          success=lambda codes: self._file_loaded(path, codes),
                          failure=self._file_failed, owner=self)

    def _file_loaded(self, path: Path, codes: list[str]) -> None:
        self._file_codes = codes
        self.editor.setReadOnly(True)
        preview = codes[:200]
        self.editor.setPlainText("\n".join(preview))
        more = len(codes) - len(preview)
        self.count_label.setText(
            self.tr("{count} codes from {name}").format(count=len(codes), name=path.name)
            + (self.tr(" (the first 200 shown)") if more > 0 else ""))
        self.aggregate_button.setEnabled(bool(codes))

    def _file_failed(self, error: BaseException) -> None:
        self.count_label.setText(self.tr("The file could not be read: {reason}").format(
            reason=describe(error)))
        self.count_label.setStyleSheet("color: #b00020;")
        self._count()

    # -- the job ---------------------------------------------------------------------------

    def start(self) -> None:
        codes = self.codes()
        if not codes or self.progress.job_id is not None:
            return
        use, batch_id = self._backend.use, self._batch_id
        by, tokens = self._backend.aggregated_by, self._backend.gs_tokens
        self.aggregate_button.setEnabled(False)
        self.summary.clear()
        self.errors.hide()
        self.progress.start(
            "bulk_aggregation", {"batch_id": batch_id, "codes": len(codes)},
            lambda job: use.bulk_aggregate(batch_id, codes, by=by, gs_tokens=tokens,
                                           progress=job.progress),
            key=f"batch:{batch_id}")

    def _finished(self, update) -> None:
        result = update.result if isinstance(update.result, BulkResult) else None
        self.result = result
        if result is None:
            self.summary.setText(error_text(update.error, update.error_problem)
                                 or self.tr("The job did not finish."))
            self.summary.setStyleSheet("color: #b00020; font-size: 15px; font-weight: 600;")
            self.progress.clear()
            self._count()
            return
        self.summary.setText(self.tr(
            "{aggregated} of {total} codes aggregated, {failed} failed.").format(
            aggregated=result.aggregated, total=result.total, failed=result.failed))
        colour = "#1b5e20" if result.success else "#8a4b00"
        self.summary.setStyleSheet(f"color: {colour}; font-size: 15px; font-weight: 600;")
        if result.errors:
            shown = result.errors[:SHOWN_ERRORS]
            rows = [(error.code.replace("\x1d", "⟨GS⟩"), reason_text(error))
                    for error in shown]
            brush = QBrush(QColor("#b00020"))
            model = RowsTableModel([self.tr("Code"), self.tr("Reason")], rows,
                                   brushes=[brush] * len(rows), parent=self)
            self.errors.setModel(model)
            self.errors.horizontalHeader().setSectionResizeMode(
                0, QHeaderView.ResizeMode.Stretch)
            self.errors.show()
        self.aggregate_button.setEnabled(False)
        self.aggregate_button.setText(self.tr("Aggregated"))
        self.aggregate_button.setToolTip(self.tr("Close the dialog to aggregate another list."))
