"""A percentage cell with a thin bar under its text, so progress reads at a glance."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

BAR_HEIGHT = 3


class RateBarDelegate(QStyledItemDelegate):
    """Reads the percentage (0–100) from ``role``; draws nothing more when it is None."""

    def __init__(self, role: int, parent=None) -> None:
        super().__init__(parent)
        self._role = role
        self._done = QColor("#2e9d57")
        self._part = QColor("#6aa6e8")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        value = index.data(self._role)
        if value is None:
            return
        rect: QRect = option.rect.adjusted(4, 0, -4, -2)
        width = round(rect.width() * max(0.0, min(float(value), 100.0)) / 100)
        if width <= 0:
            return
        painter.save()
        painter.fillRect(QRect(rect.left(), rect.bottom() - BAR_HEIGHT + 1, width, BAR_HEIGHT),
                         self._done if value >= 100 else self._part)
        painter.restore()
