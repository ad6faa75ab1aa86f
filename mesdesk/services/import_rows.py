"""What every import does with the rows of a file, whatever they hold (batches or codes).

Cells arrive as the file has them (:class:`~mesdesk.services.ports.TableRow`); here they
become the values the domain's own rules take: an empty cell (or only spaces) is missing, a
whole number stored as a float (Excel keeps every number so) is that integer, a time or a
duration is its text. A refusal of a row is said where the user looks for it: the row as
Excel numbers it, the column's letter and the header as the file writes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import Problem
from mesdesk.domain.sheet_headers import Columns

from .import_result import RowError
from .input_files import InputFileError
from .intake import MAX_LISTED
from .ports import Table, TableRow

#: Rows between two progress reports (the job context throttles what it stores itself).
PROGRESS_EVERY = 1000
_EXACT_FLOAT = 2.0 ** 53


def cell(value: Any) -> Any:
    """A cell as the domain's parsers take it."""
    kind = type(value)
    if kind is str:
        return value if value.strip() else None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT_FLOAT else value
    if value is None or kind is bool or kind is int:
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return value


def as_datetime(value: Any) -> Any:
    """A date cell where a date and time belong is that day's midnight (as a 1C date string
    is); every other value is left to the domain's parser."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


def is_blank(values: Any) -> bool:
    if isinstance(values, Mapping):
        return False
    for value in values:                # a row of data ends this at its first cell
        if value is not None and (value.__class__ is not str or value.strip()):
            return False
    return True


def located(problem: Problem, row: TableRow, *, field: str | None = None,
            column: str | None = None) -> Problem:
    """``problem`` said at ``row`` (its number, or a 1C item's index) and, when given, the
    column and the header: the domain's own ``field`` (``НомерПартии (batch_number)``) and
    ``index`` give way to where the user looks."""
    params = {name: value for name, value in problem.params.items()
              if name not in ("index", "field", "row", "column")}
    if row.number is None:
        where = {"index": row.index, "field": field or problem.params.get("field")}
    else:
        where = {"row": row.number, "column": column, "field": field}
    return Problem(problem.code, {**params, **{k: v for k, v in where.items() if v is not None}})


class RowErrors:
    """The rows refused or skipped, with why: the first ``MAX_LISTED`` kept, all counted."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.total = 0
        self.rejected = 0
        self.skipped = 0

    def add(self, problem: Problem, *, skipped: bool = False) -> None:
        self.total += 1
        if skipped:
            self.skipped += 1
        else:
            self.rejected += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(RowError(problem))

    def sorted(self) -> tuple[RowError, ...]:
        """The listed errors in the file's order (rows refused while reading come before the
        batches found stored, so they are put in order here)."""
        def place(error: RowError) -> int:
            at = error.problem.params.get("row", error.problem.params.get("index"))
            return at if isinstance(at, int) else 0
        return tuple(sorted(self.items, key=place))


def field_error(exc: DomainError, row: TableRow, columns: Columns | None,
                labels: Mapping[str, str]) -> Problem:
    """A refusal of the domain (its ``field`` is the field's label) at the column whose header
    the file gave that field; ``labels`` maps labels to field names."""
    name = labels.get(exc.field or "")
    if columns is None or name is None or name not in columns.positions:
        return located(exc.problem, row, field=exc.field)
    return located(exc.problem, row, field=columns.headers.get(name),
                   column=columns.letter_of(name))


def beyond_header(row: TableRow, columns: Columns) -> Problem | None:
    """A value in a column that has no header: ``import.value_without_header`` at the first."""
    for position in range(columns.width, len(row.values)):
        if cell(row.values[position]) is not None:
            return P.IMPORT_VALUE_WITHOUT_HEADER.problem(row=row.number,
                                                         column=columns.letter(position))
    return None


class Rows:
    """The rows of a table after its header: blank rows passed over, the rest counted (a file
    with more than ``max_rows`` is refused as soon as the reader meets the next one), progress
    reported and a cancel seen as it goes."""

    def __init__(self, table: Table, rows: Iterator[TableRow], *, max_rows: int, job: Any,
                 shown: Any) -> None:
        self._table = table
        self._rows = rows
        self._max_rows = max_rows
        self._job = job
        self._shown = shown
        self.total = 0

    def __iter__(self) -> Iterator[TableRow]:
        job, total = self._job, self._table.expected_rows
        for row in self._rows:
            if is_blank(row.values):
                continue
            self.total += 1
            if self.total > self._max_rows:
                raise InputFileError(P.IMPORT_TOO_MANY_ROWS, self._shown, limit=self._max_rows)
            if job is not None and self.total % PROGRESS_EVERY == 0:
                job.progress(self.total, total, P.JOB_STEP_READING_FILE.problem())
            yield row


def where(row: TableRow) -> TableRow:
    """The row without its values: what is kept of a row to say where it was (so that the
    rows checked are not all held in memory beside the file)."""
    return TableRow(row.number, None, row.index)


def first_row(rows: Iterator[TableRow]) -> TableRow | None:
    """The first row that is not blank (a sheet's header), or None."""
    for row in rows:
        if not is_blank(row.values):
            return row
    return None
