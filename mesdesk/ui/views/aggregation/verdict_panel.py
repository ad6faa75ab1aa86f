"""The large verdict of the last scan: colour, symbol, words and the code itself.

Seen from across a workstation: the colour says it, the title names it, the detail and the
code say exactly what happened. ``painted_at`` (time.perf_counter) records when the shown
verdict reached the screen, which the latency benchmark reads.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...text.scans import READY, look, verdict_title


class VerdictPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictPanel")
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.symbol = QLabel(self)
        self.symbol.setObjectName("verdictSymbol")
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.symbol.setMinimumWidth(110)
        self.title = QLabel(self)
        self.title.setObjectName("verdictTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("verdictDetail")
        self.detail.setWordWrap(True)
        self.code = QLabel(self)
        self.code.setObjectName("verdictCode")
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.title)
        words.addWidget(self.detail)
        words.addWidget(self.code)
        words.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.addWidget(self.symbol)
        row.addLayout(words, 1)
        self.verdict = ""
        self.sequence = 0          # which scan is shown (increments with every show)
        self.painted_sequence = -1
        self.painted_at = 0.0
        self.show_verdict(READY, "", "")

    def show_verdict(self, verdict: str, detail: str, code: str) -> None:
        colours = look(verdict)
        self.verdict = verdict
        self.sequence += 1
        self.setProperty("verdict", verdict)
        self.setStyleSheet(
            f"#verdictPanel {{ background: {colours.background}; border-radius: 8px; }}"
            f"#verdictPanel QLabel {{ color: {colours.foreground}; background: transparent; }}"
            "#verdictSymbol { font-size: 64px; font-weight: 700; }"
            "#verdictTitle { font-size: 34px; font-weight: 700; }"
            "#verdictDetail { font-size: 17px; }"
            "#verdictCode { font-size: 15px; font-family: monospace; }")
        self.symbol.setText(colours.symbol)
        self.title.setText(verdict_title(verdict))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.code.setText(code)
        self.code.setVisible(bool(code))

    @property
    def text(self) -> str:
        """Everything the panel says (tests, accessibility)."""
        return " ".join(label.text() for label in (self.title, self.detail, self.code)
                        if label.text())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        super().paintEvent(event)
        if self.painted_sequence != self.sequence:
            self.painted_sequence = self.sequence
            self.painted_at = time.perf_counter()
