"""The Settings page's Scanner section: a keyboard (wedge) scanner's timing and end of a scan,
a serial scanner's port and rate, the GS token, the repeat window and the sounds. The serial
port list is read off the GUI thread each time the page is shown (ports come and go with USB
cables)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QRadioButton,
                               QSizePolicy, QSpinBox, QWidget)

from mesdesk.domain.problems import Problem
from mesdesk.domain.scanner_input import TERMINATOR_NAMES

from ...scanner import available_ports
from .form import BAUD_RATES, FormValues, gs_token_problem
from .widgets import field_error, hint, set_error, show_problem, spin, tr, with_error

log = logging.getLogger(__name__)

#: Each field the section checks, and its error line's attribute.
ERROR_LINES = {"scan_terminators": "terminators_error", "serial_port": "serial_port_error",
               "gs_token": "gs_token_error"}


class ScannerBox(QGroupBox):
    """``ScannerBox(backend)``: ``backend.run`` lists the serial ports."""

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(tr("Scanner"), parent)
        self.setObjectName("scannerGroup")
        self._backend = backend
        self._listing_ports = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_connection(form)
        self._build_keyboard(form)
        self._build_serial(form)
        self._build_codes(form)
        self.wedge_radio.toggled.connect(self._mode_changed)
        for check in self.terminator_checks.values():
            check.toggled.connect(lambda: set_error(self.terminators_error, ""))
        self.serial_port_combo.editTextChanged.connect(
            lambda: set_error(self.serial_port_error, ""))
        self.gs_token_edit.textChanged.connect(lambda: set_error(self.gs_token_error, ""))
        self.gs_token_edit.editingFinished.connect(self.check_gs_token)

    def _build_connection(self, form: QFormLayout) -> None:
        self.wedge_radio = QRadioButton(tr("Keyboard (the scanner types the code)"), self)
        self.serial_radio = QRadioButton(tr("Serial COM port"), self)
        self.scanner_mode_group = QButtonGroup(self)
        self.scanner_mode_group.addButton(self.wedge_radio)
        self.scanner_mode_group.addButton(self.serial_radio)
        modes = QWidget(self)
        modes_row = QHBoxLayout(modes)
        modes_row.setContentsMargins(0, 0, 0, 0)
        modes_row.addWidget(self.wedge_radio)
        modes_row.addSpacing(16)
        modes_row.addWidget(self.serial_radio)
        modes_row.addStretch(1)
        form.addRow(tr("Connection:"), with_error(modes, None, self, hint(tr(
            "A USB scanner set up as a keyboard types each code; one set up as a serial port "
            "(USB virtual COM or RS-232) sends it to the port chosen below."), self)))

    def _build_keyboard(self, form: QFormLayout) -> None:
        self.max_gap_spin = spin(QSpinBox(self), 5, 500, tr(" ms"))
        self.max_gap_spin.setObjectName("scanMaxGap")
        form.addRow(tr("Longest pause between keys:"), with_error(
            self.max_gap_spin, None, self, hint(tr(
                "Keys that come faster than this are a scan; a person types slower."), self)))
        self.min_length_spin = spin(QSpinBox(self), 1, 200, tr(" characters"))
        self.min_length_spin.setObjectName("scanMinLength")
        form.addRow(tr("Shortest scan:"), with_error(
            self.min_length_spin, None, self, hint(tr(
                "A shorter fast burst is taken as typing. A marking code has 31 characters "
                "or more."), self)))
        self.terminator_checks = {
            "enter": QCheckBox(tr("Enter"), self),
            "tab": QCheckBox(tr("Tab"), self),
            "silence": QCheckBox(tr("Silence"), self),
        }
        terminators = QWidget(self)
        terminators_row = QHBoxLayout(terminators)
        terminators_row.setContentsMargins(0, 0, 0, 0)
        for name in TERMINATOR_NAMES:
            terminators_row.addWidget(self.terminator_checks[name])
            terminators_row.addSpacing(8)
        terminators_row.addStretch(1)
        self.terminators_error = field_error(self)
        form.addRow(tr("A scan ends with:"), with_error(
            terminators, self.terminators_error, self, hint(tr(
                "The key the scanner sends after each code. Silence: the code ends when the "
                "keys stop coming, for a scanner that sends nothing after it."), self)))

    def _build_serial(self, form: QFormLayout) -> None:
        self.serial_port_combo = QComboBox(self)
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
        self.serial_port_error = field_error(self)
        self.serial_port_label = QLabel(tr("Serial port:"), self)
        form.addRow(self.serial_port_label, with_error(
            self.serial_port_combo, self.serial_port_error, self))
        self.baud_combo = QComboBox(self)
        self.baud_combo.setObjectName("serialBaud")
        for rate in BAUD_RATES:
            self.baud_combo.addItem(str(rate), rate)
        self.baud_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.baud_label = QLabel(tr("Baud rate:"), self)
        form.addRow(self.baud_label, self.baud_combo)

    def _build_codes(self, form: QFormLayout) -> None:
        self.gs_token_edit = QLineEdit(self)
        self.gs_token_edit.setObjectName("gsToken")
        self.gs_token_edit.setMaxLength(20)
        self.gs_token_edit.setMaximumWidth(240)
        self.gs_token_error = field_error(self)
        self.gs_token_error.setTextFormat(Qt.TextFormat.PlainText)
        gs_hint = hint(tr(
            "Leave empty unless the scanner sends a text in place of the GS separator. "
            "<GS>, {GS}, ^], \\x1d and \\u001d are recognised without it."), self)
        gs_hint.setTextFormat(Qt.TextFormat.PlainText)   # <GS> is not a tag
        form.addRow(tr("GS token:"), with_error(
            self.gs_token_edit, self.gs_token_error, self, gs_hint))
        self.repeat_window_spin = spin(QDoubleSpinBox(self), 0, 5, tr(" s"))
        self.repeat_window_spin.setObjectName("repeatWindow")
        self.repeat_window_spin.setDecimals(2)
        self.repeat_window_spin.setSingleStep(0.05)
        form.addRow(tr("Repeat window:"), with_error(
            self.repeat_window_spin, None, self, hint(tr(
                "The same code scanned again within this time is ignored without a verdict "
                "(0: never)."), self)))
        self.mute_check = QCheckBox(tr("Mute scan sounds"), self)
        form.addRow("", self.mute_check)

    # -- the values ----------------------------------------------------------------------

    def load(self, values: FormValues) -> None:
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
        self._mode_changed()
        for label in ERROR_LINES.values():
            set_error(getattr(self, label), "")

    def read(self) -> dict[str, object]:
        return {
            "scanner_mode": "serial" if self.serial_radio.isChecked() else "wedge",
            "scan_max_gap_ms": self.max_gap_spin.value(),
            "scan_min_length": self.min_length_spin.value(),
            "scan_terminators": ",".join(name for name in TERMINATOR_NAMES
                                         if self.terminator_checks[name].isChecked()),
            "serial_port": self.serial_port_combo.currentText().strip(),
            "serial_baud": int(self.baud_combo.currentData()),
            "gs_token": self.gs_token_edit.text().strip(),
            "repeat_window_s": round(self.repeat_window_spin.value(), 2),
            "sounds_muted": self.mute_check.isChecked(),
        }

    def show_problems(self, problems: dict[str, Problem]) -> None:
        for key, label in ERROR_LINES.items():
            show_problem(getattr(self, label), problems.get(key))

    def check_gs_token(self) -> bool:
        return show_problem(self.gs_token_error,
                            gs_token_problem(self.gs_token_edit.text().strip()))

    def _mode_changed(self) -> None:
        serial = self.serial_radio.isChecked()
        for widget in (self.serial_port_label, self.serial_port_combo, self.baud_label,
                       self.baud_combo):
            widget.setEnabled(serial)
        if not serial:
            set_error(self.serial_port_error, "")

    # -- the serial ports ----------------------------------------------------------------

    def list_serial_ports(self) -> None:
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
