"""The Settings page's "Time zone and language" section. The zone list (read from the zone
database, off the GUI thread) arrives after the page is built; a zone typed before that, or
not in the list, is kept as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QGroupBox, QSizePolicy, QWidget

from mesdesk.domain.problems import Problem
from mesdesk.services.settings import timezone_problem

from ...i18n import LANGUAGES
from .form import FormValues
from .widgets import field_error, hint, set_error, show_problem, tr, with_error


class RegionBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Time zone and language"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.timezone_combo = QComboBox(self)
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
        self.timezone_error = field_error(self)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language")
        self.language_combo.addItem(tr("System default"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        form.addRow(tr("Production time zone:"), with_error(
            self.timezone_combo, self.timezone_error, self, hint(tr(
                "Shift times and 1C dates without a time zone are read in this zone."), self)))
        form.addRow(tr("Language:"), self.language_combo)
        self.timezone_combo.editTextChanged.connect(lambda: set_error(self.timezone_error, ""))
        line = self.timezone_combo.lineEdit()
        if line is not None:
            line.editingFinished.connect(self.check)

    def load(self, values: FormValues) -> None:
        self._set_timezone(values.timezone)
        index = self.language_combo.findData(values.language)
        self.language_combo.setCurrentIndex(max(index, 0))
        set_error(self.timezone_error, "")

    def read(self) -> dict[str, str]:
        return {"timezone": self.timezone_combo.currentText().strip(),
                "language": str(self.language_combo.currentData() or "")}

    def show_problems(self, problems: dict[str, Problem]) -> None:
        show_problem(self.timezone_error, problems.get("timezone"))

    def check(self) -> bool:
        return show_problem(self.timezone_error,
                            timezone_problem(self.timezone_combo.currentText()))

    def timezones_loaded(self, names: list[str]) -> None:
        current = self.timezone_combo.currentText()
        self.timezone_combo.blockSignals(True)
        self.timezone_combo.clear()
        self.timezone_combo.addItems(names)
        self.timezone_combo.blockSignals(False)
        self._set_timezone(current)

    def _set_timezone(self, name: str) -> None:
        self.timezone_combo.setCurrentIndex(self.timezone_combo.findText(name))
        self.timezone_combo.setEditText(name)   # also a name not (yet) in the list
