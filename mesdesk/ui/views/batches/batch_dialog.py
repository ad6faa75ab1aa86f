"""The new/edit batch dialog: it validates each field as it is left and collects a
``BatchForm``; the page runs the use case off the GUI thread and hands a refusal back to show
next to its field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDateTimeEdit, QDialog, QLabel, QLineEdit,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from mesdesk.domain.batches import check_shift_times, parse_field
from mesdesk.domain.errors import DomainError, ValidationError
from mesdesk.services.dto import BatchDTO
from mesdesk.services.lookups import FilterOptions

from ...errors import describe
from ...widgets.field_grid import INVALID_STYLE, FieldGrid, FormFooter
from ...text.formats import Formats
from ...text.batch_fields import field_name, field_problem


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
        footer = self._footer = FormFooter(self, creating=batch is None, submit=self.submit)
        self.general_error, self.buttons = footer.error, footer.buttons
        self.save_button = footer.save_button

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
        self._footer.set_busy(busy, self.editors.values())

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
