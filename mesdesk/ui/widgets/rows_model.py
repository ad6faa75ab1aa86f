"""A read-only table of plain text rows (result lists in dialogs), with an optional colour
and tooltip per row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from .read_only_table import ReadOnlyTableModel


class RowsTableModel(ReadOnlyTableModel):
    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                 brushes: Sequence[QBrush | None] | None = None,
                 right_aligned: Sequence[int] = (), parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [tuple(row) for row in rows]
        self._brushes = list(brushes) if brushes is not None else []
        self._right = set(right_aligned)

    def rowCount(self,  # noqa: N802 - Qt name
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def column_total(self) -> int:
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(self._headers)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = self._rows[row]
            return values[column] if column < len(values) else ""
        if role == Qt.ItemDataRole.ForegroundRole and row < len(self._brushes):
            return self._brushes[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._right:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row]
