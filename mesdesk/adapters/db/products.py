"""Products in PostgreSQL: adding codes, their states, set-based aggregation, pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Connection, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mesdesk.domain import events
from mesdesk.domain.verdicts import ProductState
from mesdesk.services.dto import Page, ProductDTO

from . import tables as t
from .channels import OUTBOX_CHANNEL, outbox_grew_sql
from .cursor import decode_cursor, encode_cursor
from .event_sql import payload_sql
from .rollups import aggregated_activity, aggregated_totals

b = t.batches
p = t.products

# Aggregation of a list of identities into one batch: the events, the counter and the
# dispatcher's wake-up (delivered when the transaction commits) written by the same statement.
BULK_AGGREGATE = text(f"""
        WITH done AS (
            UPDATE products
               SET is_aggregated = true, aggregated_at = now(), aggregated_by = :by
             WHERE batch_id = :batch_id AND NOT is_aggregated
               AND identity = ANY(:identities)
         RETURNING id, identity, unique_code, aggregated_at
        ), events AS (
            INSERT INTO outbox_events (type, payload)
            SELECT '{events.PRODUCT_AGGREGATED}', {payload_sql(events.PRODUCT_AGGREGATED_FIELDS, {
                "unique_code": "unique_code", "batch_id": "CAST(:batch_id AS bigint)",
                "batch_number": "CAST(:batch_number AS integer)",
                "aggregated_at": "aggregated_at"})}
              FROM done ORDER BY id
        ), activity AS ({aggregated_activity(
            "done", "aggregated_at", "(SELECT work_center_id FROM batches WHERE id = :batch_id)")}
        ), totals AS ({aggregated_totals(
            "done, (SELECT batch_date, work_center_id, shift FROM batches WHERE id = :batch_id)"
            " AS batch", "batch")}
        ), counted AS (
            UPDATE batches
               SET products_aggregated = products_aggregated + (SELECT count(*) FROM done),
                   updated_at = now()
             WHERE id = :batch_id
        ), note AS (
            SELECT pg_notify(:outbox_channel, {outbox_grew_sql("(SELECT count(*) FROM done)")})
             WHERE EXISTS (SELECT FROM done)
        )
        SELECT identity FROM done, (SELECT count(*) FROM note) AS notified
""")

# History (demo data, past aggregations): products marked aggregated at given times, and their
# activity in the hours they happened. The batches' counters are recounted by the caller.
BACKFILL_AGGREGATED = text(f"""
        WITH given AS (
            SELECT * FROM unnest(CAST(:identities AS text[]), CAST(:batch_ids AS bigint[]),
                                 CAST(:ats AS timestamptz[])) AS g(identity, batch_id, at)
        ), done AS (
            UPDATE products SET is_aggregated = true, aggregated_at = given.at,
                                aggregated_by = :by
              FROM given
             WHERE products.identity = given.identity AND products.batch_id = given.batch_id
               AND NOT products.is_aggregated
         RETURNING products.batch_id, products.aggregated_at
        ), totals AS ({aggregated_totals("done JOIN batches ON batches.id = done.batch_id",
                                         "batches")}
        )
        {aggregated_activity("done JOIN batches ON batches.id = done.batch_id",
                             "done.aggregated_at", "batches.work_center_id")}
""")


class SqlProductRepository:
    def __init__(self, connection: Connection, touch: Callable[[int | None], None]) -> None:
        self._c = connection
        self._touch = touch

    def state(self, identity: str) -> ProductState | None:
        query = (select(p.c.batch_id, p.c.is_aggregated, p.c.aggregated_at, p.c.scan_id,
                        b.c.batch_number, b.c.batch_date)
                 .select_from(p.join(b, b.c.id == p.c.batch_id))
                 .where(p.c.identity == identity))
        row = self._c.execute(query).first()
        return ProductState(**row._mapping) if row else None

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

        The ``product_aggregated`` events are written by the same statement, their payload
        derived from the event's field list (``event_sql``).
        """
        identities = list(dict.fromkeys(identity for _, identity in items))
        aggregated: set[str] = set()
        for start in range(0, len(identities), 20000):
            chunk = identities[start:start + 20000]
            aggregated.update(self._c.execute(BULK_AGGREGATE, {
                "by": by, "batch_id": batch_id, "batch_number": batch_number,
                "identities": chunk, "outbox_channel": OUTBOX_CHANNEL}).scalars())
        self._touch(batch_id)
        rest = [identity for identity in identities if identity not in aggregated]
        return aggregated, self.states(rest)

    def backfill_aggregated(self, rows: Sequence[tuple[str, int, datetime]], *, by: str) -> int:
        """Mark (identity, batch_id, at) aggregated at past times and recount the batches.

        For demo data and history imports: no events are written for the past.
        """
        if not rows:
            return 0
        self._c.execute(BACKFILL_AGGREGATED, {
            "identities": [identity for identity, _, _ in rows],
            "batch_ids": [batch_id for _, batch_id, _ in rows],
            "ats": [at for _, _, at in rows], "by": by})
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
