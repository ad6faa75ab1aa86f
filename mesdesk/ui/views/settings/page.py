"""The Settings page: database, this station, production time zone and language, scanner,
file storage.

Shows the settings the app runs with; Save writes what was changed to settings.toml and says
which changes apply now and which after a restart. The page holds the sections (a group box
each, in ``*_box.py``) and the save flow; what the form decides (which fields are refused,
what changed, what waits for a restart) is the Qt-free ``SettingsForm``. The connection test,
the keyring, the serial port list and the file write run off the GUI thread
(``backend.run``); checks of what was typed run here and are shown next to the field.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, \
    QWidget

from mesdesk.services.settings import KeyringStatus, SaveResult

from ...errors import describe
from . import texts
from .database_box import DatabaseBox
from .form import FormValues, SettingsForm, problems
from .mail_box import MailBox
from .region_box import RegionBox
from .scanner_box import ScannerBox
from .station_box import StationBox
from .storage_box import StorageBox
from .widgets import ERROR_STYLE, GOOD_STYLE, HINT_STYLE, WARNING_STYLE, hint, set_error, tr

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    """``SettingsPage(backend)``: edits the settings of ``backend.settings``' file."""

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._backend = backend
        self.form = SettingsForm(backend.settings)
        self._saving = False
        self._build()
        self._load(self.form.saved)
        self._backend.run(self._backend.settings_service.available_timezones,
                          success=self.region.timezones_loaded,
                          failure=lambda error: log.warning("no zone list: %s", error),
                          owner=self)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        content.setMaximumWidth(900)
        scroll.setWidget(content)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(12)

        heading = QLabel(tr("Settings"), content)
        heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        column.addWidget(heading)
        self.file_note = hint(tr("Settings file: {path}").format(
            path=self.form.running.settings_path), content)
        self.file_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.file_note)
        self.environment_note = hint("", content)
        self.environment_note.setStyleSheet(WARNING_STYLE)
        set_error(self.environment_note, texts.environment_overrides(os.environ))
        column.addWidget(self.environment_note)

        self.database = DatabaseBox(self._backend, self.form, content)
        self.station = StationBox(content)
        self.region = RegionBox(content)
        self.scanner = ScannerBox(self._backend, content)
        self.storage = StorageBox(self._backend, content)
        self.mail = MailBox(self._backend, self.form, content)
        for box in (self.database, self.station, self.region, self.scanner, self.storage,
                    self.mail):
            column.addWidget(box)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("Save"), content)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(tr("Undo changes"), content)
        self.revert_button.clicked.connect(self.revert)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.status = QLabel(content)
        self.status.setWordWrap(True)
        self.status.setObjectName("settingsStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)
        column.addStretch(1)

    # -- form <-> values -------------------------------------------------------------------

    def _load(self, values: FormValues) -> None:
        self.database.load(values.database_url)
        self.region.load(values)
        self.station.load(values)
        self.scanner.load(values)
        self.storage.load(values)
        self.mail.load(values)

    def values(self) -> FormValues:
        # Fields of no box here keep their saved values.
        return replace(self.form.saved, database_url=self.database.url(), **self.region.read(),
                       **self.station.read(), **self.scanner.read(), **self.storage.read(),
                       **self.mail.read())

    def validate(self) -> bool:
        """Show next to each field why it is refused; True when none is."""
        found = problems(self.values())
        self.database.show_problem(found.get("database_url"))
        for box in (self.region, self.station, self.scanner, self.storage, self.mail):
            box.show_problems(found)
        return not found

    # -- save ------------------------------------------------------------------------------

    def revert(self) -> None:
        self._load(self.form.saved)
        self.status.clear()

    def save(self) -> None:
        if self._saving:
            return
        if not self.validate():
            self._say(tr("Nothing was saved: correct the fields marked in red."), ERROR_STYLE)
            return
        values = self.values()
        changes = self.form.changes(values)
        if not changes:
            self._say(tr("Nothing to save: the settings are as they were."), HINT_STYLE)
            return
        allow = self.database.clear_text_allowed
        if self.form.needs_consent(changes, allow):
            self._refuse_clear_text()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._say(tr("Saving…"), HINT_STYLE)
        settings, service = self.form.running, self._backend.settings_service
        self._backend.run(
            lambda: service.save(settings, changes, allow_clear_text_password=allow),
            success=lambda result: self._saved_to_file(values, changes, result),
            failure=self._save_failed, owner=self)

    def _refuse_clear_text(self) -> None:
        self.database.refuse_clear_text()
        self._say(tr("Nothing was saved: correct the fields marked in red."), ERROR_STYLE)

    def _saved_to_file(self, values: FormValues, changes: dict[str, object],
                       result: SaveResult) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not result.written:
            self.form.keyring = KeyringStatus(available=False)
            self._refuse_clear_text()
            return
        pending = self.form.record_save(values, result)
        self.storage.secret_edit.setText(self.form.saved.s3_secret_key)  # in the keyring now
        if changes.get("smtp_password") and result.password.value == "keyring":
            self.form.saved = replace(self.form.saved, smtp_password="")   # it is the keyring's
            self.mail.password_stored()
        self.database.saved("database_url" in changes, result.password)
        applied = self._backend.apply_live(changes)
        self._say(texts.save_sentence(result, applied, pending), GOOD_STYLE)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._say(tr("The settings were not saved: {reason}").format(
            reason=describe(error)), ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # -- Qt --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self.database.shared_radio.isChecked():
            self.database.ask_keyring()   # is this URL's password in the keyring?
        self.scanner.list_serial_ports()
