"""What the scanner really sent: the last raw scans with control characters made visible,
their timing, the layout they arrived in and where they came from.

The first place to look when a scanner is set up wrong (a missing GS, a Cyrillic layout, a
terminator the station does not expect).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from mesdesk.domain.scanner_input import CapturedScan, visible_controls

CAPACITY = 30


class DiagnosticsPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanDiagnostics")
        self.summary = QLabel(self)
        self.summary.setObjectName("diagnosticsSummary")
        self.summary.setWordWrap(True)
        self.log = QPlainTextEdit(self)
        self.log.setObjectName("diagnosticsLog")
        self.log.setReadOnly(True)
        self.log.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.log.setStyleSheet("font-family: monospace; font-size: 12px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Scanner diagnostics (F9)"), self)
        title.setStyleSheet("font-weight: 600;")
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.log, 1)
        self._entries: deque[str] = deque(maxlen=CAPACITY)
        self.summary.setText(self.tr("No scan received yet."))

    def add(self, scan: CapturedScan, at: datetime, outcome: str) -> None:
        layouts = {"latin": self.tr("Latin"),
                   "russian-repaired": self.tr("Russian, repaired by physical key"),
                   "non-latin": self.tr("non-Latin, not repaired")}
        sources = {"wedge": self.tr("keyboard wedge"), "serial": self.tr("serial port"),
                   "manual": self.tr("typed by hand")}
        layout = layouts.get(scan.layout, scan.layout)
        source = sources.get(scan.source, scan.source)
        self.summary.setText(self.tr(
            "Last scan: {source}, {keys} keys in {duration} ms (longest pause {gap} ms), "
            "terminator {terminator}, layout {layout}.").format(
                source=source, keys=scan.keys, duration=f"{scan.duration_ms:.0f}",
                gap=f"{scan.max_gap_ms:.0f}", terminator=scan.terminator or "—",
                layout=layout))
        received = self.tr("received: {text}").format(text=visible_controls(scan.received))
        lines = [f"{at:%H:%M:%S}  {source}  → {outcome}", f"    {received}"]
        if scan.raw != scan.received:
            read = self.tr("read as: {text}").format(text=visible_controls(scan.raw))
            lines.append(f"    {read}")
        self._entries.appendleft("\n".join(lines))
        self.log.setPlainText("\n".join(self._entries))

    @property
    def text(self) -> str:
        return self.summary.text() + "\n" + self.log.toPlainText()
