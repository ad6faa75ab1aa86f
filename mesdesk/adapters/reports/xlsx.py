"""The Excel batch report (XlsxWriter): three sheets — the batch, its statistics (with the
aggregations per hour), and its products with their aggregation state and time.

Every value is a typed cell: numbers as numbers, dates and times as Excel date cells on the
production clock (Excel has no time zones), and every text — codes, nomenclature, names —
written with ``write_string``, so ``=HYPERLINK(…)`` stays text and a 20-digit code keeps its
digits. A GS (ASCII 29) in a code cannot be held by XML: XlsxWriter writes Excel's own
escape ``_x001D_``, which Excel (and python-calamine) read back as GS. A text shaped like
``<r>…</r>``, which XlsxWriter would write as raw XML, is written so that it reads back as
typed (:class:`ReportWorksheet`).

``constant_memory`` keeps memory flat whatever the batch's size: rows go to temporary files
(in a private folder next to the staged file, removed whatever happens) as they are written.
A products sheet past Excel's 1,048,576 rows continues on the next sheet.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import UTC, date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.worksheet import Worksheet

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services.report_data import ReportData
from mesdesk.services.report_texts import report_texts

from .content import Field, Kind, batch_fields, hour_rows, local, statistics_fields

#: Rows of an Excel sheet (the header is one of them).
SHEET_ROWS = 1_048_576
PRODUCT_COLUMNS = 5


class ReportWorksheet(Worksheet):
    """A worksheet whose every text reads back exactly as written. XlsxWriter escapes ``&<>``,
    control characters and a literal ``_xHHHH_`` itself, but in ``constant_memory`` mode it
    writes a text shaped like ``<r>…</r>`` as raw rich-text XML (a nomenclature could break
    the file), so such a text is written as a rich string of plain runs, each escaped."""

    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        if string.startswith("<r>") and string.endswith("</r>"):
            runs = (string[:1], string[1:2], string[2:])    # XlsxWriter wants three or more
            return self.write_rich_string(row, col, *runs, *(
                (cell_format,) if cell_format is not None else ()))
        return super().write_string(row, col, string, cell_format)


class XlsxReportRenderer:
    extension = "xlsx"

    def __init__(self, *, sheet_rows: int = SHEET_ROWS) -> None:
        self.sheet_rows = sheet_rows        # smaller in a test of the continuation sheet

    def products_wanted(self, total: int) -> int:
        return total

    def render(self, report: ReportData, products: Iterable[Any], path: Path) -> int:
        try:
            with tempfile.TemporaryDirectory(prefix=".xlsx-", dir=path.parent,
                                             ignore_cleanup_errors=True) as parts:
                workbook = xlsxwriter.Workbook(str(path), {
                    "constant_memory": True, "tmpdir": parts, "strings_to_formulas": False,
                    "strings_to_urls": False, "strings_to_numbers": False})
                try:
                    rows = _Writer(workbook, report, self.sheet_rows).write(products)
                    workbook.close()
                except BaseException:
                    _abandon(workbook)
                    raise
                return rows
        except DomainError:
            raise                           # a cancel, or a problem reading the products
        except (OSError, XlsxWriterException) as exc:
            raise P.REPORT_NOT_WRITTEN(reason=_reason(exc)) from exc


class _Writer:
    def __init__(self, workbook: xlsxwriter.Workbook, report: ReportData,
                 sheet_rows: int) -> None:
        self.book = workbook
        self.report = report
        self.sheet_rows = sheet_rows
        self.t = t = report_texts(report.language)
        excel = t.excel_formats
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.subtitle = add({"bold": True, "font_size": 11})
        self.label = add({"bold": True, "valign": "top"})
        self.header = add({"bold": True, "bg_color": "#D9E1F2", "border": 1,
                           "valign": "top", "text_wrap": True})
        self.text = add({"text_wrap": True, "valign": "top"})
        self.plain = add({"valign": "top"})
        self.number = add({"num_format": "0", "align": "left", "valign": "top"})
        self.count = add({"num_format": "#,##0", "align": "left", "valign": "top"})
        self.decimal = add({"num_format": "0.0", "align": "left", "valign": "top"})
        self.hours = add({"num_format": "0.00", "align": "left", "valign": "top"})
        self.date = add({"num_format": excel["date"], "align": "left", "valign": "top"})
        self.datetime = add({"num_format": excel["datetime"], "align": "left",
                             "valign": "top"})
        self.seconds = add({"num_format": excel["seconds"], "align": "left"})
        workbook.set_properties({
            "title": t("Batch report"), "author": "MESDesk",
            "subject": t("Batch {number} of {date}", number=report.batch.batch_number,
                         date=t.date(report.batch.batch_date)),
            "created": report.generated_at.astimezone(UTC).replace(tzinfo=None)})

    def write(self, products: Iterable[Any]) -> int:
        t = self.t
        self._batch_sheet(self.book.add_worksheet(t("Batch"), ReportWorksheet))
        self._statistics_sheet(self.book.add_worksheet(t("Statistics"), ReportWorksheet))
        return self._products(products)

    # -- the batch and its statistics -------------------------------------------------------

    def _batch_sheet(self, sheet: Worksheet) -> None:
        t, batch = self.t, self.report.batch
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 70)
        sheet.write_string(0, 0, t("Batch report"), self.title)
        sheet.write_string(1, 0, t("Batch {number} of {date}", number=batch.batch_number,
                                   date=t.date(batch.batch_date)), self.subtitle)
        for row, field in enumerate(batch_fields(self.report, t), start=3):
            self._field(sheet, row, field)

    def _statistics_sheet(self, sheet: Worksheet) -> None:
        t = self.t
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 2, 22)
        sheet.write_string(0, 0, t("Statistics"), self.title)
        row = 2
        for field in statistics_fields(self.report, t):
            self._field(sheet, row, field)
            row += 1
        row += 1
        sheet.write_string(row, 0, t("Aggregations per hour"), self.subtitle)
        row += 1
        for column, title in enumerate((t("Hour"), t("Aggregated"), t("Total so far"))):
            sheet.write_string(row, column, title, self.header)
        for hour in hour_rows(self.report, t):
            row += 1
            if hour.start is not None:
                sheet.write_datetime(row, 0, local(hour.start, self.report), self.datetime)
            else:
                sheet.write_string(row, 0, hour.label, self.text)
            sheet.write_number(row, 1, hour.count, self.count)
            sheet.write_number(row, 2, hour.running_total, self.count)

    def _field(self, sheet: Worksheet, row: int, field: Field) -> None:
        sheet.write_string(row, 0, field.sheet_label, self.label)
        value = field.value
        if value is None:
            sheet.write_string(row, 1, field.note, self.text)
        elif field.kind is Kind.TEXT:
            sheet.write_string(row, 1, str(value), self.text)
        elif field.kind is Kind.DATETIME:
            sheet.write_datetime(row, 1, local(value, self.report),  # type: ignore[arg-type]
                                 self.datetime)
        elif field.kind is Kind.DATE:
            assert isinstance(value, date)
            sheet.write_datetime(row, 1, value, self.date)
        else:
            cell_format = {Kind.NUMBER: self.number, Kind.COUNT: self.count,
                           Kind.DECIMAL: self.decimal, Kind.HOURS: self.hours}[field.kind]
            sheet.write_number(row, 1, value, cell_format)       # type: ignore[arg-type]

    # -- the products -----------------------------------------------------------------------

    def _products_sheet(self, part: int) -> Worksheet:
        t = self.t
        name = t("Products") if part == 1 else t("Products ({part})", part=part)
        sheet = self.book.add_worksheet(name, ReportWorksheet)
        for column, (title, width) in enumerate(((t("No."), 9), (t("Unique code"), 62),
                                                 (t("State"), 18), (t("Aggregated at"), 21),
                                                 (t("Aggregated by"), 30))):
            sheet.set_column(column, column, width)
            sheet.write_string(0, column, title, self.header)
        sheet.freeze_panes(1, 0)
        return sheet

    def _products(self, products: Iterable[Any]) -> int:
        t = self.t
        aggregated, waiting = t("aggregated"), t("not aggregated")
        part, row, written = 1, 0, 0
        sheet = self._products_sheet(part)
        tz = self.report.timezone
        seconds, plain, number = self.seconds, self.plain, self.number
        for product in products:
            if row == self.sheet_rows - 1:
                sheet.autofilter(0, 0, row, PRODUCT_COLUMNS - 1)
                part, row = part + 1, 0
                sheet = self._products_sheet(part)
            row += 1
            written += 1
            sheet.write_number(row, 0, written, number)
            sheet.write_string(row, 1, product.unique_code, plain)
            if product.is_aggregated:
                sheet.write_string(row, 2, aggregated, plain)
                if product.aggregated_at is not None:
                    sheet.write_datetime(
                        row, 3, product.aggregated_at.astimezone(tz).replace(tzinfo=None),
                        seconds)
                if product.aggregated_by:
                    sheet.write_string(row, 4, product.aggregated_by, plain)
            else:
                sheet.write_string(row, 2, waiting, plain)
        sheet.autofilter(0, 0, row, PRODUCT_COLUMNS - 1)
        return written


def _abandon(workbook: xlsxwriter.Workbook) -> None:
    """Close the temporary row files of a workbook that will not be finished (so that their
    folder can go, on Windows too). XlsxWriter has no public way to abandon a workbook."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
