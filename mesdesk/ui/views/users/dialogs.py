"""The Users area's dialogs: a new user, a user's name, role and state, and a new PIN or badge.

Each field is checked as it is left with the same rules the service keeps
(``domain/credentials``), and a refusal from the service (a taken login or badge, the last
administrator, deactivating oneself) is shown next to the field it names (its ``field``
fact), else under the fields. A badge is typed, or scanned while the dialog is open: the
dialog's own scanner capture takes the scan before any widget (a badge's Enter must not press
Create, and no scan may land in another field).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from mesdesk.domain import problems as P
from mesdesk.domain.credentials import checked_badge, checked_login, checked_name, checked_pin
from mesdesk.domain.errors import DomainError
from mesdesk.domain.scanner_input import CaptureThresholds
from mesdesk.services.dto import UserDTO

from ...errors import describe
from ...scanner import WedgeCapture
from ...text.batch_fields import field_problem
from ...text.roles import role_names
from ...widgets.field_grid import HINT_STYLE, INVALID_STYLE, FieldGrid, FormFooter


#: Each field's check (raises a catalogued ValidationError); "" is allowed where it may be
#: left empty (a PIN or a badge: one of the two is enough).
CHECKS: dict[str, Callable[[str], object]] = {
    "login": checked_login,
    "name": checked_name,
    "pin": lambda text: checked_pin(text) if text else None,
    "badge": lambda text: checked_badge(text) if text.strip() else None,
}


@dataclass(frozen=True)
class UserForm:
    """What a dialog collected: the user's login, and the values to add or change
    (``add_user``'s keywords, or ``update_user``'s changes)."""

    login: str
    values: dict[str, Any]
    creating: bool = False


def pin_edit(parent: QWidget) -> QLineEdit:
    """Digits only, shown while typed (the administrator tells the user), hidden after."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
    edit.setMaxLength(12)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), edit))
    return edit


def badge_edit(parent: QWidget) -> QLineEdit:
    """A badge code is a key to the station: dots, never the code."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class FieldsDialog(QDialog):
    """The part the dialogs share: fields with their error lines, the footer, the checks,
    a refusal shown where it belongs, busy while the page saves, and (with a badge field)
    the scanner capture."""

    submitted = Signal(object)      # UserForm

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = FieldGrid(self)
        self.editors = self._grid.editors
        self.errors = self._grid.errors
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        self.note.hide()
        self._capture: WedgeCapture | None = None
        self._footer: FormFooter | None = None

    def _finish_layout(self, *, creating: bool) -> None:
        footer = self._footer = FormFooter(self, creating=creating, submit=self.submit)
        self.general_error, self.buttons = footer.error, footer.buttons
        self.save_button = footer.save_button
        layout = QVBoxLayout(self)
        layout.addLayout(self._grid)
        layout.addWidget(self.note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        for name, editor in self.editors.items():
            if isinstance(editor, QLineEdit) and name in CHECKS:
                editor.editingFinished.connect(lambda n=name: self.validate(n))
                editor.textEdited.connect(lambda _text, n=name: self.show_field_error(n, ""))

    # -- the badge scanner ------------------------------------------------------------------

    def _take_badge_scans(self, thresholds: CaptureThresholds) -> None:
        self._capture = WedgeCapture(thresholds, self)
        self._capture.scanned.connect(self._badge_scanned)
        app = QApplication.instance()
        if app is not None:
            self._capture.install(app)      # the latest filter: before every widget

    def _badge_scanned(self, scan: Any) -> None:
        editor = self.editors["badge"]
        if not editor.isEnabled():          # saving: the scan is not for this dialog
            return
        editor.setText(scan.raw.strip())
        self.show_field_error("badge", "")
        self.validate("badge")
        self.note.setText(self.tr("The badge was scanned."))
        self.note.show()

    def done(self, result: int) -> None:  # noqa: D401 - Qt name
        if self._capture is not None:
            self._capture.uninstall()
        super().done(result)

    # -- checks and refusals ----------------------------------------------------------------

    def text(self, name: str) -> str:
        editor = self.editors[name]
        return editor.text() if isinstance(editor, QLineEdit) else ""

    def validate(self, name: str) -> bool:
        check = CHECKS.get(name)
        if check is None or not self.editors[name].isEnabled():
            return True
        try:
            check(self.text(name))
        except DomainError as error:
            self.show_field_error(name, field_problem(error))
            return False
        self.show_field_error(name, "")
        return True

    def validate_all(self) -> bool:
        valid = [self.validate(name) for name in self.editors]
        if all(valid):
            return True
        first = next(name for name, ok in zip(self.editors, valid) if not ok)
        self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def show_field_error(self, name: str, text: str) -> None:
        label = self.errors[name]
        label.setText(text)
        label.setVisible(bool(text))
        editor = self.editors[name]
        editor.setStyleSheet(INVALID_STYLE if text and isinstance(editor, QLineEdit) else "")

    def field_error(self, name: str) -> str:
        return self._grid.error_text(name)

    def show_error(self, error: BaseException) -> None:
        """A refusal of the service: next to the field it names, else under the fields."""
        self.set_busy(False)
        name = error.field if isinstance(error, DomainError) else None
        if name in self.editors:
            self.show_field_error(name, field_problem(error))
            self.editors[name].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.general_error.setText(describe(error))
        self.general_error.show()

    def set_busy(self, busy: bool) -> None:
        self._footer.set_busy(busy, self.editors.values())

    def saved(self) -> None:
        self.set_busy(False)
        self.accept()

    def submit(self) -> None:
        raise NotImplementedError


class UserDialog(FieldsDialog):
    """A new user (login, name, role, PIN and/or badge), or a user's name, role and whether
    they may sign in (``user``)."""

    def __init__(self, thresholds: CaptureThresholds, user: UserDTO | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self._user = user
        creating = user is None
        self.setWindowTitle(self.tr("New user") if creating else
                            self.tr("User {login}").format(login=user.login))
        login = QLineEdit(self)
        login.setMaxLength(64)
        login.setPlaceholderText(self.tr("Latin letters, digits, dots, dashes, underscores"))
        self._grid.add("login", self.tr("Login"), login)
        name = QLineEdit(self)
        name.setMaxLength(200)
        name.setPlaceholderText(self.tr("As colleagues know them, e.g. Иванов И.И."))
        self._grid.add("name", self.tr("Name"), name)
        role = QComboBox(self)
        for value, text in role_names():
            role.addItem(text, value.label)
        self._grid.add("role", self.tr("Role"), role)
        if creating:
            self._grid.add("pin", self.tr("PIN"), pin_edit(self))
            self._grid.add("badge", self.tr("Badge"), badge_edit(self))
            self.note.setText(self.tr(
                "Give a PIN (4 to 12 digits), a badge or both. Scan the badge while this "
                "dialog is open, or type its code."))
            self.note.show()
            role.setCurrentIndex(role.findData("operator"))
        else:
            login.setText(user.login)       # a login stays: shown, not edited
            login.setReadOnly(True)
            login.setFrame(False)
            login.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            name.setText(user.name)
            role.setCurrentIndex(role.findData(user.role))
            active = QCheckBox(self.tr("May sign in"), self)
            active.setChecked(user.is_active)
            self._grid.add("is_active", self.tr("Active"), active)
            active.toggled.connect(lambda _on: self.show_field_error("is_active", ""))
            role.currentIndexChanged.connect(lambda _i: self.show_field_error("role", ""))
        self._finish_layout(creating=creating)
        if creating:
            self._take_badge_scans(thresholds)

    def submit(self) -> None:
        self.general_error.hide()
        if not self.validate_all():
            return
        role = self.editors["role"].currentData()
        if self._user is None:
            pin, badge = self.text("pin"), self.text("badge").strip()
            if not pin and not badge:
                self.show_field_error("pin", field_problem(
                    P.USER_NO_CREDENTIALS(field="pin")))
                self.editors["pin"].setFocus(Qt.FocusReason.OtherFocusReason)
                return
            values = {"role": role, "name": self.text("name").strip(),
                      "pin": pin or None, "badge": badge or None}
            self.set_busy(True)
            self.submitted.emit(UserForm(checked_login(self.text("login")), values,
                                         creating=True))
            return
        values: dict[str, Any] = {"name": self.text("name").strip(), "role": role,
                                  "is_active": self.editors["is_active"].isChecked()}
        changes = {key: value for key, value in values.items()
                   if getattr(self._user, key) != value}
        if not changes:
            self.accept()           # nothing changed: nothing to save
            return
        self.set_busy(True)
        self.submitted.emit(UserForm(self._user.login, changes))


class CredentialDialog(FieldsDialog):
    """A new PIN (``kind`` "pin") or a new badge ("badge") for ``user``."""

    def __init__(self, kind: str, user: UserDTO, thresholds: CaptureThresholds,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog" if kind == "pin" else "badgeDialog")
        self.kind = kind
        self._user = user
        who = user.name or user.login
        if kind == "pin":
            self.setWindowTitle(self.tr("New PIN for {user}").format(user=who))
            self._grid.add("pin", self.tr("New PIN"), pin_edit(self))
            self.note.setText(self.tr(
                "4 to 12 digits. The old PIN stops working when this one is saved; tell "
                "the user their new PIN."))
        else:
            self.setWindowTitle(self.tr("Badge for {user}").format(user=who))
            self._grid.add("badge", self.tr("Badge"), badge_edit(self))
            self.note.setText(self.tr(
                "Scan the new badge while this dialog is open, or type its code. A badge "
                "the user had before stops working."))
        self.note.show()
        self._finish_layout(creating=False)
        if kind == "badge":
            self._take_badge_scans(thresholds)

    def submit(self) -> None:
        self.general_error.hide()
        value = self.text(self.kind).strip()
        if not value:
            problem = P.USER_PIN_INVALID if self.kind == "pin" else P.USER_BADGE_INVALID
            self.show_field_error(self.kind, field_problem(problem(field=self.kind)))
            return
        if not self.validate_all():
            return
        self.set_busy(True)
        self.submitted.emit(UserForm(self._user.login, {self.kind: value}))
