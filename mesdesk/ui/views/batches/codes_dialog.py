"""The add-codes dialog: codes pasted (GS kept) or loaded from files, counted as they come; the
page adds them off the GUI thread and the dialog shows what was added and what was refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import AddProductsResult, BatchDTO

from ...errors import describe
from ...text.problems import sentence
from ...widgets.field_grid import ERROR_STYLE
from ...widgets.rows_model import RowsTableModel
from ...text.formats import GS, Formats


class CodesEdit(QPlainTextEdit):
    """A code list editor that keeps GS visible: Qt text widgets drop ASCII 29, so a pasted
    GS becomes the ``<GS>`` token the code parser reads as a separator."""

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt name
        if source.hasText() and GS in source.text():
            self.insertPlainText(source.text().replace(GS, "<GS>"))
            return
        super().insertFromMimeData(source)


@dataclass(frozen=True)
class CodesInput:
    text: str
    files: tuple[Path, ...]


class AddCodesDialog(QDialog):
    """``submitted(CodesInput)``; the page adds them and calls ``show_result``."""

    submitted = Signal(object)

    def __init__(self, formats: Formats, batch: BatchDTO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addCodesDialog")
        self._formats = formats
        self.batch = batch
        self.files: list[Path] = []
        self._file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Add codes to batch {number} of {date}").format(
            number=batch.batch_number, date=formats.date(batch.batch_date)))
        intro = QLabel(self.tr("Paste marking codes, one per line, or load them from a text "
                               "file. Codes already stored anywhere are not added and are "
                               "listed with the batch they belong to."), self)
        intro.setWordWrap(True)
        self.editor = CodesEdit(self)
        self.editor.setObjectName("codesEdit")
        self.editor.setPlaceholderText(self.tr("One code per line"))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("codesCount")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("codesFiles")
        self.file_label.setWordWrap(True)
        self.file_button = QPushButton(self.tr("Load from file…"), self)
        self.file_button.clicked.connect(self.choose_file)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("codesResult")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.rejected_view = QTableView(self)
        self.rejected_view.setObjectName("codesRejected")
        self.rejected_view.verticalHeader().hide()
        self.rejected_view.horizontalHeader().setStretchLastSection(True)
        self.rejected_view.setWordWrap(False)
        self.rejected_view.hide()
        self.rejected_model: RowsTableModel | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton(self.tr("Add codes"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addCodesButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        files_row = QHBoxLayout()
        files_row.addWidget(self.file_button)
        files_row.addWidget(self.file_label, 1)
        files_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 2)
        layout.addLayout(files_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.rejected_view, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 460)
        self._counting = QTimer(self)
        self._counting.setSingleShot(True)
        self._counting.setInterval(150)
        self._counting.timeout.connect(self._count)
        self.editor.textChanged.connect(self._counting.start)
        self._count()

    def set_text(self, text: str) -> None:
        """Put codes in as a paste would (GS kept visible as <GS>)."""
        self.editor.setPlainText(text.replace(GS, "<GS>"))
        self._count()

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Codes file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("Text files (*.txt *.csv)"), self.tr("All files (*)")])
        dialog.filesSelected.connect(self.add_files)
        self._file_dialog = dialog
        dialog.open()

    def add_files(self, paths: Sequence[str | Path]) -> None:
        self.files.extend(Path(p) for p in paths)
        names = ", ".join(p.name for p in self.files)
        self.file_label.setText(self.tr("The codes in {files} are added too.").format(
            files=names))

    def _count(self) -> None:
        lines = sum(1 for line in self.editor.toPlainText().splitlines() if line.strip())
        self.count_label.setText(self.tr("Codes typed or pasted: {count}").format(
            count=self._formats.integer(lines)))

    def submit(self) -> None:
        text = self.editor.toPlainText()
        if not text.strip() and not self.files:
            self.result_label.setStyleSheet(ERROR_STYLE)
            self.result_label.setText(self.tr("Paste at least one code or load a file."))
            self.result_label.show()
            return
        self.set_busy(True)
        self.submitted.emit(CodesInput(text, tuple(self.files)))

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)
        self.editor.setReadOnly(busy)
        self.file_button.setEnabled(not busy)
        if busy:
            self.result_label.setStyleSheet("color: palette(placeholder-text);")
            self.result_label.setText(self.tr("Adding codes…"))
            self.result_label.show()

    def show_result(self, result: AddProductsResult) -> None:
        """What was added and, code by code, what was not; the dialog stays open to read."""
        self.set_busy(False)
        f = self._formats
        if result.rejected:
            text = self.tr("Added: {added}. Not added: {rejected}, listed below.").format(
                added=f.integer(result.added), rejected=f.integer(len(result.rejected)))
        else:
            text = self.tr("Added: {added}.").format(added=f.integer(result.added))
        self.result_label.setStyleSheet("" if not result.rejected else "font-weight: 600;")
        self.result_label.setText(text)
        self.result_label.show()
        red = QBrush(QColor("#b00020"))
        self.rejected_model = RowsTableModel(
            [self.tr("Code"), self.tr("Why it was not added")],
            [(f.code(error.code), sentence(error.problem) if error.problem is not None
              else error.reason)
             for error in result.rejected],
            brushes=[red] * len(result.rejected), parent=self)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.horizontalHeader().resizeSection(0, 300)
        self.rejected_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.rejected_view.setVisible(bool(result.rejected))
        self.editor.clear()
        self.files.clear()
        self.file_label.setText("")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Close"))

    def show_error(self, error: BaseException) -> None:
        self.set_busy(False)
        self.result_label.setStyleSheet(ERROR_STYLE)
        self.result_label.setText(describe(error))
        self.result_label.show()
