"""A read-only table of rows that each have an ``id``, replaced by a fresh read without losing
the selection or the scroll position: the new rows are applied as removals, insertions and
``dataChanged`` (the same approach as the jobs table; ARCHITECTURE habit 10)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...widgets.read_only_table import ReadOnlyTableModel

Index = QModelIndex | QPersistentModelIndex

#: The row's id, in every column.
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class KeyedRowsModel(ReadOnlyTableModel):
    """Subclasses give ``HEADERS`` (through ``headers()``), ``display`` and optionally
    ``foreground``, ``tooltip`` and ``alignment``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # -- to override ----------------------------------------------------------------------------

    def headers(self) -> list[str]:
        raise NotImplementedError

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def foreground(self, row: Any, column: int) -> Any:
        return None

    def tooltip(self, row: Any, column: int) -> str | None:
        text = self.display(row, column)
        return text or None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return None

    # -- feeding --------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Make the table show ``rows`` (in their order), changing only what differs."""
        rows = list(rows)
        wanted = {row.id for row in rows}
        parent = QModelIndex()
        end = len(self._rows) - 1
        while end >= 0:                     # removals, bottom up, a run at a time
            if self._rows[end].id in wanted:
                end -= 1
                continue
            start = end
            while start > 0 and self._rows[start - 1].id not in wanted:
                start -= 1
            self.beginRemoveRows(parent, start, end)
            del self._rows[start:end + 1]
            self.endRemoveRows()
            end = start - 1
        kept = {row.id for row in self._rows}
        if [row.id for row in self._rows] != [row.id for row in rows if row.id in kept]:
            # The kept rows changed their order (rare): start afresh.
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        position = index = 0
        last_column = self.column_total() - 1
        while index < len(rows):            # insertions and changes, top down
            row = rows[index]
            if position < len(self._rows) and self._rows[position].id == row.id:
                if self._rows[position] != row:
                    self._rows[position] = row
                    self.dataChanged.emit(self.index(position, 0),
                                          self.index(position, last_column))
                position += 1
                index += 1
                continue
            next_id = self._rows[position].id if position < len(self._rows) else None
            run_end = index
            while run_end < len(rows) and rows[run_end].id != next_id:
                run_end += 1
            run = rows[index:run_end]
            self.beginInsertRows(parent, position, position + len(run) - 1)
            self._rows[position:position] = run
            self.endInsertRows()
            position += len(run)
            index = run_end

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Rows of the next page (those already shown are skipped)."""
        known = {row.id for row in self._rows}
        new = [row for row in rows if row.id not in known]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def clear(self) -> None:
        if self._rows:
            self.beginResetModel()
            self._rows = []
            self.endResetModel()

    # -- reading --------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.id == row_id:
                return number
        return -1

    def by_id(self, row_id: int) -> Any:
        row = self.row_of(row_id)
        return self._rows[row] if row >= 0 else None

    def all_rows(self) -> list[Any]:
        return list(self._rows)

    # -- Qt -------------------------------------------------------------------------------------

    def column_total(self) -> int:
        return len(self.headers())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt name
        return 0 if parent.isValid() else len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        number, column = index.row(), index.column()
        if not (0 <= number < len(self._rows) and 0 <= column < self.column_total()):
            return None
        row = self._rows[number]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            alignment = self.alignment(column)
            return None if alignment is None else int(alignment)
        if role == ID_ROLE:
            return row.id
        return None
