"""The PDF report's chart: products aggregated in each hour of the shift (reportlab graphics).

Readable whatever the shift: hour labels are thinned out so they never touch (every hour on
a 12-hour shift, every few on a long one), a shift across midnight says each day's date under
its first label (a night shift's 00:00 is the next day), the value axis counts in round
steps, the counts stand above the bars while there is room for them, and an empty shift says
so in the plot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mesdesk.services.report_data import ReportData
from mesdesk.services.report_texts import ReportTexts

from .content import local

BAR = colors.HexColor("#2F6DB5")
GRID = colors.HexColor("#D0D7E2")
INK = colors.HexColor("#333333")
LABEL_SIZE = 7
#: Above this many bars the counts no longer fit above them.
MAX_BAR_LABELS = 16


def nice_scale(top: int) -> tuple[int, int]:
    """(axis maximum, step) in round numbers (1, 2, 5 × 10ⁿ), at most six steps."""
    if top <= 0:
        return 5, 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            candidate = factor * step
            if math.ceil(top / candidate) <= 6:
                return math.ceil(top / candidate) * candidate, candidate
        step *= 10


def hour_labels(starts: Sequence[datetime], every: int, t: ReportTexts) -> list[str]:
    """The category labels of hours starting at ``starts`` (production clock): every
    ``every``-th labelled "HH:MM", the others blank; when the hours span more than one day,
    the first label and the first of each new day carry the date on a second line."""
    several_days = len({start.date() for start in starts}) > 1
    labels: list[str] = []
    shown_day = None
    for index, start in enumerate(starts):
        if index % every:
            labels.append("")
            continue
        label = start.strftime("%H:%M")
        if several_days and start.date() != shown_day:
            label += "\n" + t.date(start.date())
            shown_day = start.date()
        labels.append(label)
    return labels


def hourly_chart(report: ReportData, t: ReportTexts, width: float, font: str) -> Drawing:
    hours = report.hourly.hours
    counts = [hour.count for hour in hours] or [0]
    starts = [local(hour.start, report) for hour in hours]
    several_days = len({start.date() for start in starts}) > 1
    height = 66 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 40 if several_days else 30
    chart.width, chart.height = width - chart.x - 8, height - chart.y - 14
    chart.data = [counts]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.groupSpacing = 3 if len(counts) > 24 else 6
    chart.strokeColor = None

    slot = chart.width / len(counts)
    widest = t.date(starts[0].date()) if several_days else "00:00"
    label_width = stringWidth(widest, font, LABEL_SIZE) + 6
    every = max(1, math.ceil(label_width / slot))
    axis = chart.categoryAxis
    axis.categoryNames = hour_labels(starts, every, t) or [""]
    axis.labels.fontName, axis.labels.fontSize = font, LABEL_SIZE
    axis.labels.boxAnchor, axis.labels.dy = "n", -2
    axis.labels.fillColor = INK
    axis.strokeColor = INK
    axis.tickDown = 2

    top, step = nice_scale(max(counts))
    values = chart.valueAxis
    values.valueMin, values.valueMax, values.valueStep = 0, top, step
    values.labels.fontName, values.labels.fontSize = font, LABEL_SIZE
    values.labels.fillColor = INK
    values.labelTextFormat = lambda value: t.integer(int(value))
    values.visibleGrid = True
    values.gridStrokeColor = GRID
    values.gridStrokeWidth = 0.5
    values.strokeColor = INK

    busiest = max(counts)
    if 0 < busiest and len(counts) <= MAX_BAR_LABELS:
        chart.barLabelFormat = lambda value: t.integer(int(value)) if value else ""
        chart.barLabels.fontName, chart.barLabels.fontSize = font, 6.5
        chart.barLabels.boxAnchor, chart.barLabels.dy = "s", 1
        chart.barLabels.fillColor = INK
    drawing.add(chart)

    drawing.add(String(chart.x + chart.width / 2, 4,
                       t("Hours of the shift ({zone})", zone=report.timezone_name),
                       fontName=font, fontSize=8, fillColor=INK, textAnchor="middle"))
    # The value axis's title, turned to read upwards along it.
    drawing.add(Group(String(0, 0, t("Products aggregated"), fontName=font, fontSize=8,
                             fillColor=INK, textAnchor="middle"),
                      transform=(0, 1, -1, 0, 10, chart.y + chart.height / 2)))
    if busiest == 0:
        drawing.add(String(chart.x + chart.width / 2, chart.y + chart.height / 2,
                           t("No product has been aggregated yet."), fontName=font,
                           fontSize=9, fillColor=INK, textAnchor="middle"))
    return drawing
