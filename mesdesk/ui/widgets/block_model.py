"""Rows kept in blocks (``page_blocks``) shown as a Qt table model: the part of the pager that
answers the view (rows, cells, keys) and swaps a fresh read in without losing the user's
place. ``pager.KeysetTableModel`` adds the loading."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, Qt

from .page_blocks import Block, Blocks
from .read_only_table import ReadOnlyTableModel


class BlockTableModel(ReadOnlyTableModel):
    """Subclasses give ``columnCount``, ``headerData``, ``cell``, ``row_key``, ``pack`` and
    ``_request_block`` (load an evicted block that came into view)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._b = Blocks()

    def row_key(self, row: Any) -> Hashable:
        raise NotImplementedError

    @staticmethod
    def pack(row: Any) -> Any:
        return row

    @property
    def resident_rows(self) -> int:
        return self._b.resident_rows

    @property
    def block_count(self) -> int:
        return len(self._b.blocks)

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self,  # noqa: N802 - Qt name
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else self._b.row_count

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The value of ``role`` for a stored row (None while its block loads)."""
        raise NotImplementedError

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        return self.cell(self.row_at(index.row()), index.column(), role)

    def multiData(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt name
                  span: QModelRoleDataSpan) -> None:
        """Every role of a cell in one call (Qt 6 delegates ask this way): one Python call per
        painted cell instead of one per role, which matters while workers hold the GIL."""
        row = self.row_at(index.row()) if index.isValid() else None
        column = index.column()
        for item in span:
            value = self.cell(row, column, item.role()) if index.isValid() else None
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    # -- rows -----------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any:
        """The row object, or None while its block is (re)loading or the row is gone."""
        found = self._b.locate(row)
        if found is None:
            return None
        index, block = found
        if block.rows is None:
            self._request_block(index)
            return None
        self._b.touch(index)
        offset = row - block.start
        return block.rows[offset] if offset < len(block.rows) else None

    def peek(self, row: int) -> Any:
        """Like ``row_at`` but never starts a reload (for bookkeeping)."""
        return self._b.value(row)

    def find_row(self, key: Hashable) -> int:
        """The model row of ``key`` among the rows in memory, or -1."""
        return self._b.find(self.row_key, key)

    def update_rows(self, rows: list[Any]) -> set[Hashable]:
        """Replace rows in memory by key (values change, places do not); ``rows`` are DTOs as
        the service returns them. Returns the keys found."""
        found, changed = self._b.replace(self.row_key, [self.pack(row) for row in rows])
        last_column = max(self.columnCount() - 1, 0)
        for model_row in changed:
            self.dataChanged.emit(self.index(model_row, 0), self.index(model_row, last_column))
        return found

    def swap_in(self, blocks: list[Block]) -> None:
        """Show ``blocks`` (read again from the top) instead of the rows shown, keeping the
        user's place: persistent indexes (selection, current row) move to where the same keys
        are now, and rows are inserted or removed only at the end."""
        new_count = sum(block.count for block in blocks)
        old_count = self._b.row_count
        position = {self.row_key(row): block.start + offset
                    for block in blocks for offset, row in enumerate(block.rows or [])}

        if new_count > old_count:       # grow at the end first, then move things in place
            self.beginInsertRows(QModelIndex(), old_count, new_count - 1)
            self._b.install(self._b.blocks + [Block(old_count, new_count - old_count, None,
                                                    [None] * (new_count - old_count),
                                                    dead=True)], keep_lru=True)
            self.endInsertRows()

        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        keys = [self._key_at(index.row()) for index in before]
        padded = blocks
        if new_count < old_count:       # keep the row count through the layout change
            padded = blocks + [Block(new_count, old_count - new_count, None,
                                     [None] * (old_count - new_count), dead=True)]
        self._b.install(padded)
        after = []
        for index, key in zip(before, keys):
            row = position.get(key) if key is not None else None
            if row is None:
                row = index.row() if index.row() < new_count else None
            after.append(self.createIndex(row, index.column()) if row is not None
                         else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

        if new_count < old_count:
            self.beginRemoveRows(QModelIndex(), new_count, old_count - 1)
            self._b.install(blocks)
            self.endRemoveRows()

    def _key_at(self, row: int) -> Hashable | None:
        value = self.peek(row)
        return None if value is None else self.row_key(value)

    def _request_block(self, index: int) -> None:
        raise NotImplementedError
