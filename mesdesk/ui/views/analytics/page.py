"""The Analytics area (SPEC §10): the Dashboard, a batch's statistics and a comparison of
batches, one tab each (``dashboard``, ``batch_stats``, ``compare``).

``show_batches(BatchFilter)`` asks the main window for the Batches area with that filter (a
drill-down from the dashboard); ``set_selection_source`` lets the other tabs take the batch
selected there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...text.formats import Formats
from .batch_stats import BatchStatsTab
from .compare import CompareTab
from .dashboard import DashboardTab


class AnalyticsPage(QWidget):
    show_batches = Signal(object)        # BatchFilter

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsPage")
        self.backend = backend
        formats = Formats(backend.timezone)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analyticsTabs")
        self.tabs.setDocumentMode(True)
        self.dashboard = DashboardTab(backend, formats, self)
        self.batch_stats = BatchStatsTab(backend, formats, self)
        self.compare = CompareTab(backend, formats, self)
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.batch_stats, self.tr("Batch statistics"))
        self.tabs.addTab(self.compare, self.tr("Compare"))
        self.dashboard.show_batches.connect(self.show_batches)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._closed = False

    def set_selection_source(self, selected: Callable[[], int | None]) -> None:
        """The id of the batch selected in the Batches area (None: none is)."""
        self.batch_stats.set_selection_source(selected)
        self.compare.set_selection_source(selected)

    def show_batch_statistics(self, batch_id: int) -> None:
        self.tabs.setCurrentWidget(self.batch_stats)
        self.batch_stats.show_batch(batch_id)

    def compare_batches(self, ids: list[int]) -> None:
        """Compare these batches now (the batches chosen in the Batches area)."""
        self.tabs.setCurrentWidget(self.compare)
        self.compare.clear()
        for batch_id in ids:
            self.compare.add_batch(batch_id)
        self.compare.compare()

    def refresh(self) -> None:
        self.dashboard.refresh()

    def shutdown(self) -> None:
        """No more reads; answers in flight are dropped (their owners are these tabs)."""
        if self._closed:
            return
        self._closed = True
        for tab in (self.dashboard, self.batch_stats, self.compare):
            tab.stop()
