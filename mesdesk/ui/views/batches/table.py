"""The batch list's table: columns at least as wide as their titles, a header menu to show or
hide columns, the rows on screen, and a row copied as text."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ...widgets.rate_delegate import RateBarDelegate
from .model import COLUMNS, RATE, RATE_ROLE, BatchTableModel


class BatchTable(QTableView):
    def __init__(self, model: BatchTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchTable")
        self.setModel(model)
        self.batches = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be chosen (Ctrl/Shift+click) to compare them; every other action
        # works on the current row.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        for number, column in enumerate(COLUMNS):
            # Never narrower than the (translated) header text.
            header.resizeSection(number, max(column.width, header.sectionSizeHint(number)))
            header.setSectionHidden(number, column.hidden)
        self.setItemDelegateForColumn(RATE, RateBarDelegate(RATE_ROLE, self))

    def visible_rows(self) -> tuple[int, int]:
        """(first, last) row on screen; (0, -1) when there are none."""
        first = self.rowAt(0)
        last = self.rowAt(self.viewport().height() - 1)
        count = self.batches.rowCount()
        if first < 0:
            return (0, -1) if count == 0 else (0, count - 1)
        return first, last if last >= 0 else count - 1

    def selected_rows(self) -> list[int]:
        """The chosen rows, top to bottom."""
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def select_row(self, row: int) -> None:
        index = self.batches.index(row, 0)
        self.setCurrentIndex(index)
        self.selectRow(row)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def copy_row(self, row: int) -> None:
        """The row's visible cells, in the order shown, tab-separated, to the clipboard."""
        header = self.horizontalHeader()
        columns = [header.logicalIndex(visual) for visual in range(header.count())]
        texts = [self.batches.data(self.batches.index(row, column)) or "" for column in columns
                 if not header.isSectionHidden(column)]
        QGuiApplication.clipboard().setText("\t".join(texts))

    def header_menu(self) -> QMenu:
        """Show or hide columns."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for number in range(len(COLUMNS)):
            title = self.batches.headerData(number, Qt.Orientation.Horizontal)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(partial(self.toggle_column, number))
        return menu

    def _show_header_menu(self, position) -> None:
        menu = self.header_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.horizontalHeader().mapToGlobal(position))

    def toggle_column(self, number: int, shown: bool) -> None:
        header = self.horizontalHeader()
        visible = sum(1 for n in range(len(COLUMNS)) if not header.isSectionHidden(n))
        if not shown and visible <= 1:
            return      # keep at least one column
        header.setSectionHidden(number, not shown)
