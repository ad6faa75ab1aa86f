"""The part every read-only table model here shares: selectable rows, no children, a fixed
set of columns (ARCHITECTURE habit 10: boring on purpose)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class ReadOnlyTableModel(QAbstractTableModel):
    def column_total(self) -> int:
        """How many columns the table has."""
        raise NotImplementedError

    def columnCount(self,  # noqa: N802 - Qt name
                    parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                    ) -> int:
        return 0 if parent.isValid() else self.column_total()

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
