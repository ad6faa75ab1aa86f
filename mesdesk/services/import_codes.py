"""Product codes from a sheet, a CSV file or a 1C products file into one chosen batch.

A sheet holds one code per row, with or without a header: the first row is a header when it
names the code column (``УникальныйКодПродукта`` / ``unique_code``), or when it is no code
while the row under it is one (a header such as ``Код``). With the 1C product columns
(``НомерПартии``, ``ДатаПартии``) every row must be for the chosen batch, else it is refused.
Codes are read by the domain's parser (GS as ASCII 29, as a scanner token, or as the
``_x001D_`` escape of Excel's XML left by tools that do not decode it) and added by
``batches.CodeAdder``, the rules of "add codes": a code in this batch already is skipped,
one in another batch refused naming that batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.batches import field_label
from mesdesk.domain.codes import code_and_identity, parse_code
from mesdesk.domain.errors import DomainError
from mesdesk.domain.sheet_columns import PRODUCT_CODE_LABEL
from mesdesk.domain.sheet_headers import (PRODUCT_FIELDS, Columns, header_kind, header_text,
                                          missing_fields, read_header)

from .batches import CODES_CHUNK, CodeAdder, owner_problem
from .dto import BatchDTO
from .import_rows import RowErrors, cell, field_error, located, where
from .intake import detect_kind, parse_product_item
from .ports import TableRow

#: Excel's XML escape of GS, as text: what a sheet read without decoding it holds.
XML_GS_ESCAPE = "_x001D_"
_LABELS = {f"{key} ({name})": name for name, key in PRODUCT_FIELDS.items()}
_LABELS.update({field_label(name): name for name in ("batch_number", "batch_date")})


@dataclass
class CodeRows:
    """The codes of a file after checking its rows: (code, identity) in the file's order."""

    parsed: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, TableRow] = field(default_factory=dict)     # identity -> its row
    ignored: tuple[str, ...] = ()
    handed: int = 0                 # how many of ``parsed`` went to ``put`` already

    def hand(self, put: Callable[[list[tuple[str, str]]], None], *, least: int) -> None:
        """Give ``put`` the codes not handed yet, when there are at least ``least``."""
        if len(self.parsed) - self.handed >= max(least, 1):
            put(self.parsed[self.handed:])
            self.handed = len(self.parsed)


def sheet_layout(first: TableRow, rows: Iterator[TableRow], gs_tokens: Sequence[str],
                 shown: Any, first_column: int) -> tuple[Columns, Iterator[TableRow]]:
    """Where the code (and the batch's number and date) are, and the rows of codes: with the
    first row when it is a code, without it when it is a header."""
    kind = header_kind(first.values)
    if kind == "batches":
        raise P.IMPORT_BATCHES_NOT_CODES(file=str(shown))
    if kind == "products":
        columns = read_header(first.values, PRODUCT_FIELDS, row=first.number or 1,
                              first_column=first_column)
        lacking = missing_fields(columns, ("batch_number", "batch_date"), PRODUCT_FIELDS)
        if len(lacking) == 1:
            raise P.IMPORT_COLUMNS_MISSING(file=str(shown), headers=lacking[0],
                                           row=first.number)
        return columns, rows
    plain = Columns({"unique_code": 0}, {}, (), 1, first_column)
    gs_tokens = (*gs_tokens, XML_GS_ESCAPE)
    if _is_code(first.values, gs_tokens):
        return plain, chain([first], rows)
    second = next(rows, None)
    if second is not None and _is_code(second.values, gs_tokens):
        header = Columns({"unique_code": 0}, {"unique_code": header_text(first.values[0])},
                         (), 1, first_column)
        return header, chain([second], rows)
    return plain, chain([first] if second is None else [first, second], rows)


def _is_code(values: Any, gs_tokens: Sequence[str]) -> bool:
    raw = cell(values[0]) if values else None
    if not isinstance(raw, str):
        return False
    try:
        parse_code(raw, gs_tokens=gs_tokens)
    except DomainError:
        return False
    return True


def check_rows(rows: Iterator[TableRow], columns: Columns | None, batch: BatchDTO,
               gs_tokens: Sequence[str], errors: RowErrors,
               put: Callable[[list[tuple[str, str]]], None] | None = None) -> CodeRows:
    """Check every row; ``columns`` is the sheet's layout (None for the items of a 1C file).
    With ``put``, the codes found are handed to it chunk by chunk as the rows are checked
    (``CODES_CHUNK`` at a time, the rest at the end), to be stored meanwhile."""
    found = CodeRows(ignored=columns.ignored if columns else ())
    tokens = (*gs_tokens, XML_GS_ESCAPE)
    chosen = (batch.batch_number, batch.batch_date)
    for row in rows:
        if row.problem is not None:
            errors.add(row.problem)
            continue
        try:
            code, identity, key = (_from_item(row, tokens) if columns is None
                                   else _from_cells(row, columns, tokens))
        except DomainError as exc:
            errors.add(field_error(exc, row, columns, _LABELS))
            continue
        if key is not None and key != chosen:
            errors.add(_other_batch(row, columns, key, chosen))
            continue
        first = found.rows.get(identity)
        if first is not None:
            problem = (P.IMPORT_CODE_REPEATED.problem(first_row=first.number)
                       if first.number is not None else P.CODE_LISTED_TWICE.problem())
            errors.add(_at_code(problem, row, columns))
            continue
        found.rows[identity] = where(row)
        found.parsed.append((code, identity))
        if put is not None:
            found.hand(put, least=CODES_CHUNK)
    if put is not None:
        found.hand(put, least=1)
    return found


def _from_item(row: TableRow, tokens: Sequence[str]) -> tuple[str, str, tuple[int, date]]:
    return parse_product_item(row.values, row.index or 0, tokens)


def items_hold_codes(first: TableRow) -> bool:
    """Whether a 1C file holds product codes (told by its first item's keys, as intake)."""
    return detect_kind([first.values]) == "products"


def _from_cells(row: TableRow, columns: Columns, tokens: Sequence[str]
                ) -> tuple[str, str, tuple[int, date] | None]:
    values = row.values
    positions = columns.positions
    if len(positions) == 1 and "unique_code" in positions:     # a sheet of codes only
        position = positions["unique_code"]
        raw = _code_cell(values[position] if position < len(values) else None)
        if not isinstance(raw, str):
            raise P.VALUE_NOT_TEXT(value=type(raw).__name__, field=PRODUCT_CODE_LABEL)
        try:
            code, identity = code_and_identity(raw, gs_tokens=tokens)
        except DomainError as exc:
            raise exc.at(field=PRODUCT_CODE_LABEL) from None
        return code, identity, None
    item: dict[str, Any] = {}
    for name, position in positions.items():
        value = cell(values[position]) if position < len(values) else None
        if value is None:
            raise P.VALUE_REQUIRED(field=field_label(name) if name != "unique_code"
                                   else f"{PRODUCT_FIELDS[name]} ({name})")
        item[PRODUCT_FIELDS[name]] = _code_cell(value) if name == "unique_code" else value
    return parse_product_item(item, 0, tokens)


def _code_cell(value: Any) -> Any:
    """A code's cell: a number Excel made of a code of digits is that code's text."""
    value = cell(value)
    if value is None:
        raise P.VALUE_REQUIRED(field=f"{PRODUCT_FIELDS['unique_code']} (unique_code)")
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _at_code(problem: Any, row: TableRow, columns: Columns | None) -> Any:
    if columns is None:
        return located(problem, row, field=PRODUCT_CODE_LABEL)
    return located(problem, row, field=columns.headers.get("unique_code"),
                   column=columns.letter_of("unique_code"))


def _other_batch(row: TableRow, columns: Columns | None, key: tuple[int, date],
                 chosen: tuple[int, date]) -> Any:
    problem = P.IMPORT_ROW_OF_OTHER_BATCH.problem(number=key[0], date=key[1],
                                                  chosen_number=chosen[0],
                                                  chosen_date=chosen[1])
    if columns is None:
        return located(problem, row, field=field_label("batch_number"))
    return located(problem, row, field=columns.headers.get("batch_number"),
                   column=columns.letter_of("batch_number"))


def stored(adder: CodeAdder, found: CodeRows, columns: Columns | None,
           errors: RowErrors) -> int:
    """After ``adder`` stored the codes: each code stored already is said at its row (one in
    this batch skipped, one in another batch refused). Returns how many were added."""
    for identity, owner in adder.owners:
        errors.add(_at_code(owner_problem(owner, adder.batch_id), found.rows[identity], columns),
                   skipped=owner.batch_id == adder.batch_id)
    return adder.added
