"""The Settings page's widgets: the database, this station, the region and the scanner
sections, each a group of fields with the error line under it. They are made as attributes of
the page, whose methods their signals call; the texts keep the page's translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QCompleter, QDoubleSpinBox, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QScrollArea,
    QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from mesdesk.config import ENVIRONMENT
from mesdesk.domain.scanner_input import TERMINATOR_NAMES
from mesdesk.services.settings import SaveResult

from ...i18n import LANGUAGES
from .form import BAUD_RATES

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"
GOOD_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: palette(placeholder-text);"

CONTEXT = "SettingsPage"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def build(page) -> None:
    """The page's widgets, as attributes of ``page``; their signals go to its methods."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
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
    page.file_note = hint(tr("Settings file: {path}").format(
        path=page._running.settings_path), content)
    page.file_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(page.file_note)
    page.environment_note = hint("", content)
    page.environment_note.setStyleSheet(WARNING_STYLE)
    column.addWidget(page.environment_note)

    column.addWidget(build_database(page, content))
    column.addWidget(build_station(page, content))
    column.addWidget(build_region(page, content))
    column.addWidget(build_scanner(page, content))

    buttons = QHBoxLayout()
    page.save_button = QPushButton(tr("Save"), content)
    page.save_button.setDefault(True)
    page.save_button.clicked.connect(page.save)
    page.revert_button = QPushButton(tr("Undo changes"), content)
    page.revert_button.clicked.connect(page.revert)
    buttons.addWidget(page.save_button)
    buttons.addWidget(page.revert_button)
    buttons.addStretch(1)
    column.addLayout(buttons)
    page.status = QLabel(content)
    page.status.setWordWrap(True)
    page.status.setObjectName("settingsStatus")
    page.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(page.status)
    column.addStretch(1)
    page._show_environment_overrides()


def build_database(page, parent: QWidget) -> QGroupBox:
    box = QGroupBox(tr("Database"), parent)
    layout = QVBoxLayout(box)
    page.embedded_radio = QRadioButton(
        tr("Embedded: a private PostgreSQL on this computer"), box)
    page.embedded_hint = hint(tr("Its data is kept in {path}").format(
        path=page._running.data_dir), box)
    page.embedded_hint.setContentsMargins(24, 0, 0, 0)
    page.shared_radio = QRadioButton(
        tr("Shared server: several stations work with one PostgreSQL database"), box)
    page.mode_group = QButtonGroup(box)
    page.mode_group.addButton(page.embedded_radio)
    page.mode_group.addButton(page.shared_radio)
    layout.addWidget(page.embedded_radio)
    layout.addWidget(page.embedded_hint)
    layout.addWidget(page.shared_radio)

    row = QHBoxLayout()
    row.setContentsMargins(24, 0, 0, 0)
    url_label = QLabel(tr("URL:"), box)
    page.url_edit = QLineEdit(box)
    page.url_edit.setObjectName("databaseUrl")
    page.url_edit.setPlaceholderText("postgresql://user:password@server:5432/mesdesk")
    page.url_edit.setClearButtonEnabled(True)
    url_label.setBuddy(page.url_edit)
    page.test_button = QPushButton(tr("Test connection"), box)
    row.addWidget(url_label)
    row.addWidget(page.url_edit, 1)
    row.addWidget(page.test_button)
    layout.addLayout(row)
    page.url_error = field_error(box)
    page.probe_result = QLabel(box)
    page.probe_result.setObjectName("probeResult")
    page.probe_result.setWordWrap(True)
    page.probe_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    page.password_note = QLabel(box)
    page.password_note.setWordWrap(True)
    page.clear_text_check = QCheckBox(
        tr("Save the password in the settings file anyway"), box)
    for widget in (page.url_error, page.probe_result, page.password_note,
                   page.clear_text_check):
        widget.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(widget)
    page.probe_result.hide()
    page.password_note.hide()
    page.clear_text_check.hide()

    page.embedded_radio.toggled.connect(page._mode_changed)
    page.url_edit.textChanged.connect(page._url_edited)
    page.url_edit.editingFinished.connect(page._check_url)
    page.test_button.clicked.connect(page.test_connection)
    return box


def build_station(page, parent: QWidget) -> QGroupBox:
    box = QGroupBox(tr("This station"), parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    page.station_edit = QLineEdit(box)
    page.station_edit.setMaxLength(100)
    page.station_error = field_error(box)
    page.operator_edit = QLineEdit(box)
    page.operator_edit.setMaxLength(100)
    page.operator_edit.setPlaceholderText(tr("Name of the operator at this station"))
    page.work_center_edit = QLineEdit(box)
    page.work_center_edit.setMaxLength(100)
    page.work_center_edit.setPlaceholderText(
        tr("Work center identifier from 1C (ИдентификаторРЦ)"))
    form.addRow(tr("Station name:"), with_error(page.station_edit,
                                                           page.station_error, box))
    form.addRow(tr("Operator:"), page.operator_edit)
    form.addRow(tr("Work center:"), with_error(
        page.work_center_edit, None, box, hint(tr(
            "The scanning station opens the batches of this work center."), box)))
    page.station_edit.textChanged.connect(lambda: set_error(page.station_error, ""))
    return box


def build_region(page, parent: QWidget) -> QGroupBox:
    box = QGroupBox(tr("Time zone and language"), parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    page.timezone_combo = QComboBox(box)
    page.timezone_combo.setObjectName("timezone")
    page.timezone_combo.setEditable(True)
    page.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    page.timezone_combo.setMaxVisibleItems(20)
    page.timezone_combo.setSizePolicy(QSizePolicy.Policy.Expanding,
                                      QSizePolicy.Policy.Fixed)
    completer = QCompleter(page.timezone_combo.model(), page.timezone_combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    page.timezone_combo.setCompleter(completer)
    page.timezone_error = field_error(box)
    page.language_combo = QComboBox(box)
    page.language_combo.setObjectName("language")
    page.language_combo.addItem(tr("System default"), "")
    for code, name in LANGUAGES.items():
        page.language_combo.addItem(name, code)
    form.addRow(tr("Production time zone:"), with_error(
        page.timezone_combo, page.timezone_error, box, hint(tr(
            "Shift times and 1C dates without a time zone are read in this zone."), box)))
    form.addRow(tr("Language:"), page.language_combo)
    page.timezone_combo.editTextChanged.connect(
        lambda: set_error(page.timezone_error, ""))
    line = page.timezone_combo.lineEdit()
    if line is not None:
        line.editingFinished.connect(page._check_timezone)
    return box


def build_scanner(page, parent: QWidget) -> QGroupBox:
    box = QGroupBox(tr("Scanner"), parent)
    box.setObjectName("scannerGroup")
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    page.wedge_radio = QRadioButton(tr("Keyboard (the scanner types the code)"), box)
    page.serial_radio = QRadioButton(tr("Serial COM port"), box)
    page.scanner_mode_group = QButtonGroup(box)
    page.scanner_mode_group.addButton(page.wedge_radio)
    page.scanner_mode_group.addButton(page.serial_radio)
    modes = QWidget(box)
    modes_row = QHBoxLayout(modes)
    modes_row.setContentsMargins(0, 0, 0, 0)
    modes_row.addWidget(page.wedge_radio)
    modes_row.addSpacing(16)
    modes_row.addWidget(page.serial_radio)
    modes_row.addStretch(1)
    form.addRow(tr("Connection:"), with_error(modes, None, box, hint(tr(
        "A USB scanner set up as a keyboard types each code; one set up as a serial port "
        "(USB virtual COM or RS-232) sends it to the port chosen below."), box)))

    page.max_gap_spin = spin(QSpinBox(box), 5, 500, tr(" ms"))
    page.max_gap_spin.setObjectName("scanMaxGap")
    form.addRow(tr("Longest pause between keys:"), with_error(
        page.max_gap_spin, None, box, hint(tr(
            "Keys that come faster than this are a scan; a person types slower."), box)))
    page.min_length_spin = spin(QSpinBox(box), 1, 200, tr(" characters"))
    page.min_length_spin.setObjectName("scanMinLength")
    form.addRow(tr("Shortest scan:"), with_error(
        page.min_length_spin, None, box, hint(tr(
            "A shorter fast burst is taken as typing. A marking code has 31 characters "
            "or more."), box)))

    page.terminator_checks = {
        "enter": QCheckBox(tr("Enter"), box),
        "tab": QCheckBox(tr("Tab"), box),
        "silence": QCheckBox(tr("Silence"), box),
    }
    terminators = QWidget(box)
    terminators_row = QHBoxLayout(terminators)
    terminators_row.setContentsMargins(0, 0, 0, 0)
    for name in TERMINATOR_NAMES:
        terminators_row.addWidget(page.terminator_checks[name])
        terminators_row.addSpacing(8)
    terminators_row.addStretch(1)
    page.terminators_error = field_error(box)
    form.addRow(tr("A scan ends with:"), with_error(
        terminators, page.terminators_error, box, hint(tr(
            "The key the scanner sends after each code. Silence: the code ends when the "
            "keys stop coming, for a scanner that sends nothing after it."), box)))

    page.serial_port_combo = QComboBox(box)
    page.serial_port_combo.setObjectName("serialPort")
    page.serial_port_combo.setEditable(True)
    page.serial_port_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    page.serial_port_combo.setSizeAdjustPolicy(
        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    page.serial_port_combo.setMinimumContentsLength(24)
    page.serial_port_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    line = page.serial_port_combo.lineEdit()
    if line is not None:
        line.setPlaceholderText("COM3, /dev/ttyACM0")
    page.serial_port_error = field_error(box)
    page.serial_port_label = QLabel(tr("Serial port:"), box)
    form.addRow(page.serial_port_label, with_error(
        page.serial_port_combo, page.serial_port_error, box))
    page.baud_combo = QComboBox(box)
    page.baud_combo.setObjectName("serialBaud")
    for rate in BAUD_RATES:
        page.baud_combo.addItem(str(rate), rate)
    page.baud_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    page.baud_label = QLabel(tr("Baud rate:"), box)
    form.addRow(page.baud_label, page.baud_combo)

    page.gs_token_edit = QLineEdit(box)
    page.gs_token_edit.setObjectName("gsToken")
    page.gs_token_edit.setMaxLength(20)
    page.gs_token_edit.setMaximumWidth(240)
    page.gs_token_error = field_error(box)
    page.gs_token_error.setTextFormat(Qt.TextFormat.PlainText)
    gs_hint = hint(tr(
        "Leave empty unless the scanner sends a text in place of the GS separator. "
        "<GS>, {GS}, ^], \\x1d and \\u001d are recognised without it."), box)
    gs_hint.setTextFormat(Qt.TextFormat.PlainText)   # <GS> is not a tag
    form.addRow(tr("GS token:"), with_error(
        page.gs_token_edit, page.gs_token_error, box, gs_hint))
    page.repeat_window_spin = spin(QDoubleSpinBox(box), 0, 5, tr(" s"))
    page.repeat_window_spin.setObjectName("repeatWindow")
    page.repeat_window_spin.setDecimals(2)
    page.repeat_window_spin.setSingleStep(0.05)
    form.addRow(tr("Repeat window:"), with_error(
        page.repeat_window_spin, None, box, hint(tr(
            "The same code scanned again within this time is ignored without a verdict "
            "(0: never)."), box)))
    page.mute_check = QCheckBox(tr("Mute scan sounds"), box)
    form.addRow("", page.mute_check)

    page.wedge_radio.toggled.connect(page._scanner_mode_changed)
    for check in page.terminator_checks.values():
        check.toggled.connect(lambda: set_error(page.terminators_error, ""))
    page.serial_port_combo.editTextChanged.connect(
        lambda: set_error(page.serial_port_error, ""))
    page.gs_token_edit.textChanged.connect(lambda: set_error(page.gs_token_error, ""))
    page.gs_token_edit.editingFinished.connect(page._check_gs_token)
    return box


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


def setting_names() -> dict[str, str]:
    """Each setting as the page names it in a sentence."""
    return {
        "database_url": tr("database"), "timezone": tr("production time zone"),
        "language": tr("language"), "station": tr("station name"),
        "operator": tr("operator"), "work_center": tr("work center"),
        "scanner_mode": tr("scanner connection"),
        "scan_max_gap_ms": tr("longest pause between keys"),
        "scan_min_length": tr("shortest scan"),
        "scan_terminators": tr("end of a scan"),
        "serial_port": tr("serial port"), "serial_baud": tr("baud rate"),
        "gs_token": tr("GS token"), "repeat_window_s": tr("repeat window"),
        "sounds_muted": tr("scan sounds"),
    }


def environment_overrides(environ) -> str:
    """Which settings the environment overrides at every start, or "" when none."""
    names = setting_names()
    overridden = [f"{variable} ({names[key]})" for variable, key in ENVIRONMENT.items()
                  if key in names and environ.get(variable)]
    return tr("The environment overrides the settings file at every start: {variables}."
              ).format(variables=", ".join(overridden)) if overridden else ""


def save_sentence(result: SaveResult, applied: tuple[str, ...], pending: list[str]) -> str:
    """What a save did: where, what applies now, what waits for a restart, the password."""
    names = setting_names()
    parts = [tr("Saved in {path}.").format(path=result.path)]
    if applied:
        parts.append(tr("Applied now: {settings}.").format(
            settings=", ".join(names[key] for key in applied)))
    if pending:
        parts.append(tr("Takes effect when MESDesk is restarted: {settings}.").format(
            settings=", ".join(names[key] for key in pending)))
    if result.password == "keyring":
        parts.append(tr("The password is kept in the system keyring, not in the file."))
    elif result.password == "clear_text":
        parts.append(tr("The password is saved in clear text in the file."))
    return "\n".join(parts)
