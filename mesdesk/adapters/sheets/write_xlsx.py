"""An export as an ``.xlsx`` workbook (SPEC §7), streamed: XlsxWriter in ``constant_memory``
mode, so memory stays flat however many rows come.

A data sheet ("Batches", "Products"; an analytics export has several: ``write_workbook``) has
a bold header row, frozen below it, an autofilter over the data, and column widths from the
header and the first rows. Past Excel's
1,048,576 rows a sheet is full and the data goes on in "Batches (2)", "Batches (3)"… each with
the same header, pane and filter. A last sheet, "Parameters", says what was exported: the
filters, the station and user, when (in the production time zone, named there: a spreadsheet
cell has no zone), the app version, and how many rows.

Cell kinds follow ``export_sheets.ColumnKind``: dates and times are date cells of the
production zone's local time, numbers are numbers, booleans are booleans, and everything else
(codes above all) is text that no spreadsheet evaluates (see ``write_xlsx_rows``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook

from mesdesk.domain.export_sheets import (PARAMETERS_SHEET, ColumnKind, DataSheet, SheetColumn,
                                          parameter_label)

from .write_xlsx_rows import RowEncoder, StreamingWorksheet, row_encoder, text_element

#: Rows of one sheet, the header included (Excel's limit).
SHEET_ROW_LIMIT = 1_048_576
#: Rows looked at to size the columns.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Rendered rows written to the sheet's file at a time.
CHUNK = 2_000

DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"
#: How wide a kind's cells show, whatever their value.
_SHOWN_WIDTH = {ColumnKind.DATE: len(DATE_FORMAT), ColumnKind.DATETIME: len(DATETIME_FORMAT),
                ColumnKind.BOOLEAN: len("ИСТИНА")}


def write_xlsx(path: Path, title: str, columns: Sequence[SheetColumn],
               rows: Iterable[Sequence[Any]], parameters: Mapping[str, Any], *,
               row_limit: int = SHEET_ROW_LIMIT) -> int:
    """Write the workbook of one data sheet at ``path``; returns the data rows written."""
    return write_workbook(path, [DataSheet(title, columns, rows)], parameters,
                          row_limit=row_limit)


def write_workbook(path: Path, sheets: Iterable[DataSheet], parameters: Mapping[str, Any], *,
                   row_limit: int = SHEET_ROW_LIMIT) -> int:
    """Write the data ``sheets`` in order, then the Parameters sheet, at ``path``; returns the
    data rows written in all. XlsxWriter's scratch files live next to ``path`` (the store's
    staging folder) and go whatever happens."""
    if row_limit < 2:
        raise ValueError("a sheet holds the header and at least one row")
    with tempfile.TemporaryDirectory(prefix=".xlsx-", dir=path.parent) as scratch:
        workbook = Workbook(str(path), {"constant_memory": True, "tmpdir": scratch})
        # Zip64 records only where a part passes 4 GB (millions of wide rows); smaller files
        # are written as without it.
        workbook.use_zip64()
        try:
            styles = _Styles(workbook)
            written = 0
            for sheet in sheets:
                written += _fill(workbook, styles, sheet, row_limit)
            _parameters_sheet(workbook, parameters, written, styles)
            workbook.close()
        except BaseException:
            _abandon(workbook)
            raise
    return written


class _Styles:
    """The cell styles of a workbook, made once for all its sheets: the header's bold, and
    the XF indexes of the kinds that have a number format (assigned now, as XlsxWriter
    assigns them when a cell first uses a format)."""

    def __init__(self, workbook: Workbook) -> None:
        self.bold = workbook.add_format({"bold": True})
        formats = {ColumnKind.DATE: workbook.add_format({"num_format": DATE_FORMAT}),
                   ColumnKind.DATETIME: workbook.add_format({"num_format": DATETIME_FORMAT}),
                   ColumnKind.DECIMAL: workbook.add_format({"num_format": "0.0"})}
        self.kinds = {kind: style._get_xf_index() for kind, style in formats.items()}
        self.header = self.bold._get_xf_index()

    def encoder(self, kinds: Sequence[ColumnKind]) -> RowEncoder:
        """A row encoder for ``kinds``; a ``VALUE`` column gets each cell the kind of its
        value, through one generated encoder per combination of kinds met."""
        if ColumnKind.VALUE not in kinds:
            return row_encoder(kinds, self.kinds)
        encoders: dict[tuple[ColumnKind, ...], RowEncoder] = {}

        def encode(row: int, values: Sequence[Any]) -> str:
            actual = tuple(_kind_of(value) if kind is ColumnKind.VALUE else kind
                           for kind, value in zip(kinds, values))
            found = encoders.get(actual)
            if found is None:
                found = encoders[actual] = row_encoder(actual, self.kinds)
            return found(row, values)

        return encode


def _fill(workbook: Workbook, styles: _Styles, data: DataSheet, row_limit: int) -> int:
    """One data sheet, continued in "Title (2)"… past ``row_limit`` rows."""
    columns, title = data.columns, data.title
    encode = styles.encoder([column.kind for column in columns])
    header = _header_row([column.header for column in columns], styles.header)
    rows = iter(data.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = column_widths(columns, sample)
    last_col = len(columns) - 1

    written = 0
    number = 0
    stream = chain(sample, rows)
    while True:
        number += 1
        sheet = workbook.add_worksheet(title if number == 1 else f"{title} ({number})",
                                       worksheet_class=StreamingWorksheet)
        sheet.append_rendered(header, 0, 0, last_col)
        in_sheet = _write_rows(sheet, encode, islice(stream, row_limit - 1), last_col)
        written += in_sheet
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, in_sheet, last_col)
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        if in_sheet < row_limit - 1:
            break
        following = next(stream, None)          # a full sheet: is there more?
        if following is None:
            break
        stream = chain([following], stream)
    return written


def _write_rows(sheet: StreamingWorksheet, encode: Any, rows: Iterable[Sequence[Any]],
                last_col: int) -> int:
    """Render and append ``rows`` after the header; returns how many."""
    row = 1                                     # 0-based: the first row under the header
    batch: list[str] = []
    first = row
    for values in rows:
        batch.append(encode(row + 1, values))
        row += 1
        if len(batch) >= CHUNK:
            sheet.append_rendered("".join(batch), first, row - 1, last_col)
            batch.clear()
            first = row
    if batch:
        sheet.append_rendered("".join(batch), first, row - 1, last_col)
    return row - 1


def _header_row(headers: Sequence[str], style: int) -> str:
    cells = "".join(f'<c r="{_column_name(index)}1" s="{style}" t="inlineStr"><is>'
                    f'{text_element(header)}</is></c>' for index, header in enumerate(headers))
    return f'<row r="1">{cells}</row>'


def _column_name(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def column_widths(columns: Sequence[SheetColumn], sample: Sequence[Sequence[Any]]
                  ) -> list[float]:
    """Widths in characters: the widest of the header and the sampled values, capped."""
    widths = []
    for index, column in enumerate(columns):
        widest = max([len(column.header), _SHOWN_WIDTH.get(column.kind, 0),
                      *(len(str(values[index])) for values in sample
                        if column.kind not in _SHOWN_WIDTH and values[index] is not None)])
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))))
    return widths


def _parameters_sheet(workbook: Workbook, parameters: Mapping[str, Any], rows: int,
                      styles: _Styles) -> None:
    """Parameter, value: text as text (never a formula, never markup), numbers, dates and
    times as such (rendered like the data rows, each value as its kind)."""
    sheet = workbook.add_worksheet(PARAMETERS_SHEET, worksheet_class=StreamingWorksheet)
    sheet.append_rendered(_header_row(["Параметр (parameter)", "Значение (value)"],
                                      styles.header), 0, 0, 1)
    encode = styles.encoder([ColumnKind.TEXT, ColumnKind.VALUE])
    rendered = []
    widest = 24
    for row, (key, value) in enumerate([*parameters.items(), ("rows", rows)], start=1):
        label = parameter_label(key)
        widest = max(widest, len(label))
        rendered.append(encode(row + 1, (label, value)))
    sheet.append_rendered("".join(rendered), 1, len(rendered), 1)
    sheet.set_column(0, 0, min(MAX_WIDTH, widest + 2))
    sheet.set_column(1, 1, 40)


def _kind_of(value: Any) -> ColumnKind:
    if isinstance(value, bool):
        return ColumnKind.BOOLEAN
    if isinstance(value, int):
        return ColumnKind.INTEGER
    if isinstance(value, float):
        return ColumnKind.DECIMAL
    if isinstance(value, datetime):
        return ColumnKind.DATETIME
    if isinstance(value, date):
        return ColumnKind.DATE
    return ColumnKind.TEXT


def _abandon(workbook: Workbook) -> None:
    """Close the scratch files of a workbook that will not be finished (so its folder can
    go, on Windows too); the partial workbook itself was never written."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
    workbook.fileclosed = True                  # no "close() was never called" warning
