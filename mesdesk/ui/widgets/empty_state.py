"""A message laid over an item view's empty viewport: why it is empty and what to do.

``EmptyState(view)`` follows the viewport's size; ``show_message(title, hint)`` shows it,
``clear()`` hides it. It never takes clicks meant for the view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.title.setObjectName("emptyStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.hint = QLabel(self)
        self.hint.setObjectName("emptyStateHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        view.viewport().installEventFilter(self)
        self.hide()

    def show_message(self, title: str, hint: str = "") -> None:
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.setGeometry(self._view.viewport().rect())
        self.show()
        self.raise_()

    def clear(self) -> None:
        self.hide()

    @property
    def text(self) -> str:
        """Everything it says (tests and accessibility)."""
        return " ".join(part for part in (self.title.text(), self.hint.text()) if part) \
            if self.isVisibleTo(self.parentWidget()) else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False
