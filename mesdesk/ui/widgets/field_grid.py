"""A form's rows: a right-aligned label, the editor, and the editor's error line under it.

The dialogs that edit a batch or a webhook subscription show a refused value's message right
under its field; this is the layout and bookkeeping they share, with the footer under the
fields (``FormFooter``: the message that names no field, and Save or Create, Cancel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QWidget

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"      # an editor whose value was refused
HINT_STYLE = "color: palette(placeholder-text);"


class FieldGrid(QGridLayout):
    """``editors`` and ``errors`` by field name, in the order the fields were added."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__()
        self._owner = owner
        self.setHorizontalSpacing(10)
        self.setVerticalSpacing(2)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._row = 0

    def add(self, name: str, title: str, editor: QWidget, *, top: bool = False) -> None:
        """A field; ``top`` aligns the label with the top of a tall editor."""
        editor.setObjectName(editor.objectName() or f"field_{name}")
        label = QLabel(title, self._owner)
        label.setBuddy(editor)
        error = QLabel(self._owner)
        error.setObjectName(f"error_{name}")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
        self.addWidget(label, self._row, 0, Qt.AlignmentFlag.AlignRight | vertical)
        self.addWidget(editor, self._row, 1)
        self.addWidget(error, self._row + 1, 1)
        self._row += 2
        self.editors[name] = editor
        self.errors[name] = error

    def add_unlabelled(self, widget: QWidget, note: QWidget) -> None:
        """A widget that names itself (a check box) with a note under it."""
        self.addWidget(widget, self._row, 1)
        self.addWidget(note, self._row + 1, 1)
        self._row += 2

    def error_text(self, name: str) -> str:
        """The error shown under ``name``; empty when there is none (or no such field)."""
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""


class FormFooter(QObject):
    """The foot of an editing dialog: ``error`` (a message that names no field, hidden until
    there is one) over ``buttons`` (Save, or Create for a new thing, and Cancel)."""

    def __init__(self, dialog: QDialog, *, creating: bool, submit: Callable[[], None]) -> None:
        super().__init__(dialog)
        self.error = QLabel(dialog)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if creating:
            self.save_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(submit)
        self.buttons.rejected.connect(dialog.reject)

    def set_busy(self, busy: bool, editors: Iterable[QWidget]) -> None:
        """While the page saves: neither the buttons nor ``editors`` take input, and the
        footer says so; after, the footer is an error line again (hidden)."""
        self.buttons.setEnabled(not busy)
        for editor in editors:
            editor.setEnabled(not busy)
        if busy:
            self.error.setStyleSheet(HINT_STYLE)
            self.error.setText(self.tr("Saving…"))
            self.error.show()
        else:
            self.error.setStyleSheet(ERROR_STYLE)
            self.error.hide()
