"""What the Analytics screens decide, apart from their widgets (Qt-free, tested without Qt).

The batch list a drill-down opens, what an empty dashboard says, and the batches chosen to
compare. The tabs turn the answers into widgets and texts.
"""

from __future__ import annotations

import enum
from datetime import date

from mesdesk.services.analytics_dto import COMPARE_MAX, Dashboard, DashboardFilter
from mesdesk.services.dto import BatchFilter


class DashboardEmpty(enum.Enum):
    NOTHING = "nothing"          # there are figures to show
    NO_BATCHES = "no_batches"    # no batch at all, whatever the filter
    NO_MATCH = "no_match"        # the filter's dates or work center have none


def dashboard_empty(dashboard: Dashboard) -> DashboardEmpty:
    if dashboard.summary.batches:
        return DashboardEmpty.NOTHING
    flt = dashboard.filter
    filtered = bool(flt.date_from or flt.date_to or flt.work_center)
    return DashboardEmpty.NO_MATCH if filtered else DashboardEmpty.NO_BATCHES


def work_center_batches(flt: DashboardFilter, work_center: str) -> BatchFilter:
    """A work center row clicked: its batches of the dashboard's dates."""
    return BatchFilter(work_center=work_center, date_from=flt.date_from, date_to=flt.date_to)


def shift_batches(flt: DashboardFilter, shift: str) -> BatchFilter:
    """A shift row clicked: the batches of that shift, the dashboard's dates and work center."""
    return BatchFilter(shift=shift, work_center=flt.work_center, date_from=flt.date_from,
                       date_to=flt.date_to)


def day_batches(flt: DashboardFilter, day: date) -> BatchFilter:
    """A day's bar clicked: the batches dated that day (of the dashboard's work center)."""
    return BatchFilter(work_center=flt.work_center, date_from=day, date_to=day)


class CompareChoice:
    """The batch ids chosen to compare, in the order chosen, each once."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def add(self, batch_id: int) -> bool:
        """Add ``batch_id``; False when it is chosen already or the list is full."""
        if batch_id in self.ids or len(self.ids) >= COMPARE_MAX:
            return False
        self.ids.append(batch_id)
        return True

    def remove(self, batch_id: int) -> None:
        if batch_id in self.ids:
            self.ids.remove(batch_id)

    def clear(self) -> None:
        self.ids.clear()
