"""The reads of an export (SPEC §7): keyset pages of plain tuples, not DTOs.

A million rows go through here, so each row is a tuple in the order of the fields asked for
(the sheet's columns; the keyset values follow them, and writers take only the fields: a
million tuples are not sliced for nothing), made ready by PostgreSQL: times converted to the
production zone and cut to the second (``timezone(zone, t)``: a naive local time, what a
spreadsheet cell holds), the aggregation rate rounded as ``statistics.aggregation_rate``
does. Python then only writes them out.

Batches are listed with the Batches view's conditions and sort (``SqlBatchRepository``);
products by batch and id, a batch's own products along the ``(batch_id, id)`` index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Float, Text, bindparam, cast, func, select

from mesdesk.services.dto import BatchFilter

from . import tables as t
from .batches import BATCH_FROM, RATE, SqlBatchRepository, keyset_page

b = t.batches
wc = t.work_centers
p = t.products

ZONE = bindparam("zone", type_=Text())


def _local(column: Any) -> Any:
    """A ``timestamptz`` as the naive date and time of the production zone, to the second."""
    return func.date_trunc("second", func.timezone(ZONE, column))


BATCH_FIELDS: dict[str, Any] = {
    "is_closed": b.c.is_closed,
    "task_description": b.c.task_description,
    "work_center_name": wc.c.name,
    "shift": b.c.shift,
    "team": b.c.team,
    "batch_number": b.c.batch_number,
    "batch_date": b.c.batch_date,
    "nomenclature": b.c.nomenclature,
    "ekn_code": b.c.ekn_code,
    "work_center": wc.c.identifier,
    "shift_start": _local(b.c.shift_start),
    "shift_end": _local(b.c.shift_end),
    "id": b.c.id,
    "products_total": b.c.products_total,
    "products_aggregated": b.c.products_aggregated,
    "aggregation_rate": cast(func.round(RATE, 1), Float),
    "closed_at": _local(b.c.closed_at),
    "created_at": _local(b.c.created_at),
    "updated_at": _local(b.c.updated_at),
}

PRODUCT_FIELDS: dict[str, Any] = {
    "unique_code": p.c.unique_code,
    "batch_number": b.c.batch_number,
    "batch_date": b.c.batch_date,
    "is_aggregated": p.c.is_aggregated,
    "aggregated_at": _local(p.c.aggregated_at),
    "aggregated_by": p.c.aggregated_by,
    "id": p.c.id,
}


class SqlExportRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def batch_rows(self, flt: BatchFilter, cursor: str | None, limit: int,
                   fields: Sequence[str], zone: str) -> tuple[list[tuple], str | None]:
        """One page of batches as the Batches view lists them (its filter and sort), each a
        tuple of ``fields`` (then its sort key and id); and the next page's cursor (None after
        the last)."""
        rows, next_cursor = keyset_page(self._c, flt, cursor, limit,
                                        [BATCH_FIELDS[name] for name in fields], {"zone": zone})
        return list(rows), next_cursor

    def batch_totals(self, flt: BatchFilter, after_id: int, limit: int
                     ) -> list[tuple[int, int]]:
        """(id, products_total) of the batches ``flt`` lists that have products, by id, after
        ``after_id``: the batches whose products an export walks through."""
        query = (select(b.c.id, b.c.products_total).select_from(BATCH_FROM)
                 .where(*SqlBatchRepository._conditions(flt), b.c.id > after_id,
                        b.c.products_total > 0)
                 .order_by(b.c.id).limit(limit))
        return [tuple(row) for row in self._c.execute(query)]

    def totals_of(self, ids: Sequence[int]) -> dict[int, int]:
        """products_total of each of ``ids`` that exists."""
        found: dict[int, int] = {}
        for start in range(0, len(ids), 5000):
            chunk = list(ids[start:start + 5000])
            found.update((batch_id, total) for batch_id, total in self._c.execute(
                select(b.c.id, b.c.products_total).where(b.c.id.in_(chunk))))
        return found

    def products_total(self, flt: BatchFilter) -> int:
        """How many products the batches ``flt`` lists hold (their exact counters)."""
        query = (select(func.coalesce(func.sum(b.c.products_total), 0))
                 .select_from(BATCH_FROM).where(*SqlBatchRepository._conditions(flt)))
        return int(self._c.execute(query).scalar_one())

    def product_rows(self, batch_ids: Sequence[int], after_id: int, limit: int | None,
                     fields: Sequence[str], zone: str) -> tuple[list[tuple], int | None]:
        """Products of ``batch_ids`` by batch and id, those of a single batch after
        ``after_id``, at most ``limit``, each a tuple of ``fields`` (then its id); and the last
        product's id (None when none)."""
        query = (select(*(PRODUCT_FIELDS[name] for name in fields), p.c.id)
                 .select_from(p.join(b, b.c.id == p.c.batch_id)))
        if len(batch_ids) == 1:
            query = query.where(p.c.batch_id == batch_ids[0], p.c.id > after_id)
        else:
            query = query.where(p.c.batch_id.in_(list(batch_ids)), p.c.id > after_id)
        query = query.order_by(p.c.batch_id, p.c.id)
        if limit is not None:
            query = query.limit(limit)
        # The driver's tuples as they are: these columns need no conversion by SQLAlchemy,
        # and a million Row objects cost an export a third of a second.
        result = self._c.execute(query, {"zone": zone})
        rows = result.cursor.fetchall()
        result.close()
        return rows, (rows[-1][-1] if rows else None)
