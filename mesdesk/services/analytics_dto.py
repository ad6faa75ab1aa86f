"""What the analytics use cases (§10) return: frozen DTOs with the §10 names in ``as_dict``.

Times are aware datetimes; hours and days are in the production time zone the caller asked
with (``zone``). Rates are percentages rounded to 0.1 (``domain.statistics.aggregation_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mesdesk.domain.statistics import BatchStatistics, aggregation_rate

#: How many work centers the dashboard's "top" list holds.
TOP_WORK_CENTERS = 10
#: The dashboard's charts: hours up to now, days up to today (or the range's end).
CHART_HOURS = 24
CHART_DAYS = 30
#: How many batches a comparison takes.
COMPARE_MIN, COMPARE_MAX = 2, 50


@dataclass(frozen=True, slots=True)
class DashboardFilter:
    """Batch dates (inclusive) and a work center (its identifier). The summary, shifts and
    work centers count the batches of those dates; the charts end at the range's end (or
    now) and show the work center's activity."""

    date_from: date | None = None
    date_to: date | None = None
    work_center: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "work_center": self.work_center}


@dataclass(frozen=True, slots=True)
class Totals:
    """Batches and products of a group (all, a shift, a work center)."""

    batches: int
    closed: int
    products: int
    aggregated: int

    @property
    def active(self) -> int:
        return self.batches - self.closed

    @property
    def rate(self) -> float:
        return aggregation_rate(self.aggregated, self.products)

    def plus(self, other: "Totals") -> "Totals":
        return Totals(self.batches + other.batches, self.closed + other.closed,
                      self.products + other.products, self.aggregated + other.aggregated)

    def as_dict(self) -> dict[str, Any]:
        return {"total_batches": self.batches, "active_batches": self.active,
                "closed_batches": self.closed, "total_products": self.products,
                "aggregated_products": self.aggregated, "aggregation_rate": self.rate}


NO_TOTALS = Totals(0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Activity:
    """What happened in an hour, a day or today."""

    batches_created: int = 0
    batches_closed: int = 0
    products_added: int = 0
    products_aggregated: int = 0

    def plus(self, other: "Activity") -> "Activity":
        return Activity(self.batches_created + other.batches_created,
                        self.batches_closed + other.batches_closed,
                        self.products_added + other.products_added,
                        self.products_aggregated + other.products_aggregated)

    def as_dict(self) -> dict[str, Any]:
        return {"batches_created": self.batches_created, "batches_closed": self.batches_closed,
                "products_added": self.products_added,
                "products_aggregated": self.products_aggregated}


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    shift: str
    totals: Totals

    def as_dict(self) -> dict[str, Any]:
        return {"shift": self.shift, **self.totals.as_dict()}


@dataclass(frozen=True, slots=True)
class WorkCenterFigures:
    identifier: str
    name: str
    totals: Totals

    def as_dict(self) -> dict[str, Any]:
        return {"work_center": self.identifier, "name": self.name, **self.totals.as_dict()}


@dataclass(frozen=True, slots=True)
class HourPoint:
    start: datetime          # the hour's start in the production zone
    activity: Activity

    def as_dict(self) -> dict[str, Any]:
        return {"hour": self.start.isoformat(), **self.activity.as_dict()}


@dataclass(frozen=True, slots=True)
class DayPoint:
    day: date
    activity: Activity

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), **self.activity.as_dict()}


@dataclass(frozen=True, slots=True)
class Dashboard:
    filter: DashboardFilter
    zone: str
    as_of: datetime                            # the database's clock when it was read
    summary: Totals
    today: Activity
    today_date: date
    by_shift: tuple[ShiftFigures, ...]
    top_work_centers: tuple[WorkCenterFigures, ...]
    per_hour: tuple[HourPoint, ...]            # CHART_HOURS hours, oldest first
    per_day: tuple[DayPoint, ...]              # CHART_DAYS days, oldest first

    def as_dict(self) -> dict[str, Any]:
        return {
            "filter": self.filter.as_dict(), "time_zone": self.zone,
            "as_of": self.as_of.isoformat(),
            "summary": self.summary.as_dict(),
            "today": {"date": self.today_date.isoformat(), **self.today.as_dict()},
            "by_shift": [s.as_dict() for s in self.by_shift],
            "top_work_centers": [w.as_dict() for w in self.top_work_centers],
            "per_hour": [h.as_dict() for h in self.per_hour],
            "per_day": [d.as_dict() for d in self.per_day],
        }


@dataclass(frozen=True, slots=True)
class TeamFigures:
    team: str
    batches: int
    aggregated: int
    hours: float                 # shift hours worked (elapsed, clamped to each shift)

    @property
    def per_hour(self) -> float | None:
        return round(self.aggregated / self.hours, 1) if self.hours > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {"team": self.team, "batches": self.batches,
                "products_aggregated": self.aggregated, "hours": round(self.hours, 2),
                "products_per_hour": self.per_hour}


@dataclass(frozen=True, slots=True)
class BatchAnalytics:
    """§10 batch statistics, its aggregations per hour over the shift, and how the teams of
    its work center did over the 30 days up to its date."""

    batch: Any                                 # services.dto.BatchDTO
    statistics: BatchStatistics
    per_hour: Any                              # services.report_data.HourlyAggregation
    teams: tuple[TeamFigures, ...]
    teams_from: date
    teams_to: date

    def as_dict(self) -> dict[str, Any]:
        batch = self.batch
        return {
            "batch": {"id": batch.id, "batch_number": batch.batch_number,
                      "batch_date": batch.batch_date.isoformat(),
                      "work_center": batch.work_center, "shift": batch.shift,
                      "team": batch.team, "is_closed": batch.is_closed,
                      "shift_start": batch.shift_start.isoformat(),
                      "shift_end": batch.shift_end.isoformat()},
            "statistics": self.statistics.as_dict(),
            "per_hour": [{"hour": h.start.isoformat(), "products_aggregated": h.count}
                         for h in self.per_hour.hours],
            "aggregated_outside_shift": {"before": self.per_hour.earlier,
                                         "after": self.per_hour.later},
            "team_performance": {"date_from": self.teams_from.isoformat(),
                                 "date_to": self.teams_to.isoformat(),
                                 "teams": [t.as_dict() for t in self.teams]},
        }


@dataclass(frozen=True, slots=True)
class ComparedBatch:
    id: int
    batch_number: int
    batch_date: date
    work_center: str
    shift: str
    team: str
    nomenclature: str
    totals: Totals
    duration_hours: float        # the shift's length
    elapsed_hours: float         # of it, until now (clamped)

    @property
    def per_hour(self) -> float | None:
        return round(self.totals.aggregated / self.elapsed_hours, 1) \
            if self.elapsed_hours > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "batch_number": self.batch_number,
                "batch_date": self.batch_date.isoformat(), "work_center": self.work_center,
                "shift": self.shift, "team": self.team, "nomenclature": self.nomenclature,
                "total_products": self.totals.products,
                "aggregated_products": self.totals.aggregated,
                "aggregation_rate": self.totals.rate,
                "duration_hours": round(self.duration_hours, 2),
                "elapsed_hours": round(self.elapsed_hours, 2),
                "products_per_hour": self.per_hour}


@dataclass(frozen=True, slots=True)
class Comparison:
    batches: tuple[ComparedBatch, ...]         # in the order asked
    average: dict[str, float | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"batches": [b.as_dict() for b in self.batches], "average": dict(self.average)}
