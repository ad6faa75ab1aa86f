"""The desktop app: `mesdesk` with no arguments.

The window shows at once; the database (the embedded server may need a second to start and
migrate) is opened on a worker thread, and the views replace the "connecting" pages when it
is ready. Quitting cancels jobs, stops workers and releases the database.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QApplication

from mesdesk.config import Settings, load_settings

from . import i18n
from .backend import Backend
from .bridge.tasks import TaskRunner
from .errors import ErrorPresenter, describe
from .main_window import MainWindow
from .pages import install_placeholders, install_views

log = logging.getLogger(__name__)


class Startup(QObject):
    """Opens the Runtime off the GUI thread and hands it over in a signal."""

    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    def start(self) -> None:
        threading.Thread(target=self._open, name="mesdesk-startup", daemon=True).start()

    def _open(self) -> None:
        from mesdesk.bootstrap import Runtime

        try:
            runtime = Runtime.open(self._settings)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence on the window
            self.failed.emit(exc)
            return
        self.ready.emit(runtime)


class DesktopApp(QObject):
    """Owns the window, the backend and everything started for it."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.errors = ErrorPresenter()
        self.window = MainWindow()
        self.errors.set_parent_widget(self.window)
        self.backend: Backend | None = None
        self._startup = Startup(settings)
        self._startup.ready.connect(self._on_ready)
        self._startup.failed.connect(self._on_failed)
        install_placeholders(self.window)
        self.window.restore_layout(QSettings())
        self.window.set_database_state("shared" if settings.database_url else "embedded",
                                       "connecting")

    def start(self) -> None:
        self.window.show()
        self._startup.start()

    @Slot(object)
    def _on_ready(self, runtime) -> None:
        tasks = TaskRunner(on_error=self.errors.report, parent=self)
        self.backend = Backend(runtime=runtime, tasks=tasks)
        self.window.set_database_state(runtime.mode, "connected")
        area = self.window.current_area()
        install_views(self.window, self.backend)
        if area:
            self.window.show_area(area)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        log.error("startup failed", exc_info=error)
        self.window.set_database_state("shared" if self.settings.database_url else "embedded",
                                       "lost")
        from .views.placeholder import PlaceholderPage

        page = PlaceholderPage(self.tr("The database is unavailable"), describe(error))
        self.window.set_page("batches", page)
        self.window.show_area("batches")

    def shutdown(self) -> None:
        if self.backend is not None:
            for index in range(self.window.pages.count()):
                page = self.window.pages.widget(index)
                close = getattr(page, "shutdown", None)
                if callable(close):
                    close()
            self.backend.tasks.shutdown(wait=True)
            self.backend.runtime.close()
            self.backend = None


def run(database_url: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("MESDesk")
    app.setApplicationName("MESDesk")
    settings = load_settings(database_url=database_url)
    i18n.install(app, settings.language)
    desktop = DesktopApp(settings)
    desktop.errors.install_hooks()
    desktop.start()
    try:
        return app.exec()
    finally:
        desktop.shutdown()
