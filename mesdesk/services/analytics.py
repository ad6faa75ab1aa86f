"""Analytics (§10): the dashboard, a batch's statistics, a comparison of batches.

Read from the rollups the database keeps in the transaction of every change (migration 0007),
so a dashboard over ten million products is a few thousand rows read, and never stale.
``refresh_statistics`` (scheduled) folds the rollups' appended changes; nothing depends on it
having run but the speed of the reads.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from mesdesk.domain import problems as P
from mesdesk.domain.statistics import aggregation_rate, batch_statistics

from .analytics_dto import (CHART_DAYS, CHART_HOURS, COMPARE_MAX, COMPARE_MIN, NO_TOTALS,
                            TOP_WORK_CENTERS, Activity, BatchAnalytics, Comparison,
                            Dashboard, DashboardFilter, DayPoint, HourPoint, ShiftFigures,
                            Totals, WorkCenterFigures)
from .batches import load_batch
from .ports import UnitOfWorkFactory
from .reports import MAX_HOURS

#: The days of team performance on a batch's page: the 30 up to its date.
TEAM_DAYS = 30
HOUR = timedelta(hours=1)


def dashboard(uow_factory: UnitOfWorkFactory, flt: DashboardFilter, zone: str, *,
              top: int | None = TOP_WORK_CENTERS) -> Dashboard:
    """§10 dashboard of ``flt``; ``top_work_centers`` holds the first ``top`` by products
    aggregated (every work center of the filter with None: an export lists them all, read
    from the same totals at no cost)."""
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise P.ANALYTICS_DATES_REVERSED(start_date=flt.date_from, end_date=flt.date_to)
    tz = ZoneInfo(zone)
    with uow_factory() as uow:
        now = uow.now()
        work_center_id = None
        if flt.work_center:
            work_center_id = uow.analytics.work_center_id(flt.work_center)
            if work_center_id is None:
                raise P.WORK_CENTER_NOT_FOUND(work_center=flt.work_center)
        groups = uow.analytics.totals(flt.date_from, flt.date_to, work_center_id)
        today = now.astimezone(tz).date()
        last_day = min(today, flt.date_to) if flt.date_to else today
        hours_end = _hour_after(now) if last_day == today else _midnight(last_day + timedelta(1), tz)
        hours_start = hours_end - CHART_HOURS * HOUR
        days_start = _midnight(last_day - timedelta(days=CHART_DAYS - 1), tz)
        today_start = _midnight(today, tz)
        # One read of the hours the charts and "today" need (they overlap unless the range
        # ends before today), grouped here: the rollups are scanned once, not three times.
        hours = uow.analytics.activity(min(days_start, hours_start), hours_end, "hour", "UTC",
                                       work_center_id)
        if last_day != today:
            hours.update(uow.analytics.activity(today_start, _hour_after(now), "hour", "UTC",
                                                work_center_id))
    by_day: dict[date, Activity] = {}
    for start, activity in hours.items():
        day = start.astimezone(tz).date()
        by_day[day] = by_day.get(day, Activity()).plus(activity)
    return Dashboard(
        filter=flt, zone=zone, as_of=now,
        summary=_sum(totals for _, _, _, totals in groups),
        today=by_day.get(today, Activity()), today_date=today,
        by_shift=_by_shift(groups), top_work_centers=_top_work_centers(groups, top),
        per_hour=tuple(HourPoint(start.astimezone(tz), hours.get(start, Activity()))
                       for start in _steps(hours_start, hours_end)),
        per_day=tuple(DayPoint(day, by_day.get(day, Activity()))
                      for day in (last_day - timedelta(days=n)
                                  for n in range(CHART_DAYS - 1, -1, -1))))


def batch_analytics(uow_factory: UnitOfWorkFactory, batch_id: int, zone: str
                    ) -> BatchAnalytics:
    """§10 statistics of a batch, its aggregations per hour over the shift, and how the teams
    of its work center did over the 30 days up to its date."""
    with uow_factory() as uow:
        batch = load_batch(uow, batch_id)
        now = uow.now()
        per_hour = uow.reports.hourly(batch_id, zone, batch.shift_start, batch.shift_end,
                                      MAX_HOURS)
        teams_from = batch.batch_date - timedelta(days=TEAM_DAYS - 1)
        work_center_id = uow.analytics.work_center_id(batch.work_center)
        teams = uow.analytics.teams(teams_from, batch.batch_date, work_center_id) \
            if work_center_id is not None else []
    statistics = batch_statistics(batch.products_total, batch.products_aggregated,
                                  batch.shift_start, batch.shift_end, now)
    return BatchAnalytics(batch=batch, statistics=statistics, per_hour=per_hour,
                          teams=tuple(teams), teams_from=teams_from,
                          teams_to=batch.batch_date)


def compare_batches(uow_factory: UnitOfWorkFactory, batch_ids: list[int]) -> Comparison:
    """2 to 50 batches side by side, in the order given (a repeated id counts once), with
    the averages of their figures."""
    ids = list(dict.fromkeys(batch_ids))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise P.ANALYTICS_COMPARE_COUNT(minimum=COMPARE_MIN, maximum=COMPARE_MAX,
                                        count=len(ids))
    with uow_factory() as uow:
        found = uow.analytics.compare(ids)
    missing = [batch_id for batch_id in ids if batch_id not in found]
    if missing:
        raise P.ANALYTICS_BATCHES_MISSING(ids=", ".join(map(str, missing)))
    batches = tuple(found[batch_id] for batch_id in ids)
    count = len(batches)
    total = sum(b.totals.products for b in batches)
    aggregated = sum(b.totals.aggregated for b in batches)
    paces = [b.per_hour for b in batches if b.per_hour is not None]
    average = {
        "total_products": round(total / count, 1),
        "aggregated_products": round(aggregated / count, 1),
        "aggregation_rate": round(sum(b.totals.rate for b in batches) / count, 1),
        "overall_aggregation_rate": aggregation_rate(aggregated, total),
        "duration_hours": round(sum(b.duration_hours for b in batches) / count, 2),
        "products_per_hour": round(sum(paces) / len(paces), 1) if paces else None,
    }
    return Comparison(batches=batches, average=average)


def refresh_statistics(uow_factory: UnitOfWorkFactory) -> dict[str, int]:
    """Fold the rollups' appended changes into their totals (the §9 job, every 5 minutes):
    ``folded`` change rows (none while another fold runs). The figures read are the same
    before and after; the reads get faster."""
    with uow_factory() as uow:
        folded = uow.analytics.fold()
        uow.commit()
    return {"folded": folded.changes}


# -- helpers -----------------------------------------------------------------------------------

def _sum(totals) -> Totals:
    result = NO_TOTALS
    for item in totals:
        result = result.plus(item)
    return result


def _by_shift(groups) -> tuple[ShiftFigures, ...]:
    shifts: dict[str, Totals] = {}
    for _, _, shift, totals in groups:
        shifts[shift] = shifts.get(shift, NO_TOTALS).plus(totals)
    return tuple(ShiftFigures(shift, totals) for shift, totals in sorted(shifts.items()))


def _top_work_centers(groups, top: int | None) -> tuple[WorkCenterFigures, ...]:
    centers: dict[tuple[str, str], Totals] = {}
    for identifier, name, _, totals in groups:
        centers[identifier, name] = centers.get((identifier, name), NO_TOTALS).plus(totals)
    ranked = sorted(centers.items(), key=lambda item: (-item[1].aggregated, -item[1].products,
                                                      item[0][0]))
    return tuple(WorkCenterFigures(identifier, name, totals)
                 for (identifier, name), totals in ranked[:top])


def _hour_after(moment: datetime) -> datetime:
    """The end of the UTC hour ``moment`` is in."""
    return moment.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0) + HOUR


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _steps(start: datetime, end: datetime):
    moment = start
    while moment < end:
        yield moment
        moment += HOUR
