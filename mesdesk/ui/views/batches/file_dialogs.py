"""The Batches page's Export…, Report… and Import… dialogs: each asks what the supervisor wants
and emits a request (``file_choices``); the page runs it as a job."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import BatchDTO

from ...text.formats import Formats
from .file_choices import (
    ExportChoices, ExportScope, ExportWhat, ImportChoices, ImportInto, ReportFormat,
    ReportRequest, SheetFormat,
)


CONTEXT = "FileDialogs"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Choice(QGroupBox):
    """A titled group of radio buttons, one per value of a StrEnum; an option may have a
    description, shown wrapped under it (a radio button's own text never wraps)."""

    def __init__(self, title: str, options: list[tuple[StrEnum, str]], parent: QWidget,
                 descriptions: dict[StrEnum, str] | None = None) -> None:
        super().__init__(title, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[StrEnum, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for value, text in options:
            button = QRadioButton(text, self)
            button.setObjectName(f"choice_{value.value}")
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            if descriptions and value in descriptions:
                layout.addWidget(note(descriptions[value], self, indent=True))
        if options:
            self.buttons[options[0][0]].setChecked(True)

    def value(self) -> StrEnum | None:
        return next((value for value, button in self.buttons.items() if button.isChecked()),
                    None)

    def set_value(self, value: StrEnum) -> None:
        self.buttons[value].setChecked(True)


def note(text: str, parent: QWidget, *, indent: bool = False) -> QLabel:
    """A wrapped, quieter line that explains the control above it."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);"
                        + (" margin-left: 22px;" if indent else ""))
    return label


def batch_title(batch: BatchDTO, formats: Formats) -> str:
    return tr("No. {number} of {date}").format(number=batch.batch_number,
                                             date=formats.date(batch.batch_date))


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


class ExportDialog(QDialog):
    chosen = Signal(object)     # ExportRequest

    def __init__(self, choices: ExportChoices, formats: Formats,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self._choices = choices
        self.what = Choice(self.tr("What"), [
            (ExportWhat.BATCHES, self.tr("Batches, with their counters")),
            (ExportWhat.PRODUCTS, self.tr("Product codes of the batches, with their "
                                          "aggregation"))], self)
        listed = (self.tr("Every batch the list shows (its filters): {count}").format(
            count=formats.integer(choices.listed)) if choices.listed is not None
            else self.tr("Every batch the list shows (its filters)"))
        selected = (self.tr("The selected batch, {batch}").format(
            batch=batch_title(choices.selected, formats)) if choices.selected is not None
            else self.tr("The selected batch (select one in the list first)"))
        self.scope = Choice(self.tr("Which batches"), [
            (ExportScope.LISTED, listed), (ExportScope.SELECTED, selected)], self)
        self.format = Choice(self.tr("Format"), [
            (SheetFormat.XLSX, self.tr("Excel workbook (.xlsx)")),
            (SheetFormat.CSV, self.tr("CSV for Excel (.csv: UTF-8, semicolons)"))], self)
        explained = note(self.tr("The file's headers are the 1C keys, so it can be imported "
                                 "again. It is kept with the other exports; you can open it "
                                 "or save a copy when it is ready."), self)
        self.buttons, self.ok_button = _buttons(self, self.tr("Export"))
        layout = QVBoxLayout(self)
        for widget in (self.what, self.scope, self.format, explained, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        self.what.group.buttonToggled.connect(lambda *_: self._offer())
        self.scope.group.buttonToggled.connect(lambda *_: self._offer())
        self.scope.set_value(choices.default_scope(ExportWhat.BATCHES))
        self._offer()

    def _offer(self) -> None:
        """Only the scopes that make sense for what is exported; OK when one is chosen."""
        what = ExportWhat(self.what.value())
        for scope, button in self.scope.buttons.items():
            button.setEnabled(self._choices.allowed(scope, what))
        scope = self.scope.value()
        if scope is not None and not self._choices.allowed(ExportScope(scope), what) \
                and self._choices.allowed(self._choices.default_scope(what), what):
            self.scope.set_value(self._choices.default_scope(what))
        scope = self.scope.value()
        self.ok_button.setEnabled(scope is not None
                                  and self._choices.allowed(ExportScope(scope), what))

    def accept(self) -> None:
        scope = self.scope.value()
        what = ExportWhat(self.what.value())
        if scope is None or not self._choices.allowed(ExportScope(scope), what):
            return
        self.chosen.emit(self._choices.request(what, ExportScope(scope),
                                               SheetFormat(self.format.value())))
        super().accept()


class ReportDialog(QDialog):
    chosen = Signal(object)     # ReportRequest

    def __init__(self, batch: BatchDTO, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Batch report"))
        self._batch = batch
        title = QLabel(self.tr("A report on batch {batch}: {nomenclature}").format(
            batch=batch_title(batch, formats), nomenclature=batch.nomenclature), self)
        title.setWordWrap(True)
        self.format = Choice(self.tr("Format"), [
            (ReportFormat.PDF, self.tr("PDF document")),
            (ReportFormat.XLSX, self.tr("Excel workbook"))], self, {
            ReportFormat.PDF: self.tr("Information, statistics, a chart of aggregations per "
                                      "hour and the products, ready to print."),
            ReportFormat.XLSX: self.tr("Information, statistics and every product with its "
                                       "aggregation time, on three sheets.")})
        self.buttons, self.ok_button = _buttons(self, self.tr("Create report"))
        layout = QVBoxLayout(self)
        for widget in (title, self.format, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        self.chosen.emit(ReportRequest(self._batch.id, ReportFormat(self.format.value())))
        super().accept()


class ImportDialog(QDialog):
    chosen = Signal(object)     # ImportRequest

    def __init__(self, choices: ImportChoices, formats: Formats, path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import"))
        self._choices = choices
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("A file to import"))
        if path is not None:
            self.path.setText(str(path))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        kinds = note(self.tr("Excel (.xlsx, .xls, .ods), CSV (UTF-8 or Windows-1251, "
                             "separated by ; or ,) or a 1C JSON file. Headers: the 1C keys "
                             "or the English names, in any order."), self)
        codes = (self.tr("Product codes into the selected batch, {batch}").format(
            batch=batch_title(choices.selected, formats)) if choices.can_codes
            else self.tr("Product codes into the selected batch (select an open batch in "
                         "the list first)"))
        self.into = Choice(self.tr("The file holds"), [
            (ImportInto.BATCHES, self.tr("Shift tasks (batches)")),
            (ImportInto.SELECTED, codes)], self)
        self.into.buttons[ImportInto.SELECTED].setEnabled(choices.can_codes)
        self.update_existing = QCheckBox(self.tr("Update batches that already exist"), self)
        self.update_existing.setObjectName("updateExisting")
        update_note = note(self.tr("A batch with the same number and date is updated from "
                                   "the file; without this it is skipped and reported."),
                           self, indent=True)
        self.buttons, self.ok_button = _buttons(self, self.tr("Import"))
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        for widget in (kinds, self.into, self.update_existing, update_note, self.buttons):
            layout.addWidget(widget)
        self.path.textChanged.connect(lambda _: self._update())
        self.into.group.buttonToggled.connect(lambda *_: self._update())
        self.setMinimumWidth(560)
        self._update()

    def request(self):
        text = self.path.text().strip()
        return self._choices.request(Path(text) if text else None,
                                     ImportInto(self.into.value()),
                                     self.update_existing.isChecked())

    def browse(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose a file to import"))
        dialog.setObjectName("importFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([
            self.tr("Spreadsheets, CSV and 1C files (*.xlsx *.xls *.ods *.csv *.json)"),
            self.tr("All files (*)")])
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()
        return dialog

    def _update(self) -> None:
        self.update_existing.setEnabled(self.into.value() is ImportInto.BATCHES)
        self.ok_button.setEnabled(self.request() is not None)

    def accept(self) -> None:
        request = self.request()
        if request is None:
            return
        self.chosen.emit(request)
        super().accept()
