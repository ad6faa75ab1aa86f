"""The Settings page: database, this station, production time zone and language, scanner.

Shows the settings the app runs with; Save writes what was changed to settings.toml and says
which changes apply now and which after a restart. The connection test, the keyring, the
serial port list and the file write run off the GUI thread (``backend.run``); checks of what
was typed run here and are shown next to the field.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QCompleter, QDoubleSpinBox, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QScrollArea,
    QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from mesdesk import bootstrap_settings
from mesdesk.config import ENVIRONMENT, Settings
from mesdesk.domain.scanner_input import TERMINATOR_NAMES, CaptureThresholds

from ...errors import describe
from ...text.problems import sentence
from ...scanner import available_ports
from ...i18n import LANGUAGES
from . import messages

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"
GOOD_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: palette(placeholder-text);"


#: The scanner settings (§5) the page edits. The station reads them once, when it is built:
#: a change takes effect when MESDesk is restarted.
SCANNER_KEYS = ("scanner_mode", "scan_max_gap_ms", "scan_min_length", "scan_terminators",
                "serial_port", "serial_baud", "gs_token", "repeat_window_s", "sounds_muted")
RESTART_KEYS = bootstrap_settings.RESTART + tuple(
    key for key in SCANNER_KEYS
    if key not in bootstrap_settings.RESTART and key not in bootstrap_settings.LIVE)
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def canonical_terminators(text: str) -> str:
    """``"Tab, enter"`` -> ``"enter,tab"``; text naming unknown terminators is kept as it is
    (the form shows the known ones, and saving writes what it shows)."""
    try:
        names = CaptureThresholds.parse_terminators(text)
    except ValueError:
        return text
    return ",".join(name for name in TERMINATOR_NAMES if name in names)


@dataclass(frozen=True)
class FormValues:
    """What the form holds, in Settings' terms (``database_url`` None: embedded)."""

    database_url: str | None
    timezone: str
    language: str
    station: str
    operator: str
    work_center: str
    scanner_mode: str = "wedge"
    scan_max_gap_ms: int = 40
    scan_min_length: int = 8
    scan_terminators: str = "enter,tab"
    serial_port: str = ""
    serial_baud: int = 9600
    gs_token: str = ""
    repeat_window_s: float = 0.75
    sounds_muted: bool = False

    @classmethod
    def of(cls, settings: Settings) -> "FormValues":
        values: dict[str, object] = {}
        for f in fields(cls):
            value = getattr(settings, f.name)
            if f.name == "database_url":
                value = value or None
            elif value is None or isinstance(value, str):
                value = value or ""
            values[f.name] = value
        values["scan_terminators"] = canonical_terminators(str(values["scan_terminators"]))
        values["repeat_window_s"] = round(float(values["repeat_window_s"]), 2)  # as shown
        return cls(**values)  # type: ignore[arg-type]

    def changes_from(self, other: "FormValues") -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(other, f.name)}


class SettingsPage(QWidget):
    """``SettingsPage(backend)``: edits the settings of ``backend.settings``' file."""

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._backend = backend
        self._running: Settings = backend.settings
        self._saved = FormValues.of(self._running)   # what the form was last loaded/saved as
        self._keyring: bootstrap_settings.KeyringStatus | None = None
        self._keyring_asked = False
        self._testing = False
        self._saving = False
        self._listing_ports = False
        self._build()
        self._load(self._saved)
        self._backend.run(bootstrap_settings.available_timezones,
                          success=self._timezones_loaded,
                          failure=lambda error: log.warning("no zone list: %s", error),
                          owner=self)

    # -- construction ----------------------------------------------------------------------

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

        heading = QLabel(self.tr("Settings"), content)
        heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        column.addWidget(heading)
        self.file_note = self._hint(self.tr("Settings file: {path}").format(
            path=self._running.settings_path), content)
        self.file_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.file_note)
        self.environment_note = self._hint("", content)
        self.environment_note.setStyleSheet(WARNING_STYLE)
        column.addWidget(self.environment_note)

        column.addWidget(self._build_database(content))
        column.addWidget(self._build_station(content))
        column.addWidget(self._build_region(content))
        column.addWidget(self._build_scanner(content))

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save"), content)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo changes"), content)
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
        self._show_environment_overrides()

    def _build_database(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Database"), parent)
        layout = QVBoxLayout(box)
        self.embedded_radio = QRadioButton(
            self.tr("Embedded: a private PostgreSQL on this computer"), box)
        self.embedded_hint = self._hint(self.tr("Its data is kept in {path}").format(
            path=self._running.data_dir), box)
        self.embedded_hint.setContentsMargins(24, 0, 0, 0)
        self.shared_radio = QRadioButton(
            self.tr("Shared server: several stations work with one PostgreSQL database"), box)
        self.mode_group = QButtonGroup(box)
        self.mode_group.addButton(self.embedded_radio)
        self.mode_group.addButton(self.shared_radio)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(self.embedded_hint)
        layout.addWidget(self.shared_radio)

        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        url_label = QLabel(self.tr("URL:"), box)
        self.url_edit = QLineEdit(box)
        self.url_edit.setObjectName("databaseUrl")
        self.url_edit.setPlaceholderText("postgresql://user:password@server:5432/mesdesk")
        self.url_edit.setClearButtonEnabled(True)
        url_label.setBuddy(self.url_edit)
        self.test_button = QPushButton(self.tr("Test connection"), box)
        row.addWidget(url_label)
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.url_error = self._field_error(box)
        self.probe_result = QLabel(box)
        self.probe_result.setObjectName("probeResult")
        self.probe_result.setWordWrap(True)
        self.probe_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_note = QLabel(box)
        self.password_note.setWordWrap(True)
        self.clear_text_check = QCheckBox(
            self.tr("Save the password in the settings file anyway"), box)
        for widget in (self.url_error, self.probe_result, self.password_note,
                       self.clear_text_check):
            widget.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(widget)
        self.probe_result.hide()
        self.password_note.hide()
        self.clear_text_check.hide()

        self.embedded_radio.toggled.connect(self._mode_changed)
        self.url_edit.textChanged.connect(self._url_edited)
        self.url_edit.editingFinished.connect(self._check_url)
        self.test_button.clicked.connect(self.test_connection)
        return box

    def _build_station(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("This station"), parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.station_edit = QLineEdit(box)
        self.station_edit.setMaxLength(100)
        self.station_error = self._field_error(box)
        self.operator_edit = QLineEdit(box)
        self.operator_edit.setMaxLength(100)
        self.operator_edit.setPlaceholderText(self.tr("Name of the operator at this station"))
        self.work_center_edit = QLineEdit(box)
        self.work_center_edit.setMaxLength(100)
        self.work_center_edit.setPlaceholderText(
            self.tr("Work center identifier from 1C (ИдентификаторРЦ)"))
        form.addRow(self.tr("Station name:"), self._with_error(self.station_edit,
                                                               self.station_error, box))
        form.addRow(self.tr("Operator:"), self.operator_edit)
        form.addRow(self.tr("Work center:"), self._with_error(
            self.work_center_edit, None, box, self._hint(self.tr(
                "The scanning station opens the batches of this work center."), box)))
        self.station_edit.textChanged.connect(lambda: self._set_error(self.station_error, ""))
        return box

    def _build_region(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Time zone and language"), parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.timezone_combo = QComboBox(box)
        self.timezone_combo.setObjectName("timezone")
        self.timezone_combo.setEditable(True)
        self.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone_combo.setMaxVisibleItems(20)
        self.timezone_combo.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Fixed)
        completer = QCompleter(self.timezone_combo.model(), self.timezone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone_combo.setCompleter(completer)
        self.timezone_error = self._field_error(box)
        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("language")
        self.language_combo.addItem(self.tr("System default"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        form.addRow(self.tr("Production time zone:"), self._with_error(
            self.timezone_combo, self.timezone_error, box, self._hint(self.tr(
                "Shift times and 1C dates without a time zone are read in this zone."), box)))
        form.addRow(self.tr("Language:"), self.language_combo)
        self.timezone_combo.editTextChanged.connect(
            lambda: self._set_error(self.timezone_error, ""))
        line = self.timezone_combo.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._check_timezone)
        return box

    def _build_scanner(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Scanner"), parent)
        box.setObjectName("scannerGroup")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.wedge_radio = QRadioButton(self.tr("Keyboard (the scanner types the code)"), box)
        self.serial_radio = QRadioButton(self.tr("Serial COM port"), box)
        self.scanner_mode_group = QButtonGroup(box)
        self.scanner_mode_group.addButton(self.wedge_radio)
        self.scanner_mode_group.addButton(self.serial_radio)
        modes = QWidget(box)
        modes_row = QHBoxLayout(modes)
        modes_row.setContentsMargins(0, 0, 0, 0)
        modes_row.addWidget(self.wedge_radio)
        modes_row.addSpacing(16)
        modes_row.addWidget(self.serial_radio)
        modes_row.addStretch(1)
        form.addRow(self.tr("Connection:"), self._with_error(modes, None, box, self._hint(self.tr(
            "A USB scanner set up as a keyboard types each code; one set up as a serial port "
            "(USB virtual COM or RS-232) sends it to the port chosen below."), box)))

        self.max_gap_spin = self._spin(QSpinBox(box), 5, 500, self.tr(" ms"))
        self.max_gap_spin.setObjectName("scanMaxGap")
        form.addRow(self.tr("Longest pause between keys:"), self._with_error(
            self.max_gap_spin, None, box, self._hint(self.tr(
                "Keys that come faster than this are a scan; a person types slower."), box)))
        self.min_length_spin = self._spin(QSpinBox(box), 1, 200, self.tr(" characters"))
        self.min_length_spin.setObjectName("scanMinLength")
        form.addRow(self.tr("Shortest scan:"), self._with_error(
            self.min_length_spin, None, box, self._hint(self.tr(
                "A shorter fast burst is taken as typing. A marking code has 31 characters "
                "or more."), box)))

        self.terminator_checks = {
            "enter": QCheckBox(self.tr("Enter"), box),
            "tab": QCheckBox(self.tr("Tab"), box),
            "silence": QCheckBox(self.tr("Silence"), box),
        }
        terminators = QWidget(box)
        terminators_row = QHBoxLayout(terminators)
        terminators_row.setContentsMargins(0, 0, 0, 0)
        for name in TERMINATOR_NAMES:
            terminators_row.addWidget(self.terminator_checks[name])
            terminators_row.addSpacing(8)
        terminators_row.addStretch(1)
        self.terminators_error = self._field_error(box)
        form.addRow(self.tr("A scan ends with:"), self._with_error(
            terminators, self.terminators_error, box, self._hint(self.tr(
                "The key the scanner sends after each code. Silence: the code ends when the "
                "keys stop coming, for a scanner that sends nothing after it."), box)))

        self.serial_port_combo = QComboBox(box)
        self.serial_port_combo.setObjectName("serialPort")
        self.serial_port_combo.setEditable(True)
        self.serial_port_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.serial_port_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.serial_port_combo.setMinimumContentsLength(24)
        self.serial_port_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        line = self.serial_port_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("COM3, /dev/ttyACM0")
        self.serial_port_error = self._field_error(box)
        self.serial_port_label = QLabel(self.tr("Serial port:"), box)
        form.addRow(self.serial_port_label, self._with_error(
            self.serial_port_combo, self.serial_port_error, box))
        self.baud_combo = QComboBox(box)
        self.baud_combo.setObjectName("serialBaud")
        for rate in BAUD_RATES:
            self.baud_combo.addItem(str(rate), rate)
        self.baud_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.baud_label = QLabel(self.tr("Baud rate:"), box)
        form.addRow(self.baud_label, self.baud_combo)

        self.gs_token_edit = QLineEdit(box)
        self.gs_token_edit.setObjectName("gsToken")
        self.gs_token_edit.setMaxLength(20)
        self.gs_token_edit.setMaximumWidth(240)
        self.gs_token_error = self._field_error(box)
        self.gs_token_error.setTextFormat(Qt.TextFormat.PlainText)
        gs_hint = self._hint(self.tr(
            "Leave empty unless the scanner sends a text in place of the GS separator. "
            "<GS>, {GS}, ^], \\x1d and \\u001d are recognised without it."), box)
        gs_hint.setTextFormat(Qt.TextFormat.PlainText)   # <GS> is not a tag
        form.addRow(self.tr("GS token:"), self._with_error(
            self.gs_token_edit, self.gs_token_error, box, gs_hint))
        self.repeat_window_spin = self._spin(QDoubleSpinBox(box), 0, 5, self.tr(" s"))
        self.repeat_window_spin.setObjectName("repeatWindow")
        self.repeat_window_spin.setDecimals(2)
        self.repeat_window_spin.setSingleStep(0.05)
        form.addRow(self.tr("Repeat window:"), self._with_error(
            self.repeat_window_spin, None, box, self._hint(self.tr(
                "The same code scanned again within this time is ignored without a verdict "
                "(0: never)."), box)))
        self.mute_check = QCheckBox(self.tr("Mute scan sounds"), box)
        form.addRow("", self.mute_check)

        self.wedge_radio.toggled.connect(self._scanner_mode_changed)
        for check in self.terminator_checks.values():
            check.toggled.connect(lambda: self._set_error(self.terminators_error, ""))
        self.serial_port_combo.editTextChanged.connect(
            lambda: self._set_error(self.serial_port_error, ""))
        self.gs_token_edit.textChanged.connect(lambda: self._set_error(self.gs_token_error, ""))
        self.gs_token_edit.editingFinished.connect(self._check_gs_token)
        return box

    @staticmethod
    def _spin(spin, low: float, high: float, suffix: str):
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        spin.setMinimumWidth(120)
        return spin

    @staticmethod
    def _hint(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        return label

    @staticmethod
    def _with_error(field: QWidget, error: QLabel | None, parent: QWidget,
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

    @staticmethod
    def _field_error(parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    @staticmethod
    def _set_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _setting_names(self) -> dict[str, str]:
        return {
            "database_url": self.tr("database"), "timezone": self.tr("production time zone"),
            "language": self.tr("language"), "station": self.tr("station name"),
            "operator": self.tr("operator"), "work_center": self.tr("work center"),
            "scanner_mode": self.tr("scanner connection"),
            "scan_max_gap_ms": self.tr("longest pause between keys"),
            "scan_min_length": self.tr("shortest scan"),
            "scan_terminators": self.tr("end of a scan"),
            "serial_port": self.tr("serial port"), "serial_baud": self.tr("baud rate"),
            "gs_token": self.tr("GS token"), "repeat_window_s": self.tr("repeat window"),
            "sounds_muted": self.tr("scan sounds"),
        }

    def _show_environment_overrides(self) -> None:
        names = self._setting_names()
        overridden = [f"{variable} ({names[key]})" for variable, key in ENVIRONMENT.items()
                      if key in names and os.environ.get(variable)]
        self._set_error(self.environment_note, self.tr(
            "The environment overrides the settings file at every start: {variables}."
        ).format(variables=", ".join(overridden)) if overridden else "")

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
        if bootstrap_settings.has_password(self.url_edit.text()):
            self._ask_keyring()
        self._update_password_note()

    def _check_url(self) -> bool:
        if not self.shared_radio.isChecked():
            return True
        problem = bootstrap_settings.validate_database_url(self.url_edit.text())
        self._set_error(self.url_error, sentence(problem) if problem else "")
        return problem is None

    def _ask_keyring(self) -> None:
        """Find out (off the GUI thread) whether there is a keyring, once."""
        if self._keyring_asked:
            return
        self._keyring_asked = True
        url = self._saved.database_url
        self._backend.run(lambda: bootstrap_settings.keyring_status(url),
                          success=self._keyring_known,
                          failure=self._keyring_failed, owner=self)

    def _keyring_known(self, status: bootstrap_settings.KeyringStatus) -> None:
        self._keyring = status
        self._update_password_note()

    def _keyring_failed(self, error: BaseException) -> None:
        log.warning("keyring status unknown: %s", error)
        self._keyring = bootstrap_settings.KeyringStatus(available=False)
        self._update_password_note()

    def _update_password_note(self) -> None:
        url = self.url_edit.text().strip()
        shared = self.shared_radio.isChecked()
        text, style, confirm = "", HINT_STYLE, False
        status = self._keyring
        if shared and bootstrap_settings.has_password(url) and status is not None:
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
        self._show_probe(self.tr("Connecting to {where}…").format(where=bootstrap_settings.where(url)),
                         HINT_STYLE)
        self._backend.run(lambda: bootstrap_settings.test_connection(url),
                          success=self._tested, failure=self._test_failed, owner=self)

    def _tested(self, result: bootstrap_settings.ProbeResult) -> None:
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
        problem = bootstrap_settings.timezone_problem(name)
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
        if (isinstance(url, str) and bootstrap_settings.has_password(url)
                and self._keyring is not None and not self._keyring.available and not allow):
            self._refuse_clear_text()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"), HINT_STYLE)
        settings = self._running
        self._backend.run(
            lambda: bootstrap_settings.save_page_settings(
                settings, changes, allow_clear_text_password=allow),
            success=lambda result: self._saved_to_file(values, changes, result),
            failure=self._save_failed, owner=self)

    def _refuse_clear_text(self) -> None:
        self._update_password_note()
        self._set_error(self.url_error, self.tr(
            "There is no system keyring for the password. Tick the box below to save it in the "
            "settings file, or take the password out of the URL."))
        self._say(self.tr("Nothing was saved: correct the fields marked in red."), ERROR_STYLE)

    def _saved_to_file(self, values: FormValues, changes: dict[str, object],
                       result: bootstrap_settings.SaveResult) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not result.written:
            self._keyring = bootstrap_settings.KeyringStatus(available=False)
            self._refuse_clear_text()
            return
        stored_url = result.settings.database_url if result.settings else values.database_url
        values = FormValues(**{**values.__dict__, "database_url": stored_url})
        self._saved = values
        if self.url_edit.text().strip() != (stored_url or "") and stored_url:
            self.url_edit.setText(stored_url)   # the password went to the keyring
            self.url_edit.setCursorPosition(0)
        if result.password == "keyring":
            self._keyring = bootstrap_settings.KeyringStatus(True, result.keyring_name, True)
        elif "database_url" in changes and self.shared_radio.isChecked():
            self._keyring_asked = False
            self._ask_keyring()   # is a password for the new URL in the keyring?
        self._update_password_note()
        applied = self._backend.runtime.apply_live(changes)
        running = FormValues.of(self._running)
        pending = [key for key in RESTART_KEYS
                   if self._differs_from_running(key, values, running)
                   or (key == "database_url" and result.password != "none")]
        self._say(self._save_sentence(result, applied, pending), GOOD_STYLE)

    def _differs_from_running(self, key: str, values: FormValues,
                              running: FormValues) -> bool:
        new = getattr(values, key)
        if key == "database_url":
            return bootstrap_settings.database_changed(self._running.database_url, new)
        return new != getattr(running, key)

    def _save_sentence(self, result: bootstrap_settings.SaveResult,
                       applied: tuple[str, ...], pending: list[str]) -> str:
        names = self._setting_names()
        parts = [self.tr("Saved in {path}.").format(path=result.path)]
        if applied:
            parts.append(self.tr("Applied now: {settings}.").format(
                settings=", ".join(names[key] for key in applied)))
        if pending:
            parts.append(self.tr("Takes effect when MESDesk is restarted: {settings}.").format(
                settings=", ".join(names[key] for key in pending)))
        if result.password == "keyring":
            parts.append(self.tr("The password is kept in the system keyring, not in the "
                                 "file."))
        elif result.password == "clear_text":
            parts.append(self.tr("The password is saved in clear text in the file."))
        return "\n".join(parts)

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
