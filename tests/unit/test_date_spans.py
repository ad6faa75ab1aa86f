"""The analytics range split: whole months from the month rollup, the rest day by day."""

from datetime import date, timedelta

from mesdesk.domain.date_spans import split_by_months


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def _covered(first: date, last: date) -> set[date]:
    months, days = split_by_months(first, last)
    covered: set[date] = set()
    if months is not None:
        day = months[0]
        while day <= months[1]:
            nxt = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
            covered |= _days(day, nxt - timedelta(days=1))
            day = nxt
    for day_from, day_to in days:
        assert not covered & _days(day_from, day_to)          # nothing counted twice
        covered |= _days(day_from, day_to)
    return covered


def test_a_range_is_covered_exactly_once_whatever_its_edges():
    cases = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 1, 15), date(2026, 3, 10)),
             (date(2026, 2, 1), date(2026, 2, 28)), (date(2024, 2, 3), date(2024, 2, 27)),
             (date(2025, 12, 31), date(2026, 1, 1)), (date(2026, 3, 5), date(2026, 3, 5)),
             (date(2025, 11, 30), date(2026, 2, 1))]
    for first, last in cases:
        assert _covered(first, last) == _days(first, last), (first, last)


def test_whole_months_are_taken_as_months_and_the_edges_as_days():
    months, days = split_by_months(date(2026, 1, 15), date(2026, 4, 10))
    assert months == (date(2026, 2, 1), date(2026, 3, 1))
    assert days == [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))]


def test_open_ends_reach_the_calendars_limits_and_an_empty_range_is_nothing():
    months, days = split_by_months(date.min, date.max)
    assert months == (date.min, date(9999, 12, 1)) and days == []
    assert split_by_months(date(2026, 5, 2), date(2026, 5, 1)) == (None, [])
