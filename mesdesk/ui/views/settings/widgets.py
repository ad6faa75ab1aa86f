"""What every section of the Settings page is made of: the translation context its texts
share (``SettingsPage``, whichever module they are in), the colours of a hint, an error, a
warning and good news, and a field with its error line and hint under it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from mesdesk.domain.problems import Problem

from ...text.problems import sentence

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"
GOOD_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: palette(placeholder-text);"

CONTEXT = "SettingsPage"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def spin(spin, low: float, high: float, suffix: str):
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    spin.setMinimumWidth(120)
    return spin


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def with_error(field: QWidget, error: QLabel | None, parent: QWidget,
               hint: QLabel | None = None) -> QWidget:
    """The field with its error line right under it (shown only when there is one), and
    a hint under that."""
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in (field, error, hint):
        if widget is not None:
            column.addWidget(widget)
    return holder


def field_error(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def show_problem(label: QLabel, problem: Problem | None) -> bool:
    """The problem's sentence in the field's error line (none: the line hides); True when
    there was none."""
    set_error(label, sentence(problem) if problem else "")
    return problem is None
