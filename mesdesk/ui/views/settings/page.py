"""The Settings page: database, this station, production time zone and language, scanner.

Shows the settings the app runs with; Save writes what was changed to settings.toml and says
which changes apply now and which after a restart. The connection test, the keyring, the
serial port list and the file write run off the GUI thread (``backend.run``); checks of what
was typed run here and are shown next to the field.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from mesdesk.domain.database_urls import has_password, validate_database_url, where
from mesdesk.services.probe_result import ProbeResult
from mesdesk.services.settings import KeyringStatus, SaveResult, timezone_problem
from mesdesk.config import Settings
from mesdesk.domain.scanner_input import TERMINATOR_NAMES, CaptureThresholds

from ...errors import describe
from ...text.problems import sentence
from ...scanner import available_ports
from ...text import settings as messages
from . import sections
from .form import FormValues, pending_restart
from .sections import ERROR_STYLE, GOOD_STYLE, HINT_STYLE, WARNING_STYLE

log = logging.getLogger(__name__)

class SettingsPage(QWidget):
    """``SettingsPage(backend)``: edits the settings of ``backend.settings``' file."""

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._backend = backend
        self._running: Settings = backend.settings
        self._saved = FormValues.of(self._running)   # what the form was last loaded/saved as
        self._keyring: KeyringStatus | None = None
        self._keyring_asked = False
        self._testing = False
        self._saving = False
        self._listing_ports = False
        self._build()
        self._load(self._saved)
        self._backend.run(self._backend.settings_service.available_timezones,
                          success=self._timezones_loaded,
                          failure=lambda error: log.warning("no zone list: %s", error),
                          owner=self)

    # -- construction (sections.py) ------------------------------------------------------

    def _build(self) -> None:
        sections.build(self)

    _set_error = staticmethod(sections.set_error)
    _setting_names = staticmethod(sections.setting_names)

    def _show_environment_overrides(self) -> None:
        self._set_error(self.environment_note, sections.environment_overrides(os.environ))

    # -- form <-> values -------------------------------------------------------------------

    def _load(self, values: FormValues) -> None:
        shared = bool(values.database_url)
        (self.shared_radio if shared else self.embedded_radio).setChecked(True)
        self.url_edit.setText(values.database_url or "")
        self.url_edit.setCursorPosition(0)   # show where it points, not the end of the query
        self._mode_changed()
        self._set_timezone(values.timezone)
        index = self.language_combo.findData(values.language)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.station_edit.setText(values.station)
        self.operator_edit.setText(values.operator)
        self.work_center_edit.setText(values.work_center)
        self._load_scanner(values)
        for label in (self.url_error, self.timezone_error, self.station_error,
                      self.terminators_error, self.serial_port_error, self.gs_token_error):
            self._set_error(label, "")

    def _load_scanner(self, values: FormValues) -> None:
        (self.serial_radio if values.scanner_mode == "serial" else self.wedge_radio
         ).setChecked(True)
        self.max_gap_spin.setValue(values.scan_max_gap_ms)
        self.min_length_spin.setValue(values.scan_min_length)
        chosen = {part.strip().lower() for part in values.scan_terminators.split(",")}
        for name, check in self.terminator_checks.items():
            check.setChecked(name in chosen)
        self.serial_port_combo.setEditText(values.serial_port)
        index = self.baud_combo.findData(values.serial_baud)
        if index < 0:   # an unusual rate from the file: keep it on offer
            self.baud_combo.addItem(str(values.serial_baud), values.serial_baud)
            index = self.baud_combo.count() - 1
        self.baud_combo.setCurrentIndex(index)
        self.gs_token_edit.setText(values.gs_token)
        self.repeat_window_spin.setValue(values.repeat_window_s)
        self.mute_check.setChecked(values.sounds_muted)
        self._scanner_mode_changed()

    def values(self) -> FormValues:
        shared = self.shared_radio.isChecked()
        return FormValues(
            database_url=self.url_edit.text().strip() if shared else None,
            timezone=self.timezone_combo.currentText().strip(),
            language=str(self.language_combo.currentData() or ""),
            station=self.station_edit.text().strip(),
            operator=self.operator_edit.text().strip(),
            work_center=self.work_center_edit.text().strip(),
            scanner_mode="serial" if self.serial_radio.isChecked() else "wedge",
            scan_max_gap_ms=self.max_gap_spin.value(),
            scan_min_length=self.min_length_spin.value(),
            scan_terminators=self._terminators_text(),
            serial_port=self.serial_port_combo.currentText().strip(),
            serial_baud=int(self.baud_combo.currentData()),
            gs_token=self.gs_token_edit.text().strip(),
            repeat_window_s=round(self.repeat_window_spin.value(), 2),
            sounds_muted=self.mute_check.isChecked(),
        )

    def _terminators_text(self) -> str:
        return ",".join(name for name in TERMINATOR_NAMES
                        if self.terminator_checks[name].isChecked())

    def _set_timezone(self, name: str) -> None:
        self.timezone_combo.setCurrentIndex(self.timezone_combo.findText(name))
        self.timezone_combo.setEditText(name)   # also a name not (yet) in the list

    def _timezones_loaded(self, names: list[str]) -> None:
        current = self.timezone_combo.currentText()
        self.timezone_combo.blockSignals(True)
        self.timezone_combo.clear()
        self.timezone_combo.addItems(names)
        self.timezone_combo.blockSignals(False)
        self._set_timezone(current)

    # -- scanner ---------------------------------------------------------------------------

    def _scanner_mode_changed(self) -> None:
        serial = self.serial_radio.isChecked()
        for widget in (self.serial_port_label, self.serial_port_combo, self.baud_label,
                       self.baud_combo):
            widget.setEnabled(serial)
        if not serial:
            self._set_error(self.serial_port_error, "")

    def _list_serial_ports(self) -> None:
        """Refresh the port list (off the GUI thread): ports come and go with USB cables."""
        if self._listing_ports:
            return
        self._listing_ports = True
        self._backend.run(available_ports, success=self._serial_ports_listed,
                          failure=self._serial_ports_failed, owner=self)

    def _serial_ports_listed(self, ports: list[tuple[str, str]]) -> None:
        self._listing_ports = False
        combo = self.serial_port_combo
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        for name, about in ports:
            combo.addItem(name)
            if about:
                combo.setItemData(combo.count() - 1, about, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(combo.findText(current))
        combo.setEditText(current)   # also a port not plugged in now
        combo.blockSignals(False)

    def _serial_ports_failed(self, error: BaseException) -> None:
        self._listing_ports = False
        log.warning("no serial port list: %s", error)

    # -- database --------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        shared = self.shared_radio.isChecked()
        self.url_edit.setEnabled(shared)
        self.test_button.setEnabled(shared and not self._testing)
        if not shared:
            self._set_error(self.url_error, "")
            self.probe_result.hide()
        self._update_password_note()

    def _url_edited(self) -> None:
        self._set_error(self.url_error, "")
        self.probe_result.hide()
        if has_password(self.url_edit.text()):
            self._ask_keyring()
        self._update_password_note()

    def _check_url(self) -> bool:
        if not self.shared_radio.isChecked():
            return True
        problem = validate_database_url(self.url_edit.text())
        self._set_error(self.url_error, sentence(problem) if problem else "")
        return problem is None

    def _ask_keyring(self) -> None:
        """Find out (off the GUI thread) whether there is a keyring, once."""
        if self._keyring_asked:
            return
        self._keyring_asked = True
        url, service = self._saved.database_url, self._backend.settings_service
        self._backend.run(lambda: service.keyring_status(url),
                          success=self._keyring_known,
                          failure=self._keyring_failed, owner=self)

    def _keyring_known(self, status: KeyringStatus) -> None:
        self._keyring = status
        self._update_password_note()

    def _keyring_failed(self, error: BaseException) -> None:
        log.warning("keyring status unknown: %s", error)
        self._keyring = KeyringStatus(available=False)
        self._update_password_note()

    def _update_password_note(self) -> None:
        url = self.url_edit.text().strip()
        shared = self.shared_radio.isChecked()
        text, style, confirm = "", HINT_STYLE, False
        status = self._keyring
        if shared and has_password(url) and status is not None:
            if status.available:
                text = self.tr("The password will be kept in the system keyring ({name}), not "
                               "in the settings file.").format(name=status.name)
            else:
                text = self.tr("No system keyring: the password would be saved in clear text "
                               "in {path}").format(path=self._running.settings_path)
                style, confirm = WARNING_STYLE, True
        elif (shared and status is not None and status.stored
              and url == (self._saved.database_url or "")):
            text = self.tr("The password for this URL is kept in the system keyring.")
        self.password_note.setText(text)
        self.password_note.setStyleSheet(style)
        self.password_note.setVisible(bool(text))
        self.clear_text_check.setVisible(confirm)
        if not confirm:
            self.clear_text_check.setChecked(False)

    def test_connection(self) -> None:
        if self._testing or not self._check_url():
            return
        url = self.url_edit.text().strip()
        self._testing = True
        self.test_button.setEnabled(False)
        self._show_probe(self.tr("Connecting to {where}…").format(where=where(url)),
                         HINT_STYLE)
        service = self._backend.settings_service
        self._backend.run(lambda: service.test_connection(url),
                          success=self._tested, failure=self._test_failed, owner=self)

    def _tested(self, result: ProbeResult) -> None:
        self._testing = False
        self._mode_changed()
        if result.ok:
            style = WARNING_STYLE if result.schema in ("newer", "foreign") else GOOD_STYLE
        else:
            style = ERROR_STYLE
        self._show_probe(messages.probe_sentence(result), style)

    def _test_failed(self, error: BaseException) -> None:
        self._testing = False
        self._mode_changed()
        self._show_probe(self.tr("Not connected: {reason}").format(reason=describe(error)),
                         ERROR_STYLE)

    def _show_probe(self, text: str, style: str) -> None:
        self.probe_result.setText(text)
        self.probe_result.setStyleSheet(style)
        self.probe_result.show()

    # -- checks ----------------------------------------------------------------------------

    def _check_timezone(self) -> bool:
        name = self.timezone_combo.currentText().strip()
        problem = timezone_problem(name)
        self._set_error(self.timezone_error, sentence(problem) if problem else "")
        return problem is None

    def _check_station(self) -> bool:
        ok = bool(self.station_edit.text().strip())
        self._set_error(self.station_error,
                        "" if ok else self.tr("The station needs a name: it is recorded with "
                                              "every scan and change made here."))
        return ok

    def _check_terminators(self) -> bool:
        try:
            CaptureThresholds.parse_terminators(self._terminators_text())
        except ValueError:
            self._set_error(self.terminators_error, self.tr(
                "Tick at least one: MESDesk needs to know where a scan ends."))
            return False
        self._set_error(self.terminators_error, "")
        return True

    def _check_serial_port(self) -> bool:
        ok = not self.serial_radio.isChecked() or bool(
            self.serial_port_combo.currentText().strip())
        self._set_error(self.serial_port_error,
                        "" if ok else self.tr("Choose the port the scanner is connected to."))
        return ok

    def _check_gs_token(self) -> bool:
        problem = messages.gs_token_problem(self.gs_token_edit.text().strip())
        self._set_error(self.gs_token_error, sentence(problem) if problem else "")
        return problem is None

    def validate(self) -> bool:
        results = [self._check_url(), self._check_timezone(), self._check_station(),
                   self._check_terminators(), self._check_serial_port(),
                   self._check_gs_token()]
        return all(results)

    # -- save ------------------------------------------------------------------------------

    def revert(self) -> None:
        self._load(self._saved)
        self.status.clear()

    def save(self) -> None:
        if self._saving:
            return
        if not self.validate():
            self._say(self.tr("Nothing was saved: correct the fields marked in red."),
                      ERROR_STYLE)
            return
        values = self.values()
        changes = values.changes_from(self._saved)
        if not changes:
            self._say(self.tr("Nothing to save: the settings are as they were."), HINT_STYLE)
            return
        allow = self.clear_text_check.isChecked()
        url = changes.get("database_url")
        if (isinstance(url, str) and has_password(url)
                and self._keyring is not None and not self._keyring.available and not allow):
            self._refuse_clear_text()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"), HINT_STYLE)
        settings, service = self._running, self._backend.settings_service
        self._backend.run(
            lambda: service.save(settings, changes, allow_clear_text_password=allow),
            success=lambda result: self._saved_to_file(values, changes, result),
            failure=self._save_failed, owner=self)

    def _refuse_clear_text(self) -> None:
        self._update_password_note()
        self._set_error(self.url_error, self.tr(
            "There is no system keyring for the password. Tick the box below to save it in the "
            "settings file, or take the password out of the URL."))
        self._say(self.tr("Nothing was saved: correct the fields marked in red."), ERROR_STYLE)

    def _saved_to_file(self, values: FormValues, changes: dict[str, object],
                       result: SaveResult) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not result.written:
            self._keyring = KeyringStatus(available=False)
            self._refuse_clear_text()
            return
        stored_url = result.settings.database_url if result.settings else values.database_url
        values = FormValues(**{**values.__dict__, "database_url": stored_url})
        self._saved = values
        if self.url_edit.text().strip() != (stored_url or "") and stored_url:
            self.url_edit.setText(stored_url)   # the password went to the keyring
            self.url_edit.setCursorPosition(0)
        if result.password == "keyring":
            self._keyring = KeyringStatus(True, result.keyring_name, True)
        elif "database_url" in changes and self.shared_radio.isChecked():
            self._keyring_asked = False
            self._ask_keyring()   # is a password for the new URL in the keyring?
        self._update_password_note()
        applied = self._backend.apply_live(changes)
        pending = pending_restart(values, self._running, result.password != "none")
        self._say(sections.save_sentence(result, applied, pending), GOOD_STYLE)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._say(self.tr("The settings were not saved: {reason}").format(
            reason=describe(error)), ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # -- Qt --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self.shared_radio.isChecked():
            self._ask_keyring()   # is this URL's password in the keyring?
        self._list_serial_ports()
