"""Rows of an ``.xlsx`` sheet as SpreadsheetML text, fast: the inner loop of a big export.

XlsxWriter's own ``write_*`` calls cost about 60 µs for a row of six cells on a station-class
CPU (a cell is checked, stored, then rendered through several layers), so a million products
would take a minute. Here one function, generated once per column layout, renders a whole
row in one expression with each column's kind known in advance; XlsxWriter still makes the
workbook (styles, frozen pane, autofilter, column widths, the zip) around it
(:class:`StreamingWorksheet`). The cells are what XlsxWriter itself writes in its
``constant_memory`` mode, escapes included:

- text is always an inline string cell (``t="inlineStr"``): never a formula, whatever it begins
  with, and never XML: ``&``, ``<``, ``>`` are entities. (XlsxWriter's ``constant_memory`` mode
  writes a text that looks like ``<r>…</r>`` as raw rich-text XML, so a nomenclature could
  inject markup; here it cannot.)
- control characters, which XML cannot hold, are Excel's ``_xHHHH_`` escapes (GS, ASCII 29, is
  ``_x001D_``), and a literal ``_xHHHH_`` in the text has its underscore escaped
  (``_x005F_``) so a reader gives back exactly the text written;
- leading or trailing spaces are kept (``xml:space="preserve"``);
- a text longer than Excel's 32,767 characters is cut there, as Excel would;
- dates and times are serial numbers with a date style (Excel's 1900 system); a date before
  1900-03-01, which Excel cannot show, is written as ISO text instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from mesdesk.domain.export_sheets import ColumnKind

#: Excel's longest text in a cell (UTF-16 code units).
MAX_TEXT = 32_767

_EPOCH = datetime(1899, 12, 30)          # serial 0 of the 1900 system (after its leap bug)
_FIRST_DAY = date(1900, 3, 1)            # before this the 1900 system's serials are off
_DAY = timedelta(days=1)
_EPOCH_ORDINAL = _EPOCH.toordinal()

# One character class scans fast; an alternation with ``_xHHHH_`` would be four times slower.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
#: What an XML reader may trim from the ends of a text unless told to keep it.
_SPACES = frozenset(" \t\n\r")


def escaped(text: str) -> str:
    """Text as the body of a ``<t>`` element, escaped as Excel and XlsxWriter do."""
    if "_x" not in text and _SPECIAL.search(text) is None:
        return text
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\x1d" in text:                       # GS: in every marking code with a tail
        text = text.replace("\x1d", "_x001D_")
    if _CONTROL.search(text) is not None:
        text = _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text)
    return text


def _utf16_cut(text: str) -> str:
    if len(text) * 2 <= MAX_TEXT or len(text.encode("utf-16-le")) // 2 <= MAX_TEXT:
        return text
    cut = text[:MAX_TEXT]
    while len(cut.encode("utf-16-le")) // 2 > MAX_TEXT:
        cut = cut[:-1]
    return cut


def text_element(value: Any) -> str:
    """The ``<is>`` body of an inline string cell holding ``value`` as text."""
    text = value if value.__class__ is str else str(value)
    if len(text) > MAX_TEXT // 2:
        text = _utf16_cut(text)
    if text and (text[0] in _SPACES or text[-1] in _SPACES):
        return f'<t xml:space="preserve">{escaped(text)}</t>'
    return f"<t>{escaped(text)}</t>"


def day_serial(value: date) -> str | None:
    """Excel's serial of a date, or None when Excel cannot show it."""
    if value < _FIRST_DAY:
        return None
    return str(value.toordinal() - _EPOCH_ORDINAL)


def moment_serial(value: datetime) -> str | None:
    """Excel's serial of a naive date and time, or None when Excel cannot show it."""
    if value.date() < _FIRST_DAY:
        return None
    return repr((value - _EPOCH) / _DAY)


def decimal_text(value: float) -> str | None:
    number = float(value)
    return repr(number) if math.isfinite(number) else None


RowEncoder = Callable[[int, Sequence[Any]], str]


def row_encoder(kinds: Sequence[ColumnKind], styles: dict[ColumnKind, int]) -> RowEncoder:
    """A function ``encode(r, values) -> '<row r=…>…</row>'`` for rows of ``kinds`` (``r`` is
    Excel's 1-based row number; a None value leaves its cell empty). ``styles`` gives the
    cell style (XF index) of the kinds that have one (dates, times, decimals)."""
    cells = [_cell_source(index, kind, styles.get(kind)) for index, kind in enumerate(kinds)]
    names = ", ".join(f"v{index}" for index in range(len(kinds)))
    source = (f"def encode(r, values):\n"
              f"    {names}, = values[:{len(kinds)}]\n"
              f"    return ''.join((f'<row r=\"{{r}}\">', {', '.join(cells)}, '</row>'))\n")
    days: dict[Any, str | None] = {}

    def day(value: date) -> str | None:
        """A date's serial, remembered: a batch's date comes with each of its products."""
        if len(days) > 10_000:
            days.clear()
        days[value] = serial = day_serial(value)
        return serial

    namespace: dict[str, Any] = {
        "text": text_element, "day": day, "days": days, "moment": moment_serial,
        "decimal": decimal_text, "fallback": _fallback,
    }
    exec(compile(source, f"<xlsx row encoder {len(kinds)} columns>", "exec"), namespace)
    return namespace["encode"]


def _cell_source(index: int, kind: ColumnKind, style: int | None) -> str:
    """Source of one cell's expression (an f-string of the cell, '' for None)."""
    v = f"v{index}"
    ref = f"{xl_col_to_name(index)}{{r}}"
    s = f' s="{style}"' if style else ""
    text = f"f'<c r=\"{ref}\" t=\"inlineStr\"><is>{{text({v})}}</is></c>'"
    if kind is ColumnKind.TEXT:
        body = text
    elif kind is ColumnKind.INTEGER:
        body = f"f'<c r=\"{ref}\"><v>{{{v}:d}}</v></c>'"
    elif kind is ColumnKind.BOOLEAN:
        body = f"(f'<c r=\"{ref}\" t=\"b\"><v>1</v></c>' if {v} else " \
               f"f'<c r=\"{ref}\" t=\"b\"><v>0</v></c>')"
    else:
        serial = {ColumnKind.DATE: f"days.get({v}) or day({v})",
                  ColumnKind.DATETIME: f"moment({v})", ColumnKind.DECIMAL: f"decimal({v})"}[kind]
        body = (f"(f'<c r=\"{ref}\"{s}><v>{{n}}</v></c>' if (n := {serial}) is not None "
                f"else fallback('{xl_col_to_name(index)}', r, {v}))")
    return f"('' if {v} is None else {body})"


def _fallback(column: str, row: int, value: Any) -> str:
    """A value no number cell can hold (a date before 1900, a NaN): a date as its ISO text,
    a number that is not one as an empty cell."""
    if isinstance(value, datetime):
        shown = value.isoformat(sep=" ")
    elif isinstance(value, date):
        shown = value.isoformat()
    else:
        return ""
    return f'<c r="{column}{row}" t="inlineStr"><is>{text_element(shown)}</is></c>'


class StreamingWorksheet(Worksheet):
    """A ``constant_memory`` worksheet that takes rows already rendered by a
    :func:`row_encoder`, in order, from the row after the last one XlsxWriter wrote.

    It writes into the sheet's row file exactly where XlsxWriter would, and keeps the
    dimensions XlsxWriter keeps (the ``<dimension>`` element, and the check that a row is never
    written twice). Cells written through the ordinary ``write_*`` calls are never mixed in the
    same rows."""

    def append_rendered(self, rendered: str, first_row: int, last_row: int,
                        last_col: int) -> None:
        """``rendered`` holds the rows ``first_row``…``last_row`` (0-based) of ``last_col + 1``
        columns."""
        if not self.constant_memory:
            raise RuntimeError("rendered rows need the constant_memory mode")
        if first_row < self.previous_row or self.table.get(first_row):
            raise RuntimeError("rows must follow the rows already written")
        if self.table:
            self._write_single_row(first_row)     # a row XlsxWriter still holds
        self._check_dimensions(first_row, 0)
        self._check_dimensions(last_row, last_col)
        self.fh.write(rendered)
        self.previous_row = last_row + 1
