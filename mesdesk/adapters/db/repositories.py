"""Repositories over SQLAlchemy Core: each method is a few statements, set-based where it pays."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection, Numeric, bindparam, case, cast, func, insert, literal, literal_column, or_, select,
    false, text, tuple_, update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mesdesk.domain import problems as P
from mesdesk.domain.search import number_searched, search_words, tsquery
from mesdesk.domain.verdicts import ProductState
from mesdesk.services.dto import SORTABLE_COLUMNS, BatchDTO, BatchFilter, Page, ProductDTO
from mesdesk.services.ports import AggregationAttempt

from . import tables as t
from .channels import CHANGES_CHANNEL, OUTBOX_CHANNEL, batches_changed, outbox_grew
from .cursor import decode_cursor, encode_cursor

BatchKey = tuple[int, date]
wc = t.work_centers
b = t.batches
p = t.products

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


def _batch(row: Any) -> BatchDTO:
    return BatchDTO(**row._mapping)


class SqlWorkCenterRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def ensure(self, names_by_identifier: dict[str, str]) -> dict[str, int]:
        if not names_by_identifier:
            return {}
        rows = [{"identifier": ident, "name": name}
                for ident, name in sorted(names_by_identifier.items())]
        stmt = pg_insert(wc).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=[wc.c.identifier],
            set_={"name": stmt.excluded.name, "updated_at": func.now()},
            where=wc.c.name.is_distinct_from(stmt.excluded.name),
        )
        self._c.execute(stmt)
        found = self._c.execute(select(wc.c.identifier, wc.c.id).where(
            wc.c.identifier.in_(list(names_by_identifier))))
        return {ident: id_ for ident, id_ in found}

    def id_of(self, identifier: str) -> int | None:
        return self._c.execute(select(wc.c.id).where(wc.c.identifier == identifier)).scalar()

    def list_all(self) -> list[tuple[str, str]]:
        return [tuple(row) for row in self._c.execute(
            select(wc.c.identifier, wc.c.name).order_by(wc.c.identifier))]


class SqlBatchRepository:
    def __init__(self, connection: Connection, touch: Callable[[int | None], None]) -> None:
        self._c = connection
        self._touch = touch

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
        found: dict[BatchKey, BatchDTO] = {}
        unique = sorted(set(keys))
        for start in range(0, len(unique), 5000):
            chunk = unique[start:start + 5000]
            query = (select(*BATCH_COLUMNS).select_from(BATCH_FROM)
                     .where(tuple_(b.c.batch_number, b.c.batch_date).in_(chunk))
                     .order_by(b.c.id))
            if lock:
                query = query.with_for_update(of=b)
            for row in self._c.execute(query):
                found[(row.batch_number, row.batch_date)] = _batch(row)
        return found

    def insert_many(self, rows: Sequence[dict[str, Any]]) -> list[BatchDTO]:
        if not rows:
            return []
        # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs itself.
        statement = insert(b).returning(b.c.id, sort_by_parameter_order=True)
        ids = list(self._c.execute(statement, list(rows)).scalars())
        return self._by_ids(ids)

    def _by_ids(self, ids: Sequence[int]) -> list[BatchDTO]:
        result: list[BatchDTO] = []
        for start in range(0, len(ids), 5000):
            chunk = list(ids[start:start + 5000])
            rows = self._c.execute(select(*BATCH_COLUMNS).select_from(BATCH_FROM)
                                   .where(b.c.id.in_(chunk)).order_by(b.c.id))
            result.extend(_batch(row) for row in rows)
        for dto in result:
            self._touch(dto.id)
        return result

    def update(self, batch_id: int, values: dict[str, Any]) -> BatchDTO:
        self._c.execute(update(b).where(b.c.id == batch_id)
                        .values(**values, updated_at=func.now()))
        self._touch(batch_id)
        dto = self.get(batch_id)
        assert dto is not None
        return dto

    def update_many(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
        # Group by the set of columns so each group is one executemany.
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for batch_id, values in rows:
            groups.setdefault(tuple(sorted(values)), []).append({"_id": batch_id, **values})
            self._touch(batch_id)
        for columns, params in groups.items():
            assignments = {name: bindparam(name) for name in columns}
            assignments["updated_at"] = func.now()
            stmt = update(b).where(b.c.id == bindparam("_id")).values(assignments)
            self._c.execute(stmt, params)

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
        if flt.sort not in SORT_EXPRESSIONS:
            raise P.SORT_UNKNOWN(sort=flt.sort, columns=", ".join(SORTABLE_COLUMNS),
                                 field="sort")
        key = SORT_EXPRESSIONS[flt.sort]
        cursor_kind = f"batches:{flt.sort}:{'desc' if flt.descending else 'asc'}"
        query = select(*BATCH_COLUMNS, key.label("_sort_key")).select_from(BATCH_FROM)
        query = query.where(*self._conditions(flt))
        if cursor:
            value, last_id = decode_cursor(cursor, cursor_kind, _python_type(key))
            if flt.descending:
                query = query.where(tuple_(key, b.c.id) < tuple_(literal(value), literal(last_id)))
            else:
                query = query.where(tuple_(key, b.c.id) > tuple_(literal(value), literal(last_id)))
        order = (key.desc(), b.c.id.desc()) if flt.descending else (key.asc(), b.c.id.asc())
        rows = self._c.execute(query.order_by(*order).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = (encode_cursor(rows[-1]._sort_key, rows[-1].id, cursor_kind)
                       if more and rows else None)
        dtos = tuple(BatchDTO(**{k: v for k, v in row._mapping.items() if k != "_sort_key"})
                     for row in rows)
        return Page(rows=dtos, next_cursor=next_cursor)

    def count(self, flt: BatchFilter) -> int:
        query = select(func.count()).select_from(BATCH_FROM).where(*self._conditions(flt))
        return self._c.execute(query).scalar_one()

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


def product_aggregated_payload(code: str, batch_id: str, batch_number: str, at: str) -> str:
    """SQL for the ``product_aggregated`` payload of ``mesdesk.domain.events`` (tests keep the
    two equal), for statements that write their own events."""
    return (f"jsonb_build_object('unique_code', {code}, 'batch_id', {batch_id}, "
            f"'batch_number', {batch_number}, 'aggregated_at', to_char({at} AT TIME ZONE 'UTC', "
            """'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))""")


# The whole accepted scan in one statement: batch lock, product, counter, outbox event,
# audit row and notifications (delivered by PostgreSQL when the statement commits).
AGGREGATE_ONE = text(f"""
    WITH batch AS (
        SELECT id, is_closed, batch_number FROM batches WHERE id = :batch_id FOR NO KEY UPDATE
    ), done AS (
        UPDATE products
           SET is_aggregated = true, aggregated_at = now(), aggregated_by = :by,
               scan_id = :scan_id
          FROM batch
         WHERE products.identity = :identity AND products.batch_id = batch.id
           AND NOT batch.is_closed AND NOT products.is_aggregated
     RETURNING products.aggregated_at, products.unique_code
    ), counted AS (
        UPDATE batches
           SET products_aggregated = products_aggregated + 1, updated_at = now()
          FROM done WHERE batches.id = :batch_id
    ), event AS (
        INSERT INTO outbox_events (type, payload)
        SELECT 'product_aggregated', {product_aggregated_payload(
            "done.unique_code", "batch.id", "batch.batch_number", "done.aggregated_at")}
          FROM done, batch
    ), audit AS (
        INSERT INTO audit_log (actor, station, action, entity, entity_id, changes)
        SELECT :actor, :station, 'aggregate', 'product', :identity,
               jsonb_build_object('batch_id', batch.id, 'scan_id', CAST(:scan_id AS text))
          FROM done, batch
    ), notes AS (
        SELECT pg_notify(:changes_channel, :changes_note), pg_notify(:outbox_channel, :outbox_note)
          FROM done
    )
    SELECT batch.is_closed, batch.batch_number, done.aggregated_at, done.unique_code,
           (SELECT count(*) FROM notes) AS notified
      FROM batch LEFT JOIN done ON true
""")


# Aggregation of a list of identities into one batch, events written by the same statement.
BULK_AGGREGATE = text(f"""
        WITH done AS (
            UPDATE products
               SET is_aggregated = true, aggregated_at = now(), aggregated_by = :by
             WHERE batch_id = :batch_id AND NOT is_aggregated
               AND identity = ANY(:identities)
         RETURNING id, identity, unique_code, aggregated_at
        ), events AS (
            INSERT INTO outbox_events (type, payload)
            SELECT 'product_aggregated', {product_aggregated_payload(
                "unique_code", "CAST(:batch_id AS bigint)", "CAST(:batch_number AS integer)",
                "aggregated_at")}
              FROM done ORDER BY id
        ), counted AS (
            UPDATE batches
               SET products_aggregated = products_aggregated + (SELECT count(*) FROM done),
                   updated_at = now()
             WHERE id = :batch_id
        )
        SELECT identity FROM done
""")


class SqlProductRepository:
    def __init__(self, connection: Connection, touch: Callable[[int | None], None],
                 count_events: Callable[[int], None], *, actor: str = "",
                 station: str = "") -> None:
        self._c = connection
        self._touch = touch
        self._count_events = count_events
        self._actor = actor
        self._station = station

    def state(self, identity: str) -> ProductState | None:
        query = (select(p.c.batch_id, p.c.is_aggregated, p.c.aggregated_at, p.c.scan_id,
                        b.c.batch_number, b.c.batch_date)
                 .select_from(p.join(b, b.c.id == p.c.batch_id))
                 .where(p.c.identity == identity))
        row = self._c.execute(query).first()
        return ProductState(**row._mapping) if row else None

    def aggregate_one(self, batch_id: int, identity: str, *, by: str, scan_id: str | None
                      ) -> AggregationAttempt | None:
        """Aggregate one product if its batch is open and it is there and not yet aggregated.

        One atomic statement (see AGGREGATE_ONE). The batch row lock comes first and
        serialises every aggregation into this batch; the product update re-checks its
        condition on the newest row version, so two stations scanning one code at once get
        one update between them. ``None`` when the batch does not exist.
        """
        row = self._c.execute(AGGREGATE_ONE, {
            "batch_id": batch_id, "identity": identity, "by": by, "scan_id": scan_id,
            "actor": self._actor, "station": self._station,
            "changes_channel": CHANGES_CHANNEL,
            "changes_note": batches_changed([batch_id], self._station),
            "outbox_channel": OUTBOX_CHANNEL, "outbox_note": outbox_grew(1)}).first()
        if row is None:
            return None
        return AggregationAttempt(is_closed=row.is_closed, batch_number=row.batch_number,
                                  aggregated_at=row.aggregated_at, unique_code=row.unique_code)

    def add_many(self, batch_id: int, codes: Sequence[tuple[str, str]]
                 ) -> tuple[int, list[tuple[str, ProductState]]]:
        added_identities: set[str] = set()
        for start in range(0, len(codes), 5000):
            chunk = codes[start:start + 5000]
            stmt = (pg_insert(p).values([{"unique_code": code, "identity": identity,
                                          "batch_id": batch_id} for code, identity in chunk])
                    .on_conflict_do_nothing(index_elements=[p.c.identity])
                    .returning(p.c.identity))
            added_identities.update(self._c.execute(stmt).scalars())
        rejected_identities = [identity for _, identity in codes
                               if identity not in added_identities]
        owners = self.states(rejected_identities)
        rejected = [(identity, owners[identity]) for identity in rejected_identities
                    if identity in owners]
        return len(added_identities), rejected

    def states(self, identities: Sequence[str]) -> dict[str, ProductState]:
        found: dict[str, ProductState] = {}
        unique = list(dict.fromkeys(identities))
        for start in range(0, len(unique), 5000):
            rows = self._c.execute(
                select(p.c.identity, p.c.batch_id, p.c.is_aggregated, p.c.aggregated_at,
                       p.c.scan_id, b.c.batch_number, b.c.batch_date)
                .select_from(p.join(b, b.c.id == p.c.batch_id))
                .where(p.c.identity.in_(unique[start:start + 5000])))
            for row in rows:
                values = dict(row._mapping)
                identity = values.pop("identity")
                found[identity] = ProductState(**values)
        return found

    def add_to_batches(self, rows: Sequence[tuple[str, str, int]]
                       ) -> tuple[dict[int, int], set[str]]:
        """Insert (code, identity, batch_id) rows, skipping known identities.

        Returns the number added per batch and the identities added; the caller updates the
        counters.
        """
        added: dict[int, int] = {}
        identities: set[str] = set()
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            stmt = (pg_insert(p).values([{"unique_code": code, "identity": identity,
                                          "batch_id": batch_id}
                                         for code, identity, batch_id in chunk])
                    .on_conflict_do_nothing(index_elements=[p.c.identity])
                    .returning(p.c.batch_id, p.c.identity))
            for batch_id, identity in self._c.execute(stmt):
                added[batch_id] = added.get(batch_id, 0) + 1
                identities.add(identity)
        return added, identities

    def bulk_aggregate(self, batch_id: int, batch_number: int,
                       items: Sequence[tuple[str, str]], *, by: str
                       ) -> tuple[set[str], dict[str, ProductState]]:
        """Aggregate every listed identity of this batch in one statement per chunk.

        The ``product_aggregated`` events are written by the same statement (the payload
        mirrors ``mesdesk.domain.events.product_aggregated``; a test keeps them equal).
        """
        identities = list(dict.fromkeys(identity for _, identity in items))
        aggregated: set[str] = set()
        for start in range(0, len(identities), 20000):
            chunk = identities[start:start + 20000]
            aggregated.update(self._c.execute(BULK_AGGREGATE, {
                "by": by, "batch_id": batch_id, "batch_number": batch_number,
                "identities": chunk}).scalars())
        self._count_events(len(aggregated))
        self._touch(batch_id)
        rest = [identity for identity in identities if identity not in aggregated]
        return aggregated, self.states(rest)

    def backfill_aggregated(self, rows: Sequence[tuple[str, int, datetime]], *, by: str) -> int:
        """Mark (identity, batch_id, at) aggregated at past times and recount the batches.

        For demo data and history imports: no events are written for the past.
        """
        if not rows:
            return 0
        self._c.execute(text("""
            UPDATE products SET is_aggregated = true, aggregated_at = :at, aggregated_by = :by
             WHERE identity = :identity AND batch_id = :batch_id AND NOT is_aggregated
        """), [{"identity": identity, "batch_id": batch_id, "at": at, "by": by}
               for identity, batch_id, at in rows])
        batch_ids = sorted({batch_id for _, batch_id, _ in rows})
        self._c.execute(text("""
            UPDATE batches SET products_aggregated = counted.n, updated_at = now()
              FROM (SELECT batch_id, count(*) AS n FROM products
                     WHERE batch_id = ANY(:ids) AND is_aggregated GROUP BY batch_id) counted
             WHERE batches.id = counted.batch_id
        """), {"ids": batch_ids})
        self._touch(None)
        return self._c.execute(text(
            "SELECT count(*) FROM products WHERE batch_id = ANY(:ids) AND is_aggregated"),
            {"ids": batch_ids}).scalar_one()

    def page_for_batch(self, batch_id: int, cursor: str | None, limit: int) -> Page:
        query = select(p.c.id, p.c.unique_code, p.c.identity, p.c.batch_id, p.c.is_aggregated,
                       p.c.aggregated_at, p.c.aggregated_by, p.c.created_at
                       ).where(p.c.batch_id == batch_id)
        if cursor:
            _, last_id = decode_cursor(cursor, "products")
            query = query.where(p.c.id > last_id)
        rows = self._c.execute(query.order_by(p.c.id).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        dtos = tuple(ProductDTO(**row._mapping) for row in rows)
        next_cursor = encode_cursor(None, rows[-1].id, "products") if more and rows else None
        return Page(rows=dtos, next_cursor=next_cursor)
