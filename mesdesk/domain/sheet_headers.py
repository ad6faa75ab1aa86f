"""The header row of an imported sheet (SPEC §7): which column holds which field.

A header names a field by its 1C key (``НомерПартии``) or its English name (``batch_number``),
in any order, trimmed, letter case ignored. The columns only an export has (counters, states,
times: ``sheet_columns.export_only_headers``) are passed over silently; any other header is
ignored and said in the result, so a misspelt optional column does not pass unnoticed. A
header row with an empty cell between named ones, or naming one field twice, is refused:
which of the two columns should win cannot be guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from . import problems as P
from .batches import ENGLISH_ALIASES, ONE_C_KEYS
from .sheet_columns import PRODUCT_ONE_C_KEYS, export_only_headers
from .values import code_point

#: The fields of a shift task a sheet must have: every 1C key but СтатусЗакрытия (as intake).
BATCH_FIELDS: Mapping[str, str] = ONE_C_KEYS
PRODUCT_FIELDS: Mapping[str, str] = PRODUCT_ONE_C_KEYS
#: Headers that say a sheet holds batches and not product codes (beyond number and date).
_BATCH_ONLY = frozenset(name for name in ONE_C_KEYS if name not in PRODUCT_ONE_C_KEYS)


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index``: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_text(cell: object) -> str:
    """A header cell as text, trimmed; a control character made visible (``U+0007``) so that
    a header can be said anywhere, a JSON result or the database included."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, (datetime, date)):
        cell = cell.isoformat()
    text = str(cell).strip()
    return "".join(code_point(ch) if ord(ch) < 32 or ord(ch) == 127
                   or "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _lookup(fields: Mapping[str, str]) -> dict[str, str | None]:
    """Folded header -> field name; export-only headers -> None (passed over)."""
    known: dict[str, str | None] = {name.casefold(): None for name in export_only_headers()}
    for name, key in fields.items():
        known[name.casefold()] = name
        known[key.casefold()] = name
    for alias, name in ENGLISH_ALIASES.items():
        if name in fields:
            known[alias.casefold()] = name
    return known


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each field is in the rows of a sheet."""

    positions: dict[str, int]       # field name -> position in a row
    headers: dict[str, str]         # field name -> its header as the file writes it
    ignored: tuple[str, ...]        # headers that name no field (said in the result)
    width: int                      # positions that have a header; a value beyond has none
    first_column: int               # the sheet's column of position 0 (0-based)

    def letter(self, position: int) -> str:
        return column_letter(self.first_column + position)

    def letter_of(self, field: str) -> str:
        return self.letter(self.positions[field])


def read_header(cells: Sequence[object], fields: Mapping[str, str], *, row: int,
                first_column: int = 0) -> Columns:
    """The columns of a header row for ``fields`` (field name -> 1C key).

    Raises ``import.header_empty`` for an unnamed column before the last named one and
    ``import.header_duplicate`` for a field named twice, each at its row and column.
    """
    texts = [header_text(cell) for cell in cells]
    width = max((position + 1 for position, text in enumerate(texts) if text), default=0)
    known = _lookup(fields)
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for position, text in enumerate(texts[:width]):
        letter = column_letter(first_column + position)
        if not text:
            raise P.IMPORT_HEADER_EMPTY(row=row, column=letter)
        folded = text.casefold()
        field = known.get(folded, "")
        key = field or folded
        if key in seen:
            raise P.IMPORT_HEADER_DUPLICATE(header=text,
                                            first_column=column_letter(first_column + seen[key]),
                                            row=row, column=letter)
        seen[key] = position
        if field:
            positions[field] = position
            headers[field] = text
        elif field == "":
            ignored.append(text)
    return Columns(positions, headers, tuple(ignored), width, first_column)


def missing_fields(columns: Columns, required: Sequence[str], fields: Mapping[str, str]
                   ) -> list[str]:
    """The 1C keys of the required fields that no column holds."""
    return [fields[name] for name in required if name not in columns.positions]


def header_kind(cells: Sequence[object]) -> str | None:
    """``products`` when a header names the product code, ``batches`` when it names a field
    only a shift task has, None when it names neither (a row of data, not a header)."""
    folded = {header_text(cell).casefold() for cell in cells}
    code = PRODUCT_ONE_C_KEYS["unique_code"]
    if {code.casefold(), "unique_code"} & folded:
        return "products"
    batch_words = {word.casefold() for name in _BATCH_ONLY for word in (name, ONE_C_KEYS[name])}
    batch_words |= {alias.casefold() for alias in ENGLISH_ALIASES}
    if batch_words & folded:
        return "batches"
    return None
