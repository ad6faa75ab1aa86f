"""The pieces the three Analytics tabs share: a read-only figures table, a summary card, a
titled block, and the line that shows a refusal (a problem, translated by its code)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from ...errors import describe
from ...widgets.empty_state import EmptyState
from ...widgets.field_grid import ERROR_STYLE
from .models import FiguresModel


class FiguresTable(QTableView):
    """A table of a ``FiguresModel``: whole rows selected, columns as wide as their contents
    (and titles), the ``stretch`` column taking the room left; never narrower than its
    columns (no figure cut off behind a scroll bar); ``empty`` explains an empty table."""

    def __init__(self, name: str, headers: Sequence[str], numeric: Sequence[int] = (),
                 parent: QWidget | None = None, *, stretch: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.figures = FiguresModel(headers, numeric, self)
        self.setModel(self.figures)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self._stretch = stretch
        self.empty = EmptyState(self)
        self._fit_width()

    def set_rows(self, rows) -> None:
        self.figures.set_rows(rows)
        self._fit_width()

    def _fit_width(self) -> None:
        header = self.horizontalHeader()
        # The stretched column may shrink to its title (its texts elide); figures may not.
        columns = sum(header.sectionSizeHint(c) if c == self._stretch
                      else max(header.sectionSizeHint(c), self.sizeHintForColumn(c))
                      for c in range(self.figures.columnCount()))
        scroll = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(columns + 2 * self.frameWidth() + scroll)


class Card(QFrame):
    """A figure with its title under it (the dashboard's summary)."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        self.value.setObjectName(f"{name}Value")
        self.value.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title, self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("color: palette(placeholder-text);")
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.title)

    def show_value(self, text: str) -> None:
        self.value.setText(text)


def titled(title: str, body: QWidget, parent: QWidget) -> QWidget:
    """``body`` under a bold title."""
    block = QWidget(parent)
    label = QLabel(title, block)
    label.setStyleSheet("font-weight: 600;")
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(label)
    layout.addWidget(body, 1)
    block.title = label          # type: ignore[attr-defined]
    return block


class ProblemLine(QLabel):
    """A refusal or a failed read, in the user's language; hidden while there is none."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def show_error(self, error: BaseException) -> None:
        self.setText(describe(error))
        self.show()

    def clear(self) -> None:
        self.setText("")
        self.hide()
