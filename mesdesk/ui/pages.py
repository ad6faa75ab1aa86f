"""Which widget each area of the main window shows: real views where they are built,
a plain explanation where they are not yet, and only the areas the signed-in user's role may
use (issue 15).

An area is offered to whoever may run the use case behind it (``AREA_USE_CASES``; who may is
``domain/roles``' one table). At every sign-in ``install_views`` builds the views the new user
may use that are not built yet, and closes those they may not use: a view built for someone
else is not kept behind a hidden navigation entry, where it would go on reading (and showing
refusals) for a user whose role may not read it. Views that stay are told to follow the role
(``RoleAware``: the Batches actions, the Jobs area's Schedule tab).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

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
from .views.users import UsersPage
from .views.webhooks import WebhooksPage

#: The use case behind each area: whoever may run it is offered the area.
AREA_USE_CASES = {
    "batches": "list_batches",
    "aggregation": "aggregate_scan",
    "analytics": "dashboard",
    "jobs": "recent_jobs",
    "files": "list_files",
    "webhooks": "list_subscriptions",
    "audit": "list_audit",
    "users": "list_users",
    "settings": "change_settings",
}


@runtime_checkable
class Closable(Protocol):
    """A view with threads or timers of its own stops them in ``shutdown``."""

    def shutdown(self) -> None: ...


@runtime_checkable
class RoleAware(Protocol):
    """A view whose controls follow the signed-in user's role (``Backend.may``)."""

    def show_role(self) -> None: ...


def tr(text: str) -> str:
    return QCoreApplication.translate("Pages", text)


def not_built(key: str, window: MainWindow) -> PlaceholderPage:
    return PlaceholderPage(window.titles()[key], tr("This area is being built."))


def connecting_page(key: str, window: MainWindow) -> PlaceholderPage:
    return PlaceholderPage(window.titles()[key], tr("Connecting to the database…"))


def not_offered_page(key: str, window: MainWindow) -> PlaceholderPage:
    return PlaceholderPage(window.titles()[key],
                           tr("This area is not for the role of who is signed in."))


def install_placeholders(window: MainWindow) -> None:
    for key in AREAS:
        window.set_page(key, connecting_page(key, window))


def offered_areas(backend: Backend) -> list[str]:
    """The areas the signed-in user may use, in the navigation's order."""
    return [key for key in AREAS if backend.may(AREA_USE_CASES[key])]


def install_views(window: MainWindow, backend: Backend) -> None:
    """The views of the areas the signed-in user may use (built the first time they are
    needed), only those areas offered, and the views told the role."""
    builders = view_builders()
    offered = set(offered_areas(backend))
    for key in AREAS:
        page = window.page(key)
        built = not isinstance(page, PlaceholderPage)
        if key in offered and not built:
            builder = builders.get(key)
            window.set_page(key, builder(backend, window) if builder else not_built(key, window))
        elif key not in offered and built:
            if isinstance(page, Closable):
                page.shutdown()
            window.set_page(key, not_offered_page(key, window))
    window.offer_areas(offered)
    for key in AREAS:
        page = window.page(key)
        if isinstance(page, RoleAware):
            page.show_role()


def close_views(window: MainWindow) -> None:
    """Stop every view's threads and timers (the app is quitting)."""
    for index in range(window.pages.count()):
        page = window.pages.widget(index)
        if isinstance(page, Closable):
            page.shutdown()


def _view(window: MainWindow, key: str, kind: type) -> QWidget | None:
    """The view of area ``key`` when it is built (else None: not offered, or not yet)."""
    try:
        page = window.page(key)
    except ValueError:
        return None
    return page if isinstance(page, kind) else None


def batches_view(backend: Backend, window: MainWindow) -> BatchesPage:
    """The Batches area, wired to whichever Aggregation and Analytics views exist when it
    asks: a batch opens in Aggregation, chosen batches are compared in Analytics."""
    page = BatchesPage(backend, window)

    def open_in_aggregation(batch_id: int) -> None:
        station = _view(window, "aggregation", AggregationPage)
        if station is not None:
            station.choose_batch(batch_id)

    def compare(ids: list[int]) -> None:
        analytics = _view(window, "analytics", AnalyticsPage)
        if analytics is not None:
            analytics.compare_batches(ids)
            window.show_area("analytics")

    page.open_in_aggregation.connect(open_in_aggregation)
    page.compare_requested.connect(compare)
    return page


def analytics_view(backend: Backend, window: MainWindow) -> AnalyticsPage:
    """The Analytics area: a drill-down opens the Batches area with its filter; its tabs can
    take the batch selected there."""
    page = AnalyticsPage(backend)

    def show_batches(flt) -> None:
        batches = _view(window, "batches", BatchesPage)
        if batches is not None:
            batches.show_filtered(flt)
            window.show_area("batches")

    def selected() -> int | None:
        batches = _view(window, "batches", BatchesPage)
        batch = batches.selected_batch() if batches is not None else None
        return batch.id if batch is not None else None

    page.show_batches.connect(show_batches)
    page.set_selection_source(selected)
    return page


def view_builders() -> dict[str, Callable[[Backend, MainWindow], QWidget]]:
    """Area key -> callable(backend, window) -> QWidget, for the areas that exist."""
    return {
        "batches": batches_view,
        "aggregation": lambda backend, window: AggregationPage(backend, window),
        "analytics": analytics_view,
        "files": lambda backend, window: FilesPage(backend),
        "jobs": lambda backend, window: JobsPanel(backend),
        "webhooks": lambda backend, window: WebhooksPage(backend),
        "audit": lambda backend, window: AuditPage(backend),
        "users": lambda backend, window: UsersPage(backend),
        "settings": lambda backend, window: SettingsPage(backend),
    }
