"""The Dashboard tab (§10): a filter row, the summary cards, today, by shift, the top work
centers, aggregations per hour and per day, and when it was read.

Kept fresh by one ``Refresher``: every change any station makes (``backend.changes.changed``)
asks for a read, at most one a second, none while the database is lost; the read runs as an
op and the GUI thread only turns the ``Dashboard`` into texts and bars. A click on a work
center, a shift or a day's bar asks for those batches in the Batches area
(``show_batches(BatchFilter)``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget,
)

from mesdesk.services.analytics_dto import Dashboard, DashboardFilter
from mesdesk.services.lookups import FilterOptions

from ...text.formats import Formats
from ...widgets.refresher import Refresher
from ..batches.filter_bar import NO_DATE, CalendarOpensToday
from .charts import BarChart
from .export_line import ExportLine
from .models import FigureRow
from .parts import Card, FiguresTable, ProblemLine, titled
from .screen import (DashboardEmpty, dashboard_empty, day_batches, shift_batches,
                     work_center_batches)

# Reads at most this often however fast the changes come (every scan of every station).
LIVE_SPACING_MS = 1000


class DashboardTab(QWidget):
    show_batches = Signal(object)        # BatchFilter

    def __init__(self, backend, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsDashboard")
        self.backend = backend
        self.formats = formats
        self.dashboard: Dashboard | None = None
        self.loaded_once = False
        self._filter = DashboardFilter()
        self._stale = False             # changes came while hidden: read when shown

        # -- the filter row
        self.date_from = self._date_edit("dashboardDateFrom",
                                         self.tr("Batches dated on or after"))
        self.date_to = self._date_edit("dashboardDateTo", self.tr("Batches dated on or before"))
        self.work_center = QComboBox(self)
        self.work_center.setObjectName("dashboardWorkCenter")
        self.work_center.setMinimumContentsLength(len(self.tr("All work centers")) + 2)
        self.work_center.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.work_center.addItem(self.tr("All work centers"), None)
        self.work_center.currentIndexChanged.connect(lambda _: self._filter_changed())
        self.as_of = QLabel(self)
        self.as_of.setObjectName("dashboardAsOf")
        self.as_of.setStyleSheet("color: palette(placeholder-text);")
        self.problem = ProblemLine("dashboardProblem", self)
        self.export = ExportLine(backend, formats, "dashboard", self)
        self.export.button.clicked.connect(self.export_dashboard)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        dates = QLabel(self.tr("Dates"), self)
        dates.setBuddy(self.date_from)
        filters.addWidget(dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("–", self))
        filters.addWidget(self.date_to)
        filters.addSpacing(12)
        filters.addWidget(self.work_center)
        filters.addStretch(1)
        filters.addWidget(self.as_of)
        filters.addSpacing(12)
        filters.addWidget(self.export.button)

        # -- summary cards
        self.cards = {
            "batches": Card("cardBatches", self.tr("Batches"), self),
            "active": Card("cardActive", self.tr("Open"), self),
            "closed": Card("cardClosed", self.tr("Closed"), self),
            "products": Card("cardProducts", self.tr("Products"), self),
            "aggregated": Card("cardAggregated", self.tr("Aggregated"), self),
            "rate": Card("cardRate", self.tr("Aggregation rate"), self),
        }
        cards = QHBoxLayout()
        cards.setSpacing(8)
        for card in self.cards.values():
            cards.addWidget(card, 1)

        # -- today: one line under the cards
        self.today_title = QLabel(self)
        self.today_title.setObjectName("todayTitle")
        self.today_title.setStyleSheet("font-weight: 600;")
        today = QHBoxLayout()
        today.setSpacing(6)
        today.addWidget(self.today_title)
        self.today_values: dict[str, QLabel] = {}
        for key, title in (
                ("created", self.tr("Batches created")), ("closed", self.tr("Batches closed")),
                ("added", self.tr("Products added")),
                ("aggregated", self.tr("Products aggregated"))):
            today.addSpacing(12)
            today.addWidget(QLabel(title, self))
            value = QLabel("–", self)
            value.setObjectName(f"today_{key}")
            value.setStyleSheet("font-weight: 600;")
            today.addWidget(value)
            self.today_values[key] = value
        today.addStretch(1)

        # -- tables
        figures = [self.tr("Batches"), self.tr("Open"), self.tr("Products"),
                   self.tr("Aggregated"), self.tr("Rate")]
        self.shifts = FiguresTable("dashboardShifts", [self.tr("Shift"), *figures],
                                   range(1, 6), self, stretch=0)
        self.shifts.clicked.connect(self._shift_clicked)
        self.shifts.setToolTip(self.tr("Click a shift to see its batches"))
        self.centers = FiguresTable("dashboardWorkCenters",
                                    [self.tr("Work center"), self.tr("Name"), *figures],
                                    range(2, 7), self, stretch=1)
        self.centers.clicked.connect(self._center_clicked)
        self.centers.setToolTip(self.tr("Click a work center to see its batches"))

        # -- charts
        self.per_hour = BarChart(self, label_every=3)
        self.per_hour.setObjectName("chartPerHour")
        self.per_day = BarChart(self, label_every=3)
        self.per_day.setObjectName("chartPerDay")
        self.per_day.setToolTip(self.tr("Click a day to see the batches of that day"))
        self.per_day.bar_clicked.connect(self._day_clicked)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(titled(self.tr("By shift"), self.shifts, self), 4)
        middle.addWidget(titled(self.tr("Top work centers"), self.centers, self), 6)
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(titled(self.tr("Aggregated per hour, last 24 hours"),
                                self.per_hour, self), 1)
        charts.addWidget(titled(self.tr("Aggregated per day, last 30 days"),
                                self.per_day, self), 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.export)
        layout.addLayout(cards)
        layout.addLayout(today)
        layout.addLayout(middle, 3)
        layout.addLayout(charts, 4)

        self.refresher = Refresher(backend.ops, read=self._read, apply=self.show_dashboard,
                                   failed=self._failed, parent=self)
        self.refresher.follow_connection(backend.changes)
        self.refresher.at_most_every(LIVE_SPACING_MS)
        backend.changes.changed.connect(self._changed)
        self._load_work_centers()
        self.refresher.refresh_now()

    # -- building ---------------------------------------------------------------------------------

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(self.formats.date_format)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any date"))
        edit.setDate(NO_DATE)
        edit.setToolTip(tip)
        edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        edit.dateChanged.connect(lambda _: self._filter_changed())
        CalendarOpensToday(edit)
        return edit

    def _load_work_centers(self) -> None:
        use = self.backend.use
        self.backend.run(lambda: use.filter_options(), self._work_centers_arrived,
                         lambda error: None, self)

    def _work_centers_arrived(self, options: FilterOptions) -> None:
        chosen = self.work_center.currentData()
        self.work_center.blockSignals(True)
        try:
            self.work_center.clear()
            self.work_center.addItem(self.tr("All work centers"), None)
            for identifier, name in options.work_centers:
                label = self.tr("{identifier} · {name}").format(identifier=identifier, name=name) \
                    if name and name != identifier else identifier
                self.work_center.addItem(label, identifier)
            self.work_center.setCurrentIndex(max(self.work_center.findData(chosen), 0)
                                             if chosen else 0)
        finally:
            self.work_center.blockSignals(False)

    # -- the filter ---------------------------------------------------------------------------------

    def current_filter(self) -> DashboardFilter:
        return self._filter

    def set_filter(self, flt: DashboardFilter) -> None:
        """Show the dashboard of ``flt`` (read at once)."""
        for edit, day in ((self.date_from, flt.date_from), (self.date_to, flt.date_to)):
            edit.blockSignals(True)
            edit.setDate(self.formats.qdate(day) if day else NO_DATE)
            edit.blockSignals(False)
        self.work_center.blockSignals(True)
        index = self.work_center.findData(flt.work_center) if flt.work_center else 0
        if index < 0:
            self.work_center.addItem(flt.work_center, flt.work_center)
            index = self.work_center.count() - 1
        self.work_center.setCurrentIndex(index)
        self.work_center.blockSignals(False)
        self._filter_changed()

    def _day(self, edit: QDateEdit) -> date | None:
        return None if edit.date() == NO_DATE else self.formats.to_date(edit.date())

    def _filter_changed(self) -> None:
        self._filter = DashboardFilter(self._day(self.date_from), self._day(self.date_to),
                                       self.work_center.currentData())
        self.refresher.refresh_now()

    # -- reading (off the GUI thread) ---------------------------------------------------------------

    def _read(self) -> Dashboard:
        flt, zone, use = self._filter, str(self.backend.timezone), self.backend.use
        return use.dashboard(flt, zone)

    def _changed(self, _change: object) -> None:
        """Another change somewhere: read again now if the dashboard is on screen, else once
        it is shown (a hidden dashboard costs the database nothing, however busy the floor)."""
        if self.isVisible():
            self.refresher.refresh()
        else:
            self._stale = True

    @property
    def stale(self) -> bool:
        """Changes came while hidden; the dashboard is read again when shown."""
        return self._stale

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresher.refresh_now()

    def refresh(self) -> None:
        self.refresher.refresh_now()
        self._load_work_centers()

    def stop(self) -> None:
        self.refresher.stop()

    def _failed(self, error: BaseException) -> None:
        self.problem.show_error(error)

    # -- showing (GUI thread) ---------------------------------------------------------------------

    def show_dashboard(self, dashboard: Dashboard) -> None:
        if dashboard.filter != self._filter:
            return          # for a filter no longer chosen: the read of the new one follows
        self.dashboard = dashboard
        self.loaded_once = True
        self.problem.clear()
        f = self.formats
        summary = dashboard.summary
        for key, value in (("batches", summary.batches), ("active", summary.active),
                           ("closed", summary.closed), ("products", summary.products),
                           ("aggregated", summary.aggregated)):
            self.cards[key].show_value(f.integer(value))
        self.cards["rate"].show_value(f.percent(summary.rate))
        today = dashboard.today
        self.today_title.setText(self.tr("Today, {date}:").format(
            date=f.date(dashboard.today_date)))
        for key, value in (("created", today.batches_created), ("closed", today.batches_closed),
                           ("added", today.products_added),
                           ("aggregated", today.products_aggregated)):
            self.today_values[key].setText(f.integer(value))
        self.shifts.set_rows([FigureRow((s.shift, *self._figures(s.totals)), s.shift)
                              for s in dashboard.by_shift])
        self.centers.set_rows([FigureRow((w.identifier, w.name, *self._figures(w.totals)),
                                         w.identifier) for w in dashboard.top_work_centers])
        self.per_hour.set_bars([f"{p.start:%H}:00" for p in dashboard.per_hour],
                               [p.activity.products_aggregated for p in dashboard.per_hour])
        self.per_day.set_bars([f"{p.day:%d.%m}" for p in dashboard.per_day],
                              [p.activity.products_aggregated for p in dashboard.per_day])
        self.as_of.setText(self.tr("As of {time}").format(time=f.datetime(dashboard.as_of)))
        self._show_empty(dashboard_empty(dashboard))
        self.export.set_available(True)

    def _figures(self, totals) -> tuple[str, ...]:
        f = self.formats
        return (f.integer(totals.batches), f.integer(totals.active), f.integer(totals.products),
                f.integer(totals.aggregated), f.percent(totals.rate))

    def _show_empty(self, empty: DashboardEmpty) -> None:
        if empty is DashboardEmpty.NO_BATCHES:
            title = self.tr("No batches yet.")
            hint = self.tr("Import a 1C file or create a batch in the Batches area; the "
                           "figures appear here as products are aggregated.")
        elif empty is DashboardEmpty.NO_MATCH:
            title = self.tr("No batches of these dates and work center.")
            hint = self.tr("Choose other dates or all work centers.")
        else:
            self.centers.empty.clear()
            self.shifts.empty.clear()
            return
        self.centers.empty.show_message(title, hint)
        self.shifts.empty.clear()

    # -- export -------------------------------------------------------------------------------------

    def export_dashboard(self) -> None:
        """The dashboard shown (its filter, every work center of it) to an Excel workbook."""
        if self.dashboard is None:
            return
        flt, zone, use = self.dashboard.filter, str(self.backend.timezone), self.backend.use
        self.export.start("export_dashboard", flt.as_dict(),
                          lambda job, language, who: use.export_dashboard(
                              flt, zone, language=language, parameters=who, job=job),
                          self.tr("Export of the dashboard"))

    # -- drill-down -------------------------------------------------------------------------------

    def _center_clicked(self, index: QModelIndex) -> None:
        identifier = self.centers.figures.item_at(index.row())
        if identifier is not None and self.dashboard is not None:
            self.show_batches.emit(work_center_batches(self.dashboard.filter, identifier))

    def _shift_clicked(self, index: QModelIndex) -> None:
        shift = self.shifts.figures.item_at(index.row())
        if shift is not None and self.dashboard is not None:
            self.show_batches.emit(shift_batches(self.dashboard.filter, shift))

    def _day_clicked(self, index: int) -> None:
        if self.dashboard is not None and 0 <= index < len(self.dashboard.per_day):
            self.show_batches.emit(day_batches(self.dashboard.filter,
                                               self.dashboard.per_day[index].day))
