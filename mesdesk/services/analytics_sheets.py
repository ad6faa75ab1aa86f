"""The sheets of the analytics exports (§10 views to ``.xlsx``): what each view's DTO becomes,
sheet by sheet, in the report's language.

Pure: a DTO in, ``DataSheet``s out, for ``SheetWriter.tables``. Numbers stay numbers (rates
as the percentage with one decimal the views show), dates are dates, times are naive local
times of the production zone (a cell has no zone; the Parameters sheet names it), and every
text (a team, a nomenclature) is a text cell whatever it begins with.

    t = report_texts("ru")
    sheets = dashboard_sheets(board, t, tz)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Any

from mesdesk.domain.export_sheets import ColumnKind, DataSheet, SheetColumn

from .analytics_dto import Activity, BatchAnalytics, Comparison, Dashboard, Totals
from .report_texts import ReportTexts

TEXT, INTEGER, DECIMAL = ColumnKind.TEXT, ColumnKind.INTEGER, ColumnKind.DECIMAL
DATE, DATETIME, VALUE = ColumnKind.DATE, ColumnKind.DATETIME, ColumnKind.VALUE


def _columns(*columns: tuple[str, str, ColumnKind]) -> tuple[SheetColumn, ...]:
    """Columns of (field, header in the report's language, kind)."""
    return tuple(SheetColumn(field, header, kind) for field, header, kind in columns)


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


def _figures(t: ReportTexts, title: str, rows: Iterable[tuple[str, Any]]) -> DataSheet:
    """A label/value sheet: each value in the cell of its own kind."""
    return DataSheet(title, _columns(("figure", t("Figure"), TEXT),
                                        ("value", t("Value"), VALUE)), list(rows))


# -- the dashboard -----------------------------------------------------------------------------

def _totals_columns(t: ReportTexts) -> tuple[tuple[str, str, ColumnKind], ...]:
    return (("batches", t("Total batches"), INTEGER),
            ("active", t("Open batches"), INTEGER), ("closed", t("Closed batches"), INTEGER),
            ("products", t("Total products"), INTEGER), ("aggregated", t("Aggregated"), INTEGER),
            ("aggregation_rate", t("Aggregation rate, %"), DECIMAL))


def _activity_columns(t: ReportTexts) -> tuple[tuple[str, str, ColumnKind], ...]:
    return (("batches_created", t("Batches created"), INTEGER),
            ("batches_closed", t("Batches closed"), INTEGER),
            ("products_added", t("Products added"), INTEGER),
            ("products_aggregated", t("Products aggregated"), INTEGER))


def _totals(totals: Totals) -> tuple[int | float, ...]:
    return (totals.batches, totals.active, totals.closed, totals.products, totals.aggregated,
            totals.rate)


def _activity(activity: Activity) -> tuple[int, ...]:
    return (activity.batches_created, activity.batches_closed, activity.products_added,
            activity.products_aggregated)


def dashboard_sheets(board: Dashboard, t: ReportTexts, tz: tzinfo) -> list[DataSheet]:
    """Summary (and today), By shift, Work centers (all of the filter's), Per hour, Per day."""
    summary, today = board.summary, board.today
    figures = _figures(t, t("Summary"), [
        (t("Total batches"), summary.batches), (t("Open batches"), summary.active),
        (t("Closed batches"), summary.closed), (t("Total products"), summary.products),
        (t("Aggregated"), summary.aggregated), (t("Aggregation rate, %"), summary.rate),
        (t("Today"), board.today_date),
        (t("Batches created today"), today.batches_created),
        (t("Batches closed today"), today.batches_closed),
        (t("Products added today"), today.products_added),
        (t("Products aggregated today"), today.products_aggregated),
        (t("As of"), _local(board.as_of, tz)), (t("Time zone"), board.zone),
    ])
    totals, activity = _totals_columns(t), _activity_columns(t)
    shifts = DataSheet(t("By shift"), _columns(("shift", t("Shift"), TEXT), *totals),
                       [(s.shift, *_totals(s.totals)) for s in board.by_shift])
    centers = DataSheet(t("Work centers"), _columns(
        ("work_center", t("Work center identifier"), TEXT), ("name", t("Work center"), TEXT),
        *totals), [(w.identifier, w.name, *_totals(w.totals)) for w in board.top_work_centers])
    hours = DataSheet(t("Per hour"), _columns(("hour", t("Hour"), DATETIME), *activity),
                      [(_local(p.start, tz), *_activity(p.activity)) for p in board.per_hour])
    days = DataSheet(t("Per day"), _columns(("date", t("Date"), DATE), *activity),
                     [(p.day, *_activity(p.activity)) for p in board.per_day])
    return [figures, shifts, centers, hours, days]


# -- a batch -----------------------------------------------------------------------------------

def batch_sheets(analytics: BatchAnalytics, t: ReportTexts, tz: tzinfo) -> list[DataSheet]:
    """Statistics (the batch, its §10 figures, the team period), Per hour, Teams."""
    batch, stats, hourly = analytics.batch, analytics.statistics, analytics.per_hour
    if stats.estimated_completion is not None:
        completion: Any = _local(stats.estimated_completion, tz)
    elif stats.total_products and not stats.remaining:
        completion = t("every product is aggregated")
    else:
        completion = t("cannot be estimated")
    figures = _figures(t, t("Statistics"), [
        (t("Batch ID"), batch.id), (t("Batch number"), batch.batch_number),
        (t("Batch date"), batch.batch_date),
        (t("Work center identifier"), batch.work_center),
        (t("Work center"), batch.work_center_name or batch.work_center),
        (t("Shift"), batch.shift), (t("Team"), batch.team),
        (t("Nomenclature"), batch.nomenclature),
        (t("State"), t("closed") if batch.is_closed else t("open")),
        (t("Shift start"), _local(batch.shift_start, tz)),
        (t("Shift end"), _local(batch.shift_end, tz)),
        (t("Total products"), stats.total_products), (t("Aggregated"), stats.aggregated),
        (t("Remaining"), stats.remaining), (t("Aggregation rate, %"), stats.aggregation_rate),
        (t("Shift duration, h"), round(stats.shift_duration_hours, 2)),
        (t("Shift time elapsed, h"), round(stats.elapsed_hours, 2)),
        (t("Products per hour"), stats.products_per_hour
         if stats.products_per_hour is not None else t("cannot be estimated")),
        (t("Estimated completion"), completion),
        (t("Aggregated before the shift"), hourly.earlier),
        (t("Aggregated after the shift"), hourly.later),
        (t("Team performance from"), analytics.teams_from),
        (t("Team performance to"), analytics.teams_to),
    ])
    running = hourly.earlier          # the last row's total plus "after" is the batch's count
    hour_rows = []
    for hour in hourly.hours:
        running += hour.count
        hour_rows.append((_local(hour.start, tz), hour.count, running))
    hours = DataSheet(t("Per hour"), _columns(
        ("hour", t("Hour"), DATETIME), ("products_aggregated", t("Products aggregated"), INTEGER),
        ("total_so_far", t("Total so far"), INTEGER)), hour_rows)
    teams = DataSheet(t("Teams"), _columns(
        ("team", t("Team"), TEXT), ("batches", t("Batches"), INTEGER),
        ("products_aggregated", t("Products aggregated"), INTEGER),
        ("hours", t("Hours worked"), DECIMAL),
        ("products_per_hour", t("Products per hour"), DECIMAL)),
        [(team.team, team.batches, team.aggregated, round(team.hours, 2), team.per_hour)
         for team in analytics.teams])
    return [figures, hours, teams]


# -- a comparison ------------------------------------------------------------------------------

def comparison_sheets(comparison: Comparison, t: ReportTexts) -> list[DataSheet]:
    """Batches: one row each in the order asked, then their average and their total (the
    overall rate is the total's, not the average of the rates)."""
    columns = _columns(
        ("id", t("Batch ID"), VALUE), ("batch_number", t("Batch number"), INTEGER),
        ("batch_date", t("Batch date"), DATE), ("work_center", t("Work center identifier"), TEXT),
        ("shift", t("Shift"), TEXT), ("team", t("Team"), TEXT),
        ("nomenclature", t("Nomenclature"), TEXT),
        ("total_products", t("Total products"), VALUE),
        ("aggregated_products", t("Aggregated"), VALUE),
        ("aggregation_rate", t("Aggregation rate, %"), DECIMAL),
        ("duration_hours", t("Shift duration, h"), DECIMAL),
        ("elapsed_hours", t("Shift time elapsed, h"), DECIMAL),
        ("products_per_hour", t("Products per hour"), DECIMAL))
    rows: list[Sequence[Any]] = [
        (b.id, b.batch_number, b.batch_date, b.work_center, b.shift, b.team, b.nomenclature,
         b.totals.products, b.totals.aggregated, b.totals.rate, round(b.duration_hours, 2),
         round(b.elapsed_hours, 2), b.per_hour) for b in comparison.batches]
    average = comparison.average
    rows.append((t("Average"), None, None, None, None, None, None,
                 average.get("total_products"), average.get("aggregated_products"),
                 average.get("aggregation_rate"), average.get("duration_hours"), None,
                 average.get("products_per_hour")))
    rows.append((t("Total"), None, None, None, None, None, None,
                 sum(b.totals.products for b in comparison.batches),
                 sum(b.totals.aggregated for b in comparison.batches),
                 average.get("overall_aggregation_rate"), None, None, None))
    return [DataSheet(t("Batches"), columns, rows)]
