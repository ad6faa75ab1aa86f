"""Importing a 1C JSON file (shift tasks or product codes) from the batch list.

The file is read, parsed and stored on a worker as a job (a ``jobs`` row every station sees);
the answer is a report with one line per item: created, updated, unchanged or rejected with
the field and the reason. ``IntakeResultDialog`` shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.domain import problems as P
from mesdesk.domain.batches import ONE_C_KEYS
from mesdesk.domain.problems import Problem
from mesdesk.services.dto import IntakeResult
from mesdesk.services.input_files import read_1c_items
from mesdesk.services.intake import detect_kind

from ...text.problems import sentence
from ...widgets.rows_model import RowsTableModel
from ...text.formats import Formats

CONTEXT = "BatchImport"
JOB_KIND = "intake_1c"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    index: int                  # 0-based position in the file
    number: str                 # НомерПартии as written in the file
    day: str                    # ДатаПартии as written
    outcome: str                # IntakeResult.outcomes: created | updated | unchanged |
                                # added | skipped | rejected
    field: str | None = None
    error: str | None = None
    problem: Problem | None = None          # why it was rejected, or what to know (a warning)


@dataclass(frozen=True, slots=True)
class ImportReport:
    file_name: str
    result: IntakeResult
    items: tuple[ItemOutcome, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file_name, **self.result.as_dict()}


def _shown(item: Any, name: str) -> str:
    if not isinstance(item, dict):
        return ""
    value = item.get(ONE_C_KEYS.get(name, name), item.get(name))
    return "" if value is None else str(value)


def _item_outcomes(items: Sequence[Any], result: IntakeResult) -> tuple[ItemOutcome, ...]:
    """One line per item of the file, with what the intake did to it."""
    rejected = {rejection.index: rejection for rejection in result.rejected}
    warned = {warning.index: warning for warning in result.warnings}
    outcomes = []
    for index, item in enumerate(items):
        number, day = _shown(item, "batch_number"), _shown(item, "batch_date")
        said = rejected.get(index) or warned.get(index)
        outcome = "rejected" if index in rejected else result.outcomes[index]
        if said is None:
            outcomes.append(ItemOutcome(index, number, day, outcome))
        else:
            outcomes.append(ItemOutcome(index, number, day, outcome, said.field, said.error,
                                        said.problem))
    return tuple(outcomes)


def import_job(use: Any, tz: tzinfo, path: Path, gs_tokens: Sequence[str] = (),
               limits: Mapping[str, int] | None = None) -> Callable[[Any], ImportReport]:
    """The import of ``path`` as a job's work (read, detect, store; progress as it goes):
    ``use`` is the backend's use cases, ``limits`` the reader's (``max_file_mb``,
    ``max_items``: the intake settings)."""

    def work(context: Any) -> ImportReport:
        context.progress(0, None, P.JOB_STEP_READING_FILE.problem())
        items = read_1c_items(path, **(limits or {}))
        context.progress(0, len(items), P.JOB_STEP_STORING_ITEMS.problem())
        if detect_kind(items) == "products":
            result = use.intake_products(items, gs_tokens=gs_tokens)
        else:
            result = use.intake_batches(items, tz)
        context.progress(len(items), len(items), P.JOB_STEP_DONE.problem())
        return ImportReport(path.name, result, _item_outcomes(items, result))

    return work


# -- the result, item by item ------------------------------------------------------------------

class IntakeResultDialog(QDialog):
    def __init__(self, report: ImportReport, formats: Formats,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeResultDialog")
        self.report = report
        f = formats
        result = report.result
        self.setWindowTitle(self.tr("Import of {file}").format(file=report.file_name))
        if result.kind == "products":
            summary = self.tr("Codes added: {added}. Skipped (unknown batch or already stored): "
                              "{skipped}. Rejected: {rejected}.").format(
                added=f.integer(result.created), skipped=f.integer(result.skipped),
                rejected=f.integer(result.rejected_total or 0))
        else:
            summary = self.tr("Batches created: {created}. Updated: {updated}. Unchanged: "
                              "{unchanged}. Rejected: {rejected}.").format(
                created=f.integer(result.created), updated=f.integer(result.updated),
                unchanged=f.integer(result.skipped),
                rejected=f.integer(result.rejected_total or 0))
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("intakeSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        outcomes = {
            "created": self.tr("Created"),
            "updated": self.tr("Updated"),
            "unchanged": self.tr("Unchanged"),
            "added": self.tr("Added"),
            "skipped": self.tr("Skipped"),
            "rejected": self.tr("Rejected"),
        }
        red, amber = QBrush(QColor("#b00020")), QBrush(QColor("#8a5a00"))
        rows, brushes = [], []
        for item in report.items:
            said = sentence(item.problem) if item.problem else (item.error or "")
            rows.append((str(item.index + 1), item.number, item.day,
                         outcomes.get(item.outcome, item.outcome), item.field or "", said))
            brushes.append(red if item.outcome == "rejected" else amber if said else None)
        self.model = RowsTableModel(
            [self.tr("Item"), self.tr("Batch number"), self.tr("Batch date"), self.tr("Result"),
             self.tr("Field"), self.tr("Problem")], rows, brushes=brushes, right_aligned=(0, 1),
            parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("intakeItems")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        for column, width in enumerate((72, 100, 100, 110, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        note = QLabel(self.tr("Items are numbered from 1 in the order of the file. A rejected "
                              "item changed nothing; the others were stored."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(860, 420)
