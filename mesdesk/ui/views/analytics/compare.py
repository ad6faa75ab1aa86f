"""The Compare tab (§10): batches chosen by id (or from the Batches area's selection), side by
side with the averages of their figures, and their aggregation rates as bars.

A comparison is read as an op; a refusal (too few or too many batches, a batch that does not
exist) is shown as its problem in the user's language. Once shown, a comparison follows the
live changes of its batches.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from mesdesk.services.analytics_dto import COMPARE_MIN, Comparison

from ...text.formats import Formats
from ...widgets.refresher import Refresher
from .charts import BarChart
from .dashboard import LIVE_SPACING_MS
from .export_line import ExportLine
from .models import FigureRow
from .parts import FiguresTable, ProblemLine, titled
from .screen import CompareChoice

NUMBER, DATE, WORK_CENTER, TEAM, PRODUCTS, AGGREGATED, RATE, DURATION, PER_HOUR = range(9)


class CompareTab(QWidget):
    def __init__(self, backend, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsCompare")
        self.backend = backend
        self.formats = formats
        self.choice = CompareChoice()
        self.comparison: Comparison | None = None
        self._asked: tuple[int, ...] = ()        # the ids of the comparison asked for
        self._selected: Callable[[], int | None] | None = None

        self.batch_id = QSpinBox(self)
        self.batch_id.setObjectName("compareBatchId")
        self.batch_id.setRange(1, 2**31 - 1)
        self.batch_id.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000000000") + 30)
        self.batch_id.setToolTip(self.tr("The batch's id (the Batches area's ID column)"))
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("compareAdd")
        self.add_button.clicked.connect(lambda: self.add_batch(self.batch_id.value()))
        self.add_selected_button = QPushButton(self.tr("Add the batch selected in Batches"),
                                               self)
        self.add_selected_button.setObjectName("compareAddSelected")
        self.add_selected_button.setEnabled(False)
        self.add_selected_button.clicked.connect(self._add_selected)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setObjectName("compareRun")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.compare)
        self.problem = ProblemLine("compareProblem", self)
        self.export = ExportLine(backend, formats, "compare", self)
        self.export.button.clicked.connect(self.export_comparison)

        self.chosen = QListWidget(self)
        self.chosen.setObjectName("compareChosen")
        self.chosen.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 24) + 30)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("compareRemove")
        self.remove_button.clicked.connect(self._remove_current)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("compareClear")
        self.clear_button.clicked.connect(self.clear)

        self.table = FiguresTable("compareTable", [
            self.tr("Number"), self.tr("Date"), self.tr("Work center"), self.tr("Team"),
            self.tr("Products"), self.tr("Aggregated"), self.tr("Rate"), self.tr("Duration"),
            self.tr("Per hour")], range(PRODUCTS, PER_HOUR + 1), self, stretch=TEAM)
        self.chart = BarChart(self)
        self.chart.setObjectName("chartCompareRates")

        bar = QHBoxLayout()
        bar.setSpacing(6)
        label = QLabel(self.tr("Batch ID"), self)
        label.setBuddy(self.batch_id)
        bar.addWidget(label)
        bar.addWidget(self.batch_id)
        bar.addWidget(self.add_button)
        bar.addWidget(self.add_selected_button)
        bar.addStretch(1)
        bar.addWidget(self.compare_button)
        bar.addWidget(self.export.button)

        chosen = QWidget(self)
        chosen_layout = QVBoxLayout(chosen)
        chosen_layout.setContentsMargins(0, 0, 0, 0)
        chosen_layout.addWidget(self.chosen, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        chosen_layout.addLayout(buttons)

        results = QVBoxLayout()
        results.addWidget(self.table, 3)
        results.addWidget(titled(self.tr("Aggregation rate, %"), self.chart, self), 2)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(titled(self.tr("Batches to compare (IDs)"), chosen, self))
        body.addLayout(results, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.export)
        layout.addLayout(body, 1)

        self.refresher = Refresher(backend.ops, read=self._read, apply=self._arrived,
                                   failed=self._failed, parent=self)
        self.refresher.follow_connection(backend.changes)
        self.refresher.at_most_every(LIVE_SPACING_MS)
        backend.changes.batches_changed.connect(self._batches_changed)
        self._show_empty()

    # -- choosing -----------------------------------------------------------------------------------

    def set_selection_source(self, selected: Callable[[], int | None]) -> None:
        """Where "Add the batch selected in Batches" takes its id from."""
        self._selected = selected
        self.add_selected_button.setEnabled(True)

    def _add_selected(self) -> None:
        batch_id = self._selected() if self._selected is not None else None
        if batch_id is None:
            self.problem.setText(self.tr("Select a batch in the Batches area first."))
            self.problem.show()
            return
        self.add_batch(batch_id)

    def add_batch(self, batch_id: int) -> None:
        if self.choice.add(batch_id):
            self.chosen.addItem(QListWidgetItem(str(batch_id)))
            self.chosen.setCurrentRow(self.chosen.count() - 1)
        self._show_empty()

    def _remove_current(self) -> None:
        item = self.chosen.currentItem()
        if item is not None:
            self.choice.remove(int(item.text()))
            self.chosen.takeItem(self.chosen.row(item))
        self._show_empty()

    def clear(self) -> None:
        self.choice.clear()
        self.chosen.clear()
        self._show_empty()

    @property
    def ids(self) -> list[int]:
        return list(self.choice.ids)

    def compare(self) -> None:
        """Compare the chosen batches (refused with fewer than two)."""
        self._asked = tuple(self.choice.ids)
        self.refresher.refresh_now()

    # -- reading ------------------------------------------------------------------------------------

    def _read(self) -> tuple[tuple[int, ...], Comparison | None]:
        asked, use = self._asked, self.backend.use
        if not asked:                   # woken by the connection before any comparison
            return asked, None
        return asked, use.compare_batches(list(asked))

    def export_comparison(self) -> None:
        """The comparison shown (its batches, their average and total) to an Excel workbook."""
        if self.comparison is None:
            return
        ids = [b.id for b in self.comparison.batches]
        zone, use = str(self.backend.timezone), self.backend.use
        self.export.start("export_comparison", {"batch_ids": ids},
                          lambda job, language, who: use.export_comparison(
                              ids, zone, language=language, parameters=who, job=job),
                          self.tr("Comparison of {count} batches").format(count=len(ids)))

    def _batches_changed(self, ids: list[int] | None) -> None:
        if self.comparison is not None and (ids is None or set(ids) & set(self._asked)):
            self.refresher.refresh()

    def stop(self) -> None:
        self.refresher.stop()

    def _failed(self, error: BaseException) -> None:
        self.problem.show_error(error)

    # -- showing ------------------------------------------------------------------------------------

    def _arrived(self, answer: tuple[tuple[int, ...], Comparison | None]) -> None:
        asked, comparison = answer
        if comparison is None or asked != self._asked:
            return
        self.comparison = comparison
        self.problem.clear()
        self.export.set_available(True)
        f = self.formats
        rows = [FigureRow((str(b.batch_number), f.date(b.batch_date), b.work_center, b.team,
                           f.integer(b.totals.products), f.integer(b.totals.aggregated),
                           f.percent(b.totals.rate), f.hours(b.duration_hours),
                           f.decimal(b.per_hour)), b) for b in comparison.batches]
        average = comparison.average
        rows.append(FigureRow((
            self.tr("Average"), "", "", "", f.decimal(average.get("total_products")),
            f.decimal(average.get("aggregated_products")),
            f.percent(average.get("aggregation_rate")),
            f.hours(average.get("duration_hours")), f.decimal(average.get("products_per_hour"))),
            None, summary=True))
        self.table.set_rows(rows)
        self.table.empty.clear()
        self.chart.set_bars([str(b.batch_number) for b in comparison.batches],
                            [b.totals.rate for b in comparison.batches])

    def _show_empty(self) -> None:
        if self.comparison is not None:
            return
        count = len(self.choice.ids)
        self.table.empty.show_message(
            self.tr("Nothing compared yet."),
            self.tr("Add at least {minimum} batches by their ids (or from the Batches area's "
                    "selection) and press Compare. Chosen: {count}.").format(
                        minimum=COMPARE_MIN, count=count))
