"""What an import did (SPEC §7): the counts, and every row refused or skipped with its row
number as Excel shows it, its column and the reason in the user's language."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from ...text.formats import Formats
from ...text.problems import sentence
from ...widgets.rows_model import RowsTableModel

#: Codes of the problems that skip a row rather than refuse it (shown amber, not red).
SKIPPING = ("import.duplicate_batch", "code.exists_in_this_batch")


class ImportResultDialog(QDialog):
    """``result`` is the import's ``ImportResult``."""

    def __init__(self, result: Any, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importResultDialog")
        self.result = result
        f = formats
        self.setWindowTitle(self.tr("Import of {file}").format(file=result.file))
        if result.kind == "products":
            summary = self.tr("{total} rows: {created} codes added, {skipped} skipped, "
                              "{rejected} refused.")
        else:
            summary = self.tr("{total} rows: {created} batches created, {updated} updated, "
                              "{skipped} skipped, {rejected} refused.")
        self.summary = QLabel(summary.format(
            total=f.integer(result.total_rows), created=f.integer(result.created),
            updated=f.integer(result.updated), skipped=f.integer(result.skipped),
            rejected=f.integer(result.rejected)), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")

        red, amber = QBrush(QColor("#b00020")), QBrush(QColor("#8a5a00"))
        rows, brushes = [], []
        for error in result.errors:
            params = error.problem.params
            row = params.get("row", params.get("index"))
            rows.append(("" if row is None else f.integer(row),
                         str(params.get("column") or ""), str(params.get("field") or ""),
                         sentence(error.problem)))
            brushes.append(amber if error.problem.code in SKIPPING else red)
        self.model = RowsTableModel([self.tr("Row"), self.tr("Column"), self.tr("Field"),
                                     self.tr("Problem")], rows, brushes=brushes,
                                    right_aligned=(0,), parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("importErrors")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        for column, width in enumerate((70, 70, 200)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setVisible(bool(rows))

        notes = []
        if result.errors_total > len(result.errors):
            notes.append(self.tr("The first {shown} of {total} problems are listed.").format(
                shown=f.integer(len(result.errors)), total=f.integer(result.errors_total)))
        if rows:
            notes.append(self.tr("Rows are numbered as in Excel (the header is row 1). A "
                                 "refused or skipped row changed nothing; the others were "
                                 "stored together."))
        if result.ignored_columns:
            notes.append(self.tr("Columns that name no field were passed over: {columns}.")
                         .format(columns=", ".join(result.ignored_columns)))
        if result.stored is not None:
            notes.append(self.tr("The file is kept among the imports as {name}.").format(
                name=result.stored.name))
        self.notes = QLabel("\n".join(notes), self)
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
        self.resize(860, 420 if rows else 200)
