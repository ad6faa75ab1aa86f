"""What both report files say, decided once: the fields of the batch and of its statistics
with their values and kinds, and the rows per hour. The Excel file writes the values as typed
cells, the PDF as text (``ReportTexts`` formats them for the report's language).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from mesdesk.services.report_data import ReportData
from mesdesk.services.report_texts import ReportTexts, shortened

#: Longest user text a report shows (a shift task is free text of any length): a cell and a
#: page both have their limits.
TEXT_LIMIT = 2000


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"           # an id or a batch number: as it is, never grouped
    COUNT = "count"             # a quantity: grouped
    DECIMAL = "decimal"         # one decimal
    HOURS = "hours"             # a duration in hours
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled value. ``value`` None shows ``note`` instead (why there is none).
    ``unit_label`` is the label of a cell that holds the bare number (hours, %)."""

    label: str
    value: str | int | float | date | datetime | None
    kind: Kind = Kind.TEXT
    note: str = ""
    unit_label: str = ""

    @property
    def sheet_label(self) -> str:
        return self.unit_label or self.label

    def text(self, t: ReportTexts, report: ReportData) -> str:
        """The value as a page shows it."""
        value = self.value
        if value is None:
            return self.note
        if self.kind is Kind.COUNT:
            return t.integer(int(value))                    # type: ignore[arg-type]
        if self.kind is Kind.DECIMAL:
            return t.decimal(float(value))                  # type: ignore[arg-type]
        if self.kind is Kind.HOURS:
            return t.duration(float(value))                 # type: ignore[arg-type]
        if self.kind is Kind.DATETIME:
            return t.datetime(value, report.timezone)       # type: ignore[arg-type]
        if self.kind is Kind.DATE:
            return t.date(value)                            # type: ignore[arg-type]
        return str(value)


def batch_fields(report: ReportData, t: ReportTexts) -> list[Field]:
    batch = report.batch
    fields = [
        Field(t("Batch number"), batch.batch_number, Kind.NUMBER),
        Field(t("Batch date"), batch.batch_date, Kind.DATE),
        Field(t("Nomenclature"), _user_text(batch.nomenclature)),
        Field(t("EKN code"), _user_text(batch.ekn_code)),
        Field(t("Work center"), _user_text(batch.work_center_name)),
        Field(t("Work center identifier"), _user_text(batch.work_center)),
        Field(t("Shift"), _user_text(batch.shift)),
        Field(t("Team"), _user_text(batch.team)),
        Field(t("Shift task"), _user_text(batch.task_description)),
        Field(t("Shift start"), batch.shift_start, Kind.DATETIME),
        Field(t("Shift end"), batch.shift_end, Kind.DATETIME),
        Field(t("State"), t("closed") if batch.is_closed else t("open")),
    ]
    if batch.closed_at is not None:
        fields.append(Field(t("Closed at"), batch.closed_at, Kind.DATETIME))
    fields += [
        Field(t("Batch ID"), batch.id, Kind.NUMBER),
        Field(t("Generated at"), report.generated_at, Kind.DATETIME),
        Field(t("Time zone"), report.timezone_name),
    ]
    return fields


def statistics_fields(report: ReportData, t: ReportTexts) -> list[Field]:
    stats = report.statistics
    if stats.estimated_completion is None:
        completion_note = (t("every product is aggregated")
                           if stats.total_products and not stats.remaining
                           else t("cannot be estimated"))
    else:
        completion_note = ""
    return [
        Field(t("Total products"), stats.total_products, Kind.COUNT),
        Field(t("Aggregated"), stats.aggregated, Kind.COUNT),
        Field(t("Remaining"), stats.remaining, Kind.COUNT),
        Field(t("Aggregation rate, %"), stats.aggregation_rate, Kind.DECIMAL),
        Field(t("Shift duration"), stats.shift_duration_hours, Kind.HOURS,
              unit_label=t("Shift duration, h")),
        Field(t("Shift time elapsed"), stats.elapsed_hours, Kind.HOURS,
              unit_label=t("Shift time elapsed, h")),
        Field(t("Products per hour"), stats.products_per_hour, Kind.DECIMAL,
              note=t("cannot be estimated")),
        Field(t("Estimated completion"), stats.estimated_completion, Kind.DATETIME,
              note=completion_note),
    ]


@dataclass(frozen=True, slots=True)
class HourRow:
    """A row of the table per hour: an hour of the shift (``start`` set), or the
    aggregations before or after the hours listed (``label`` set)."""

    start: datetime | None
    label: str
    count: int
    running_total: int


def hour_rows(report: ReportData, t: ReportTexts) -> list[HourRow]:
    hourly = report.hourly
    rows: list[HourRow] = []
    running = 0
    if hourly.earlier and hourly.hours:
        running += hourly.earlier
        rows.append(HourRow(None, t("Aggregated before {time}", time=t.datetime(
            hourly.hours[0].start, report.timezone)), hourly.earlier, running))
    for hour in hourly.hours:
        running += hour.count
        rows.append(HourRow(hour.start, "", hour.count, running))
    if hourly.later and hourly.hours:
        running += hourly.later
        end = hourly.hours[-1].start + timedelta(hours=1)
        rows.append(HourRow(None, t("Aggregated after {time}", time=t.datetime(
            end, report.timezone)), hourly.later, running))
    return rows


def local(moment: datetime, report: ReportData) -> datetime:
    """An aware time on the production clock, without its zone (what a spreadsheet cell
    holds: Excel has no time zones)."""
    return moment.astimezone(report.timezone).replace(tzinfo=None)


def _user_text(text: str) -> str:
    return shortened(text, TEXT_LIMIT)
