"""The scanning station (§4, §5): the screen an operator aggregates in for a whole shift.

Every scan, from the keyboard-wedge capture (an application-wide event filter), a serial
scanner or the manual field, goes to the station's scan bridge: journaled first, decided by
the database in scan order, or kept as ``pending`` while the database is away. The verdict is
shown large with its colour and sound, listed among the last 100 scans, and the counters
follow every station's scans through the live updates.

Where a scan can go when the screen is not simply waiting for one:
- no batch chosen: refused out loud (error sound, red message), nothing recorded;
- a modal dialog is open: a dialog that collects codes (bulk aggregation) takes it, any other
  dialog leaves it kept in the journal, decided as soon as the dialog closes;
- another area of the window is shown: the station comes to the front and decides it.

Keys: F2 change batch, F3 type a code by hand, F4 bulk aggregation, F9 diagnostics.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from mesdesk.domain.errors import NotFoundError
from mesdesk.domain.scanner_input import CapturedScan, visible_controls
from mesdesk.domain.verdicts import Verdict
from mesdesk.services.dto import ScanResult
from mesdesk.services.station import BatchProgress

from ...bridge.scans import Replay, ScanBridge, ScanFailure, ScanOutcome
from ...errors import describe
from ...scanner import SerialCapture, WedgeCapture, thresholds_of
from ...scanner_sounds import VerdictSounds
from ...widgets.refresher import Refresher
from ...text.formats import Formats
from .batch_chooser import BatchChooser
from .bulk import BulkAggregationDialog
from .recent_scans import ScanRow, rows_from_journal
from .screen import Route, StationScreen
from .station_view import StationView
from ...text.scans import REFUSED, refused_failure, refused_no_batch, verdict_detail, verdict_title

log = logging.getLogger(__name__)


def takes_scans(widget: QWidget | None) -> bool:
    """A dialog that collects codes (bulk aggregation) says so with ``take_scan``."""
    return isinstance(widget, BulkAggregationDialog)


class AggregationPage(QWidget):
    #: How often kept scans are retried while the database is away (ms).
    REPLAY_INTERVAL_MS = 2000
    #: The counters are re-read at most this often (ms): every scan of every station ends here.
    PROGRESS_INTERVAL_MS = 500
    #: How long the "kept scans got their verdicts" report stays (ms).
    REPORT_MS = 20000

    def __init__(self, backend, window=None, parent: QWidget | None = None, *,
                 capture: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("aggregationPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # the page takes the keys itself
        self._backend = backend
        self._window = window
        self._formats = Formats(backend.timezone)
        self.screen = StationScreen()
        self.last_outcome: ScanOutcome | None = None   # the latest decided scan (benchmarks)
        self._awaiting_dialog = False
        self.scans = ScanBridge(lambda: backend.station, self)
        self.scans.decided.connect(self._on_decided)
        self.scans.failed.connect(self._on_failed)
        self.scans.replayed.connect(self._on_replayed)
        self.sounds = VerdictSounds(self)
        self.sounds.set_muted(backend.settings.sounds_muted)
        self.sounds.prepare()   # loads Qt Multimedia now, not at the first scan
        self._build()
        self._progress = Refresher(backend.ops, read=self._read_progress,
                                   apply=self._progress_loaded, failed=self._progress_failed,
                                   parent=self)
        self._progress.follow_connection(backend.changes)
        self._progress.at_most_every(self.PROGRESS_INTERVAL_MS)
        backend.changes.batches_changed.connect(self.apply_batch_changes)
        backend.changes.state_changed.connect(self.apply_database_state)
        # Kept scans are retried while the database is away (the scan lane, not an op).
        self._replay_timer = QTimer(self)
        self._replay_timer.setInterval(self.REPLAY_INTERVAL_MS)
        self._replay_timer.timeout.connect(self.scans.replay)
        self._report_timer = QTimer(self)
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(self.REPORT_MS)
        self._report_timer.timeout.connect(self._report_seen)
        self._shortcuts()
        self.wedge: WedgeCapture | None = None
        self.serial: SerialCapture | None = None
        if capture:
            self._start_capture()
        self._load_recent()
        self.scans.replay()     # scans kept before a crash or a restart get their verdicts
        self._restore_batch()

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        self.chooser = BatchChooser(self._backend, self._formats, self)
        self.chooser.chosen.connect(self.choose_batch)
        self.station = StationView(self._formats, self)
        self.stack.addWidget(self.chooser)
        self.stack.addWidget(self.station)
        view = self.station
        self.header, self.verdict, self.banner = view.header, view.verdict, view.banner
        self.manual, self.recent_model, self.diagnostics = (view.manual, view.recent_model,
                                                            view.diagnostics)
        self.diagnostics_button = view.diagnostics_button
        self.set_diagnostics_visible = view.set_diagnostics_visible
        view.header.change_button.clicked.connect(self.show_chooser)
        view.manual.returnPressed.connect(self.submit_manual)
        view.manual_button.clicked.connect(self.submit_manual)
        view.bulk_button.clicked.connect(self.open_bulk)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (("F2", self.show_chooser), ("F3", self.focus_manual),
                             ("F4", self.open_bulk),
                             ("F9", self.diagnostics_button.toggle)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(action)
        escape = QShortcut(QKeySequence("Escape"), self.manual)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._leave_manual)

    def _start_capture(self) -> None:
        settings = self._backend.settings
        app = QApplication.instance()
        self.wedge = WedgeCapture(thresholds_of(settings), self)
        self.wedge.scanned.connect(self.handle_scan)
        self.wedge.install(app)
        if settings.scanner_mode == "serial":
            self.serial = SerialCapture(self)
            self.serial.scanned.connect(self.handle_scan)
            self.serial.error.connect(self._on_serial_error)
            self.serial.state_changed.connect(self._on_serial_state)
            if not settings.serial_port:
                self._on_serial_error(self.tr("No serial port is set (Settings → Scanner)."))
            else:
                self.serial.open(settings.serial_port, settings.serial_baud)
        else:
            self.station.show_scanner(self.tr("Scanner: keyboard wedge. Scan anywhere in "
                                              "the window."))

    # -- the batch -------------------------------------------------------------------------

    @property
    def batch_id(self) -> int | None:
        return self.screen.batch_id

    def choose_batch(self, batch_id: int) -> None:
        self.screen.choose(batch_id)
        QSettings().setValue("aggregation/batch_id", batch_id)
        self.stack.setCurrentWidget(self.station)
        self.verdict.show_verdict("ready", self.tr("Scan the first code."), "")
        self._progress.refresh_now()
        self.setFocus()

    def show_chooser(self) -> None:
        self.stack.setCurrentWidget(self.chooser)
        self.chooser.activate()

    def _restore_batch(self) -> None:
        value = QSettings().value("aggregation/batch_id")
        try:
            batch_id = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            batch_id = None
        if batch_id is None:
            self.show_chooser()
            return
        self.screen.choose(batch_id)
        self.stack.setCurrentWidget(self.station)
        self._progress.refresh()

    def _read_progress(self) -> BatchProgress | None:
        batch_id = self.screen.batch_id
        return None if batch_id is None else self._backend.use.batch_progress(batch_id)

    def _progress_loaded(self, progress: BatchProgress | None) -> None:
        if progress is not None and progress.batch.id == self.screen.batch_id:
            self.header.show_progress(progress)

    def _progress_failed(self, error: BaseException) -> None:
        if isinstance(error, NotFoundError):
            QSettings().remove("aggregation/batch_id")
            self.screen.batch_gone()
            self.show_chooser()
            self.chooser.show_alert(self.tr("The batch chosen before no longer exists. "
                                            "Choose another."))
            return
        log.info("batch progress not read: %s", error)   # offline: the banner says so

    def apply_batch_changes(self, ids: list[int] | None) -> None:
        """Live updates: another station (or this one) changed batches."""
        if self.stack.currentWidget() is self.chooser:
            self.chooser.reload_soon()      # new, closed or changed batches
        if self.screen.concerns_batch(ids):
            self._progress.refresh()

    def apply_database_state(self, state: str) -> None:
        if self.screen.database(state):
            self.scans.replay()
        self._show_banner()

    # -- scans -----------------------------------------------------------------------------

    def handle_scan(self, scan: CapturedScan) -> None:
        """Every scan of every source arrives here, on the GUI thread."""
        modal = QApplication.activeModalWidget()
        took = takes_scans(modal) and modal.take_scan(scan)
        route = self.screen.route(dialog_took_it=took, modal_open=modal is not None)
        if route is Route.DIALOG:
            self.sounds.play("pending")
            self.station.diagnose(scan, self.tr("added to the open dialog's list"))
            return
        if route is Route.REFUSE:
            self._refuse(scan, refused_no_batch())
            return
        if self._window is not None and self._window.current_area() != "aggregation":
            self._window.show_area("aggregation")
        if self.stack.currentWidget() is not self.station:
            self.stack.setCurrentWidget(self.station)
        if route is Route.KEEP:
            self.scans.keep(self.screen.batch_id, scan)
            self._replay_when_closed(modal)
            return
        self.scans.scan(self.screen.batch_id, scan)

    def submit_manual(self) -> None:
        text = self.manual.text().strip()
        if not text:
            return
        self.manual.clear()
        self.handle_scan(CapturedScan(raw=text, received=text, source="manual",
                                      terminator="", keys=len(text)))

    def _refuse(self, scan: CapturedScan, message: str) -> None:
        self.sounds.play(REFUSED)
        self.station.diagnose(scan, verdict_title(REFUSED))
        if self.stack.currentWidget() is self.chooser:
            self.chooser.show_alert(message)
        self.verdict.show_verdict(REFUSED, message, visible_controls(scan.raw))

    def _on_decided(self, outcome: ScanOutcome) -> None:
        result = outcome.result
        self.last_outcome = outcome
        after = self.screen.decided(result.verdict, outcome.pending)
        if not after.listed:
            self.station.diagnose(outcome.capture, verdict_title(Verdict.REPEAT))
            return
        detail = verdict_detail(result, self._formats)
        self.verdict.show_verdict(result.verdict, detail, visible_controls(result.code))
        self.verdict.setToolTip(result.message)     # the core's exact (English) words
        self.sounds.play(result.verdict)
        self.recent_model.add(ScanRow(at=datetime.now(timezone.utc), code=result.code,
                                      verdict=result.verdict, detail=detail,
                                      scan_id=result.scan_id))
        outcome_text = verdict_title(result.verdict)
        if result.verdict in (Verdict.BAD_FORMAT, Verdict.LAYOUT):
            outcome_text += f" ({result.message})"
        self.station.diagnose(outcome.capture, outcome_text)
        if after.retry_kept:
            self._replay_timer.start()
        if after.progress_changed:
            self._progress.refresh()
        self._show_banner()

    def _on_failed(self, failure: ScanFailure) -> None:
        self._refuse(failure.capture, refused_failure(describe(failure.error)))

    def _on_replayed(self, replay: Replay) -> None:
        verdicts = [result.verdict for result in replay.results]
        if not self.screen.replayed(verdicts, replay.pending):
            self._replay_timer.stop()
        elif not self._replay_timer.isActive():
            self._replay_timer.start()
        if replay.results:
            for result in replay.results:
                self._list_replayed(result)
            last = replay.results[-1]
            self.verdict.show_verdict(last.verdict, verdict_detail(last, self._formats),
                                      visible_controls(last.code))
            self.sounds.play(self.screen.replay_sound(verdicts))
            self._report_timer.start()
            self._progress.refresh_now()
        self._show_banner()

    def _list_replayed(self, result: ScanResult) -> None:
        detail = verdict_detail(result, self._formats)
        found = result.scan_id is not None and self.recent_model.update_verdict(
            result.scan_id, result.verdict, detail)
        if not found:
            self.recent_model.add(ScanRow(at=datetime.now(timezone.utc), code=result.code,
                                          verdict=result.verdict, detail=detail,
                                          scan_id=result.scan_id))

    def _replay_when_closed(self, modal: QWidget) -> None:
        """Kept scans are decided when the modal dialog closes (any modal: the window that has
        the focus changes then)."""
        if not self._awaiting_dialog:
            self._awaiting_dialog = True
            QApplication.instance().focusWindowChanged.connect(self._maybe_dialog_closed)

    def _maybe_dialog_closed(self, *_: object) -> None:
        if QApplication.activeModalWidget() is None and self._awaiting_dialog:
            self._awaiting_dialog = False
            QApplication.instance().focusWindowChanged.disconnect(self._maybe_dialog_closed)
            self.scans.replay()

    def _report_seen(self) -> None:
        self.screen.report_seen()
        self._show_banner()

    def _show_banner(self) -> None:
        self.station.show_banner(self.screen.banner())

    # -- the recent list, keyboard -----------------------------------------------------------

    def _load_recent(self) -> None:
        """The list as it was before a restart (decided and kept scans, from the journal)."""
        self._backend.run(lambda: self._backend.use.recent_scans(100),
                          success=self._recent_loaded,
                          failure=lambda error: log.warning("journal not read: %s", error),
                          owner=self)

    def _recent_loaded(self, entries) -> None:
        if not self.recent_model.rowCount():      # else scans of this session are listed
            for row in rows_from_journal(entries, self._formats):
                self.recent_model.add(row)

    def focus_manual(self) -> None:
        if self.stack.currentWidget() is self.station:
            self.manual.setFocus()

    def _leave_manual(self) -> None:
        self.manual.clear()
        self.setFocus()

    def open_bulk(self) -> None:
        if self.screen.batch_id is None:
            self.show_chooser()
            return
        title = self.header.number.text() or self.tr("this batch")
        dialog = BulkAggregationDialog(self._backend, self.screen.batch_id, title, self)
        dialog.finished.connect(lambda _: self._progress.refresh_now())
        dialog.open()

    # -- serial scanner ----------------------------------------------------------------------

    def _on_serial_state(self, state: str) -> None:
        if state == "open":
            self.station.show_scanner(self.tr("Scanner: serial port {port}, connected.")
                                      .format(port=self._backend.settings.serial_port))

    def _on_serial_error(self, message: str) -> None:
        self.station.show_scanner(self.tr("Serial scanner: {problem}").format(problem=message),
                                  trouble=True)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            if self.stack.currentWidget() is self.chooser:
                self.chooser.search.setFocus()
            else:
                self.setFocus()

    # -- lifetime --------------------------------------------------------------------------

    def shutdown(self) -> None:
        for timer in (self._replay_timer, self._report_timer):
            timer.stop()
        self._progress.stop()
        self.chooser.stop()
        if self.wedge is not None:
            self.wedge.uninstall()
        if self.serial is not None:
            self.serial.close()
        self.scans.shutdown()
