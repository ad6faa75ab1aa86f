"""The supervisor's main window: navigation between areas, pages, and a status bar that says
what MESDesk is connected to and what is going on in the background. The navigation offers
the areas the signed-in user's role may use (``offer_areas``; ``pages`` decides which)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QLocale, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget,
)

from .text.roles import role_name

AREAS = ("batches", "aggregation", "analytics", "jobs", "files", "webhooks", "audit", "users",
         "settings")


class MainWindow(QMainWindow):
    """Pages are added by key; the navigation list and the stack stay in step."""

    area_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MESDesk"))
        self.setMinimumSize(QSize(1024, 600))
        self._keys: list[str] = []
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setMaximumWidth(220)
        self.navigation.setMinimumWidth(150)
        self.pages = QStackedWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # The app's pages, or the sign-in screen in front of them (views/signin).
        self.gate = QStackedWidget(self)
        self.gate.addWidget(self.splitter)
        self.setCentralWidget(self.gate)
        self.navigation.currentRowChanged.connect(self._show_row)
        self._build_status_bar()

    # -- pages -----------------------------------------------------------------------------

    def titles(self) -> dict[str, str]:
        return {
            "batches": self.tr("Batches"),
            "aggregation": self.tr("Aggregation"),
            "analytics": self.tr("Analytics"),
            "jobs": self.tr("Jobs"),
            "files": self.tr("Files"),
            "webhooks": self.tr("Webhooks"),
            "audit": self.tr("Audit"),
            "users": self.tr("Users"),
            "settings": self.tr("Settings"),
        }

    def set_page(self, key: str, widget: QWidget) -> None:
        """Add the page for ``key`` or replace it (a placeholder by the real view)."""
        if key in self._keys:
            index = self._keys.index(key)
            old = self.pages.widget(index)
            self.pages.insertWidget(index, widget)
            self.pages.removeWidget(old)
            old.deleteLater()
            if self.navigation.currentRow() == index:
                self.pages.setCurrentIndex(index)
            return
        self._keys.append(key)
        self.pages.addWidget(widget)
        item = QListWidgetItem(self.titles().get(key, key))
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(140, 36))
        self.navigation.addItem(item)
        shortcut = QShortcut(QKeySequence(f"Alt+{len(self._keys)}"), self)
        shortcut.activated.connect(lambda k=key: self.show_area(k))

    def page(self, key: str) -> QWidget:
        return self.pages.widget(self._keys.index(key))

    def show_area(self, key: str) -> None:
        """Show area ``key`` (an area not offered to the signed-in user stays hidden;
        an unknown key raises ValueError)."""
        row = self._keys.index(key)
        if not self.navigation.item(row).isHidden():
            self.navigation.setCurrentRow(row)

    def offer_areas(self, keys: set[str] | frozenset[str]) -> None:
        """Only the areas ``keys`` in the navigation (and by Alt+number); when the area shown
        is not among them, the first that is."""
        for row, key in enumerate(self._keys):
            self.navigation.item(row).setHidden(key not in keys)
        if self.current_area() not in keys:
            first = next((row for row, key in enumerate(self._keys) if key in keys), -1)
            if first >= 0:
                self.navigation.setCurrentRow(first)

    def offered_areas(self) -> list[str]:
        """The areas the navigation offers, in its order."""
        return [key for row, key in enumerate(self._keys)
                if not self.navigation.item(row).isHidden()]

    def current_area(self) -> str:
        row = self.navigation.currentRow()
        return self._keys[row] if 0 <= row < len(self._keys) else ""

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            self.pages.setCurrentIndex(row)
            self.area_changed.emit(self._keys[row])

    # -- status bar ------------------------------------------------------------------------

    def show_gate(self, screen: QWidget) -> None:
        """The sign-in screen instead of the pages (which keep what they show)."""
        if self.gate.indexOf(screen) < 0:
            self.gate.addWidget(screen)
        self.gate.setCurrentWidget(screen)

    def show_app(self) -> None:
        self.gate.setCurrentWidget(self.splitter)

    @property
    def gated(self) -> bool:
        return self.gate.currentWidget() is not self.splitter

    def set_signed_in(self, user: Any) -> None:
        """Who works here now (None: nobody, the station is locked)."""
        if user is None:
            self.user_status.setText(self.tr("Locked"))
            return
        self.user_status.setText(self.tr("{name} ({role}) · Ctrl+L locks").format(
            name=user.name or user.login, role=role_name(user.role)))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_status = QLabel(self)
        self.user_status.setObjectName("userStatus")
        self.user_status.setContentsMargins(8, 0, 8, 0)
        bar.addWidget(self.user_status)
        self.database_status = QLabel(self.tr("Database: connecting…"), self)
        self.worker_status = QLabel(self)
        self.offline_status = QLabel(self)
        self.jobs_status = QLabel(self)
        self.files_status = QLabel(self)
        self.files_status.setObjectName("filesStatus")
        for label in (self.database_status, self.worker_status, self.offline_status,
                      self.files_status, self.jobs_status):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self._worker_state = ""
        self._webhook_queue: int | None = None
        self.set_worker_state("")
        self.set_offline_scans(0)
        self.set_running_jobs(0)
        self.set_upload_backlog(None)

    def set_database_state(self, mode: str, state: str) -> None:
        """``mode``: embedded | shared; ``state``: connected | lost | reconnecting | connecting."""
        modes = {"embedded": self.tr("embedded"), "shared": self.tr("shared")}
        states = {"connected": self.tr("connected"), "lost": self.tr("connection lost"),
                  "reconnecting": self.tr("reconnecting…"), "connecting": self.tr("connecting…")}
        self.database_status.setText(self.tr("Database: {mode}, {state}").format(
            mode=modes.get(mode, mode), state=states.get(state, state)))
        colour = {"connected": "", "lost": "color: #b00020; font-weight: 600;",
                  "reconnecting": "color: #a15c00;"}.get(state, "")
        self.database_status.setStyleSheet(colour)
        self.database_status.setProperty("state", state)

    def set_worker_state(self, state: str) -> None:
        """``state``: running | stopped | "" (not started yet)."""
        self._worker_state = state
        self._show_webhooks()

    def set_webhook_queue(self, count: int | None) -> None:
        """Deliveries waiting to be sent (due now or waiting to retry); None: not known."""
        self._webhook_queue = count
        self._show_webhooks()

    def _show_webhooks(self) -> None:
        states = {"running": self.tr("running"), "stopped": self.tr("stopped")}
        state = states.get(self._worker_state, self.tr("not started yet"))
        count = self._webhook_queue
        if count is None:
            text = self.tr("Webhooks: {state}").format(state=state)
        else:
            text = self.tr("Webhooks: {state}, {count} queued").format(
                state=state, count=QLocale().toString(int(count)))
        self.worker_status.setText(text)
        self.worker_status.setToolTip(self.tr(
            "The webhook worker sends events to the subscribed URLs. Queued: deliveries "
            "waiting to be sent, due now or waiting to retry after a failure."))
        stalled = bool(count) and self._worker_state != "running"
        self.worker_status.setStyleSheet("color: #a15c00; font-weight: 600;" if stalled else "")

    def set_offline_scans(self, count: int) -> None:
        self.offline_status.setText(self.tr("Offline scans waiting: {count}").format(count=count))
        self.offline_status.setStyleSheet("color: #a15c00; font-weight: 600;" if count else "")

    def set_upload_backlog(self, count: int | None) -> None:
        """This station's files not in the object store yet; None: no object store (the
        files are kept on this computer), and nothing is said."""
        self.files_status.setVisible(count is not None)
        if count is None:
            return
        if count:
            self.files_status.setText(self.tr("Files waiting to upload: {count}").format(
                count=QLocale().toString(int(count))))
        else:
            self.files_status.setText(self.tr("Files: all in storage"))
        self.files_status.setToolTip(self.tr(
            "Reports, exports and imports made here are uploaded to the object storage; "
            "while it cannot be reached they are kept on this computer and uploaded when it "
            "is back. The Files area lists them."))
        self.files_status.setStyleSheet("color: #a15c00; font-weight: 600;" if count else "")

    def set_running_jobs(self, count: int) -> None:
        self.jobs_status.setText(self.tr("Jobs running: {count}").format(count=count))

    # -- layout memory ---------------------------------------------------------------------

    def restore_layout(self, settings: QSettings) -> None:
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        area = settings.value("main/area", "batches")
        if area in self._keys and not self.navigation.item(self._keys.index(area)).isHidden():
            self.show_area(str(area))
        elif self._keys:
            self.navigation.setCurrentRow(0)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/area", self.current_area())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        self.save_layout(QSettings())
        super().closeEvent(event)
