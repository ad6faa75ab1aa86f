"""Batches in PostgreSQL: read, keyset pages with search and sort, inserts and updates."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger, Connection, Integer, Numeric, any_, bindparam, case, cast, false, func, literal,
    literal_column, or_, select, text, tuple_, update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mesdesk.domain import problems as P
from mesdesk.domain.search import number_searched, search_words, tsquery
from mesdesk.services.dto import SORTABLE_COLUMNS, BatchDTO, BatchFilter, Page

from . import tables as t
from .batch_inserts import array_type, create
from .cursor import decode_cursor, encode_cursor

BatchKey = tuple[int, date]
wc = t.work_centers
b = t.batches

BATCH_COLUMNS = [
    b.c.id, b.c.is_closed, b.c.closed_at, b.c.task_description,
    wc.c.identifier.label("work_center"), wc.c.name.label("work_center_name"),
    b.c.shift, b.c.team, b.c.batch_number, b.c.batch_date, b.c.nomenclature, b.c.ekn_code,
    b.c.shift_start, b.c.shift_end, b.c.products_total, b.c.products_aggregated,
    b.c.created_at, b.c.updated_at,
]
BATCH_FROM = b.join(wc, wc.c.id == b.c.work_center_id)

RATE = case((b.c.products_total == 0, literal(0, Numeric)),
            else_=cast(b.c.products_aggregated, Numeric) * 100 / b.c.products_total)
def _python_type(expression: Any) -> type | None:
    """The Python type a sort expression's values have (a cursor's value must be one)."""
    try:
        return expression.type.python_type
    except NotImplementedError:
        return None


SORT_EXPRESSIONS = {
    "work_center": wc.c.identifier,
    "aggregation_rate": RATE,
    "closed_at": func.coalesce(b.c.closed_at, literal(datetime(1970, 1, 1))),
    **{name: b.c[name] for name in SORTABLE_COLUMNS
       if name not in ("work_center", "aggregation_rate", "closed_at")},
}


# A row's first columns are a BatchDTO's fields in order, so a DTO is built from the row's
# positions: a page of 1,000 rows is then a tenth of the work of going through ``_mapping``.
BATCH_FIELDS = len(BATCH_COLUMNS)
assert [column.name for column in BATCH_COLUMNS] == [f.name for f in fields(BatchDTO)]


def _batch(row: Any) -> BatchDTO:
    return BatchDTO(*row[:BATCH_FIELDS])


#: Batch numbers per statement of ``find_by_keys``.
KEYS_CHUNK = 20_000
NUMBERED = select(b.c.id, b.c.batch_number, b.c.batch_date).where(
    b.c.batch_number == any_(cast(bindparam("numbers"), ARRAY(Integer))))


def keyset_page(connection: Connection, flt: BatchFilter, cursor: str | None, limit: int,
                columns: Sequence[Any], params: Mapping[str, Any] | None = None
                ) -> tuple[Sequence[Any], str | None]:
    """One page of the batches ``flt`` lists, in its order, after ``cursor``: each row the
    ``columns`` then its sort key and id; and the next page's cursor (None after the last).
    The Batches view's pages and the export of batches both read through here."""
    if flt.sort not in SORT_EXPRESSIONS:
        raise P.SORT_UNKNOWN(sort=flt.sort, columns=", ".join(SORTABLE_COLUMNS), field="sort")
    key = SORT_EXPRESSIONS[flt.sort]
    kind = f"batches:{flt.sort}:{'desc' if flt.descending else 'asc'}"
    query = (select(*columns, key.label("_sort_key"), b.c.id).select_from(BATCH_FROM)
             .where(*SqlBatchRepository._conditions(flt)))
    if cursor:
        value, last_id = decode_cursor(cursor, kind, _python_type(key))
        after = tuple_(literal(value), literal(last_id))
        query = query.where(tuple_(key, b.c.id) < after if flt.descending
                            else tuple_(key, b.c.id) > after)
    order = (key.desc(), b.c.id.desc()) if flt.descending else (key.asc(), b.c.id.asc())
    rows = connection.execute(query.order_by(*order).limit(limit + 1), params or {}).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1][-2], rows[-1][-1], kind) if more and rows else None)


@functools.lru_cache(maxsize=64)
def _update_sql(columns: tuple[str, ...]) -> Any:
    arrays = ", ".join(f"CAST(:c{i} AS {array_type(name)}[])" for i, name in enumerate(columns))
    assignments = ", ".join(f"{name} = u.{name}" for name in columns)
    return text(f"UPDATE batches SET {assignments}, updated_at = now() "
                f"FROM unnest(CAST(:ids AS bigint[]), {arrays}) AS u(id, {', '.join(columns)}) "
                f"WHERE batches.id = u.id")


class SqlBatchRepository:
    def __init__(self, connection: Connection, touch: Callable[[int | None], None], *,
                 actor: str = "", station: str = "") -> None:
        self._c = connection
        self._touch = touch
        self._actor = actor         # who and where, for the audit rows written by SQL
        self._station = station

    def get(self, batch_id: int, *, lock: bool = False) -> BatchDTO | None:
        query = select(*BATCH_COLUMNS).select_from(BATCH_FROM).where(b.c.id == batch_id)
        if lock:
            query = query.with_for_update(of=b, key_share=False, nowait=False)
        row = self._c.execute(query).first()
        return _batch(row) if row else None

    def lock_state(self, batch_id: int) -> tuple[bool, int] | None:
        """(is_closed, batch_number) with the row locked: the aggregation hot path."""
        row = self._c.execute(
            select(b.c.is_closed, b.c.batch_number).where(b.c.id == batch_id)
            .with_for_update(key_share=False)).first()
        return (row.is_closed, row.batch_number) if row else None

    def find_by_keys(self, keys: Sequence[BatchKey], *, lock: bool = False
                     ) -> dict[BatchKey, BatchDTO]:
        """The stored batches of ``keys``. Two plain statements per chunk, whatever the
        planner thinks of the table (a join of the keys with a table that grew since its
        statistics can become a nested loop over every row): the batches with those numbers
        by their index, kept when their date is asked for too; then those, locked."""
        found: dict[BatchKey, BatchDTO] = {}
        wanted = set(keys)
        numbers = sorted({number for number, _ in wanted})
        for start in range(0, len(numbers), KEYS_CHUNK):
            chunk = numbers[start:start + KEYS_CHUNK]
            ids = [row.id for row in self._c.execute(NUMBERED, {"numbers": chunk}).all()
                   if (row.batch_number, row.batch_date) in wanted]
            if not ids:
                continue
            query = select(*BATCH_COLUMNS).select_from(BATCH_FROM).where(
                b.c.id == any_(cast(bindparam("ids"), ARRAY(BigInteger)))).order_by(b.c.id)
            if lock:
                query = query.with_for_update(of=b)
            for row in self._c.execute(query, {"ids": ids}).all():     # one fetch, not 10,000
                key = (row.batch_number, row.batch_date)
                if key in wanted:               # renumbered meanwhile: not one asked for
                    found[key] = _batch(row)
        return found

    def create_many(self, rows: Sequence[dict[str, Any]], *, action: str) -> int:
        """New batches with their ``batch_created`` events and audit rows (``action``),
        written by the same statement (``batch_inserts``): how many."""
        if not rows:
            return 0
        count, ids = create(self._c, rows, BATCH_COLUMNS, actor=self._actor,
                            station=self._station, action=action)
        if ids is None:
            self._touch(None)           # too many to list: views read everything again
        for batch_id in ids or ():
            self._touch(batch_id)
        return count

    def insert_new(self, row: dict[str, Any]) -> BatchDTO | None:
        """Insert one batch unless its (number, date) is taken; None when it is. A concurrent
        insert of the same key is waited for: if it commits, this one is the duplicate."""
        statement = (pg_insert(b).values(row)
                     .on_conflict_do_nothing(constraint="uq_batch_number_date")
                     .returning(b.c.id))
        batch_id = self._c.execute(statement).scalar()
        if batch_id is None:
            return None
        self._touch(batch_id)
        return self.get(batch_id)

    def update(self, batch_id: int, values: dict[str, Any]) -> BatchDTO:
        self._c.execute(update(b).where(b.c.id == batch_id)
                        .values(**values, updated_at=func.now()))
        self._touch(batch_id)
        dto = self.get(batch_id)
        assert dto is not None
        return dto

    def update_many(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Set the given columns of the batches by id: one statement per set of columns,
        its values one array per column (10,000 UPDATEs one by one cost the driver and the
        server twice as much). The row triggers (the rollups) run per row as for any UPDATE."""
        groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
        for batch_id, values in rows:
            groups.setdefault(tuple(sorted(values)), []).append((batch_id, values))
            self._touch(batch_id)
        for columns, group in groups.items():
            params: dict[str, Any] = {"ids": [batch_id for batch_id, _ in group]}
            for i, name in enumerate(columns):
                params[f"c{i}"] = [values[name] for _, values in group]
            self._c.execute(_update_sql(columns), params)

    def close_expired(self, now: datetime) -> list[BatchDTO]:
        """Close every open batch whose shift ended at or before ``now`` (``closed_at`` =
        ``now``) in one statement; returns them as they are now, by id. A batch closed by hand
        meanwhile is not closed again: the row lock makes the statement see it closed."""
        statement = (update(b)
                     .where(b.c.is_closed.is_(False), b.c.shift_end <= now,
                            b.c.work_center_id == wc.c.id)
                     .values(is_closed=True, closed_at=now, updated_at=func.now())
                     .returning(*BATCH_COLUMNS))
        closed = sorted(map(_batch, self._c.execute(statement)), key=lambda batch: batch.id)
        for batch in closed:
            self._touch(batch.id)
        return closed

    def add_to_counters(self, batch_id: int, *, total: int = 0, aggregated: int = 0) -> None:
        if not total and not aggregated:
            return
        self._c.execute(update(b).where(b.c.id == batch_id).values(
            products_total=b.c.products_total + total,
            products_aggregated=b.c.products_aggregated + aggregated,
            updated_at=func.now()))
        self._touch(batch_id)

    def backfill_closed(self, rows: Sequence[tuple[int, datetime]]) -> None:
        """Close batches at given past times (demo data, history imports): no events."""
        if rows:
            self._c.execute(text(
                "UPDATE batches SET is_closed = true, closed_at = :at, updated_at = now() "
                "WHERE id = :id"), [{"id": batch_id, "at": at} for batch_id, at in rows])
            self._touch(None)

    def page(self, flt: BatchFilter, cursor: str | None, limit: int) -> Page:
        rows, next_cursor = keyset_page(self._c, flt, cursor, limit, BATCH_COLUMNS)
        return Page(rows=tuple(map(_batch, rows)), next_cursor=next_cursor)

    def count(self, flt: BatchFilter) -> int:
        query = select(func.count()).select_from(BATCH_FROM).where(*self._conditions(flt))
        return self._c.execute(query).scalar_one()

    def listed(self, flt: BatchFilter, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` ``flt`` lists (the same conditions as ``page``)."""
        if not ids:
            return set()
        query = select(b.c.id).select_from(BATCH_FROM).where(
            b.c.id.in_(list(ids)), *self._conditions(flt))
        return set(self._c.execute(query).scalars())

    @staticmethod
    def _conditions(flt: BatchFilter) -> list[Any]:
        conditions: list[Any] = []
        if flt.is_closed is not None:
            conditions.append(b.c.is_closed.is_(flt.is_closed))
        if flt.batch_number is not None:
            # A number no batch can have (the column is int32) matches nothing, without
            # sending the database a literal it cannot compare.
            conditions.append(b.c.batch_number == flt.batch_number
                              if -2**31 <= flt.batch_number < 2**31 else false())
        if flt.date_from is not None:
            conditions.append(b.c.batch_date >= flt.date_from)
        if flt.date_to is not None:
            conditions.append(b.c.batch_date <= flt.date_to)
        if flt.work_center:
            conditions.append(wc.c.identifier == flt.work_center)
        if flt.shift:
            conditions.append(b.c.shift == flt.shift)
        if flt.team:
            conditions.append(b.c.team == flt.team)
        words = search_words(flt.search)
        number = number_searched(flt.search)
        if words or number is not None:
            options = []
            if words:
                options.append(b.c.search_vector.op("@@")(
                    func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(words))))
            if number is not None:
                options.append(b.c.batch_number == number)
            conditions.append(or_(*options))
        return conditions
