"""The Analytics area (SPEC §10) on a real PostgreSQL: the dashboard's figures, its
drill-down into the Batches area, a batch's statistics, a comparison and its refusals, and
live refreshes after another station's change; the GUI thread never runs SQL (the
``desktop`` fixture's guard).

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mesdesk.services.analytics import batch_analytics, dashboard
from mesdesk.services.analytics_dto import DashboardFilter
from mesdesk.services.demo import fill_demo
from mesdesk.ui.views.analytics.models import FigureRow, FiguresModel
from mesdesk.ui.views.analytics.page import AnalyticsPage
from tests.support.factories import create_batch
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 20000
ZONE = "Asia/Yekaterinburg"          # the desktop fixture's production zone


def open_analytics(desktop, qtbot) -> AnalyticsPage:
    desktop.window.show_area("analytics")
    page = desktop.window.page("analytics")
    assert isinstance(page, AnalyticsPage)
    qtbot.waitUntil(lambda: page.dashboard.loaded_once, timeout=WAIT)
    return page


def look(widget, name: str) -> None:
    """A screenshot once the layouts have caught up with the texts just shown."""
    QApplication.processEvents()
    keep_screenshot(widget, name)


def card(page: AnalyticsPage, key: str) -> str:
    return page.dashboard.cards[key].value.text()


def cells(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def demo(uow_factory, tz):
    """Demo batches of the last days, with products aggregated (what `mesdesk demo` makes)."""
    fill_demo(uow_factory, tz, batches=24, seed=3)
    return dashboard(uow_factory, DashboardFilter(), ZONE)


def test_the_dashboard_shows_the_figures_of_the_database(desktop, qtbot, demo):
    page = open_analytics(desktop, qtbot)
    tab, f = page.dashboard, page.dashboard.formats
    qtbot.waitUntil(lambda: card(page, "batches") == f.integer(demo.summary.batches),
                    timeout=WAIT)
    assert card(page, "products") == f.integer(demo.summary.products)
    assert card(page, "aggregated") == f.integer(demo.summary.aggregated)
    assert card(page, "closed") == f.integer(demo.summary.closed)
    assert card(page, "active") == f.integer(demo.summary.active)
    assert card(page, "rate") == f.percent(demo.summary.rate)
    assert cells(tab.centers.figures, 0) == [w.identifier for w in demo.top_work_centers]
    assert cells(tab.shifts.figures, 0) == [s.shift for s in demo.by_shift]
    assert tab.per_day.values == [d.activity.products_aggregated for d in demo.per_day]
    assert tab.per_day.labels[-1] == f"{demo.per_day[-1].day:%d.%m}"
    assert tab.per_hour.labels[-1].endswith(":00") and len(tab.per_hour.values) == 24
    assert tab.today_values["aggregated"].text() == f.integer(demo.today.products_aggregated)
    assert tab.as_of.text().startswith("As of ")
    assert tab.centers.empty.text == ""


def test_an_empty_dashboard_says_why(desktop, qtbot):
    page = open_analytics(desktop, qtbot)
    assert page.dashboard.centers.empty.text.startswith("No batches yet.")
    assert card(page, "batches") == "0"


def test_a_work_center_click_opens_its_batches(desktop, qtbot, demo):
    page = open_analytics(desktop, qtbot)
    tab = page.dashboard
    qtbot.waitUntil(lambda: tab.centers.figures.rowCount() > 0, timeout=WAIT)
    center = tab.centers.figures.item_at(0)
    rect = tab.centers.visualRect(tab.centers.figures.index(0, 0))
    qtbot.mouseClick(tab.centers.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window = desktop.window
    assert window.current_area() == "batches"
    batches = window.page("batches")
    assert batches.filter_bar.values().work_center == center
    qtbot.waitUntil(lambda: batches.model.current_filter.work_center == center
                    and batches.model.loaded_once and not batches.model.fetching,
                    timeout=WAIT)
    shown = {batches.model.batch_at(row).work_center for row in range(batches.model.rowCount())}
    assert shown == {center}


def test_a_day_bar_click_opens_the_batches_of_that_day(desktop, qtbot, demo):
    page = open_analytics(desktop, qtbot)
    chart = page.dashboard.per_day
    qtbot.waitUntil(lambda: any(chart.values), timeout=WAIT)
    day_index = max(i for i, v in enumerate(chart.values) if v)
    day = demo.per_day[day_index].day
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.bar_center(day_index).toPoint())
    assert desktop.window.current_area() == "batches"
    values = desktop.window.page("batches").filter_bar.values()
    assert (values.date_from, values.date_to) == (day, day)


def test_the_dashboard_follows_another_stations_change(desktop, qtbot, uow_factory, tz):
    page = open_analytics(desktop, qtbot)
    assert card(page, "batches") == "0"
    create_batch(uow_factory, tz, number=77, day=date.today() - timedelta(days=1))
    qtbot.waitUntil(lambda: card(page, "batches") == "1", timeout=WAIT)
    assert page.dashboard.centers.figures.rowCount() == 1


def test_a_batch_s_statistics(desktop, qtbot, demo, uow_factory):
    page = open_analytics(desktop, qtbot)
    batch_id = 2
    expected = batch_analytics(uow_factory, batch_id, ZONE)
    page.show_batch_statistics(batch_id)
    stats = page.batch_stats
    qtbot.waitUntil(lambda: stats.shown_id == batch_id, timeout=WAIT)
    f = stats.formats
    assert stats.values["total_products"].text() == f.integer(
        expected.statistics.total_products)
    assert stats.values["aggregation_rate"].text() == f.percent(
        expected.statistics.aggregation_rate)
    assert stats.per_hour.values == [h.count for h in expected.per_hour.hours]
    assert cells(stats.teams.figures, 0) == [t.team for t in expected.teams]


def test_a_comparison_and_its_refusals_in_the_users_language(language, desktop, qtbot, demo):
    page = open_analytics(desktop, qtbot)
    page.tabs.setCurrentWidget(page.compare)
    compare = page.compare
    compare.batch_id.setValue(1)
    qtbot.mouseClick(compare.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(compare.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.problem.isVisible(), timeout=WAIT)
    text = compare.problem.text()
    if language == "en":
        assert text == "Choose 2 to 50 batches to compare, not 1."
    else:
        assert cyrillic(text) and "compare" not in text, text
    look(page, f"analytics_compare_refused_{language}")

    for batch_id in (2, 3, 4):
        compare.add_batch(batch_id)
    qtbot.mouseClick(compare.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.comparison is not None, timeout=WAIT)
    assert not compare.problem.isVisible()
    assert compare.table.figures.rowCount() == 5          # four batches and the averages
    assert len(compare.chart.values) == 4
    look(page, f"analytics_compare_{language}")

    compare.add_batch(999999)
    qtbot.mouseClick(compare.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.problem.isVisible(), timeout=WAIT)
    if language == "en":
        assert compare.problem.text() == "These batches do not exist: 999999."
    else:
        assert cyrillic(compare.problem.text())


def test_the_analytics_screens_in_both_languages(language, desktop, qtbot, demo):
    page = open_analytics(desktop, qtbot)
    page.dashboard.refresh()
    qtbot.waitUntil(lambda: page.dashboard.centers.figures.rowCount() > 0, timeout=WAIT)
    look(desktop.window, f"analytics_dashboard_{language}")
    page.show_batch_statistics(2)
    qtbot.waitUntil(lambda: page.batch_stats.shown_id == 2, timeout=WAIT)
    look(desktop.window, f"analytics_batch_stats_{language}")
    if language == "ru":
        assert cyrillic(page.tabs.tabText(0))
        assert cyrillic(page.dashboard.cards["batches"].title.text())


def test_the_figures_model_passes_the_model_tester(qtmodeltester):
    model = FiguresModel(["A", "B"], numeric=[1])
    model.set_rows([FigureRow(("x", "1"), "x"), FigureRow(("Average", "2"), summary=True)])
    qtmodeltester.check(model)
    assert model.item_at(0) == "x" and model.item_at(5) is None


def test_reversed_dates_are_refused_and_the_refusal_goes_once_they_are_put_right(
        desktop, qtbot):
    page = open_analytics(desktop, qtbot)
    tab = page.dashboard
    tab.set_filter(DashboardFilter(date(2024, 3, 31), date(2024, 3, 1)))
    qtbot.waitUntil(lambda: tab.problem.isVisible(), timeout=WAIT)
    assert tab.problem.text().startswith("The range ends (")
    tab.set_filter(DashboardFilter(date(2024, 3, 1), date(2024, 3, 31)))
    qtbot.waitUntil(lambda: not tab.problem.isVisible(), timeout=WAIT)
    assert tab.centers.empty.text.startswith("No batches of these dates and work center.")


def test_a_hidden_dashboard_reads_nothing_until_it_is_shown(desktop, qtbot, uow_factory, tz):
    page = open_analytics(desktop, qtbot)
    desktop.window.show_area("jobs")
    reads = []
    page.dashboard.refresher.busy_changed.connect(lambda busy: busy and reads.append(1))
    create_batch(uow_factory, tz, number=78, day=date.today())
    qtbot.waitUntil(lambda: page.dashboard.stale, timeout=WAIT)
    assert reads == [] and card(page, "batches") == "0"
    desktop.window.show_area("analytics")
    qtbot.waitUntil(lambda: card(page, "batches") == "1", timeout=WAIT)


def test_batches_chosen_in_the_batches_area_are_compared(desktop, qtbot, demo):
    """Ctrl+click chooses rows; Compare opens Analytics with those batches side by side."""
    window = desktop.window
    window.show_area("batches")
    batches = window.page("batches")
    qtbot.waitUntil(lambda: batches.model.loaded_once and batches.model.rowCount() >= 3,
                    timeout=WAIT)
    compare_action = batches.batch_actions.compare
    table = batches.table
    batches.select_row(0)
    assert not compare_action.isEnabled()                     # one batch is no comparison
    for row in (1, 2):
        rect = table.visualRect(batches.model.index(row, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, rect.center())
    chosen = [batches.model.batch_at(row).id for row in (0, 1, 2)]
    assert batches.chosen_ids() == chosen and compare_action.isEnabled()
    compare_action.trigger()
    assert window.current_area() == "analytics"
    page = window.page("analytics")
    assert page.tabs.currentWidget() is page.compare
    qtbot.waitUntil(lambda: page.compare.comparison is not None, timeout=WAIT)
    assert [b.id for b in page.compare.comparison.batches] == chosen
    assert page.compare.table.figures.rowCount() == 4          # three batches and the averages
