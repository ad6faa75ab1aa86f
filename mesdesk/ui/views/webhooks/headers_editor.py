"""The extra request headers of a subscription: a small name/value table to edit them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from .form import headers_from_rows


class HeadersEditor(QWidget):
    """A small name/value table for extra request headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("headersTable")
        self.table.setHorizontalHeaderLabels([self.tr("Header"), self.tr("Value")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 170)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setFixedHeight(112)
        self.table.setTabKeyNavigation(False)
        self.add_button = QPushButton(self.tr("Add header"), self)
        self.add_button.setObjectName("addHeader")
        self.add_button.clicked.connect(lambda: self.add_row("", "", edit=True))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeHeader")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, name: str, value: str, *, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)

    def set_headers(self, headers: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for name, value in headers.items():
            self.add_row(name, value)

    def headers(self) -> dict[str, str]:
        """The rows as headers (``form.headers_from_rows``: raises ValidationError for a name
        given twice)."""
        return headers_from_rows((self._cell(row, 0), self._cell(row, 1))
                                 for row in range(self.table.rowCount()))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
