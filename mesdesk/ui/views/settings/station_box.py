"""The Settings page's "This station" section: the station's name (recorded with every scan
and change), the operator, the work center whose batches the scanning station opens, and how
long the station may stay idle before it locks (0: never; applied to the sign-in gate as soon
as it is saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QSpinBox, QWidget

from mesdesk.domain.problems import Problem

from .form import FormValues, station_problem
from .widgets import field_error, hint, set_error, show_problem, spin, tr, with_error

#: The longest idle time the page offers: a day.
LOCK_AFTER_MAX_MINUTES = 24 * 60


class StationBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("This station"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.station_edit = QLineEdit(self)
        self.station_edit.setMaxLength(100)
        self.station_error = field_error(self)
        self.operator_edit = QLineEdit(self)
        self.operator_edit.setMaxLength(100)
        self.operator_edit.setPlaceholderText(tr("Name of the operator at this station"))
        self.work_center_edit = QLineEdit(self)
        self.work_center_edit.setMaxLength(100)
        self.work_center_edit.setPlaceholderText(
            tr("Work center identifier from 1C (ИдентификаторРЦ)"))
        self.lock_after_spin = spin(QSpinBox(self), 0, LOCK_AFTER_MAX_MINUTES, tr(" min"))
        self.lock_after_spin.setObjectName("lockAfterMinutes")
        self.lock_after_spin.setSpecialValueText(tr("Never"))
        self.lock_after_spin.setMinimumWidth(140)
        form.addRow(tr("Station name:"), with_error(self.station_edit, self.station_error, self))
        form.addRow(tr("Operator:"), self.operator_edit)
        form.addRow(tr("Work center:"), with_error(
            self.work_center_edit, None, self, hint(tr(
                "The scanning station opens the batches of this work center."), self)))
        form.addRow(tr("Lock when idle after:"), with_error(
            self.lock_after_spin, None, self, hint(tr(
                "Without a key press or a click for this long the station locks: the next "
                "person signs in with a badge or a PIN. 0: never. Applies as soon as it is "
                "saved."), self)))
        self.station_edit.textChanged.connect(lambda: set_error(self.station_error, ""))

    def load(self, values: FormValues) -> None:
        self.station_edit.setText(values.station)
        self.operator_edit.setText(values.operator)
        self.work_center_edit.setText(values.work_center)
        self.lock_after_spin.setValue(values.lock_after_minutes)
        set_error(self.station_error, "")

    def read(self) -> dict[str, object]:
        return {"station": self.station_edit.text().strip(),
                "operator": self.operator_edit.text().strip(),
                "work_center": self.work_center_edit.text().strip(),
                "lock_after_minutes": self.lock_after_spin.value()}

    def show_problems(self, problems: dict[str, Problem]) -> None:
        show_problem(self.station_error, problems.get("station"))

    def check(self) -> bool:
        return show_problem(self.station_error, station_problem(self.station_edit.text()))
