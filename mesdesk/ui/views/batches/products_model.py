"""The products (codes) of one batch, paged lazily like the batch list."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QCoreApplication, Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from mesdesk.services.dto import Page, ProductDTO

from ...text.formats import Formats
from ...widgets.pager import Fetch, KeysetTableModel, Runner

CONTEXT = "ProductTable"
PRODUCT_ROLE = Qt.ItemDataRole.UserRole

CODE, STATE, AGGREGATED_AT, AGGREGATED_BY, ADDED_AT = range(5)
TITLES = (
    QT_TRANSLATE_NOOP(CONTEXT, "Code"),
    QT_TRANSLATE_NOOP(CONTEXT, "Aggregation"),
    QT_TRANSLATE_NOOP(CONTEXT, "Aggregated at"),
    QT_TRANSLATE_NOOP(CONTEXT, "Aggregated by"),
    QT_TRANSLATE_NOOP(CONTEXT, "Added"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# Rows are kept as plain tuples of the ProductDTO's fields (see paging.py on why).
_FIELDS = tuple(f.name for f in fields(ProductDTO))
P_ID, P_CODE, P_AGGREGATED, P_AGGREGATED_AT, P_BY, P_CREATED = (_FIELDS.index(n) for n in (
    "id", "unique_code", "is_aggregated", "aggregated_at", "aggregated_by", "created_at"))


pack_product = attrgetter(*_FIELDS)     # ProductDTO -> tuple of its fields


class ProductsModel(KeysetTableModel):
    """``show_batch(id, first_page)`` starts a batch (the detail query brings the first page
    along, so it costs no extra round trip); more pages come as the view scrolls."""

    first_page_size = 200
    page_size = 1000
    max_resident_rows = 10_000
    refresh_limit = 10_000

    def __init__(self, run: Runner, use: Any, formats: Formats,
                 parent=None) -> None:
        super().__init__(run, parent)
        self._use = use
        self._formats = formats
        self._batch_id: int | None = None
        self._seed: Page | None = None
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._done_brush = QBrush(QColor("#1b7a3a"))
        self._waiting_font = QFont()
        self._waiting_font.setItalic(True)

    @property
    def batch_id(self) -> int | None:
        return self._batch_id

    def show_batch(self, batch_id: int | None, first_page: Page | None = None) -> None:
        self._batch_id = batch_id
        self._seed = first_page
        self.reload()

    def make_fetch(self) -> Fetch | None:
        if self._batch_id is None:
            return None
        use, batch_id = self._use, self._batch_id
        seed, self._seed = self._seed, None

        def fetch(cursor: str | None, limit: int) -> Page:
            return use.list_products(batch_id, cursor=cursor, limit=limit)

        if seed is None:
            return fetch

        def seeded(cursor: str | None, limit: int) -> Page:
            nonlocal seed
            if cursor is None and seed is not None and limit == self.first_page_size:
                page, seed = seed, None
                return page
            return fetch(cursor, limit)

        return seeded

    def row_key(self, row: tuple) -> Hashable:
        return row[P_ID]

    pack = staticmethod(pack_product)

    def product_at(self, row: int) -> ProductDTO | None:
        packed = self.row_at(row)
        return None if packed is None else ProductDTO(*packed)

    def column_total(self) -> int:
        return len(TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(TITLES) and \
                role == Qt.ItemDataRole.DisplayRole:
            return tr(TITLES[section])
        return None

    def cell(self, row: tuple | None, column: int, role: int) -> Any:
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == CODE else None
        f = self._formats
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CODE:
                return f.code(row[P_CODE])
            if column == STATE:
                return tr("Aggregated") if row[P_AGGREGATED] else tr("Not yet")
            if column == AGGREGATED_AT:
                return f.datetime(row[P_AGGREGATED_AT])
            if column == AGGREGATED_BY:
                return row[P_BY] or ""
            if column == ADDED_AT:
                return f.datetime(row[P_CREATED])
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == CODE:
            return f.code(row[P_CODE])
        if role == Qt.ItemDataRole.FontRole:
            if column == CODE:
                return self._mono
            if column == STATE and not row[P_AGGREGATED]:
                return self._waiting_font
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE and row[P_AGGREGATED]:
            return self._done_brush
        if role == PRODUCT_ROLE:
            return ProductDTO(*row)
        return None
