"""A read-only table of rows that each have an ``id``, replaced by a fresh read without losing
the selection or the scroll position: the new rows are applied as removals, insertions and
``dataChanged`` (``widgets.keyed_rows``, shared with the jobs table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...widgets.keyed_rows import apply_keyed_rows
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
        apply_keyed_rows(self, self._rows, rows, self.column_total() - 1)

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
        return role_value(self, self._rows[number], column, role)


def role_value(model: Any, row: Any, column: int, role: int) -> Any:
    """A cell's value for ``role`` from the model's ``display``, ``tooltip``, ``foreground``
    and ``alignment`` (shared by the keyed tables and the paged delivery log)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return model.display(row, column)
    if role == Qt.ItemDataRole.ToolTipRole:
        return model.tooltip(row, column)
    if role == Qt.ItemDataRole.ForegroundRole:
        return model.foreground(row, column)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        alignment = model.alignment(column)
        return None if alignment is None else int(alignment)
    if role == ID_ROLE:
        return row.id
    return None
