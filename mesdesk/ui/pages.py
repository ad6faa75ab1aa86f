"""Which widget each area of the main window shows: real views where they are built,
a plain explanation where they are not yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from .backend import Backend
from .main_window import AREAS, MainWindow
from .views.aggregation.page import AggregationPage
from .views.batches.page import BatchesPage
from .views.jobs.panel import JobsPanel
from .views.placeholder import PlaceholderPage
from .views.settings.page import SettingsPage
from .views.webhooks import WebhooksPage


def tr(text: str) -> str:
    return QCoreApplication.translate("Pages", text)


def not_built(key: str, window: MainWindow) -> PlaceholderPage:
    explanations = {
        "analytics": tr("Dashboards and batch comparisons are being built."),
        "files": tr("Reports, exports and imports in file storage are being built."),
    }
    return PlaceholderPage(window.titles()[key], explanations.get(
        key, tr("This area is being built.")))


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


def view_builders() -> dict[str, Callable[[Backend, MainWindow], QWidget]]:
    """Area key -> callable(backend, window) -> QWidget, for the areas that exist."""
    return {
        "batches": lambda backend, window: BatchesPage(backend, window),
        "aggregation": lambda backend, window: AggregationPage(backend, window),
        "jobs": lambda backend, window: JobsPanel(backend),
        "webhooks": lambda backend, window: WebhooksPage(backend),
        "settings": lambda backend, window: SettingsPage(backend),
    }
