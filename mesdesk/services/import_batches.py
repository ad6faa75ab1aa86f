"""Batches from the rows of a sheet, a CSV file or a 1C file (SPEC §7), by the intake's rules.

Every row is checked by the domain's own ``parse_batch_item`` (the problem codes of the 1C
intake), each bad row refused where it is. A second row with the number and date of an earlier
one is refused naming that row: storing either silently could keep the wrong one. The good
rows are stored by ``intake.apply_batches`` in the caller's one transaction: a batch that
exists is skipped as ``Duplicate batch number and date``, or overwritten with
``update_existing`` (counted as updated, with events only for what changed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.batches import BatchInput, field_label, parse_batch_item, unknown_keys
from mesdesk.domain.errors import DomainError
from mesdesk.domain.sheet_headers import BATCH_FIELDS, Columns, header_text

from .import_rows import (RowErrors, as_datetime, beyond_header, cell, field_error, located,
                          where)
from .intake import Applied, apply_batches
from .ports import TableRow, UnitOfWork

BatchKey = tuple[int, date]
_LABELS = {field_label(name): name for name in BATCH_FIELDS}
_TIMES = ("shift_start", "shift_end")
#: Unknown keys of 1C items said in the result, at most (a file of junk keys stays small).
MAX_IGNORED = 50
#: Batches handed to the storing thread at a time; the first hand-over is smaller, so that
#: the database starts working while the rest of the file is checked.
CHUNK = 10_000
FIRST_CHUNK = 2_000


@dataclass
class BatchRows:
    """The batches of a file after checking its rows: by key, with the row that gave each."""

    accepted: dict[BatchKey, tuple[TableRow, BatchInput]] = field(default_factory=dict)
    ignored: dict[str, None] = field(default_factory=dict)     # 1C keys that are no field


def check_rows(rows: Iterable[TableRow], columns: Columns | None, tz: tzinfo,
               errors: RowErrors, on_chunk: Callable[[dict[BatchKey, BatchInput]], None]
               ) -> BatchRows:
    """Check every row; ``columns`` is the sheet's header (None for the items of a 1C file).
    The batches accepted are handed to ``on_chunk`` ``CHUNK`` at a time as they are found
    (the last ones when all rows are checked), to be stored while the next are checked."""
    found = BatchRows()
    pending: dict[BatchKey, BatchInput] = {}
    size = FIRST_CHUNK
    for row in rows:
        try:
            if row.problem is not None:
                errors.add(row.problem)
                continue
            if columns is None:
                batch = _from_item(row, found, tz)
            else:
                outside = beyond_header(row, columns)
                if outside is not None:
                    errors.add(outside)
                    continue
                batch = parse_batch_item(_item(row.values, columns), None, tz)  # type: ignore
        except DomainError as exc:
            errors.add(field_error(exc, row, columns, _LABELS))
            continue
        key = (batch.batch_number, batch.batch_date)
        first = found.accepted.get(key)
        if first is not None:
            errors.add(_duplicate(row, first[0], columns))
            continue
        found.accepted[key] = (where(row), batch)
        pending[key] = batch
        if len(pending) >= size:
            on_chunk(pending)
            pending, size = {}, CHUNK
    if pending:
        on_chunk(pending)
    return found


def _item(values: Any, columns: Columns) -> dict[str, Any]:
    item: dict[str, Any] = {}
    size = len(values)
    for name, position in columns.positions.items():
        value = cell(values[position]) if position < size else None
        item[name] = as_datetime(value) if name in _TIMES else value
    return item


def _from_item(row: TableRow, found: BatchRows, tz: tzinfo) -> BatchInput:
    """A 1C item: its keys as the intake reads them; keys that are no field are said once."""
    if len(found.ignored) < MAX_IGNORED:
        for key in unknown_keys(row.values):
            found.ignored.setdefault(header_text(key))
    return parse_batch_item(row.values, row.index or 0, tz)


def _duplicate(row: TableRow, first: TableRow, columns: Columns | None) -> Any:
    if columns is None:
        return P.ITEM_DUPLICATE_IN_FILE.problem(first=first.index, index=row.index,
                                                field=field_label("batch_number"))
    return located(P.IMPORT_DUPLICATE_IN_FILE.problem(first_row=first.number), row,
                   field=columns.headers["batch_number"],
                   column=columns.letter_of("batch_number"))


class Applier:
    """Stores chunks of accepted batches (``intake.apply_batches``) and keeps what it did."""

    def __init__(self, *, update_existing: bool) -> None:
        self.update_existing = update_existing
        self.applied: Applied = {}

    def __call__(self, uow: UnitOfWork, chunk: dict[BatchKey, BatchInput]) -> None:
        self.applied.update(apply_batches(uow, chunk, update_existing=self.update_existing,
                                          source="import"))


def outcome(found: BatchRows, applied: Applied, columns: Columns | None,
            errors: RowErrors) -> tuple[int, int]:
    """(created, updated); a ``Duplicate batch number and date`` for each batch left as it
    was (``update_existing`` counts an unchanged batch as updated: it was asked for)."""
    created = updated = 0
    for key, (done, current) in applied.items():
        if done == "created":
            created += 1
        elif done in ("updated", "unchanged"):
            updated += 1
        else:
            assert current is not None
            row = found.accepted[key][0]
            place = ({"field": columns.headers["batch_number"],
                      "column": columns.letter_of("batch_number")} if columns is not None
                     else {"field": field_label("batch_number")})
            errors.add(located(P.IMPORT_DUPLICATE_BATCH.problem(
                number=current.batch_number, date=current.batch_date, id=current.id), row,
                **place), skipped=True)
    return created, updated

