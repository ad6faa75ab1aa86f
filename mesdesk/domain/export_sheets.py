"""What an export holds, cell by cell (SPEC §7): the kind of every column, the text rules that
keep a cell from becoming a formula, and the labels of the Parameters sheet.

The headers and their order come from ``sheet_columns`` (one list for exports and imports);
this module adds what a writer must know to put each value in the right kind of cell: a
number stays a number, a date a date cell, a code or any user text a text cell.

Formula injection (OWASP "CSV injection"): a spreadsheet turns a text beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return into a formula. In ``.xlsx`` every text is a
string cell, which is never evaluated, so it is written unchanged. In ``.csv`` there are no
cell types: such a text gets a single quote in front (``'=HYPERLINK(…)``), which Excel shows
and never evaluates. The rule is reversible (:func:`restored`), so an import gives back the
text as it was: a text that already begins with quotes followed by a trigger gets one more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .sheet_columns import BATCH_EXPORT_COLUMNS, PRODUCT_EXPORT_COLUMNS


class ColumnKind(StrEnum):
    TEXT = "text"            # a string cell, whatever it looks like (codes, names, numbers-as-text)
    INTEGER = "integer"
    DECIMAL = "decimal"      # a number shown with one decimal (a rate)
    DATE = "date"            # a date cell
    DATETIME = "datetime"    # a local (production zone) date and time cell
    BOOLEAN = "boolean"
    VALUE = "value"          # each cell the kind of its own value: a label/value sheet


@dataclass(frozen=True, slots=True)
class SheetColumn:
    field: str               # English field name (the row's value at this position)
    header: str              # the 1C key or the export-only header
    kind: ColumnKind


@dataclass(frozen=True, slots=True)
class DataSheet:
    """One data sheet of a workbook of several (an analytics export): its name, its columns
    and its rows, each value of its column's kind (``VALUE``: text, int, float, date, naive
    datetime or bool, as each value is)."""

    title: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Any]]


_KINDS: dict[str, ColumnKind] = {
    "is_closed": ColumnKind.BOOLEAN,
    "batch_number": ColumnKind.INTEGER,
    "batch_date": ColumnKind.DATE,
    "shift_start": ColumnKind.DATETIME,
    "shift_end": ColumnKind.DATETIME,
    "id": ColumnKind.INTEGER,
    "products_total": ColumnKind.INTEGER,
    "products_aggregated": ColumnKind.INTEGER,
    "aggregation_rate": ColumnKind.DECIMAL,
    "closed_at": ColumnKind.DATETIME,
    "created_at": ColumnKind.DATETIME,
    "updated_at": ColumnKind.DATETIME,
    "is_aggregated": ColumnKind.BOOLEAN,
    "aggregated_at": ColumnKind.DATETIME,
}


def _columns(headers: dict[str, str]) -> tuple[SheetColumn, ...]:
    return tuple(SheetColumn(name, header, _KINDS.get(name, ColumnKind.TEXT))
                 for name, header in headers.items())


#: A batch export: the 1C keys, then the counters and times only an export has.
BATCH_SHEET: tuple[SheetColumn, ...] = _columns(BATCH_EXPORT_COLUMNS)
#: A product export: the keys of 1C's product file, then the aggregation state.
PRODUCT_SHEET: tuple[SheetColumn, ...] = _columns(PRODUCT_EXPORT_COLUMNS)

#: What an export is called inside its file: the data sheet's name ("Batches (2)" past the
#: row limit) by export kind.
SHEET_TITLES = {"batches": "Batches", "products": "Products"}
PARAMETERS_SHEET = "Parameters"

# -- the formats ---------------------------------------------------------------------------

FORMATS = ("xlsx", "csv")


def format_of(name: str) -> str | None:
    """The export format a file name asks for by its extension (any case), or None."""
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower()
    return extension if dot and stem and extension in FORMATS else None


# -- text that must not become a formula ----------------------------------------------------

#: A text beginning with one of these is a formula to a spreadsheet (OWASP).
FORMULA_TRIGGERS = frozenset({"=", "+", "-", "@", "\t", "\r"})
QUOTE = "'"


def neutralised(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet evaluates: a quote in front of a text that
    begins with a trigger, or with quotes followed by one (so :func:`restored` is exact)."""
    if text[:1] in FORMULA_TRIGGERS or (
            text[:1] == QUOTE and text.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS):
        return QUOTE + text
    return text


def restored(cell: str) -> str:
    """The text a CSV cell written by :func:`neutralised` stands for (for the import)."""
    if cell[:1] == QUOTE and cell.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


# -- the Parameters sheet ---------------------------------------------------------------------

#: English key -> Russian label of a row of the Parameters sheet; shown as
#: ``Станция (station)``, the way ``batches.field_label`` names a field: the 1C word, then the
#: English name.
PARAMETER_LABELS: dict[str, str] = {
    "export": "Выгрузка",
    "format": "Формат",
    "batch_ids": "Партии (ID)",
    "batch_id": "Партия (ID)",
    "language": "Язык",
    "is_closed": "СтатусЗакрытия",
    "batch_number": "НомерПартии",
    "date_from": "ДатаПартии с",
    "date_to": "ДатаПартии по",
    "work_center": "ИдентификаторРЦ",
    "shift": "Смена",
    "team": "Бригада",
    "search": "Поиск",
    "sort": "Сортировка",
    "station": "Станция",
    "user": "Пользователь",
    "exported_at": "Время выгрузки",
    "timezone": "Часовой пояс",
    "app_version": "Версия MESDesk",
    "rows": "Строк",
    "actor": "Пользователь в журнале",
    "action": "Действие",
    "entity": "Объект",
    "entity_id": "Объект (ID)",
    "since": "С",
    "until": "По",
}


def parameter_label(key: str) -> str:
    label = PARAMETER_LABELS.get(key)
    return f"{label} ({key})" if label else key
