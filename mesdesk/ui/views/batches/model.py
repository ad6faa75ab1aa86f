"""The batch list: one row per batch, pages from the server in the server's order.

Sorting is the server's (``BatchFilter.sort``/``descending``): clicking a header reloads from
the first keyset page of the new order; nothing is sorted on the client. Paging and the memory
bound are ``KeysetTableModel``'s (see paging.py).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, fields, replace
from functools import partial
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from mesdesk.services.dto import BatchDTO, BatchFilter

from ...text.formats import Formats
from ...widgets.pager import Fetch, KeysetTableModel, Runner

CONTEXT = "BatchTable"
BATCH_ROLE = Qt.ItemDataRole.UserRole          # the BatchDTO of the row
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 1   # header: the server sort key, or None
RATE_ROLE = Qt.ItemDataRole.UserRole + 2       # the % column: the rate as a number

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    key: str
    title: str                  # QT_TRANSLATE_NOOP'd, translated in headerData
    sort: str | None            # BatchFilter.sort key; None: not sortable
    align: Qt.AlignmentFlag
    width: int
    hidden: bool = False


NUMBER, DATE, STATUS, WORK_CENTER, NOMENCLATURE, PRODUCTS, AGGREGATED, RATE, SHIFT, TEAM, EKN, \
    SHIFT_START, SHIFT_END, CLOSED_AT, DESCRIPTION, CREATED, UPDATED = range(17)

# The default order puts what a supervisor scans first (which batch, how far along) on the
# left; users move, hide and resize columns and that is remembered.
COLUMNS: tuple[Column, ...] = (
    Column("batch_number", QT_TRANSLATE_NOOP(CONTEXT, "Number"), "batch_number", RIGHT, 76),
    Column("batch_date", QT_TRANSLATE_NOOP(CONTEXT, "Date"), "batch_date", LEFT, 92),
    Column("is_closed", QT_TRANSLATE_NOOP(CONTEXT, "Status"), "is_closed", LEFT, 68),
    Column("work_center", QT_TRANSLATE_NOOP(CONTEXT, "Work center"), "work_center", LEFT, 200),
    Column("nomenclature", QT_TRANSLATE_NOOP(CONTEXT, "Nomenclature"), "nomenclature", LEFT,
           210),
    Column("products_total", QT_TRANSLATE_NOOP(CONTEXT, "Products"), "products_total", RIGHT,
           76),
    Column("products_aggregated", QT_TRANSLATE_NOOP(CONTEXT, "Aggregated"),
           "products_aggregated", RIGHT, 86),
    Column("aggregation_rate", QT_TRANSLATE_NOOP(CONTEXT, "%"), "aggregation_rate", RIGHT, 72),
    Column("shift", QT_TRANSLATE_NOOP(CONTEXT, "Shift"), "shift", LEFT, 76),
    Column("team", QT_TRANSLATE_NOOP(CONTEXT, "Team"), "team", LEFT, 140),
    Column("ekn_code", QT_TRANSLATE_NOOP(CONTEXT, "ЕКН"), "ekn_code", LEFT, 90),
    Column("shift_start", QT_TRANSLATE_NOOP(CONTEXT, "Shift start"), "shift_start", LEFT, 126),
    Column("shift_end", QT_TRANSLATE_NOOP(CONTEXT, "Shift end"), "shift_end", LEFT, 126),
    Column("closed_at", QT_TRANSLATE_NOOP(CONTEXT, "Closed at"), "closed_at", LEFT, 126),
    Column("task_description", QT_TRANSLATE_NOOP(CONTEXT, "Description"), None, LEFT, 260),
    Column("created_at", QT_TRANSLATE_NOOP(CONTEXT, "Created"), "created_at", LEFT, 126,
           hidden=True),
    Column("updated_at", QT_TRANSLATE_NOOP(CONTEXT, "Updated"), "updated_at", LEFT, 126,
           hidden=True),
)

HEADER_TIPS = {
    RATE: QT_TRANSLATE_NOOP(CONTEXT, "Aggregated products as a share of all products"),
    PRODUCTS: QT_TRANSLATE_NOOP(CONTEXT, "Products (codes) in the batch"),
    AGGREGATED: QT_TRANSLATE_NOOP(CONTEXT, "Products aggregated so far"),
    DESCRIPTION: QT_TRANSLATE_NOOP(CONTEXT, "The task description cannot be sorted by"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# A row as the model keeps it: the BatchDTO's fields in order, then the rate (see paging.py on
# why plain tuples). These are the positions.
_FIELDS = tuple(f.name for f in fields(BatchDTO))
_AT = {name: position for position, name in enumerate(_FIELDS)}
F_ID, F_CLOSED, F_CLOSED_AT, F_DESCRIPTION = (_AT[n] for n in (
    "id", "is_closed", "closed_at", "task_description"))
F_CENTER, F_CENTER_NAME, F_SHIFT, F_TEAM = (_AT[n] for n in (
    "work_center", "work_center_name", "shift", "team"))
F_NUMBER, F_DATE, F_NOMENCLATURE, F_EKN = (_AT[n] for n in (
    "batch_number", "batch_date", "nomenclature", "ekn_code"))
F_START, F_END, F_TOTAL, F_AGGREGATED, F_CREATED, F_UPDATED = (_AT[n] for n in (
    "shift_start", "shift_end", "products_total", "products_aggregated", "created_at",
    "updated_at"))
F_RATE = len(_FIELDS)
BatchRow = tuple


_GET_FIELDS = attrgetter(*_FIELDS)


def pack_batch(batch: BatchDTO) -> BatchRow:
    return (*_GET_FIELDS(batch), batch.aggregation_rate)


def unpack_batch(row: BatchRow) -> BatchDTO:
    return BatchDTO(*row[:F_RATE])


def column_of_sort(key: str) -> int:
    for number, column in enumerate(COLUMNS):
        if column.sort == key:
            return number
    return DATE


class BatchTableModel(KeysetTableModel):
    """Rows are ``BatchDTO``s; ``set_filter`` and ``sort`` reload from the server."""

    total_changed = Signal(object)      # int, or None while it is being counted

    def __init__(self, run: Runner, use: Any, formats: Formats,
                 parent=None) -> None:
        super().__init__(run, parent)
        self._use = use
        self._formats = formats
        self._filter = BatchFilter()
        self._active = False            # nothing is loaded before the first set_filter
        self._total: int | None = None
        self._count_generation = 0
        self._count_due = False
        self.rows_arrived.connect(self._count_when_due)
        palette = QApplication.palette()
        self._closed_brush = QBrush(palette.color(QPalette.ColorGroup.Disabled,
                                                  QPalette.ColorRole.Text))
        self._open_brush = QBrush(QColor("#1b7a3a"))
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- what is shown --------------------------------------------------------------------------

    @property
    def current_filter(self) -> BatchFilter:
        return self._filter

    @property
    def total(self) -> int | None:
        return self._total

    def set_filter(self, flt: BatchFilter, *, force: bool = False) -> None:
        if flt == self._filter and self._active and not force:
            return
        self._filter = flt
        self._active = True
        self._total = None
        self.total_changed.emit(None)
        # Count once the first rows are there: a count over a million rows is a full scan
        # that would otherwise compete with the first page for the server's CPUs.
        self._count_due = True
        self.reload()

    def _count_when_due(self) -> None:
        if self._count_due:
            self._count_due = False
            self.recount()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Server-side: the column's sort key and direction go into the filter."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_filter(replace(self._filter, sort=COLUMNS[column].sort, descending=descending))

    def make_fetch(self) -> Fetch | None:
        if not self._active:
            return None
        use, flt = self._use, self._filter
        return lambda cursor, limit: use.list_batches(flt, cursor=cursor, limit=limit)

    def row_key(self, row: BatchRow) -> Hashable:
        return row[F_ID]

    pack = staticmethod(pack_batch)

    def recount(self) -> None:
        """Count the batches of the current filter off the GUI thread."""
        if not self._active:
            return
        self._count_generation += 1
        generation = self._count_generation
        self._total = None
        self.total_changed.emit(None)
        use, flt = self._use, self._filter
        self._run(lambda: use.count_batches(flt), partial(self._counted, generation),
                  partial(self._count_failed, generation), self)

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._count_generation:
            self._total = total
            self.total_changed.emit(total)

    def _count_failed(self, generation: int, error: BaseException) -> None:
        # The list says what is wrong already (its own query fails the same way).
        if generation == self._count_generation:
            self.total_changed.emit(None)

    def batch_at(self, row: int) -> BatchDTO | None:
        """The batch of a model row (None while its block is loading)."""
        packed = self.row_at(row)
        return None if packed is None else unpack_batch(packed)

    def peek_batch(self, row: int) -> BatchDTO | None:
        """Like ``batch_at`` without starting a reload."""
        packed = self.peek(row)
        return None if packed is None else unpack_batch(packed)

    # -- Qt model API ---------------------------------------------------------------------------

    def column_total(self) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole and section in HEADER_TIPS:
            return tr(HEADER_TIPS[section])
        if role == SORT_KEY_ROLE:
            return column.sort
        return None

    def cell(self, row: BatchRow | None, column: int, role: int) -> Any:
        if not 0 <= column < len(COLUMNS):
            return None
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and column == NUMBER:
                return "…"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return COLUMNS[column].align
        if role == Qt.ItemDataRole.ForegroundRole:
            if row[F_CLOSED]:
                return self._closed_brush
            if column == STATUS:
                return self._open_brush
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if row[F_CLOSED] and column == STATUS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == BATCH_ROLE:
            return unpack_batch(row)
        if role == RATE_ROLE and column == RATE:
            return row[F_RATE]
        return None

    def _display(self, row: BatchRow, column: int) -> str:
        f = self._formats
        if column == NUMBER:
            return str(row[F_NUMBER])
        if column == DATE:
            return f.date(row[F_DATE])
        if column == STATUS:
            return tr("Closed") if row[F_CLOSED] else tr("Open")
        if column == WORK_CENTER:
            identifier, name = row[F_CENTER], row[F_CENTER_NAME]
            if name and name != identifier:
                return tr("{identifier} · {name}").format(identifier=identifier, name=name)
            return identifier
        if column == NOMENCLATURE:
            return row[F_NOMENCLATURE]
        if column == PRODUCTS:
            return f.integer(row[F_TOTAL])
        if column == AGGREGATED:
            return f.integer(row[F_AGGREGATED])
        if column == RATE:
            return f.percent(row[F_RATE])
        if column == SHIFT:
            return row[F_SHIFT]
        if column == TEAM:
            return row[F_TEAM]
        if column == EKN:
            return row[F_EKN]
        if column == SHIFT_START:
            return f.datetime(row[F_START])
        if column == SHIFT_END:
            return f.datetime(row[F_END])
        if column == CLOSED_AT:
            return f.datetime(row[F_CLOSED_AT])
        if column == DESCRIPTION:
            return " ".join(row[F_DESCRIPTION].split())
        if column == CREATED:
            return f.datetime(row[F_CREATED])
        if column == UPDATED:
            return f.datetime(row[F_UPDATED])
        return ""

    def _tooltip(self, row: BatchRow, column: int) -> str | None:
        f = self._formats
        if column == DESCRIPTION and row[F_DESCRIPTION]:
            return row[F_DESCRIPTION]
        if column == RATE:
            return tr("{aggregated} of {total} products aggregated").format(
                aggregated=f.integer(row[F_AGGREGATED]), total=f.integer(row[F_TOTAL]))
        if column == STATUS and row[F_CLOSED]:
            return tr("Closed at {moment}").format(moment=f.datetime(row[F_CLOSED_AT]))
        if column == NOMENCLATURE and row[F_NOMENCLATURE]:
            return row[F_NOMENCLATURE]
        return None
