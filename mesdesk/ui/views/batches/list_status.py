"""What the batch list says about itself: the count line, the empty table's message and the
bar that offers to try again when a page could not be loaded."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from ...widgets.empty_state import EmptyState
from ...text.formats import Formats
from .screen import BatchesScreen, Count, Empty


class BatchListStatus(QObject):
    def __init__(self, page: QWidget, table: QTableView, count_label: QLabel) -> None:
        super().__init__(page)
        self._formats: Formats = page.formats
        self._count_label = count_label
        self.empty = EmptyState(table)
        self.bar = QFrame(page)
        self.bar.setObjectName("batchMessageBar")
        self.bar.setStyleSheet("#batchMessageBar { background: #fdecea; "
                               "border: 1px solid #f5c2c0; border-radius: 4px; }")
        self.message = QLabel(self.bar)
        self.message.setObjectName("batchMessage")
        self.message.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Try again"), self.bar)
        layout = QHBoxLayout(self.bar)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        self.bar.hide()

    def show_failure(self, reason: str) -> None:
        self.message.setText(self.tr("The batches could not be loaded: {reason}").format(
            reason=reason))
        self.bar.show()

    def show(self, screen: BatchesScreen, model, *, filtered: bool) -> None:
        empty = screen.empty(rows=model.rowCount(), failed=model.error is not None,
                             loading=model.loading, loaded_once=model.loaded_once,
                             filtered=filtered)
        if empty is Empty.NOTHING:
            self.empty.clear()
        elif empty is Empty.FAILED:
            self.empty.show_message(self.tr("The batches could not be loaded."), model.error)
        elif empty is Empty.LOADING:
            self.empty.show_message(self.tr("Loading batches…"))
        elif empty is Empty.NO_MATCH:
            self.empty.show_message(
                self.tr("No batches match these filters."),
                self.tr("Change the filters or clear them to see every batch."))
        else:
            self.empty.show_message(
                self.tr("There are no batches yet."),
                self.tr("Import a 1C file (Ctrl+O, or drop it here) or create a batch "
                        "(Ctrl+N)."))
        self._show_count(screen, model)

    def _show_count(self, screen: BatchesScreen, model) -> None:
        f = self._formats
        loaded, total = model.rowCount(), model.total
        count = screen.count(loaded, total, model.has_more)
        if count is Count.NONE:
            text = ""
        elif count is Count.COUNTING:
            text = self.tr("Batches loaded: {loaded}; counting…").format(loaded=f.integer(loaded))
        elif count is Count.ALL:
            text = self.tr("Batches: {total}").format(total=f.integer(total))
        else:
            text = self.tr("Batches: {loaded} of {total} loaded").format(
                loaded=f.integer(loaded), total=f.integer(total))
        self._count_label.setText(text)
