"""The PDF batch report (reportlab platypus, A4, DejaVu Sans for Cyrillic): the batch, its
statistics, a chart and a table of aggregations per hour of the shift, and its products.

A big batch stays readable: past ``LIST_ALL_UP_TO`` products the PDF lists the first
``FIRST_PRODUCTS`` and says that the full list is in the Excel report (the table per hour
summarises them all). Codes are shown with their GS separators as ``<GS>`` (GS itself is
not printable) and broken across lines to fit their column; every user text is escaped, so
``<b>`` or ``&`` in a nomenclature prints as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfdoc import PDFError
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services.report_data import ReportData
from mesdesk.services.report_texts import report_texts, shortened, visible_text

from .content import Field, batch_fields, hour_rows, statistics_fields
from .fonts import register_fonts
from .pdf_chart import hourly_chart
from .pdf_page import Furniture, canvas_maker

#: A batch with at most this many products is listed whole.
LIST_ALL_UP_TO = 2000
#: How many a bigger batch lists (about six pages: a code takes two lines).
FIRST_PRODUCTS = 200

MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
HEAD = colors.HexColor("#D9E1F2")
LABEL = colors.HexColor("#F2F4F7")
STRIPE = colors.HexColor("#F7F9FC")
LINE = colors.HexColor("#C5CDD8")
PRODUCT_SIZE = 7
GS_SHOWN = "<GS>"
#: platypus keeps this much space inside each side of the page's frame.
FRAME_PADDING = 6


def listed(total: int) -> int:
    """How many of a batch's ``total`` products the PDF lists."""
    return total if total <= LIST_ALL_UP_TO else FIRST_PRODUCTS


class PdfReportRenderer:
    extension = "pdf"

    def __init__(self, fonts: Path | None = None) -> None:
        self._fonts = fonts

    def products_wanted(self, total: int) -> int:
        return listed(total)

    def render(self, report: ReportData, products: Iterable[Any], path: Path) -> int:
        font, bold = register_fonts(self._fonts)
        try:
            return _Document(report, font, bold).write(products, path)
        except DomainError:
            raise                           # a cancel, or a problem reading the products
        except (OSError, LayoutError, PDFError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise P.REPORT_NOT_WRITTEN(reason=reason) from exc


class _Document:
    def __init__(self, report: ReportData, font: str, bold: str) -> None:
        self.report = report
        self.t = report_texts(report.language)
        self.font, self.bold = font, bold
        self.width = A4[0] - 2 * MARGIN_X - 2 * FRAME_PADDING     # what a table may fill
        self.title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20,
                                    spaceAfter=2)
        self.subtitle = ParagraphStyle("subtitle", fontName=font, fontSize=11, leading=14,
                                       spaceAfter=1)
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=12, leading=15,
                                      spaceBefore=10, spaceAfter=5)
        self.body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
        self.note = ParagraphStyle("note", fontName=font, fontSize=8.5, leading=11,
                                   spaceAfter=4, textColor=colors.HexColor("#444444"))
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11.5)
        self.cell_label = ParagraphStyle("cell_label", parent=self.cell, fontName=bold)

    def write(self, products: Iterable[Any], path: Path) -> int:
        t, report = self.t, self.report
        batch = report.batch
        story: list[Any] = [
            Paragraph(_text(t("Batch report")), self.title),
            Paragraph(_text(t("Batch {number} of {date}", number=batch.batch_number,
                              date=t.date(batch.batch_date))), self.subtitle),
        ]
        if batch.nomenclature:
            story.append(Paragraph(f"<b>{_text(shortened(batch.nomenclature, 300))}</b>",
                                   self.subtitle))
        story += [Paragraph(_text(t("Batch information")), self.heading),
                  self._fields(batch_fields(report, t)),
                  Paragraph(_text(t("Statistics")), self.heading),
                  self._fields(statistics_fields(report, t)),
                  Paragraph(_text(t("Aggregations per hour")), self.heading),
                  hourly_chart(report, t, self.width, self.font),
                  Spacer(1, 4 * mm),
                  self._hours()]
        rows = self._products(story, products)
        furniture = Furniture(
            font=self.font, header_left=f"MESDesk · {t('Batch report')}",
            header_right=t("Batch {number} of {date}", number=batch.batch_number,
                           date=t.date(batch.batch_date)),
            footer_left=t("Generated {time} ({zone})",
                          time=t.datetime(report.generated_at, report.timezone),
                          zone=report.timezone_name),
            page=t("Page {page} of {pages}"), left=MARGIN_X + FRAME_PADDING,
            right=A4[0] - MARGIN_X - FRAME_PADDING)
        document = SimpleDocTemplate(
            str(path), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=t("Batch report"),
            author="MESDesk", subject=furniture.header_right, creator="MESDesk")
        document.build(story, canvasmaker=canvas_maker(furniture))
        return rows

    # -- the batch, its statistics, its hours ----------------------------------------------

    def _fields(self, fields: list[Field]) -> Table:
        data = [[Paragraph(_text(field.label), self.cell_label),
                 Paragraph(_text(field.text(self.t, self.report)), self.cell)]
                for field in fields]
        table = Table(data, colWidths=[58 * mm, self.width - 58 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, LINE),
            ("BACKGROUND", (0, 0), (0, -1), LABEL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    def _hours(self) -> Table:
        t, report = self.t, self.report
        data: list[list[str]] = [[t("Hour"), t("Aggregated"), t("Total so far")]]
        for row in hour_rows(report, t):
            if row.start is None:
                label = row.label
            else:
                end = (row.start + timedelta(hours=1)).astimezone(report.timezone)
                label = f"{t.datetime(row.start, report.timezone)}–{end:%H:%M}"
            data.append([label, t.integer(row.count), t.integer(row.running_total)])
        widths = [self.width - 240, 120, 120]
        table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(self._grid(8.5, numeric_from=1))
        return table

    # -- the products ----------------------------------------------------------------------

    def _products(self, story: list[Any], products: Iterable[Any]) -> int:
        t, report = self.t, self.report
        total = report.batch.products_total
        story.append(Paragraph(_text(t("Products")), self.heading))
        limit = listed(total)
        # In points: the number, the code (what is left: two lines for a GS1 code with its
        # tail), the state, the time with seconds, who.
        widths = [28, 0, 64, 80, 75]
        widths[1] = self.width - sum(widths)
        code_width = widths[1] - 7
        by_width = widths[4] - 7
        aggregated, waiting = t("aggregated"), t("not aggregated")
        data: list[list[str]] = [[t("No."), t("Unique code"), t("State"), t("Aggregated at"),
                                  t("Aggregated by")]]
        has_gs = False
        for number, product in enumerate(islice(products, limit), start=1):
            code = product.unique_code
            has_gs = has_gs or "\x1d" in code
            when = (t.datetime(product.aggregated_at, report.timezone, seconds=True)
                    if product.aggregated_at is not None else "")
            data.append([str(number),
                         self._wrap(visible_text(code), code_width, words=False),
                         aggregated if product.is_aggregated else waiting,
                         when,
                         self._wrap(visible_text(product.aggregated_by or ""), by_width)])
        rows = len(data) - 1
        if rows == 0:
            story.append(Paragraph(_text(t("This batch has no products.")), self.body))
            return 0
        if total > LIST_ALL_UP_TO:
            story.append(Paragraph(_text(t(
                "The first {shown} of {total} products are listed here; the full list is in "
                "the Excel report.", shown=t.integer(rows), total=t.integer(total))),
                self.note))
        if has_gs:
            story.append(Paragraph(_text(t("GS separators in codes are shown as <GS>.")),
                                   self.note))
        table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(self._grid(PRODUCT_SIZE, numeric_from=None, number_column=True))
        story.append(table)
        return rows

    def _wrap(self, text: str, width: float, *, words: bool = True) -> str:
        """``text`` broken into lines that fit ``width`` at the products' size: at spaces
        when ``words``, and anywhere a word (a code) is still too wide."""
        font, size = self.font, PRODUCT_SIZE
        if not text or stringWidth(text, font, size) <= width:
            return text
        lines = simpleSplit(text, font, size, width) if words else [text]
        out: list[str] = []
        for line in lines:
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = _fitting(line, font, size, width)
                if not words:
                    cut = _code_cut(line, cut)
                out.append(line[:cut])
                line = line[cut:]
            out.append(line)
        return "\n".join(out)

    def _grid(self, size: float, *, numeric_from: int | None,
              number_column: bool = False) -> TableStyle:
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, size, size + 2),
            ("FONT", (0, 0), (-1, 0), self.bold, size, size + 2),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
            ("GRID", (0, 0), (-1, -1), 0.3, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if numeric_from is not None:
            commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
        if number_column:
            commands.append(("ALIGN", (0, 0), (0, -1), "RIGHT"))
        return TableStyle(commands)


def _fitting(line: str, font: str, size: float, width: float) -> int:
    """How many leading characters of ``line`` fit ``width`` (at least one)."""
    low, high = 1, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(line[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _code_cut(line: str, cut: int) -> int:
    """Where to break a shown code near ``cut``: after a ``<GS>`` when one ends in the last
    part of the line (a reader sees the element strings whole), never inside one."""
    start = line.rfind(GS_SHOWN, 0, cut)
    if start < 0:
        return cut
    end = start + len(GS_SHOWN)
    if end <= cut:
        return end if end >= cut * 0.6 else cut
    return start if start > 0 else cut


def _text(text: str) -> str:
    """User or report text for a Paragraph: control characters visible, markup escaped."""
    return escape(visible_text(text))
