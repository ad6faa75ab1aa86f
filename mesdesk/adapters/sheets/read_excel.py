"""Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with python-calamine: fast, and every
cell's value as Excel saved it (a formula's calculated value; ``_x001D_`` decoded to GS).

The first visible worksheet is read. python-calamine holds the sheet's cells once, in Rust;
rows become Python lists one at a time. What values alone do not say comes with the row:
cells merged with others (``import.merged_cells``, naming the range), and for .xlsx a formula
without a saved value or a cell holding an error (:mod:`.read_xlsx_cells`). Every error of the
library becomes a refusal naming the file; none reaches a user as it is.
"""

from __future__ import annotations

import heapq
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import python_calamine as calamine

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem
from mesdesk.domain.sheet_headers import column_letter
from mesdesk.services.input_files import InputFileError
from mesdesk.services.ports import TableRow

from .read_xlsx_cells import CellFact, cell_facts, sheet_part, used_rows

log = logging.getLogger(__name__)

FORMAT_NAMES = {"xlsx": "Excel (.xlsx)", "xlsb": "Excel (.xlsb)", "xls": "Excel 97-2003 (.xls)",
                "ods": "OpenDocument (.ods)"}
Merge = tuple[tuple[int, int], tuple[int, int]]


class ExcelTable:
    """The first visible worksheet of a workbook, row by row."""

    def __init__(self, path: Path, shown: Path, kind: str, *, max_rows: int) -> None:
        self.format = "xls" if kind == "xls" else kind
        self._shown = shown
        self._kind = kind
        self._facts: dict[int, CellFact] = {}
        self._book: Any = None
        try:
            self._book = calamine.CalamineWorkbook.from_path(str(path))
            index = _first_worksheet(self._book)
            if index is None:
                raise InputFileError(P.IMPORT_NO_WORKSHEET, shown)
            if kind == "xlsx":
                self._check_xlsx(path, index, max_rows)
            self._sheet = self._book.get_sheet_by_index(index)
            start = self._sheet.start
            merges: list[Merge] = list(self._sheet.merged_cell_ranges or ())
        except InputFileError:
            self.close()
            raise
        except calamine.PasswordError as exc:
            self.close()
            raise InputFileError(P.IMPORT_PASSWORD, shown) from exc
        except BaseException as exc:  # noqa: BLE001 - the library's (and Rust panics') errors
            self.close()
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            log.info("cannot read %s as %s: %r", shown, kind, exc)
            raise InputFileError(P.IMPORT_DAMAGED, shown, format=FORMAT_NAMES[kind]) from None
        if start is None:
            self.close()
            raise InputFileError(P.FILE_EMPTY, shown)
        self.first_column = start[1]
        # iter_rows gives the rows from the sheet's row 1 (blank ones above the first cell
        # included) and the columns from the first one that holds a cell.
        self.expected_rows: int | None = start[0] + self._sheet.height
        if self._sheet.height > max_rows + 1:
            self.close()
            raise InputFileError(P.IMPORT_TOO_MANY_ROWS, shown, limit=max_rows)
        self._merges = sorted(merges)

    def _check_xlsx(self, path: Path, index: int, max_rows: int) -> None:
        """Before the sheet is loaded: its used range within the limit, its suspect cells."""
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, index)
            if part is None:
                return
            rows = used_rows(archive, part)
            if rows is not None and rows > max_rows + 1:
                raise InputFileError(P.IMPORT_TOO_MANY_ROWS, self._shown, limit=max_rows)
            self._facts = cell_facts(archive, part)

    def rows(self) -> Iterator[TableRow]:
        merges = iter(self._merges)
        pending = next(merges, None)
        active: list[tuple[int, str]] = []         # (last row, range) of merges begun
        number = 0
        try:
            for values in self._sheet.iter_rows():
                number += 1
                row0 = number - 1
                while pending is not None and pending[0][0] <= row0:
                    (top, left), (bottom, right) = pending
                    heapq.heappush(active, (bottom, f"{column_letter(left)}{top + 1}:"
                                                   f"{column_letter(right)}{bottom + 1}"))
                    pending = next(merges, None)
                while active and active[0][0] < row0:
                    heapq.heappop(active)
                yield TableRow(number, values, problem=self._problem(number, active))
        except InputFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a library error while reading rows
            log.info("cannot read the rows of %s: %r", self._shown, exc)
            raise InputFileError(P.IMPORT_DAMAGED, self._shown,
                                 format=FORMAT_NAMES[self._kind]) from None

    def _problem(self, number: int, active: list[tuple[int, str]]) -> Problem | None:
        if active:
            return P.IMPORT_MERGED_CELLS.problem(cells=active[0][1], row=number)
        fact = self._facts.get(number)
        if fact is None:
            return None
        if fact.error is None:
            return P.IMPORT_FORMULA_WITHOUT_VALUE.problem(cell=fact.cell, row=number,
                                                          column=fact.column)
        return P.IMPORT_CELL_ERROR.problem(cell=fact.cell, value=fact.error, row=number,
                                           column=fact.column)

    def close(self) -> None:
        book, self._book = self._book, None
        if book is not None:
            try:
                book.close()
            except Exception:  # noqa: BLE001 - closed already
                pass


def _first_worksheet(book: Any) -> int | None:
    """The first visible worksheet (not a chart sheet, not hidden), else the first worksheet;
    None when the workbook has none."""
    sheets = [sheet for sheet in book.sheets_metadata]
    worksheets = [index for index, sheet in enumerate(sheets)
                  if sheet.typ == calamine.SheetTypeEnum.WorkSheet]
    for index in worksheets:
        if sheets[index].visible == calamine.SheetVisibleEnum.Visible:
            return index
    return worksheets[0] if worksheets else None
