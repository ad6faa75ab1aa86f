"""What the Batches page remembers between sessions: the columns (order, widths, shown), the
splitters and the sort."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QSplitter, QTableView

from mesdesk.services.dto import BatchFilter

from .model import column_of_sort
from .screen import DEFAULT_SORT

PREFIX = "batches/"


def restore_layout(table: QTableView, splitters: dict[str, QSplitter]) -> tuple[str, bool]:
    """Columns and splitters as they were; returns the sort (column key, descending)."""
    settings = QSettings()
    header = table.horizontalHeader()
    header.blockSignals(True)       # the saved sort is applied by the filter, not by a click
    state = settings.value(PREFIX + "header")
    if isinstance(state, QByteArray) and not state.isEmpty():
        header.restoreState(state)
    for key, splitter in splitters.items():
        value = settings.value(PREFIX + key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            splitter.restoreState(value)
    sort = str(settings.value(PREFIX + "sort", DEFAULT_SORT))
    descending = str(settings.value(PREFIX + "descending", "true")).lower() in ("true", "1")
    show_sort(table, sort, descending)
    header.blockSignals(False)
    return sort, descending


def show_sort(table: QTableView, sort: str, descending: bool) -> None:
    table.horizontalHeader().setSortIndicator(
        column_of_sort(sort), Qt.SortOrder.DescendingOrder if descending
        else Qt.SortOrder.AscendingOrder)


def save_layout(table: QTableView, splitters: dict[str, QSplitter], flt: BatchFilter) -> None:
    settings = QSettings()
    settings.setValue(PREFIX + "header", table.horizontalHeader().saveState())
    for key, splitter in splitters.items():
        settings.setValue(PREFIX + key, splitter.saveState())
    settings.setValue(PREFIX + "sort", flt.sort)
    settings.setValue(PREFIX + "descending", "true" if flt.descending else "false")
