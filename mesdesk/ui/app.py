"""The desktop app: `mesdesk` with no arguments.

The window shows at once; the runtime (the embedded server may need a second to start and
migrate) is built by the composition root on a worker thread, and the views replace the
"connecting" pages when someone signs in: those of the areas their role may use, again at
every sign-in (``pages.install_views``). The app then makes the one ``Backend`` every view gets
(ops, live changes, job updates), starts live updates (LISTEN/NOTIFY on a connection of their
own, see bridge.changes) and the workers. Views subscribe to the changes in their
constructors. The status bar's counts are kept fresh by refreshers. Quitting stops the
listener, the workers and the jobs, and releases the database.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from mesdesk.config import Settings, load_settings
from mesdesk.domain.errors import DomainError
from mesdesk.owner_only import log_to_file

from . import i18n
from .backend import Backend
from .bridge.changes import ChangesBridge
from .bridge.jobs import RunningJobsCounter
from .errors import ErrorPresenter, describe
from .gc_policy import freeze_startup_heap
from .text.problems import set_time_zone as set_problem_time_zone
from .main_window import MainWindow
from .pages import close_views, install_placeholders, install_views
from .views.signin.gate import SignInGate
from .widgets.refresher import Refresher

if TYPE_CHECKING:
    from mesdesk.bootstrap import Overrides

log = logging.getLogger(__name__)


class Startup(QObject):
    """Builds the runtime off the GUI thread and hands it over in a signal."""

    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, settings: Settings, overrides: "Overrides | None" = None) -> None:
        super().__init__()
        self._settings = settings
        self._overrides = overrides

    def start(self) -> None:
        threading.Thread(target=self._open, name="mesdesk-startup", daemon=True).start()

    def _open(self) -> None:
        from mesdesk.bootstrap import bootstrap   # the one edge from the UI to the root

        try:
            runtime = bootstrap(self._settings, overrides=self._overrides)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence on the window
            self.failed.emit(exc)
            return
        self.ready.emit(runtime)


class DesktopApp(QObject):
    """Owns the window, the backend and everything started for it."""

    #: How often the status bar's counts that nothing announces are read.
    STATUS_POLL_MS = 3000

    def __init__(self, settings: Settings, overrides: "Overrides | None" = None) -> None:
        """``overrides``: parts the composition root takes as given (tests)."""
        super().__init__()
        self.settings = settings
        self.errors = ErrorPresenter()
        self.window = MainWindow()
        self.errors.set_parent_widget(self.window)
        self.backend: Backend | None = None
        self.changes: ChangesBridge | None = None
        self.running_jobs: RunningJobsCounter | None = None
        self._status_reads: list[Refresher] = []
        self.gate: SignInGate | None = None
        self._startup = Startup(settings, overrides)
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
        self.backend = Backend.build(runtime, on_error=self.errors.report, parent=self)
        self.changes = self.backend.changes
        set_problem_time_zone(runtime.timezone)   # times in refusals: the production zone
        self.window.set_database_state(runtime.mode, "connected")
        # Nobody works before signing in; the station locks when left (issue 15). The views
        # are made at a sign-in, so their first reads are someone's, and follow each one's role.
        self.gate = SignInGate(self.window, self.backend,
                               lock_after_minutes=self.settings.lock_after_minutes, parent=self)
        self.gate.signed_in.connect(self._signed_in)
        self.gate.start()
        self._start_live_state(self.backend)
        # The in-app webhook worker (§1: it runs inside the app) and the §9 jobs.
        runtime.workers.start(scheduled_jobs=self.settings.run_scheduled_jobs)
        self.window.set_worker_state("running")
        # Paging allocates steadily; a full GC over the start-up heap would stall the GUI.
        QTimer.singleShot(0, freeze_startup_heap)

    @Slot(object)
    def _signed_in(self, _user: object) -> None:
        """The views and areas of the new user's role; the area shown stays when they may
        use it."""
        if self.backend is None:
            return
        area = self.window.current_area()
        install_views(self.window, self.backend)
        if area in self.window.offered_areas():
            self.window.show_area(area)

    # -- live state: database connection, changes, status bar counts ---------------------------

    def _start_live_state(self, backend: Backend) -> None:
        """Everything here returns at once; the work happens on other threads."""
        changes = backend.changes
        changes.state_changed.connect(self._on_database_state)
        self.running_jobs = RunningJobsCounter(backend, interval_ms=self.STATUS_POLL_MS,
                                               parent=self)
        self.running_jobs.count_changed.connect(self.window.set_running_jobs)
        # The status bar's counts are the station's, read whoever is signed in (or nobody).
        use = backend.runtime.station_use or backend.use
        offline = Refresher(backend.ops, read=lambda: use.offline_scan_count(),
                            apply=self.window.set_offline_scans,
                            failed=self._offline_scans_failed, parent=self)
        queue = Refresher(backend.ops, read=lambda: use.queue_length(),
                          apply=self.window.set_webhook_queue,
                          failed=self._webhook_queue_failed, parent=self)
        queue.follow_connection(changes)
        changes.changed.connect(queue.refresh)   # new events: the queue grew
        uploads = Refresher(backend.ops, read=lambda: use.upload_backlog(),
                            apply=self.window.set_upload_backlog,
                            failed=self._upload_backlog_failed, parent=self)
        uploads.follow_connection(changes)
        changes.changed.connect(uploads.refresh)
        self._status_reads = [offline, queue, uploads]
        changes.start()
        self.running_jobs.start()
        for reads in self._status_reads:       # the journal is local; deliveries drain quietly
            reads.every(self.STATUS_POLL_MS)
            reads.refresh()

    def set_status_poll_interval(self, milliseconds: int) -> None:
        """How often the status bar's counts are read (tests shorten it)."""
        for reads in self._status_reads:
            reads.every(milliseconds)
        if self.running_jobs is not None:
            self.running_jobs.set_interval(milliseconds)

    @Slot(str)
    def _on_database_state(self, state: str) -> None:
        if self.backend is not None:
            self.window.set_database_state(self.backend.mode, state)

    def _offline_scans_failed(self, error: BaseException) -> None:
        log.warning("could not count the offline scans: %s", error)

    def _webhook_queue_failed(self, error: BaseException) -> None:
        self.window.set_webhook_queue(None)     # unknown, rather than a stale number
        log.warning("could not count the queued webhook deliveries: %s", error)

    def _upload_backlog_failed(self, error: BaseException) -> None:
        self.window.set_upload_backlog(None)
        log.warning("could not count the files waiting to upload: %s", error)

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
        if self.gate is not None:
            self.gate.shutdown()
        for reads in self._status_reads:
            reads.stop()
        if self.running_jobs is not None:
            self.running_jobs.stop()
        if self.backend is not None:
            close_views(self.window)
            self.backend.close()
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
