"""What the Analytics screens decide, without Qt: the batch lists a drill-down opens, what an
empty dashboard says, and the batches chosen to compare."""

from __future__ import annotations

from datetime import date, datetime, timezone

from mesdesk.services.analytics_dto import (COMPARE_MAX, NO_TOTALS, Activity, Dashboard,
                                            DashboardFilter, Totals)
from mesdesk.services.dto import BatchFilter
from mesdesk.ui.views.analytics.screen import (CompareChoice, DashboardEmpty, dashboard_empty,
                                               day_batches, shift_batches, work_center_batches)

SPRING = DashboardFilter(date(2024, 3, 1), date(2024, 3, 31), "RC-001")


def a_dashboard(flt: DashboardFilter, summary: Totals) -> Dashboard:
    return Dashboard(filter=flt, zone="UTC", as_of=datetime(2024, 3, 5, tzinfo=timezone.utc),
                     summary=summary, today=Activity(), today_date=date(2024, 3, 5),
                     by_shift=(), top_work_centers=(), per_hour=(), per_day=())


def test_a_work_center_opens_its_batches_of_the_dashboards_dates():
    assert work_center_batches(SPRING, "RC-002") == BatchFilter(
        work_center="RC-002", date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))


def test_a_shift_keeps_the_dashboards_work_center_and_dates():
    assert shift_batches(SPRING, "1 смена") == BatchFilter(
        shift="1 смена", work_center="RC-001", date_from=date(2024, 3, 1),
        date_to=date(2024, 3, 31))


def test_a_day_opens_the_batches_dated_that_day():
    assert day_batches(DashboardFilter(), date(2024, 3, 7)) == BatchFilter(
        date_from=date(2024, 3, 7), date_to=date(2024, 3, 7))


def test_an_empty_dashboard_says_whether_there_are_no_batches_or_the_filter_hides_them():
    assert dashboard_empty(a_dashboard(DashboardFilter(), NO_TOTALS)) is DashboardEmpty.NO_BATCHES
    assert dashboard_empty(a_dashboard(SPRING, NO_TOTALS)) is DashboardEmpty.NO_MATCH
    assert dashboard_empty(a_dashboard(SPRING, Totals(1, 0, 5, 2))) is DashboardEmpty.NOTHING


def test_the_compare_choice_keeps_each_batch_once_in_order_and_no_more_than_it_may():
    choice = CompareChoice()
    assert choice.add(5) and choice.add(3) and not choice.add(5)
    assert choice.ids == [5, 3]
    choice.remove(5)
    choice.remove(99)
    assert choice.ids == [3]
    for batch_id in range(100, 100 + COMPARE_MAX):
        choice.add(batch_id)
    assert len(choice.ids) == COMPARE_MAX and not choice.add(1)
    choice.clear()
    assert choice.ids == []
