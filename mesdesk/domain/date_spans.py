"""Date ranges cut into whole months and the days left over (the analytics rollups keep both)."""

from __future__ import annotations

from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    if day.month == 12:
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - timedelta(days=1)


def split_by_months(first: date, last: date
                    ) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """[first, last] as (the first days of the whole months it covers: first, last) or None,
    and the (first, last) day ranges before and after them. An empty range (first > last)
    gives nothing at all."""
    if first > last:
        return None, []
    whole_from = first if first.day == 1 else _next_month(first)
    whole_to = month_start(last) if last == month_end(last) else _previous_month(last)
    if whole_from is None or whole_to is None or whole_from > whole_to:
        return None, [(first, last)]
    days = []
    if first < whole_from:
        days.append((first, whole_from - timedelta(days=1)))
    if month_end(whole_to) < last:
        days.append((month_end(whole_to) + timedelta(days=1), last))
    return (whole_from, whole_to), days


def _next_month(day: date) -> date | None:
    end = month_end(day)
    return None if end == date.max else end + timedelta(days=1)


def _previous_month(day: date) -> date | None:
    start = month_start(day)
    return None if start == date.min else month_start(start - timedelta(days=1))
