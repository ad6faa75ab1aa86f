"""The batch list's filters: text, open/closed, work center, shift, team and a date range.

``changed`` carries the filter fields (the sort is the table's); typing is debounced, a pick
from a list applies at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget,
)

from mesdesk.services.lookups import FilterOptions

from ...text.formats import Formats

#: A date edit at this value shows "any date" (a QDateEdit cannot be empty).
NO_DATE = QDate(2000, 1, 1)
TYPING_DELAY_MS = 300


@dataclass(frozen=True)
class FilterValues:
    search: str | None = None
    is_closed: bool | None = None
    work_center: str | None = None
    shift: str | None = None
    team: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def empty(self) -> bool:
        return self == FilterValues()


class CalendarOpensToday(QObject):
    """A date edit showing "any date" opens its calendar at today, not at year 2000."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        edit.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Show and self._edit.date() == NO_DATE:
            today = QDate.currentDate()
            self._edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return False


class FilterBar(QWidget):
    changed = Signal(object)    # FilterValues

    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._formats = formats
        self._quiet = False
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit)

        self.search = QLineEdit(self)
        self.search.setObjectName("batchSearch")
        self.search.setPlaceholderText(self.tr("Number, nomenclature, ЕКН, description"))
        self.search.setToolTip(self.tr("Search the batch number, the nomenclature, the ЕКН code "
                                       "and the task description (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        # Wide enough for the (translated) placeholder and the clear button.
        self.search.setMinimumWidth(max(270, self.search.fontMetrics().horizontalAdvance(
            self.search.placeholderText()) + 40))
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_now)

        self.status = QComboBox(self)
        self.status.setObjectName("batchStatus")
        self.status.addItem(self.tr("Open and closed"), None)
        self.status.addItem(self.tr("Open"), False)
        self.status.addItem(self.tr("Closed"), True)
        self.status.setToolTip(self.tr("Show open batches, closed batches or both"))
        self.status.currentIndexChanged.connect(self._emit)

        self.work_center = QComboBox(self)
        self.work_center.setObjectName("batchWorkCenter")
        self.work_center.setMinimumContentsLength(len(self.tr("All work centers")))
        self.work_center.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.work_center.addItem(self.tr("All work centers"), None)
        self.work_center.currentIndexChanged.connect(self._emit)

        self.shift = self._free_combo("batchShift", self.tr("Any shift"), 9)
        self.team = self._free_combo("batchTeam", self.tr("Any team"), 10)

        self.date_from = self._date_edit("batchDateFrom", self.tr("Batches dated on or after"))
        self.date_to = self._date_edit("batchDateTo", self.tr("Batches dated on or before"))

        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("batchClearFilters")
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setToolTip(self.tr("Show every batch"))
        self.clear_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.work_center, 2)
        layout.addWidget(self.shift, 1)
        layout.addWidget(self.team, 1)
        dates = QLabel(self.tr("Dates"), self)
        dates.setBuddy(self.date_from)
        layout.addWidget(dates)
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("–", self))
        layout.addWidget(self.date_to)
        layout.addWidget(self.clear_button)
        self._update_clear()

    # -- building ---------------------------------------------------------------------------

    def _free_combo(self, name: str, placeholder: str, length: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(length)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        line = combo.lineEdit()
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._typed)
        combo.activated.connect(lambda _: self._emit())
        return combo

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(self._formats.date_format)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any date"))
        edit.setDate(NO_DATE)
        edit.setToolTip(tip)
        edit.dateChanged.connect(lambda _: self._emit())
        CalendarOpensToday(edit)
        return edit

    # -- values -----------------------------------------------------------------------------

    def values(self) -> FilterValues:
        def text(value: str) -> str | None:
            value = value.strip()
            return value or None

        def day(edit: QDateEdit) -> date | None:
            return None if edit.date() == NO_DATE else self._formats.to_date(edit.date())

        return FilterValues(
            search=text(self.search.text()),
            is_closed=self.status.currentData(),
            work_center=self.work_center.currentData(),
            shift=text(self.shift.currentText()),
            team=text(self.team.currentText()),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
        )

    def set_values(self, values: FilterValues) -> None:
        """Show ``values`` and announce them once."""
        self._quiet = True
        try:
            self.search.setText(values.search or "")
            self.status.setCurrentIndex(max(self.status.findData(values.is_closed), 0))
            index = self.work_center.findData(values.work_center) if values.work_center else 0
            if index < 0:
                self.work_center.addItem(values.work_center, values.work_center)
                index = self.work_center.count() - 1
            self.work_center.setCurrentIndex(index)
            self.shift.setEditText(values.shift or "")
            self.team.setEditText(values.team or "")
            self.date_from.setDate(self._formats.qdate(values.date_from) if values.date_from
                                   else NO_DATE)
            self.date_to.setDate(self._formats.qdate(values.date_to) if values.date_to
                                 else NO_DATE)
        finally:
            self._quiet = False
        self.apply_now()

    def set_options(self, options: FilterOptions) -> None:
        """Fill the lists, keeping what is chosen or typed."""
        self._quiet = True
        try:
            chosen = self.work_center.currentData()
            self.work_center.clear()
            self.work_center.addItem(self.tr("All work centers"), None)
            for identifier, name in options.work_centers:
                label = self.tr("{identifier} · {name}").format(identifier=identifier, name=name) \
                    if name and name != identifier else identifier
                self.work_center.addItem(label, identifier)
            index = self.work_center.findData(chosen) if chosen else 0
            if index < 0:
                self.work_center.addItem(chosen, chosen)
                index = self.work_center.count() - 1
            self.work_center.setCurrentIndex(index)
            for combo, items in ((self.shift, options.shifts), (self.team, options.teams)):
                typed = combo.currentText()
                combo.clear()
                combo.addItems(list(items))
                combo.setEditText(typed)
        finally:
            self._quiet = False

    def clear(self) -> None:
        self.set_values(FilterValues())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- announcing ---------------------------------------------------------------------------

    def _typed(self, _text: str = "") -> None:
        if not self._quiet:
            self._typing.start()

    def apply_now(self) -> None:
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self._typing.stop()
        self._update_clear()
        self.changed.emit(self.values())

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(not self.values().empty)
