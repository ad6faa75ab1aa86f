"""The Settings page's Database section: the embedded database or a shared server's URL, the
connection test, and where a password typed into the URL will go (the keyring, or the file
with the user's consent). The keyring's state and the test run off the GUI thread, through
the settings service (``backend.settings_service``)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from mesdesk.domain.database_urls import has_password, where
from mesdesk.domain.problems import Problem
from mesdesk.services.probe_result import FOREIGN, NEWER, ProbeResult
from mesdesk.services.settings import KeyringStatus, PasswordPlace

from ...errors import describe
from ...text import settings as messages
from . import form as F
from .form import SettingsForm, url_problem
from .widgets import (ERROR_STYLE, GOOD_STYLE, HINT_STYLE, WARNING_STYLE, field_error, hint,
                      set_error, show_problem, tr)

log = logging.getLogger(__name__)


class DatabaseBox(QGroupBox):
    """``DatabaseBox(backend, form)``: edits ``database_url``; keeps ``form.keyring`` as the
    service last told it."""

    def __init__(self, backend, form: SettingsForm, parent: QWidget | None = None) -> None:
        super().__init__(tr("Database"), parent)
        self._backend = backend
        self._form = form
        self._keyring_asked = False
        self._testing = False
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.embedded_radio = QRadioButton(
            tr("Embedded: a private PostgreSQL on this computer"), self)
        self.embedded_hint = hint(tr("Its data is kept in {path}").format(
            path=self._form.running.data_dir), self)
        self.embedded_hint.setContentsMargins(24, 0, 0, 0)
        self.shared_radio = QRadioButton(
            tr("Shared server: several stations work with one PostgreSQL database"), self)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.embedded_radio)
        self.mode_group.addButton(self.shared_radio)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(self.embedded_hint)
        layout.addWidget(self.shared_radio)

        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        url_label = QLabel(tr("URL:"), self)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("databaseUrl")
        self.url_edit.setPlaceholderText("postgresql://user:password@server:5432/mesdesk")
        self.url_edit.setClearButtonEnabled(True)
        url_label.setBuddy(self.url_edit)
        self.test_button = QPushButton(tr("Test connection"), self)
        row.addWidget(url_label)
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.url_error = field_error(self)
        self.probe_result = QLabel(self)
        self.probe_result.setObjectName("probeResult")
        self.probe_result.setWordWrap(True)
        self.probe_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_note = QLabel(self)
        self.password_note.setWordWrap(True)
        self.clear_text_check = QCheckBox(
            tr("Save the password in the settings file anyway"), self)
        for widget in (self.url_error, self.probe_result, self.password_note,
                       self.clear_text_check):
            widget.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(widget)
        self.probe_result.hide()
        self.password_note.hide()
        self.clear_text_check.hide()

        self.embedded_radio.toggled.connect(self._mode_changed)
        self.url_edit.textChanged.connect(self._url_edited)
        self.url_edit.editingFinished.connect(self.check)
        self.test_button.clicked.connect(self.test_connection)

    # -- the value -----------------------------------------------------------------------

    def load(self, url: str | None) -> None:
        (self.shared_radio if url else self.embedded_radio).setChecked(True)
        self.url_edit.setText(url or "")
        self.url_edit.setCursorPosition(0)   # show where it points, not the end of the query
        self._mode_changed()
        set_error(self.url_error, "")

    def url(self) -> str | None:
        """The URL typed, or None for the embedded database."""
        return self.url_edit.text().strip() if self.shared_radio.isChecked() else None

    @property
    def clear_text_allowed(self) -> bool:
        return self.clear_text_check.isChecked()

    def check(self) -> bool:
        return self.show_problem(url_problem(self.url()))

    def show_problem(self, problem: Problem | None) -> bool:
        return show_problem(self.url_error, problem)

    def _mode_changed(self) -> None:
        shared = self.shared_radio.isChecked()
        self.url_edit.setEnabled(shared)
        self.test_button.setEnabled(shared and not self._testing)
        if not shared:
            set_error(self.url_error, "")
            self.probe_result.hide()
        self.update_password_note()

    def _url_edited(self) -> None:
        set_error(self.url_error, "")
        self.probe_result.hide()
        if has_password(self.url_edit.text()):
            self.ask_keyring()
        self.update_password_note()

    # -- the keyring ---------------------------------------------------------------------

    def ask_keyring(self, again: bool = False) -> None:
        """Find out (off the GUI thread) whether there is a keyring and whether it holds the
        saved URL's password; once, unless ``again``."""
        if self._keyring_asked and not again:
            return
        self._keyring_asked = True
        url, service = self._form.saved.database_url, self._backend.settings_service
        self._backend.run(lambda: service.keyring_status(url),
                          success=self._keyring_known,
                          failure=self._keyring_failed, owner=self)

    def _keyring_known(self, status: KeyringStatus) -> None:
        self._form.keyring = status
        self.update_password_note()

    def _keyring_failed(self, error: BaseException) -> None:
        log.warning("keyring status unknown: %s", error)
        self._form.keyring = KeyringStatus(available=False)
        self.update_password_note()

    def update_password_note(self) -> None:
        note = self._form.password_note(self.url())
        status = self._form.keyring
        text, style = "", HINT_STYLE
        if note == F.NOTE_TO_KEYRING and status is not None:
            text = tr("The password will be kept in the system keyring ({name}), not "
                      "in the settings file.").format(name=status.name)
        elif note == F.NOTE_CLEAR_TEXT:
            text = tr("No system keyring: the password would be saved in clear text "
                      "in {path}").format(path=self._form.running.settings_path)
            style = WARNING_STYLE
        elif note == F.NOTE_IN_KEYRING:
            text = tr("The password for this URL is kept in the system keyring.")
        self.password_note.setText(text)
        self.password_note.setStyleSheet(style)
        self.password_note.setVisible(bool(text))
        confirm = note == F.NOTE_CLEAR_TEXT
        self.clear_text_check.setVisible(confirm)
        if not confirm:
            self.clear_text_check.setChecked(False)

    def refuse_clear_text(self) -> None:
        """Say at the URL that its password has nowhere to go without the user's consent."""
        self.update_password_note()
        set_error(self.url_error, tr(
            "There is no system keyring for the password. Tick the box below to save it in the "
            "settings file, or take the password out of the URL."))

    def saved(self, url_changed: bool, password: PasswordPlace) -> None:
        """After a save (``password``: where the URL's password went, ``SaveResult``): the
        URL as written, and, for a new URL whose password did not just go to the keyring,
        whether the keyring holds one for it."""
        stored = self._form.saved.database_url
        if self.url_edit.text().strip() != (stored or "") and stored:
            self.url_edit.setText(stored)
            self.url_edit.setCursorPosition(0)
        if password != PasswordPlace.KEYRING and url_changed and self.shared_radio.isChecked():
            self.ask_keyring(again=True)
        self.update_password_note()

    # -- the connection test -------------------------------------------------------------

    def test_connection(self) -> None:
        if self._testing or not self.check():
            return
        url = self.url_edit.text().strip()
        self._testing = True
        self.test_button.setEnabled(False)
        self._show_probe(tr("Connecting to {where}…").format(where=where(url)), HINT_STYLE)
        service = self._backend.settings_service
        self._backend.run(lambda: service.test_connection(url),
                          success=self._tested, failure=self._test_failed, owner=self)

    def _tested(self, result: ProbeResult) -> None:
        self._testing = False
        self._mode_changed()
        if result.ok:
            style = WARNING_STYLE if result.schema in (NEWER, FOREIGN) else GOOD_STYLE
        else:
            style = ERROR_STYLE
        self._show_probe(messages.probe_sentence(result), style)

    def _test_failed(self, error: BaseException) -> None:
        self._testing = False
        self._mode_changed()
        self._show_probe(tr("Not connected: {reason}").format(reason=describe(error)),
                         ERROR_STYLE)

    def _show_probe(self, text: str, style: str) -> None:
        self.probe_result.setText(text)
        self.probe_result.setStyleSheet(style)
        self.probe_result.show()
