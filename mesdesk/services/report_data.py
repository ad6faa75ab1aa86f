"""What a batch report says, as frozen data (no Qt, no library): the batch, its statistics
(§10), its aggregations per hour of the shift, and the result of making the file.

The products are not held here: a report streams them page by page (``reports.
report_products``), so a batch of a million codes never sits in memory at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from mesdesk.domain.statistics import BatchStatistics

from .dto import BatchDTO, MadeFile


@dataclass(frozen=True, slots=True)
class HourCount:
    """Products aggregated in one hour of the production clock, from ``start`` (aware)."""

    start: datetime
    count: int


@dataclass(frozen=True, slots=True)
class HourlyAggregation:
    """Aggregations per hour over the shift, every hour listed (zero too).

    An aggregation outside the hours listed (a scan before the shift started or after it
    ended, or past the hours a report shows for an absurdly long shift) is counted in
    ``earlier`` or ``later``, so the numbers always add up to the batch's aggregated products.
    """

    hours: tuple[HourCount, ...]
    earlier: int = 0
    later: int = 0

    @property
    def total(self) -> int:
        return self.earlier + self.later + sum(hour.count for hour in self.hours)

    @property
    def busiest(self) -> int:
        return max((hour.count for hour in self.hours), default=0)


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report says besides its list of products."""

    batch: BatchDTO
    statistics: BatchStatistics
    hourly: HourlyAggregation
    generated_at: datetime          # aware: the database's clock when the batch was read
    timezone: tzinfo                # the production time zone: every time is shown in it
    timezone_name: str
    language: str                   # "ru" | "en"


#: A stored report (see ``MadeFile``).
ReportResult = MadeFile
