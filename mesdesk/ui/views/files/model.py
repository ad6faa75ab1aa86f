"""The files of one tab as a table (habit 10: column constants, ``parent.isValid()`` guards,
rows changed in place so the selection and the scroll position survive a refresh). Rows are
``FileEntry`` DTOs; a row is known by (bucket, name)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mesdesk.services.dto import FileEntry

from ...text.formats import Formats
from ...widgets.keyed_rows import apply_keyed_rows
from ...widgets.read_only_table import ReadOnlyTableModel
from .texts import (
    bucket_name, import_colour, import_text, import_tooltip, state_colour, state_name,
    state_tooltip,
)

Index = QModelIndex | QPersistentModelIndex

# The columns a tab may show, in the order they are shown.
NAME, BUCKET, SIZE, MADE, BY, STATION, STATE, IMPORT = range(8)
BUCKET_COLUMNS = (NAME, SIZE, MADE, BY, STATION, STATE)
IMPORTS_COLUMNS = (*BUCKET_COLUMNS, IMPORT)
PENDING_COLUMNS = (NAME, BUCKET, SIZE, MADE, BY, STATION, STATE)

#: (bucket, name) of the row, in every column.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Row:
    """A file keyed for ``apply_keyed_rows``: its key is (bucket, name)."""

    id: Key
    entry: FileEntry


def key_of(entry: FileEntry) -> Key:
    return (entry.bucket, entry.name)


class FilesModel(ReadOnlyTableModel):
    def __init__(self, formats: Formats, columns: Sequence[int] = BUCKET_COLUMNS,
                 parent=None) -> None:
        super().__init__(parent)
        self._formats = formats
        self._columns = tuple(columns)
        self._rows: list[_Row] = []

    # -- feeding ------------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[int]) -> None:
        """Show ``columns`` (a tab's); the rows stay."""
        columns = tuple(columns)
        if columns == self._columns:
            return
        self.beginResetModel()
        self._columns = columns
        self.endResetModel()

    def set_entries(self, entries: Sequence[FileEntry]) -> None:
        """Show ``entries`` in their order, changing only what differs."""
        apply_keyed_rows(self, self._rows, [_Row(key_of(e), e) for e in entries],
                         len(self._columns) - 1)

    def clear(self) -> None:
        if self._rows:
            self.beginResetModel()
            self._rows = []
            self.endResetModel()

    # -- reading ------------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[int, ...]:
        return self._columns

    def section_of(self, column: int) -> int:
        """Where ``column`` (NAME, STATE…) is shown; -1 when this tab does not show it."""
        return self._columns.index(column) if column in self._columns else -1

    def entry(self, row: int) -> FileEntry | None:
        return self._rows[row].entry if 0 <= row < len(self._rows) else None

    def entries(self) -> list[FileEntry]:
        return [row.entry for row in self._rows]

    def row_of(self, key: Key) -> int:
        for number, row in enumerate(self._rows):
            if row.id == key:
                return number
        return -1

    # -- Qt -----------------------------------------------------------------------------------

    def column_total(self) -> int:
        return len(self._columns)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt name
        return 0 if parent.isValid() else len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole \
                or not 0 <= section < len(self._columns):
            return None
        return self._header(self._columns[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        number, section = index.row(), index.column()
        if not (0 <= number < len(self._rows) and 0 <= section < len(self._columns)):
            return None
        entry, column = self._rows[number].entry, self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATE:
                return state_colour(entry.sync_state)
            if column == IMPORT:
                return import_colour(entry)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT) if column == SIZE else None
        if role == KEY_ROLE:
            return key_of(entry)
        return None

    def _header(self, column: int) -> str:
        headers = {NAME: self.tr("Name"), BUCKET: self.tr("Bucket"), SIZE: self.tr("Size"),
                   MADE: self.tr("Made"), BY: self.tr("By"), STATION: self.tr("Station"),
                   STATE: self.tr("State"), IMPORT: self.tr("Import")}
        return headers.get(column, "")

    def _display(self, entry: FileEntry, column: int) -> str:
        if column == NAME:
            return entry.name
        if column == BUCKET:
            return bucket_name(entry.bucket)
        if column == SIZE:
            return self._formats.file_size(entry.size)
        if column == MADE:
            return self._formats.datetime(entry.created_at)
        if column == BY:
            return entry.created_by
        if column == STATION:
            return entry.station
        if column == STATE:
            return state_name(entry.sync_state)
        if column == IMPORT:
            return import_text(entry)
        return ""

    def _tooltip(self, entry: FileEntry, column: int) -> str | None:
        if column == STATE:
            return state_tooltip(entry, self._formats)
        if column == IMPORT:
            return import_tooltip(entry) or None
        if column == SIZE:
            return self.tr("{bytes} bytes").format(bytes=self._formats.integer(entry.size))
        return self._display(entry, column) or None
