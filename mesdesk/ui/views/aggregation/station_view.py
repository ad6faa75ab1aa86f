"""The station half of the aggregation area: the batch header, the large verdict, the banner,
the manual field, the last scans and the diagnostics pane. Layout and rendering only; the page
decides what they show."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QTableView, QVBoxLayout,
    QWidget,
)

from mesdesk.domain.scanner_input import CapturedScan

from ...text.formats import Formats
from .batch_header import BatchHeader
from .diagnostics import CAPACITY as DIAGNOSTICS_CAPACITY, DiagnosticsPane
from .recent_scans import RecentScansModel
from .screen import Banner, BannerKind
from ...text.scans import VERDICTS, verdict_title
from .verdict_panel import VerdictPanel

BANNER_OFFLINE = "background: #fff3e0; color: #7a3e00; border: 2px solid #ef6c00;"
BANNER_BACK = "background: #e8f5e9; color: #1b5e20; border: 2px solid #2e7d32;"
BANNER_HELD = "background: #e3f2fd; color: #0d47a1; border: 2px solid #1565c0;"
_LOUD = " font-size: 16px; font-weight: 600;"


class StationView(QWidget):
    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._formats = formats
        # Scans seen while the diagnostics pane was hidden: shown when it opens.
        self._undiagnosed: list[tuple[CapturedScan, datetime, str]] = []
        self.header = BatchHeader(formats, self)
        self.verdict = VerdictPanel(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("offlineBanner")
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(12, 8, 12, 8)
        self.banner.hide()
        self.manual = QLineEdit(self)
        self.manual.setObjectName("manualCode")
        self.manual.setPlaceholderText(self.tr("Type a code from a damaged label (F3), Enter "
                                               "to aggregate"))
        self.manual.setMinimumHeight(34)
        self.manual_button = QPushButton(self.tr("Aggregate"), self)
        self.bulk_button = QPushButton(self.tr("Bulk aggregation… (F4)"), self)
        self.bulk_button.setObjectName("bulkButton")
        self.diagnostics_button = QPushButton(self.tr("Diagnostics (F9)"), self)
        self.diagnostics_button.setCheckable(True)
        self.diagnostics_button.toggled.connect(self.set_diagnostics_visible)
        self.scanner_status = QLabel(self)
        self.scanner_status.setObjectName("scannerStatus")
        self.recent_model = RecentScansModel(formats, self)
        self.recent = self._recent_table()
        self.recent_title = QLabel(self.tr("Last scans at this station"), self)
        self.recent_title.setStyleSheet("font-weight: 600;")
        self.diagnostics = DiagnosticsPane(self)
        self.diagnostics.hide()
        self._lay_out()

    def _recent_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("recentScans")
        table.setModel(self.recent_model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        widest_verdict = max(metrics.horizontalAdvance(verdict_title(verdict))
                             for verdict in VERDICTS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, metrics.horizontalAdvance("88:88:88") + 24)
        table.setColumnWidth(2, widest_verdict + 24)
        return table

    def _lay_out(self) -> None:
        manual_row = QHBoxLayout()
        manual_row.addWidget(self.manual, 1)
        manual_row.addWidget(self.manual_button)
        manual_row.addWidget(self.bulk_button)
        manual_row.addWidget(self.diagnostics_button)
        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.verdict)
        left_column.addWidget(self.banner)
        left_column.addLayout(manual_row)
        left_column.addWidget(self.scanner_status)
        left_column.addWidget(self.recent_title)
        left_column.addWidget(self.recent, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.diagnostics)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.addWidget(self.header)
        column.addWidget(self.splitter, 1)

    # -- rendering ------------------------------------------------------------------------------

    def show_banner(self, banner: Banner) -> None:
        kind = banner.kind
        if kind is BannerKind.HIDDEN:
            self.banner.hide()
            return
        if kind is BannerKind.HELD:
            text = self.tr("{count} scans are kept until the dialog is closed; their verdicts "
                           "follow then.").format(count=banner.pending)
            style = BANNER_HELD
        elif kind is BannerKind.OFFLINE:
            text = self.tr(
                "Database unavailable — scanning goes on. {count} scans are kept on this "
                "station; their verdicts follow when the connection returns.").format(
                count=banner.pending)
            style = BANNER_OFFLINE + _LOUD
        else:
            text = self.tr("{count} kept scans got their verdicts.").format(count=banner.decided)
            if banner.problems:
                text += " " + self.tr("{count} of them were not accepted: see the list.").format(
                    count=banner.problems)
            if banner.pending:
                text += " " + self.tr("{count} still waiting.").format(count=banner.pending)
            style = (BANNER_BACK if kind is BannerKind.BACK else BANNER_OFFLINE) + _LOUD
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.show()

    def show_scanner(self, text: str, *, trouble: bool = False) -> None:
        self.scanner_status.setText(text)
        self.scanner_status.setStyleSheet("color: #b00020; font-weight: 600;" if trouble else "")

    def diagnose(self, scan: CapturedScan, outcome: str) -> None:
        at = datetime.now(self._formats.tz)
        if self.diagnostics.isVisible():
            self.diagnostics.add(scan, at, outcome)
        else:
            self._undiagnosed = self._undiagnosed[-(DIAGNOSTICS_CAPACITY - 1):] + [
                (scan, at, outcome)]

    def set_diagnostics_visible(self, visible: bool) -> None:
        self.diagnostics.setVisible(visible)
        if visible:
            for scan, at, outcome in self._undiagnosed:
                self.diagnostics.add(scan, at, outcome)
            self._undiagnosed = []
        if self.diagnostics_button.isChecked() != visible:
            self.diagnostics_button.setChecked(visible)
