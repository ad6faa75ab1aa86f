"""The Analytics area's tables: rows of figures, already formatted on the GUI thread from the
DTOs an op returned, and the DTO kept beside each row for a drill-down. Boring on purpose
(ARCHITECTURE habit 10): fixed columns, ``parent.isValid()`` guards, a reset per answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...widgets.read_only_table import ReadOnlyTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class FigureRow:
    """One row: its cells' texts, the thing it shows (a DTO, or None for a summary row),
    and whether it is a summary (shown bold: the averages)."""

    texts: tuple[str, ...]
    item: Any = None
    summary: bool = False


class FiguresModel(ReadOnlyTableModel):
    """Columns given as headers; ``numeric`` columns are right-aligned."""

    def __init__(self, headers: Sequence[str], numeric: Sequence[int] = (), parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = set(numeric)
        self._rows: list[FigureRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[FigureRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_headers(self, headers: Sequence[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def item_at(self, row: int) -> Any:
        return self._rows[row].item if 0 <= row < len(self._rows) else None

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row].texts

    def headers(self) -> list[str]:
        return list(self._headers)

    def rowCount(self,  # noqa: N802 - Qt name
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def column_total(self) -> int:
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self._numeric:
            return RIGHT
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(self._headers)):
            return None
        figure = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return figure.texts[column] if column < len(figure.texts) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._numeric:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and figure.summary:
            return self._bold
        return None
