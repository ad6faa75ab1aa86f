"""The Batch statistics tab (§10): a batch chosen by its id (or the one selected in the
Batches area), its figures, its aggregations per hour over the shift, and how the teams of
its work center did over the 30 days up to its date.

Read as an op by a ``Refresher`` that also follows the batch's live changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from mesdesk.services.analytics_dto import BatchAnalytics

from ...text.formats import Formats
from ...widgets.field_grid import FieldGrid
from ...widgets.refresher import Refresher
from .charts import BarChart
from .dashboard import LIVE_SPACING_MS
from .export_line import ExportLine
from .models import FigureRow
from .parts import FiguresTable, ProblemLine, titled

FIELDS = ("total_products", "aggregated", "remaining", "aggregation_rate",
          "shift_duration_hours", "elapsed_hours", "products_per_hour", "estimated_completion")


class BatchStatsTab(QWidget):
    def __init__(self, backend, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsBatchStats")
        self.backend = backend
        self.formats = formats
        self.analytics: BatchAnalytics | None = None
        self._batch_id: int | None = None
        self._selected: Callable[[], int | None] | None = None

        self.batch_id = QSpinBox(self)
        self.batch_id.setObjectName("statsBatchId")
        self.batch_id.setRange(1, 2**31 - 1)
        self.batch_id.setToolTip(self.tr("The batch's id (the Batches area's ID column)"))
        self.batch_id.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000000000") + 30)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("statsShow")
        self.show_button.clicked.connect(lambda: self.show_batch(self.batch_id.value()))
        self.batch_id.editingFinished.connect(lambda: self.show_batch(self.batch_id.value()))
        self.selected_button = QPushButton(self.tr("Batch selected in Batches"), self)
        self.selected_button.setObjectName("statsSelected")
        self.selected_button.clicked.connect(self._show_selected)
        self.selected_button.setEnabled(False)
        self.header = QLabel(self)
        self.header.setObjectName("statsHeader")
        self.header.setStyleSheet("font-weight: 600;")
        self.header.setWordWrap(True)
        self.problem = ProblemLine("statsProblem", self)
        self.export = ExportLine(backend, formats, "stats", self)
        self.export.button.clicked.connect(self.export_statistics)

        chooser = QHBoxLayout()
        chooser.setSpacing(6)
        label = QLabel(self.tr("Batch ID"), self)
        label.setBuddy(self.batch_id)
        chooser.addWidget(label)
        chooser.addWidget(self.batch_id)
        chooser.addWidget(self.show_button)
        chooser.addWidget(self.selected_button)
        chooser.addStretch(1)
        chooser.addWidget(self.export.button)

        self.values: dict[str, QLabel] = {}
        grid = FieldGrid(self)
        for name, title in zip(FIELDS, (
                self.tr("Products"), self.tr("Aggregated"), self.tr("Remaining"),
                self.tr("Aggregation rate"), self.tr("Shift duration"),
                self.tr("Elapsed (within the shift)"), self.tr("Products per hour"),
                self.tr("Estimated completion")), strict=True):
            value = QLabel("–", self)
            value.setObjectName(f"stat_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.add(name, title, value)
            self.values[name] = value
        grid.setRowStretch(2 * len(FIELDS), 1)
        figures = QWidget(self)
        figures.setLayout(grid)

        self.per_hour = BarChart(self, label_every=2)
        self.per_hour.setObjectName("chartBatchPerHour")
        self.outside = QLabel(self)
        self.outside.setObjectName("statsOutsideShift")
        self.outside.setStyleSheet("color: palette(placeholder-text);")
        self.outside.hide()
        chart = QWidget(self)
        chart_layout = QVBoxLayout(chart)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.per_hour, 1)
        chart_layout.addWidget(self.outside)

        self.teams = FiguresTable("statsTeams", [
            self.tr("Team"), self.tr("Batches"), self.tr("Aggregated"), self.tr("Hours"),
            self.tr("Per hour")], range(1, 5), self, stretch=0)
        self.teams_block = titled(self.tr("Team performance"), self.teams, self)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(titled(self.tr("Statistics"), figures, self), 2)
        top.addWidget(titled(self.tr("Aggregated per hour of the shift"), chart, self), 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(chooser)
        layout.addWidget(self.problem)
        layout.addWidget(self.export)
        layout.addWidget(self.header)
        layout.addLayout(top, 3)
        layout.addWidget(self.teams_block, 2)

        self.refresher = Refresher(backend.ops, read=self._read, apply=self._arrived,
                                   failed=self._failed, parent=self)
        self.refresher.follow_connection(backend.changes)
        self.refresher.at_most_every(LIVE_SPACING_MS)
        backend.changes.batches_changed.connect(self._batches_changed)
        self.teams.empty.show_message(self.tr("No batch chosen."), self.tr(
            "Type a batch's id and press Show, or select a batch in the Batches area and "
            "press \"Batch selected in Batches\"."))

    def set_selection_source(self, selected: Callable[[], int | None]) -> None:
        """Where "Batch selected in Batches" takes its id from (the Batches area)."""
        self._selected = selected
        self.selected_button.setEnabled(True)

    def _show_selected(self) -> None:
        batch_id = self._selected() if self._selected is not None else None
        if batch_id is None:
            self.problem.setText(self.tr("Select a batch in the Batches area first."))
            self.problem.show()
            return
        self.show_batch(batch_id)

    def show_batch(self, batch_id: int) -> None:
        self.batch_id.setValue(batch_id)
        if batch_id != self._batch_id:
            self._batch_id = batch_id
            self.refresher.refresh_now()

    @property
    def shown_id(self) -> int | None:
        return self.analytics.batch.id if self.analytics is not None else None

    # -- reading ------------------------------------------------------------------------------------

    def _read(self) -> tuple[int | None, BatchAnalytics | None]:
        batch_id, zone, use = self._batch_id, str(self.backend.timezone), self.backend.use
        if batch_id is None:            # woken by the connection before any batch was chosen
            return None, None
        return batch_id, use.batch_analytics(batch_id, zone)

    def export_statistics(self) -> None:
        """The batch shown: its statistics, hours and teams to an Excel workbook."""
        if self.analytics is None:
            return
        batch, zone, use = self.analytics.batch, str(self.backend.timezone), self.backend.use
        self.export.start("export_batch_statistics", {"batch_id": batch.id},
                          lambda job, language, who: use.export_batch_analytics(
                              batch.id, zone, language=language, parameters=who, job=job),
                          self.tr("Statistics of batch {number}").format(
                              number=batch.batch_number))

    def _batches_changed(self, ids: list[int] | None) -> None:
        if self._batch_id is not None and (ids is None or self._batch_id in ids):
            self.refresher.refresh()

    def stop(self) -> None:
        self.refresher.stop()

    def _failed(self, error: BaseException) -> None:
        self.problem.show_error(error)

    # -- showing ------------------------------------------------------------------------------------

    def _arrived(self, answer: tuple[int | None, BatchAnalytics | None]) -> None:
        batch_id, analytics = answer
        if analytics is None or batch_id != self._batch_id:
            return
        self.analytics = analytics
        self.problem.clear()
        self.export.set_available(True)
        f, batch, stats = self.formats, analytics.batch, analytics.statistics
        state = self.tr("closed") if batch.is_closed else self.tr("open")
        self.header.setText(self.tr(
            "Batch {number} of {date} · {work_center} · {shift} · {team} · {state}").format(
                number=batch.batch_number, date=f.date(batch.batch_date),
                work_center=batch.work_center_name or batch.work_center, shift=batch.shift,
                team=batch.team, state=state))
        texts = {
            "total_products": f.integer(stats.total_products),
            "aggregated": f.integer(stats.aggregated),
            "remaining": f.integer(stats.remaining),
            "aggregation_rate": f.percent(stats.aggregation_rate),
            "shift_duration_hours": f.hours(stats.shift_duration_hours),
            "elapsed_hours": f.hours(stats.elapsed_hours),
            "products_per_hour": f.decimal(stats.products_per_hour)
            if stats.products_per_hour is not None else self.tr("not yet known"),
            "estimated_completion": f.datetime(stats.estimated_completion)
            if stats.estimated_completion is not None else self.tr("cannot be estimated"),
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        hours = analytics.per_hour.hours
        self.per_hour.set_bars([f"{h.start.astimezone(f.tz):%H}:00" for h in hours],
                               [h.count for h in hours])
        earlier, later = analytics.per_hour.earlier, analytics.per_hour.later
        self.outside.setVisible(bool(earlier or later))
        self.outside.setText(self.tr("Aggregated before the shift: {earlier}; after it: "
                                     "{later}").format(earlier=f.integer(earlier),
                                                       later=f.integer(later)))
        self.teams_block.title.setText(self.tr(
            "Team performance at {work_center}, {start} – {end}").format(
                work_center=batch.work_center, start=f.date(analytics.teams_from),
                end=f.date(analytics.teams_to)))
        self.teams.set_rows([FigureRow((t.team, f.integer(t.batches), f.integer(t.aggregated),
                                        f.decimal(t.hours), f.decimal(t.per_hour)), t)
                             for t in analytics.teams])
        if analytics.teams:
            self.teams.empty.clear()
        else:
            self.teams.empty.show_message(self.tr("No team worked at this work center in "
                                                  "these 30 days."))
