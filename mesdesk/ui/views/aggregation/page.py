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
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.domain.problems import Problem
from mesdesk.domain.scanner_input import CaptureThresholds, CapturedScan, visible_controls
from mesdesk.services import station as station_service
from mesdesk.services.dto import ScanResult
from mesdesk.services.station import BatchProgress

from ...bridge.scans import Replay, ScanBridge, ScanFailure, ScanOutcome
from ...errors import describe
from ...scanner import SerialCapture, WedgeCapture
from ...scanner_sounds import VerdictSounds
from ..batches.formatting import Formats
from .batch_chooser import BatchChooser
from .batch_header import BatchHeader
from .bulk import BulkAggregationDialog
from .diagnostics import CAPACITY as DIAGNOSTICS_CAPACITY, DiagnosticsPane
from .recent_scans import RecentScansModel, ScanRow
from .texts import REFUSED, VERDICTS, refused_failure, refused_no_batch, verdict_detail, verdict_title
from .verdict_panel import VerdictPanel

log = logging.getLogger(__name__)

BANNER_OFFLINE = "background: #fff3e0; color: #7a3e00; border: 2px solid #ef6c00;"
BANNER_BACK = "background: #e8f5e9; color: #1b5e20; border: 2px solid #2e7d32;"
BANNER_HELD = "background: #e3f2fd; color: #0d47a1; border: 2px solid #1565c0;"


def thresholds_of(settings) -> CaptureThresholds:
    try:
        terminators = CaptureThresholds.parse_terminators(settings.scan_terminators)
    except ValueError:
        log.warning("unusable scan terminators %r: Enter and Tab are used",
                    settings.scan_terminators)
        terminators = frozenset({"enter", "tab"})
    return CaptureThresholds(max_gap_ms=settings.scan_max_gap_ms,
                             min_length=settings.scan_min_length, terminators=terminators)


class AggregationPage(QWidget):
    #: How often kept scans are retried while the database is away (ms).
    REPLAY_INTERVAL_MS = 2000
    #: The counters are re-read at most this often (ms): every scan of every station ends here.
    PROGRESS_INTERVAL_MS = 500

    def __init__(self, backend, window=None, parent: QWidget | None = None, *,
                 capture: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("aggregationPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # the page takes the keys itself
        self._backend = backend
        self._window = window
        self._formats = Formats(backend.timezone)
        self._batch_id: int | None = None
        self._progress: BatchProgress | None = None
        self._pending = 0
        self._database_state = "connected"
        self._held_for_dialog = 0
        self._progress_loading = False
        self._progress_again = False
        # Scans seen while the diagnostics pane was hidden: shown when it opens.
        self._undiagnosed: list[tuple[CapturedScan, datetime, str]] = []
        self.last_outcome: ScanOutcome | None = None   # the latest decided scan (benchmarks)
        runtime = backend.runtime
        self.scans = ScanBridge(lambda: runtime.station, self)
        self.scans.decided.connect(self._on_decided)
        self.scans.failed.connect(self._on_failed)
        self.scans.replayed.connect(self._on_replayed)
        backend.changes.batches_changed.connect(self.apply_batch_changes)
        backend.changes.state_changed.connect(self.apply_database_state)
        self.sounds = VerdictSounds(self)
        self.sounds.set_muted(backend.settings.sounds_muted)
        self.sounds.prepare()   # loads Qt Multimedia now, not at the first scan
        self._build()
        self._timers()
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
        self.station = QWidget(self)
        self.stack.addWidget(self.chooser)
        self.stack.addWidget(self.station)

        self.header = BatchHeader(self._formats, self.station)
        self.header.change_button.clicked.connect(self.show_chooser)
        self.verdict = VerdictPanel(self.station)
        self.banner = QLabel(self.station)
        self.banner.setObjectName("offlineBanner")
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(12, 8, 12, 8)
        self.banner.hide()
        self.manual = QLineEdit(self.station)
        self.manual.setObjectName("manualCode")
        self.manual.setPlaceholderText(self.tr("Type a code from a damaged label (F3), Enter "
                                               "to aggregate"))
        self.manual.setMinimumHeight(34)
        self.manual.returnPressed.connect(self.submit_manual)
        self.manual_button = QPushButton(self.tr("Aggregate"), self.station)
        self.manual_button.clicked.connect(self.submit_manual)
        self.bulk_button = QPushButton(self.tr("Bulk aggregation… (F4)"), self.station)
        self.bulk_button.setObjectName("bulkButton")
        self.bulk_button.clicked.connect(self.open_bulk)
        self.diagnostics_button = QPushButton(self.tr("Diagnostics (F9)"), self.station)
        self.diagnostics_button.setCheckable(True)
        self.diagnostics_button.toggled.connect(self.set_diagnostics_visible)
        self.scanner_status = QLabel(self.station)
        self.scanner_status.setObjectName("scannerStatus")

        self.recent_model = RecentScansModel(self._formats, self)
        self.recent = QTableView(self.station)
        self.recent.setObjectName("recentScans")
        self.recent.setModel(self.recent_model)
        self.recent.verticalHeader().hide()
        self.recent.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.recent.setWordWrap(False)
        header = self.recent.horizontalHeader()
        metrics = self.recent.fontMetrics()
        widest_verdict = max(metrics.horizontalAdvance(verdict_title(verdict))
                             for verdict in VERDICTS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.recent.setColumnWidth(0, metrics.horizontalAdvance("88:88:88") + 24)
        self.recent.setColumnWidth(2, widest_verdict + 24)
        self.recent_title = QLabel(self.tr("Last scans at this station"), self.station)
        self.recent_title.setStyleSheet("font-weight: 600;")
        self.diagnostics = DiagnosticsPane(self.station)
        self.diagnostics.hide()

        manual_row = QHBoxLayout()
        manual_row.addWidget(self.manual, 1)
        manual_row.addWidget(self.manual_button)
        manual_row.addWidget(self.bulk_button)
        manual_row.addWidget(self.diagnostics_button)
        left = QWidget(self.station)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.verdict)
        left_column.addWidget(self.banner)
        left_column.addLayout(manual_row)
        left_column.addWidget(self.scanner_status)
        left_column.addWidget(self.recent_title)
        left_column.addWidget(self.recent, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.station)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.diagnostics)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        column = QVBoxLayout(self.station)
        column.setContentsMargins(12, 8, 12, 8)
        column.addWidget(self.header)
        column.addWidget(self.splitter, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _timers(self) -> None:
        self._replay_timer = QTimer(self)
        self._replay_timer.setInterval(self.REPLAY_INTERVAL_MS)
        self._replay_timer.timeout.connect(self.scans.replay)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(self.PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._load_progress)
        self._dialog_timer = QTimer(self)     # waits for a modal dialog to close
        self._dialog_timer.setInterval(250)
        self._dialog_timer.timeout.connect(self._check_dialog_closed)
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(20000)
        self._banner_timer.timeout.connect(self._update_banner)

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
            self.scanner_status.setText(self.tr("Scanner: keyboard wedge. Scan anywhere in "
                                                "the window."))

    # -- the batch -------------------------------------------------------------------------

    @property
    def batch_id(self) -> int | None:
        return self._batch_id

    def choose_batch(self, batch_id: int) -> None:
        self._batch_id = batch_id
        QSettings().setValue("aggregation/batch_id", batch_id)
        self.stack.setCurrentWidget(self.station)
        self.verdict.show_verdict("ready", self.tr("Scan the first code."), "")
        self._progress = None
        self._load_progress()
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
        self._batch_id = batch_id
        self.stack.setCurrentWidget(self.station)
        self._load_progress()

    def _load_progress(self) -> None:
        if self._batch_id is None:
            return
        if self._progress_loading:
            self._progress_again = True
            return
        self._progress_loading = True
        factory, batch_id = self._backend.uow_factory, self._batch_id
        self._backend.run(lambda: station_service.batch_progress(factory, batch_id),
                          success=self._progress_loaded, failure=self._progress_failed,
                          owner=self)

    def _progress_done(self) -> None:
        self._progress_loading = False
        if self._progress_again:
            self._progress_again = False
            self._progress_timer.start()

    def _progress_loaded(self, progress: BatchProgress) -> None:
        self._progress_done()
        if progress.batch.id != self._batch_id:
            return
        self._progress = progress
        self.header.show_progress(progress)

    def _progress_failed(self, error: BaseException) -> None:
        self._progress_done()
        if getattr(error, "code", "") == "not_found":
            QSettings().remove("aggregation/batch_id")
            self._batch_id = None
            self.show_chooser()
            self.chooser.status.setText(self.tr("The batch chosen before no longer exists. "
                                                "Choose another."))
            return
        log.info("batch progress not read: %s", error)   # offline: the banner says so

    def apply_batch_changes(self, ids: list[int] | None) -> None:
        """Live updates: another station (or this one) changed batches."""
        if self.stack.currentWidget() is self.chooser:
            self.chooser.reload_soon()      # new, closed or changed batches
        if self._batch_id is None:
            return
        if ids is None or self._batch_id in ids:
            if not self._progress_timer.isActive():
                self._progress_timer.start()

    def apply_database_state(self, state: str) -> None:
        self._database_state = state
        if state == "connected":
            self.scans.replay()
            self._load_progress()
        self._update_banner()

    # -- scans -----------------------------------------------------------------------------

    def handle_scan(self, scan: CapturedScan) -> None:
        """Every scan of every source arrives here, on the GUI thread."""
        modal = QApplication.activeModalWidget()
        take = getattr(modal, "take_scan", None) if modal is not None else None
        if callable(take) and take(scan):
            self.sounds.play("pending")
            self._diagnose(scan, self.tr("added to the open dialog's list"))
            return
        if self._batch_id is None:
            self._refuse(scan, refused_no_batch())
            return
        if self._window is not None and self._window.current_area() != "aggregation":
            self._window.show_area("aggregation")
        if self.stack.currentWidget() is not self.station:
            self.stack.setCurrentWidget(self.station)
        if modal is not None:
            self._held_for_dialog += 1
            self.scans.keep(self._batch_id, scan)
            self._dialog_timer.start()
            return
        self.scans.scan(self._batch_id, scan)

    def submit_manual(self) -> None:
        text = self.manual.text().strip()
        if not text:
            return
        self.manual.clear()
        self.handle_scan(CapturedScan(raw=text, received=text, source="manual",
                                      terminator="", keys=len(text)))

    def _refuse(self, scan: CapturedScan, message: str) -> None:
        self.sounds.play(REFUSED)
        self._diagnose(scan, verdict_title(REFUSED))
        if self.stack.currentWidget() is self.chooser:
            self.chooser.show_alert(message)
        self.verdict.show_verdict(REFUSED, message, visible_controls(scan.raw))

    def _on_decided(self, outcome: ScanOutcome) -> None:
        result = outcome.result
        self.last_outcome = outcome
        self._pending = outcome.pending
        if result.verdict == "repeat":
            self._diagnose(outcome.capture, verdict_title("repeat"))
            return
        detail = verdict_detail(result, self._formats)
        self.verdict.show_verdict(result.verdict, detail, visible_controls(result.code))
        self.verdict.setToolTip(result.message)     # the core's exact (English) words
        self.sounds.play(result.verdict)
        self.recent_model.add(ScanRow(at=datetime.now(timezone.utc), code=result.code,
                                      verdict=result.verdict, detail=detail,
                                      scan_id=result.scan_id))
        outcome_text = verdict_title(result.verdict)
        if result.verdict in ("bad_format", "layout"):
            outcome_text += f" ({result.message})"
        self._diagnose(outcome.capture, outcome_text)
        if result.verdict == "pending":
            self._replay_timer.start()
        elif result.verdict == "accepted":
            self.apply_batch_changes([result.batch_id] if result.batch_id else None)
        self._update_banner()

    def _on_failed(self, failure: ScanFailure) -> None:
        self._refuse(failure.capture, refused_failure(describe(failure.error)))

    def _on_replayed(self, replay: Replay) -> None:
        self._pending = replay.pending
        if replay.pending == 0:
            self._replay_timer.stop()
            self._held_for_dialog = 0
        elif not self._replay_timer.isActive():
            self._replay_timer.start()
        if not replay.results:
            self._update_banner()
            return
        problems = 0
        for result in replay.results:
            detail = verdict_detail(result, self._formats)
            if result.verdict != "accepted":
                problems += 1
            found = result.scan_id is not None and self.recent_model.update_verdict(
                result.scan_id, result.verdict, detail)
            if not found:
                self.recent_model.add(ScanRow(at=datetime.now(timezone.utc), code=result.code,
                                              verdict=result.verdict, detail=detail,
                                              scan_id=result.scan_id))
        last = replay.results[-1]
        self.verdict.show_verdict(last.verdict, verdict_detail(last, self._formats),
                                  visible_controls(last.code))
        self.sounds.play("accepted" if problems == 0 else "not_found")
        self._show_back_online(len(replay.results), problems)
        self._load_progress()

    def _check_dialog_closed(self) -> None:
        if QApplication.activeModalWidget() is None:
            self._dialog_timer.stop()
            self.scans.replay()

    # -- banner ----------------------------------------------------------------------------

    def _update_banner(self) -> None:
        if self._banner_timer.isActive():
            return
        offline = self._database_state in ("lost", "reconnecting")
        if self._pending and self._held_for_dialog and not offline:
            self.banner.setText(self.tr("{count} scans are kept until the dialog is closed; "
                                        "their verdicts follow then.").format(
                count=self._pending))
            self.banner.setStyleSheet(BANNER_HELD)
            self.banner.show()
        elif offline or self._pending:
            self.banner.setText(self.tr(
                "Database unavailable — scanning goes on. {count} scans are kept on this "
                "station; their verdicts follow when the connection returns.").format(
                count=self._pending))
            self.banner.setStyleSheet(BANNER_OFFLINE + " font-size: 16px; font-weight: 600;")
            self.banner.show()
        else:
            self.banner.hide()

    def _show_back_online(self, decided: int, problems: int) -> None:
        text = self.tr("{count} kept scans got their verdicts.").format(count=decided)
        if problems:
            text += " " + self.tr("{count} of them were not accepted: see the list.").format(
                count=problems)
        if self._pending:
            text += " " + self.tr("{count} still waiting.").format(count=self._pending)
        self.banner.setText(text)
        self.banner.setStyleSheet((BANNER_BACK if not problems else BANNER_OFFLINE)
                                  + " font-size: 16px; font-weight: 600;")
        self.banner.show()
        self._banner_timer.start()

    # -- diagnostics, recent list, keyboard ------------------------------------------------

    def _diagnose(self, scan: CapturedScan, outcome: str) -> None:
        if self.diagnostics.isVisible():
            self.diagnostics.add(scan, datetime.now(self._formats.tz), outcome)
        else:
            self._undiagnosed = self._undiagnosed[-(DIAGNOSTICS_CAPACITY - 1):] + [
                (scan, datetime.now(self._formats.tz), outcome)]

    def set_diagnostics_visible(self, visible: bool) -> None:
        self.diagnostics.setVisible(visible)
        if visible:
            for scan, at, outcome in self._undiagnosed:
                self.diagnostics.add(scan, at, outcome)
            self._undiagnosed = []
        if self.diagnostics_button.isChecked() != visible:
            self.diagnostics_button.setChecked(visible)

    def _load_recent(self) -> None:
        """The list as it was before a restart (decided and kept scans, from the journal)."""
        runtime = self._backend.runtime
        self._backend.run(lambda: runtime.journal.recent(100), success=self._recent_loaded,
                          failure=lambda error: log.warning("journal not read: %s", error),
                          owner=self)

    def _recent_loaded(self, entries) -> None:
        if self.recent_model.rowCount():
            return      # scans of this session already listed
        for entry in reversed(entries):
            if entry.verdict == "repeat":
                continue
            verdict = entry.verdict or "pending"
            # The stored verdict said again in the operator's language (its problem's facts).
            result = ScanResult(code=entry.raw, verdict=verdict, message=entry.message or "",
                                aggregated_at=entry.aggregated_at, scan_id=entry.scan_id,
                                problem=Problem.from_json(getattr(entry, "problem", None)))
            self.recent_model.add(ScanRow(at=entry.received_at, code=entry.raw,
                                          verdict=verdict,
                                          detail=verdict_detail(result, self._formats),
                                          scan_id=entry.scan_id))

    def focus_manual(self) -> None:
        if self.stack.currentWidget() is self.station:
            self.manual.setFocus()

    def _leave_manual(self) -> None:
        self.manual.clear()
        self.setFocus()

    def open_bulk(self) -> None:
        if self._batch_id is None:
            self.show_chooser()
            return
        title = self.header.number.text() or self.tr("this batch")
        dialog = BulkAggregationDialog(self._backend, self._batch_id, title, self)
        dialog.finished.connect(lambda _: self._load_progress())
        dialog.open()

    # -- serial scanner ----------------------------------------------------------------------

    def _on_serial_state(self, state: str) -> None:
        port = self._backend.settings.serial_port
        if state == "open":
            self.scanner_status.setText(self.tr("Scanner: serial port {port}, connected.")
                                        .format(port=port))
            self.scanner_status.setStyleSheet("")

    def _on_serial_error(self, message: str) -> None:
        self.scanner_status.setText(self.tr("Serial scanner: {problem}").format(
            problem=message))
        self.scanner_status.setStyleSheet("color: #b00020; font-weight: 600;")

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
        for timer in (self._replay_timer, self._progress_timer, self._dialog_timer,
                      self._banner_timer):
            timer.stop()
        self.chooser.stop()
        if self.wedge is not None:
            self.wedge.uninstall()
        if self.serial is not None:
            self.serial.close()
        self.scans.shutdown()

