"""Dialogs of the batch list: new/edit batch, add codes. They validate and collect; the page
runs the service off the GUI thread and hands failures back to show next to their field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QFileDialog,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from mesdesk.domain.batches import check_shift_times, parse_field
from mesdesk.domain.errors import DomainError, ValidationError
from mesdesk.services.dto import AddProductsResult, BatchDTO
from mesdesk.services.lookups import FilterOptions

from ...errors import describe
from ...text.problems import sentence
from ...widgets.field_grid import ERROR_STYLE, FieldGrid
from ...widgets.rows_model import RowsTableModel
from .formatting import GS, Formats
from .messages import field_name, field_problem

INVALID_STYLE = "border: 1px solid #b00020;"


# -- new / edit batch ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchForm:
    """What the batch dialog collected: parsed values by English field name."""

    values: dict[str, Any]
    batch_id: int | None            # None: a new batch

    def one_c_item(self) -> dict[str, Any]:
        """A new batch as the single 1C item ``intake_batches`` creates it from."""
        v = self.values
        return {
            "СтатусЗакрытия": False,
            "НомерПартии": v["batch_number"],
            "ДатаПартии": v["batch_date"].isoformat(),
            "ИдентификаторРЦ": v["work_center"],
            "РабочийЦентр": v.get("work_center_name") or v["work_center"],
            "Смена": v.get("shift", ""),
            "Бригада": v.get("team", ""),
            "Номенклатура": v.get("nomenclature", ""),
            "КодЕКН": v.get("ekn_code", ""),
            "ПредставлениеЗаданияНаСмену": v.get("task_description", ""),
            "ДатаВремяНачалаСмены": v["shift_start"].isoformat(),
            "ДатаВремяОкончанияСмены": v["shift_end"].isoformat(),
        }


class BatchDialog(QDialog):
    """``submitted(BatchForm)`` once every field is valid; the page saves it and calls
    ``saved()`` or ``show_error(error)``."""

    submitted = Signal(object)

    TEXT_FIELDS = ("nomenclature", "ekn_code", "work_center_name")

    def __init__(self, formats: Formats, options: FilterOptions | None,
                 batch: BatchDTO | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchDialog")
        self._formats = formats
        self._batch = batch
        self._touched: set[str] = set()
        options = options or FilterOptions((), (), ())
        self._work_center_names = dict(options.work_centers)
        if batch is None:
            self.setWindowTitle(self.tr("New batch"))
        else:
            self.setWindowTitle(self.tr("Edit batch {number} of {date}").format(
                number=batch.batch_number, date=formats.date(batch.batch_date)))
        self._grid = FieldGrid(self)
        self.editors = self._grid.editors
        self.errors = self._grid.errors

        number = QLineEdit(self)
        number.setPlaceholderText(self.tr("For example 1001"))
        self._add("batch_number", self.tr("Batch number"), number)
        day = QDateEdit(self)
        day.setCalendarPopup(True)
        day.setDisplayFormat(formats.date_format)
        self._add("batch_date", self.tr("Batch date"), day)
        center = QComboBox(self)
        center.setEditable(True)
        center.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for identifier, name in options.work_centers:
            center.addItem(identifier, name)
        center.lineEdit().setPlaceholderText(self.tr("Work center identifier (ИдентификаторРЦ)"))
        self._add("work_center", self.tr("Work center"), center)
        if batch is None:
            center_name = QLineEdit(self)
            center_name.setPlaceholderText(self.tr("Name for a new work center (РабочийЦентр)"))
            self._add("work_center_name", self.tr("Work center name"), center_name)
            center.currentTextChanged.connect(self._fill_center_name)
        shift = self._free_combo(options.shifts)
        self._add("shift", self.tr("Shift"), shift)
        team = self._free_combo(options.teams)
        self._add("team", self.tr("Team"), team)
        self._add("nomenclature", self.tr("Nomenclature"), QLineEdit(self))
        self._add("ekn_code", self.tr("ЕКН code"), QLineEdit(self))
        start = QDateTimeEdit(self)
        end = QDateTimeEdit(self)
        for edit in (start, end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formats.datetime_format)
        self._add("shift_start", self.tr("Shift start"), start)
        self._add("shift_end", self.tr("Shift end"), end)
        description = QPlainTextEdit(self)
        description.setTabChangesFocus(True)
        description.setFixedHeight(72)
        self._add("task_description", self.tr("Task description"), description)

        zone = self.tr("Times are in the production time zone ({zone}).").format(
            zone=str(formats.tz))
        self.zone_note = QLabel(zone, self)
        self.zone_note.setStyleSheet("color: palette(placeholder-text);")
        self.general_error = QLabel(self)
        self.general_error.setObjectName("dialogError")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if batch is None:
            self.save_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self._grid)
        layout.addWidget(self.zone_note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._fill(batch)
        for name, editor in self.editors.items():
            self._watch(name, editor)

    # -- building ---------------------------------------------------------------------------

    def _free_combo(self, items: Sequence[str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(items))
        combo.setCurrentIndex(-1)
        return combo

    def _add(self, name: str, title: str, editor: QWidget) -> None:
        self._grid.add(name, title, editor, top=isinstance(editor, QPlainTextEdit))

    def _fill(self, batch: BatchDTO | None) -> None:
        f = self._formats
        e = self.editors
        if batch is None:
            today = datetime.now(f.tz).date()
            start = datetime.combine(today, time(8, 0))
            e["batch_date"].setDate(f.qdate(today))
            e["shift_start"].setDateTime(f.qdatetime(start))
            e["shift_end"].setDateTime(f.qdatetime(start + timedelta(hours=12)))
            e["work_center"].setCurrentIndex(-1)
            return
        e["batch_number"].setText(str(batch.batch_number))
        e["batch_date"].setDate(f.qdate(batch.batch_date))
        e["work_center"].setEditText(batch.work_center)
        e["shift"].setEditText(batch.shift)
        e["team"].setEditText(batch.team)
        e["nomenclature"].setText(batch.nomenclature)
        e["ekn_code"].setText(batch.ekn_code)
        e["shift_start"].setDateTime(f.wall_clock(batch.shift_start))
        e["shift_end"].setDateTime(f.wall_clock(batch.shift_end))
        e["task_description"].setPlainText(batch.task_description)

    def _watch(self, name: str, editor: QWidget) -> None:
        def changed(*_: object) -> None:
            if name in self._touched or self.errors[name].isVisible():
                self.validate(name)
            if name == "shift_start" and "shift_end" in self._touched:
                self.validate("shift_end")

        def finished() -> None:
            self._touched.add(name)
            self.validate(name)

        if isinstance(editor, QLineEdit):
            editor.textChanged.connect(changed)
            editor.editingFinished.connect(finished)
        elif isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(changed)
            editor.lineEdit().editingFinished.connect(finished)
        elif isinstance(editor, QDateTimeEdit):     # QDateEdit too
            editor.dateTimeChanged.connect(changed)
            editor.editingFinished.connect(finished)
        elif isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(changed)

    def _fill_center_name(self, identifier: str) -> None:
        name = self._work_center_names.get(identifier.strip())
        if name is not None and "work_center_name" in self.editors:
            self.editors["work_center_name"].setText(name)

    # -- values and validation --------------------------------------------------------------

    def raw(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QDateEdit) and name == "batch_date":
            return self._formats.to_date(editor.date())
        if isinstance(editor, QDateTimeEdit):
            return self._formats.to_datetime(editor.dateTime())
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        raise KeyError(name)

    def parsed(self, name: str) -> Any:
        """The field's value as the core reads it; raises ValidationError."""
        value = parse_field(name, self.raw(name), self._formats.tz)
        if name == "shift_end":
            check_shift_times(parse_field("shift_start", self.raw("shift_start"),
                                          self._formats.tz), value)
        return value

    def validate(self, name: str) -> bool:
        try:
            self.parsed(name)
        except ValidationError as exc:
            self.show_field_error(name, field_problem(exc))
            return False
        self.show_field_error(name, "")
        return True

    def show_field_error(self, name: str, text: str) -> None:
        label = self.errors[name]
        label.setText(text)
        label.setVisible(bool(text))
        editor = self.editors[name]
        editor.setStyleSheet(INVALID_STYLE if text else "")
        editor.setToolTip(text)

    def field_error(self, name: str) -> str:
        return self._grid.error_text(name)

    def submit(self) -> None:
        """Validate every field; submit the values (for an edit, the changed ones)."""
        self._touched.update(self.editors)
        self.general_error.hide()
        valid = [self.validate(name) for name in self.editors]
        if not all(valid):
            first = next(name for name, ok in zip(self.editors, valid) if not ok)
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        values = {name: self.parsed(name) for name in self.editors}
        if self._batch is not None:
            values = {name: value for name, value in values.items()
                      if getattr(self._batch, name, None) != value}
            if not values:
                self.accept()       # nothing changed: nothing to save
                return
        self.set_busy(True)
        self.submitted.emit(BatchForm(values, self._batch.id if self._batch else None))

    # -- the page's answer --------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        for editor in self.editors.values():
            editor.setEnabled(not busy)
        if busy:
            self.general_error.setStyleSheet("color: palette(placeholder-text);")
            self.general_error.setText(self.tr("Saving…"))
            self.general_error.show()
        else:
            self.general_error.setStyleSheet(ERROR_STYLE)
            self.general_error.hide()

    def saved(self) -> None:
        self.set_busy(False)
        self.accept()

    def show_error(self, error: BaseException) -> None:
        """A failure from the core: next to its field when it names one of ours."""
        self.set_busy(False)
        name = field_name(error.field) if isinstance(error, DomainError) else None
        if name in self.editors:
            self.show_field_error(name, field_problem(error))
            self.editors[name].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.general_error.setText(describe(error))
        self.general_error.show()


# -- add codes -----------------------------------------------------------------------------------

class CodesEdit(QPlainTextEdit):
    """A code list editor that keeps GS visible: Qt text widgets drop ASCII 29, so a pasted
    GS becomes the ``<GS>`` token the code parser reads as a separator."""

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt name
        if source.hasText() and GS in source.text():
            self.insertPlainText(source.text().replace(GS, "<GS>"))
            return
        super().insertFromMimeData(source)


@dataclass(frozen=True)
class CodesInput:
    text: str
    files: tuple[Path, ...]


class AddCodesDialog(QDialog):
    """``submitted(CodesInput)``; the page adds them and calls ``show_result``."""

    submitted = Signal(object)

    def __init__(self, formats: Formats, batch: BatchDTO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addCodesDialog")
        self._formats = formats
        self.batch = batch
        self.files: list[Path] = []
        self._file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Add codes to batch {number} of {date}").format(
            number=batch.batch_number, date=formats.date(batch.batch_date)))
        intro = QLabel(self.tr("Paste marking codes, one per line, or load them from a text "
                               "file. Codes already stored anywhere are not added and are "
                               "listed with the batch they belong to."), self)
        intro.setWordWrap(True)
        self.editor = CodesEdit(self)
        self.editor.setObjectName("codesEdit")
        self.editor.setPlaceholderText(self.tr("One code per line"))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("codesCount")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("codesFiles")
        self.file_label.setWordWrap(True)
        self.file_button = QPushButton(self.tr("Load from file…"), self)
        self.file_button.clicked.connect(self.choose_file)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("codesResult")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.rejected_view = QTableView(self)
        self.rejected_view.setObjectName("codesRejected")
        self.rejected_view.verticalHeader().hide()
        self.rejected_view.horizontalHeader().setStretchLastSection(True)
        self.rejected_view.setWordWrap(False)
        self.rejected_view.hide()
        self.rejected_model: RowsTableModel | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton(self.tr("Add codes"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addCodesButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        files_row = QHBoxLayout()
        files_row.addWidget(self.file_button)
        files_row.addWidget(self.file_label, 1)
        files_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 2)
        layout.addLayout(files_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.rejected_view, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 460)
        self._counting = QTimer(self)
        self._counting.setSingleShot(True)
        self._counting.setInterval(150)
        self._counting.timeout.connect(self._count)
        self.editor.textChanged.connect(self._counting.start)
        self._count()

    def set_text(self, text: str) -> None:
        """Put codes in as a paste would (GS kept visible as <GS>)."""
        self.editor.setPlainText(text.replace(GS, "<GS>"))
        self._count()

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Codes file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("Text files (*.txt *.csv)"), self.tr("All files (*)")])
        dialog.filesSelected.connect(self.add_files)
        self._file_dialog = dialog
        dialog.open()

    def add_files(self, paths: Sequence[str | Path]) -> None:
        self.files.extend(Path(p) for p in paths)
        names = ", ".join(p.name for p in self.files)
        self.file_label.setText(self.tr("The codes in {files} are added too.").format(
            files=names))

    def _count(self) -> None:
        lines = sum(1 for line in self.editor.toPlainText().splitlines() if line.strip())
        self.count_label.setText(self.tr("Codes typed or pasted: {count}").format(
            count=self._formats.integer(lines)))

    def submit(self) -> None:
        text = self.editor.toPlainText()
        if not text.strip() and not self.files:
            self.result_label.setStyleSheet(ERROR_STYLE)
            self.result_label.setText(self.tr("Paste at least one code or load a file."))
            self.result_label.show()
            return
        self.set_busy(True)
        self.submitted.emit(CodesInput(text, tuple(self.files)))

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)
        self.editor.setReadOnly(busy)
        self.file_button.setEnabled(not busy)
        if busy:
            self.result_label.setStyleSheet("color: palette(placeholder-text);")
            self.result_label.setText(self.tr("Adding codes…"))
            self.result_label.show()

    def show_result(self, result: AddProductsResult) -> None:
        """What was added and, code by code, what was not; the dialog stays open to read."""
        self.set_busy(False)
        f = self._formats
        if result.rejected:
            text = self.tr("Added: {added}. Not added: {rejected}, listed below.").format(
                added=f.integer(result.added), rejected=f.integer(len(result.rejected)))
        else:
            text = self.tr("Added: {added}.").format(added=f.integer(result.added))
        self.result_label.setStyleSheet("" if not result.rejected else "font-weight: 600;")
        self.result_label.setText(text)
        self.result_label.show()
        red = QBrush(QColor("#b00020"))
        self.rejected_model = RowsTableModel(
            [self.tr("Code"), self.tr("Why it was not added")],
            [(f.code(error.code), sentence(error.problem) if error.problem is not None
              else error.reason)
             for error in result.rejected],
            brushes=[red] * len(result.rejected), parent=self)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.horizontalHeader().resizeSection(0, 300)
        self.rejected_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.rejected_view.setVisible(bool(result.rejected))
        self.editor.clear()
        self.files.clear()
        self.file_label.setText("")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Close"))

    def show_error(self, error: BaseException) -> None:
        self.set_busy(False)
        self.result_label.setStyleSheet(ERROR_STYLE)
        self.result_label.setText(describe(error))
        self.result_label.show()

