"""Which widget each area of the main window shows: real views where they are built,
a plain explanation where they are not yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from .backend import Backend
from .main_window import AREAS, MainWindow
from .views.aggregation.page import AggregationPage
from .views.analytics.page import AnalyticsPage
from .views.audit import AuditPage
from .views.batches.page import BatchesPage
from .views.files import FilesPage
from .views.jobs.panel import JobsPanel
from .views.placeholder import PlaceholderPage
from .views.settings.page import SettingsPage
from .views.webhooks import WebhooksPage


def tr(text: str) -> str:
    return QCoreApplication.translate("Pages", text)


def not_built(key: str, window: MainWindow) -> PlaceholderPage:
    return PlaceholderPage(window.titles()[key], tr("This area is being built."))


def connecting_page(key: str, window: MainWindow) -> PlaceholderPage:
    return PlaceholderPage(window.titles()[key], tr("Connecting to the database…"))


def install_placeholders(window: MainWindow) -> None:
    for key in AREAS:
        window.set_page(key, connecting_page(key, window))


def install_views(window: MainWindow, backend: Backend) -> None:
    """Replace the placeholders with the views once the database is there."""
    builders = view_builders()
    for key in AREAS:
        builder = builders.get(key)
        window.set_page(key, builder(backend, window) if builder else not_built(key, window))
    batches, station = window.page("batches"), window.page("aggregation")
    if isinstance(batches, BatchesPage) and isinstance(station, AggregationPage):
        batches.open_in_aggregation.connect(station.choose_batch)
    analytics = window.page("analytics")
    if isinstance(batches, BatchesPage) and isinstance(analytics, AnalyticsPage):
        connect_analytics(analytics, batches, window)


def connect_analytics(analytics: AnalyticsPage, batches: BatchesPage, window: MainWindow
                      ) -> None:
    """A drill-down in Analytics opens the Batches area with its filter; the Analytics tabs
    can take the batch selected there."""
    def show_batches(flt) -> None:
        batches.show_filtered(flt)
        window.show_area("batches")

    def compare(ids: list[int]) -> None:
        analytics.compare_batches(ids)
        window.show_area("analytics")

    analytics.show_batches.connect(show_batches)
    batches.compare_requested.connect(compare)
    analytics.set_selection_source(
        lambda: batch.id if (batch := batches.selected_batch()) is not None else None)


def view_builders() -> dict[str, Callable[[Backend, MainWindow], QWidget]]:
    """Area key -> callable(backend, window) -> QWidget, for the areas that exist."""
    return {
        "batches": lambda backend, window: BatchesPage(backend, window),
        "aggregation": lambda backend, window: AggregationPage(backend, window),
        "analytics": lambda backend, window: AnalyticsPage(backend),
        "files": lambda backend, window: FilesPage(backend),
        "jobs": lambda backend, window: JobsPanel(backend),
        "webhooks": lambda backend, window: WebhooksPage(backend),
        "audit": lambda backend, window: AuditPage(backend),
        "settings": lambda backend, window: SettingsPage(backend),
    }
