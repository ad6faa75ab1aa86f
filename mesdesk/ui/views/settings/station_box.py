"""The Settings page's "This station" section: the station's name (recorded with every scan
and change), the operator and the work center whose batches the scanning station opens."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QWidget

from mesdesk.domain.problems import Problem

from .form import FormValues, station_problem
from .widgets import field_error, hint, set_error, show_problem, tr, with_error


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
        form.addRow(tr("Station name:"), with_error(self.station_edit, self.station_error, self))
        form.addRow(tr("Operator:"), self.operator_edit)
        form.addRow(tr("Work center:"), with_error(
            self.work_center_edit, None, self, hint(tr(
                "The scanning station opens the batches of this work center."), self)))
        self.station_edit.textChanged.connect(lambda: set_error(self.station_error, ""))

    def load(self, values: FormValues) -> None:
        self.station_edit.setText(values.station)
        self.operator_edit.setText(values.operator)
        self.work_center_edit.setText(values.work_center)
        set_error(self.station_error, "")

    def read(self) -> dict[str, str]:
        return {"station": self.station_edit.text().strip(),
                "operator": self.operator_edit.text().strip(),
                "work_center": self.work_center_edit.text().strip()}

    def show_problems(self, problems: dict[str, Problem]) -> None:
        show_problem(self.station_error, problems.get("station"))

    def check(self) -> bool:
        return show_problem(self.station_error, station_problem(self.station_edit.text()))
