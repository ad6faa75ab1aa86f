"""The Settings page's "E-mail (SMTP)" section (§10): the server, its login (the password goes to
the system keyring), the sender, who gets each notification, and a test e-mail.

The test logs in and sends to the address typed, with the values typed (a password left empty
is the keyring's), off the GUI thread through the settings service (``backend.run``)."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QWidget)

from mesdesk.domain.mail_addresses import parse_addresses
from mesdesk.domain.problems import Problem

from ...errors import describe
from ...text.problems import problem_text
from .form import ADDRESS_FIELDS, SettingsForm
from .widgets import (ERROR_STYLE, GOOD_STYLE, HINT_STYLE, field_error, hint, set_error,
                      show_problem, spin, tr, with_error)

log = logging.getLogger(__name__)

SECURITY = ("starttls", "ssl", "none")


class MailBox(QGroupBox):
    """``MailBox(backend, form)``: edits the ``smtp_*`` and ``mail_*`` settings."""

    def __init__(self, backend, form: SettingsForm, parent: QWidget | None = None) -> None:
        super().__init__(tr("E-mail (SMTP)"), parent)
        self._backend = backend
        self._form = form
        self._testing = False
        self._build()

    def _build(self) -> None:
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("smtpHost")
        self.host_edit.setPlaceholderText(tr("e.g. smtp.plant.ru (empty: no e-mail is sent)"))
        self.port_spin = spin(QSpinBox(self), 1, 65535, "")
        self.port_spin.setObjectName("smtpPort")
        self.security_combo = QComboBox(self)
        for value, label in zip(SECURITY, (tr("STARTTLS"), tr("SSL/TLS"), tr("None"))):
            self.security_combo.addItem(label, value)
        row = QHBoxLayout()
        row.addWidget(self.host_edit, 1)
        row.addWidget(QLabel(tr("Port:"), self))
        row.addWidget(self.port_spin)
        row.addWidget(QLabel(tr("Security:"), self))
        row.addWidget(self.security_combo)
        layout.addRow(tr("Server:"), row)

        self.user_edit = QLineEdit(self)
        self.user_edit.setPlaceholderText(tr("Empty: the server needs no login"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("smtpPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addRow(tr("User:"), self.user_edit)
        layout.addRow(tr("Password:"), self.password_edit)

        self.errors: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        labels = {"smtp_from": tr("From address:"),
                  "mail_report_ready_to": tr("Report ready:"),
                  "mail_import_completed_to": tr("Import completed:"),
                  "mail_webhook_disabled_to": tr("Webhook subscription disabled:")}
        for name in ADDRESS_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            error = field_error(self)
            self.edits[name], self.errors[name] = edit, error
            edit.textChanged.connect(lambda _=None, e=error: set_error(e, ""))
            edit.editingFinished.connect(lambda n=name: self._check(n))
            holder = with_error(edit, error, self)
            if name == "smtp_from":
                edit.setPlaceholderText("mesdesk@plant.ru")
            else:
                edit.setPlaceholderText(tr("addresses separated by commas"))
            if name == "mail_report_ready_to":
                layout.addRow(hint(tr("Who gets each notification:"), self))
            layout.addRow(labels[name], holder)

        test_row = QHBoxLayout()
        self.test_to_edit = QLineEdit(self)
        self.test_to_edit.setObjectName("mailTestTo")
        self.test_to_edit.setPlaceholderText(tr("address for the test e-mail"))
        self.test_button = QPushButton(tr("Send test e-mail"), self)
        self.test_button.setObjectName("mailTestButton")
        test_row.addWidget(self.test_to_edit, 1)
        test_row.addWidget(self.test_button)
        layout.addRow(tr("Test:"), test_row)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("mailTestResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.hide()
        layout.addRow(self.test_result)
        self.test_button.clicked.connect(self.send_test)

    # -- values --------------------------------------------------------------------------

    def load(self, values) -> None:
        self.host_edit.setText(values.smtp_host)
        self.port_spin.setValue(int(values.smtp_port))
        index = self.security_combo.findData(values.smtp_security)
        self.security_combo.setCurrentIndex(max(index, 0))
        self.user_edit.setText(values.smtp_user)
        self.password_edit.clear()
        for name, edit in self.edits.items():
            edit.setText(getattr(values, name))
            set_error(self.errors[name], "")
        self.test_result.hide()
        self._ask_password()

    def read(self) -> dict[str, object]:
        values: dict[str, object] = {
            "smtp_host": self.host_edit.text().strip(), "smtp_port": self.port_spin.value(),
            "smtp_security": self.security_combo.currentData(),
            "smtp_user": self.user_edit.text().strip(),
            "smtp_password": self.password_edit.text()}
        values.update({name: edit.text().strip() for name, edit in self.edits.items()})
        return values

    def show_problems(self, problems: dict[str, Problem]) -> None:
        for name, error in self.errors.items():
            show_problem(error, problems.get(name))

    def _check(self, name: str) -> bool:
        parsed = parse_addresses(self.edits[name].text())
        return show_problem(self.errors[name], parsed if isinstance(parsed, Problem) else None)

    # -- the password in the keyring -----------------------------------------------------

    def _ask_password(self) -> None:
        """Is a password for the saved server and user in the keyring? (off the GUI thread)"""
        saved = replace(self._form.running, **self._saved_mail())
        if not saved.mail or not saved.smtp_user:
            self.password_edit.setPlaceholderText("")
            return
        service = self._backend.settings_service
        self._backend.run(lambda: bool(service.effective_settings(saved).smtp_password),
                          success=self._password_known,
                          failure=lambda error: log.info("keyring not asked: %s", error),
                          owner=self)

    def _password_known(self, stored: bool) -> None:
        self.password_edit.setPlaceholderText(
            tr("stored in the keyring; type to replace") if stored else "")

    def password_stored(self) -> None:
        """After a save that put the typed password in the keyring."""
        self.password_edit.clear()
        self._password_known(True)

    def _saved_mail(self) -> dict[str, object]:
        saved = self._form.saved
        return {name: getattr(saved, name) for name in (
            "smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_password")}

    # -- the test ------------------------------------------------------------------------

    def send_test(self) -> None:
        if self._testing:
            return
        to = self.test_to_edit.text().strip()
        parsed = parse_addresses(to)
        if isinstance(parsed, Problem):
            self._show(problem_text(parsed), ERROR_STYLE)
            return
        settings = replace(self._form.running, **self.read())
        self._testing = True
        self.test_button.setEnabled(False)
        self._show(tr("Sending…") if to else tr("Logging in…"), HINT_STYLE)
        service = self._backend.settings_service
        self._backend.run(lambda: service.test_mail(settings, to or None),
                          success=lambda problem: self._tested(problem, to),
                          failure=self._test_failed, owner=self)

    def _tested(self, problem: Problem | None, to: str) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        if problem is not None:
            self._show(problem_text(problem), ERROR_STYLE)
        elif to:
            self._show(tr("Sent: check the inbox of {address}").format(address=to),
                       GOOD_STYLE)
        else:
            self._show(tr("Logged in to the mail server. Type an address to send a test "
                          "e-mail."), GOOD_STYLE)

    def _test_failed(self, error: BaseException) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self._show(describe(error), ERROR_STYLE)

    def _show(self, text: str, style: str) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(style)
        self.test_result.show()
