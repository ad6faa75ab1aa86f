"""An area that is not built yet says so plainly, and what to use meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(title, self)
        heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(560)  # a readable line length; a word-wrapped label otherwise shrinks
        layout.addWidget(heading)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
