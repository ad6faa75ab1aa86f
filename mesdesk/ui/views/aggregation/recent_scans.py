"""The last 100 scans of this station: time, code, verdict, newest on top.

A kept (pending) scan's row changes in place when its real verdict arrives on reconnect,
found by its journal ``scan_id``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mesdesk.domain.problems import Problem
from mesdesk.domain.scanner_input import visible_controls
from mesdesk.domain.verdicts import Verdict
from mesdesk.services.dto import ScanResult

from ...widgets.read_only_table import ReadOnlyTableModel
from ...text.formats import Formats
from ...text.scans import look, verdict_detail, verdict_title

CAPACITY = 100


@dataclass(frozen=True, slots=True)
class ScanRow:
    at: datetime
    code: str
    verdict: str
    detail: str
    scan_id: str | None = None


class RecentScansModel(ReadOnlyTableModel):
    TIME, CODE, VERDICT = range(3)

    def __init__(self, formats: Formats, parent=None) -> None:
        super().__init__(parent)
        self._formats = formats
        self._rows: deque[ScanRow] = deque(maxlen=CAPACITY)   # newest first

    def add(self, row: ScanRow) -> None:
        full = len(self._rows) == CAPACITY
        if full:
            self.beginRemoveRows(QModelIndex(), CAPACITY - 1, CAPACITY - 1)
            self._rows.pop()
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.appendleft(row)
        self.endInsertRows()

    def update_verdict(self, scan_id: str, verdict: str, detail: str) -> bool:
        """The real verdict of a kept scan; False when its row has scrolled away."""
        for index, row in enumerate(self._rows):
            if row.scan_id == scan_id:
                self._rows[index] = replace(row, verdict=verdict, detail=detail)
                self.dataChanged.emit(self.index(index, 0), self.index(index, 2))
                return True
        return False

    def row(self, index: int) -> ScanRow:
        return self._rows[index]

    def rows(self) -> list[ScanRow]:
        return list(self._rows)

    def rowCount(self,  # noqa: N802 - Qt name
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def column_total(self) -> int:
        return 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Code"), self.tr("Verdict"))[section] \
            if 0 <= section < 3 else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TIME:
                local = row.at.astimezone(self._formats.tz)
                return local.strftime("%H:%M:%S")
            if column == self.CODE:
                return visible_controls(row.code)
            return verdict_title(row.verdict)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail or None
        if role == Qt.ItemDataRole.BackgroundRole and column == self.VERDICT:
            return QBrush(QColor(look(row.verdict).background))
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERDICT:
            return QBrush(QColor(look(row.verdict).foreground))
        return None


def rows_from_journal(entries, formats: Formats) -> list[ScanRow]:
    """The list as it was before a restart: the journal's decided and kept scans, oldest
    first, each verdict said again in the operator's language (from its problem's facts)."""
    rows = []
    for entry in reversed(entries):
        if entry.verdict == Verdict.REPEAT:
            continue
        verdict = entry.verdict or Verdict.PENDING
        result = ScanResult(code=entry.raw, verdict=verdict, message=entry.message or "",
                            aggregated_at=entry.aggregated_at, scan_id=entry.scan_id,
                            problem=Problem.from_json(entry.problem))
        rows.append(ScanRow(at=entry.received_at, code=entry.raw, verdict=verdict,
                            detail=verdict_detail(result, formats), scan_id=entry.scan_id))
    return rows
