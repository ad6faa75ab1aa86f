"""The desktop app: `mesdesk` with no arguments.

The window shows at once; the database (the embedded server may need a second to start and
migrate) is opened on a worker thread, and the views replace the "connecting" pages when it
is ready. Then live updates start (LISTEN/NOTIFY on a connection of their own, see
bridge.changes): the status bar follows the connection, and every page with an
``apply_batch_changes(ids)`` method gets the batches changed anywhere. The offline scans,
running jobs and queued webhook deliveries counts are read off the GUI thread every few
seconds. Quitting stops the
listener, cancels jobs, stops workers and releases the database.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from mesdesk.config import Settings, load_settings
from mesdesk.domain.errors import DomainError
from mesdesk.owner_only import log_to_file
from mesdesk.services.webhooks import queue_length

from . import i18n
from .backend import Backend
from .bridge.changes import ChangesBridge, runtime_listener
from .bridge.jobs import RunningJobsCounter, close_jobs_bridge
from .bridge.tasks import TaskRunner
from .errors import ErrorPresenter, describe
from .gc_policy import freeze_startup_heap
from .text.problems import set_time_zone as set_problem_time_zone
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

    #: How often the status bar's counts (offline scans, running jobs) are read.
    STATUS_POLL_MS = 3000

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.errors = ErrorPresenter()
        self.window = MainWindow()
        self.errors.set_parent_widget(self.window)
        self.backend: Backend | None = None
        self.changes: ChangesBridge | None = None
        self.running_jobs: RunningJobsCounter | None = None
        self._offline_timer = QTimer(self)
        self._offline_timer.setInterval(self.STATUS_POLL_MS)
        self._offline_timer.timeout.connect(self._read_offline_scans)
        self._offline_timer.timeout.connect(self._read_webhook_queue)
        self._reading_offline = False
        self._reading_queue = False
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
        set_problem_time_zone(runtime.timezone)   # times in refusals: the production zone
        self.window.set_database_state(runtime.mode, "connected")
        area = self.window.current_area()
        install_views(self.window, self.backend)
        if area:
            self.window.show_area(area)
        self._start_live_state(runtime)
        runtime.dispatcher.start()  # the in-app webhook worker (§1: it runs inside the app)
        if self.settings.run_scheduled_jobs:
            runtime.scheduler.start()   # §9 jobs; runtime.close() stops it
        self.window.set_worker_state("running")
        # Paging allocates steadily; a full GC over the start-up heap would stall the GUI.
        QTimer.singleShot(0, freeze_startup_heap)

    # -- live state: database connection, changes, status bar counts ---------------------------

    def _start_live_state(self, runtime) -> None:
        """Everything here returns at once; the work happens on other threads."""
        self.changes = ChangesBridge(runtime_listener(runtime), parent=self)
        self.changes.state_changed.connect(self._on_database_state)
        self.changes.batches_changed.connect(self._apply_batch_changes)
        self.changes.start()
        self.running_jobs = RunningJobsCounter(self.backend, interval_ms=self.STATUS_POLL_MS,
                                               parent=self)
        self.running_jobs.count_changed.connect(self.window.set_running_jobs)
        self.running_jobs.start()
        self._offline_timer.start()
        self._read_offline_scans()
        self._read_webhook_queue()

    def set_status_poll_interval(self, milliseconds: int) -> None:
        """How often the status bar's counts are read (tests shorten it)."""
        self._offline_timer.setInterval(milliseconds)
        if self.running_jobs is not None:
            self.running_jobs.set_interval(milliseconds)

    @Slot(str)
    def _on_database_state(self, state: str) -> None:
        if self.backend is None:
            return
        self.window.set_database_state(self.backend.mode, state)
        self._tell_pages("apply_database_state", state)
        if self.running_jobs is not None:
            self.running_jobs.set_paused(state != "connected")
            if state == "connected":
                self.running_jobs.refresh()

    @Slot(object)
    def _apply_batch_changes(self, ids: list[int] | None) -> None:
        """Hand the changed batch ids (None: all of them) to every page that wants them."""
        self._tell_pages("apply_batch_changes", ids)

    def _tell_pages(self, method: str, value: object) -> None:
        """Call ``page.method(value)`` on every page that has it."""
        for index in range(self.window.pages.count()):
            apply = getattr(self.window.pages.widget(index), method, None)
            if not callable(apply):
                continue
            try:
                apply(value)
            except Exception:  # noqa: BLE001 - one page's failure must not starve the others
                log.exception("a page failed in %s(%r)", method, value)

    @Slot()
    def _read_offline_scans(self) -> None:
        if self.backend is None or self._reading_offline:
            return
        self._reading_offline = True
        runtime = self.backend.runtime
        self.backend.run(lambda: runtime.journal.pending_count(),
                         on_success=self._on_offline_scans,
                         on_failure=self._on_offline_scans_failed)

    def _on_offline_scans(self, count: int) -> None:
        self._reading_offline = False
        self.window.set_offline_scans(count)

    def _on_offline_scans_failed(self, error: BaseException) -> None:
        self._reading_offline = False
        log.warning("could not count the offline scans: %s", error)

    @Slot()
    def _read_webhook_queue(self) -> None:
        """How many webhook deliveries wait, for the status bar (one read at a time)."""
        if self.backend is None or self._reading_queue:
            return
        self._reading_queue = True
        factory = self.backend.uow_factory
        self.backend.run(lambda: queue_length(factory), on_success=self._on_webhook_queue,
                         on_failure=self._on_webhook_queue_failed)

    def _on_webhook_queue(self, count: int) -> None:
        self._reading_queue = False
        self.window.set_webhook_queue(count)

    def _on_webhook_queue_failed(self, error: BaseException) -> None:
        self._reading_queue = False
        self.window.set_webhook_queue(None)     # unknown, rather than a stale number
        log.warning("could not count the queued webhook deliveries: %s", error)

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
        self._offline_timer.stop()
        if self.changes is not None:
            self.changes.stop()
        if self.running_jobs is not None:
            self.running_jobs.stop()
        if self.backend is not None:
            for index in range(self.window.pages.count()):
                page = self.window.pages.widget(index)
                close = getattr(page, "shutdown", None)
                if callable(close):
                    close()
            close_jobs_bridge(self.backend)
            self.backend.tasks.shutdown(wait=True)
            self.backend.runtime.close()
            self.backend = None


def run(database_url: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("MESDesk")
    app.setApplicationName("MESDesk")
    try:
        settings = load_settings(database_url=database_url)
    except DomainError as error:      # a broken settings file: say so in a window, not a log
        i18n.install(app, "")
        QMessageBox.critical(None, "MESDesk", describe(error))
        return 1
    log_to_file(settings.data_dir)    # owner-only, like the CLI's
    i18n.install(app, settings.language)
    desktop = DesktopApp(settings)
    desktop.errors.install_hooks()
    desktop.start()
    try:
        return app.exec()
    finally:
        desktop.shutdown()
