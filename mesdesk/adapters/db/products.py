"""Products in PostgreSQL: adding codes, their states, set-based aggregation, pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError

from mesdesk.domain import events
from mesdesk.domain.verdicts import ProductState
from mesdesk.services.dto import Page, ProductDTO

from . import tables as t
from .channels import OUTBOX_CHANNEL, outbox_grew_sql
from .cursor import decode_cursor, encode_cursor
from .event_sql import EVENT_ID_PARTS, event_id_sql, payload_parts_sql
from .rollups import aggregated_activity, aggregated_totals

b = t.batches
p = t.products

#: A list of codes or identities as one parameter: the lines of one text (``lines``), split
#: by the server. A code holds no line break (whitespace inside a code is refused), and one
#: string of 3 MB is sent as it is, where psycopg spends 0.13 s quoting a Python list of
#: 100,000 strings. ``:listed`` is the list's length.
_LISTED = "string_to_array(CAST(:identities AS text), E'\\n')"

# Aggregation of a list of identities into one batch: the events, the counter, the rollups
# and the dispatcher's wake-up (delivered when the transaction commits) written by the same
# statement. The payload's fields that are the same for every event (the batch, and
# ``aggregated_at``: ``now()``, which the UPDATE sets) are built once, in ``stamp``, with the
# parts of the events' time-ordered ids; every product is aggregated at ``now()``, so the
# rollups get one row each, from the ``tally``. ``left_over`` lists the given identities not
# aggregated now, only when there are any (an InitPlan runs when it is needed).
_ROW_PAYLOAD, _FIXED_PAYLOAD = payload_parts_sql(events.PRODUCT_AGGREGATED_FIELDS, {
    "unique_code": "done.unique_code"}, {
    "batch_id": "CAST(:batch_id AS bigint)", "batch_number": "CAST(:batch_number AS integer)",
    "aggregated_at": "now()"})
_TALLIED = "(SELECT n FROM tally WHERE n > 0) AS tallied"
BULK_AGGREGATE = text(f"""
        WITH stamp AS MATERIALIZED (
            SELECT {_FIXED_PAYLOAD} AS payload, {EVENT_ID_PARTS}
        ), done AS (
            UPDATE products
               SET is_aggregated = true, aggregated_at = now(), aggregated_by = :by
             WHERE batch_id = :batch_id AND NOT is_aggregated
               AND identity = ANY({_LISTED})
         RETURNING id, identity, unique_code
        ), tally AS MATERIALIZED (
            SELECT count(*) AS n FROM done
        ), events AS (
            INSERT INTO outbox_events (id, type, payload)
            SELECT {event_id_sql("stamp", "row_number() OVER (ORDER BY done.id)")},
                   '{events.PRODUCT_AGGREGATED}', {_ROW_PAYLOAD} || stamp.payload
              FROM done, stamp ORDER BY done.id
        ), activity AS ({aggregated_activity(
            _TALLIED, "now()", "(SELECT work_center_id FROM batches WHERE id = :batch_id)",
            "sum(tallied.n)")}
        ), totals AS ({aggregated_totals(
            f"{_TALLIED}, (SELECT batch_date, work_center_id, shift FROM batches"
            " WHERE id = :batch_id) AS batch", "batch", "sum(tallied.n)")}
        ), counted AS (
            UPDATE batches
               SET products_aggregated = products_aggregated + (SELECT n FROM tally),
                   updated_at = now()
             WHERE id = :batch_id
        ), note AS (
            SELECT pg_notify(:outbox_channel, {outbox_grew_sql("(SELECT n FROM tally)")})
             WHERE (SELECT n FROM tally) > 0
        )
        SELECT (SELECT n FROM tally) AS aggregated,
               (SELECT count(*) FROM note) AS notified,
               CASE WHEN (SELECT n FROM tally) = CAST(:listed AS integer)
                    THEN CAST(ARRAY[] AS text[])
                    ELSE ARRAY(SELECT given FROM unnest({_LISTED}) AS given
                               EXCEPT SELECT identity FROM done) END AS left_over
""")
# Codes added to batches, one statement for the whole list. Usually every identity is new:
# ADD_ALL inserts them all, and the unique index refuses the list if one is stored already.
# Then ADD_NEW inserts each identity unless it is stored (in any batch), waiting for and
# skipping one that another transaction adds at the same moment; its speculative insertion
# costs 0.3 s more per 100,000 rows, and a probe of the index per row, so it is not the
# first try. ``left_over`` lists the identities not inserted, only when there are any. The
# products' ids follow the list's order (the rows are inserted as unnest gives them).
_GIVEN = (f"unnest({_LISTED.replace(':identities', ':codes')}, {_LISTED},"
          f" CAST({_LISTED.replace(':identities', ':batch_ids')} AS bigint[]))"
          " AS given(code, identity, batch_id)")
ADD_ALL = text(f"""
        INSERT INTO products (unique_code, identity, batch_id)
        SELECT code, identity, batch_id FROM {_GIVEN}
""")
ADD_NEW = text(f"""
        WITH given AS (
            SELECT * FROM {_GIVEN}
        ), added AS (
            INSERT INTO products (unique_code, identity, batch_id)
            SELECT code, identity, batch_id FROM given
            ON CONFLICT (identity) DO NOTHING
            RETURNING batch_id, identity
        )
        SELECT (SELECT coalesce(jsonb_object_agg(batch_id, n), '{{}}')
                  FROM (SELECT batch_id, count(*) AS n FROM added GROUP BY batch_id) AS counted
               ) AS added,
               CASE WHEN (SELECT count(*) FROM added) = CAST(:listed AS integer)
                    THEN CAST(ARRAY[] AS text[])
                    ELSE ARRAY(SELECT identity FROM given EXCEPT SELECT identity FROM added)
                    END AS left_over
""")
IDENTITY_UNIQUE = "uq_products_identity"

#: Memory for the sort and the CTEs of one bulk statement, in its transaction only: the
#: default 4 MB sends 100,000 rows to temporary files, read again by every CTE that reads them.
BULK_WORK_MEM = text("SET LOCAL work_mem = '64MB'")

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


def lines(values: Sequence[str]) -> str:
    """``values`` as the one parameter ``_LISTED`` splits (none may hold a line break)."""
    joined = "\n".join(values)
    if joined.count("\n") != max(len(values) - 1, 0):
        raise ValueError("a listed value holds a line break")
    return joined


class SqlProductRepository:
    def __init__(self, connection: Connection, touch: Callable[[int | None], None]) -> None:
        self._c = connection
        self._touch = touch
        self._stored_met = False    # an identity added was found stored: see add_to_batches

    def state(self, identity: str) -> ProductState | None:
        query = (select(p.c.batch_id, p.c.is_aggregated, p.c.aggregated_at, p.c.scan_id,
                        b.c.batch_number, b.c.batch_date)
                 .select_from(p.join(b, b.c.id == p.c.batch_id))
                 .where(p.c.identity == identity))
        row = self._c.execute(query).first()
        return ProductState(**row._mapping) if row else None

    def add_many(self, batch_id: int, codes: Sequence[tuple[str, str]]
                 ) -> tuple[int, list[tuple[str, ProductState]]]:
        added, left = self.add_to_batches([(code, identity, batch_id)
                                           for code, identity in codes])
        rejected_identities = [identity for _, identity in codes if identity in left]
        owners = self.states(rejected_identities) if rejected_identities else {}
        rejected = [(identity, owners[identity]) for identity in rejected_identities
                    if identity in owners]
        return added.get(batch_id, 0), rejected

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
        """Insert (code, identity, batch_id) rows, skipping known identities, in one statement.

        Returns the number added per batch and the identities not added; the caller updates
        the counters.
        """
        if not rows:
            return {}, set()
        listed = {"codes": lines([code for code, _, _ in rows]),
                  "identities": lines([identity for _, identity, _ in rows]),
                  "batch_ids": lines([str(batch_id) for _, _, batch_id in rows]),
                  "listed": len(rows)}
        if not self._stored_met:
            try:
                with self._c.begin_nested():
                    self._c.execute(ADD_ALL, listed)
            except IntegrityError as exc:
                if getattr(getattr(exc.orig, "diag", None), "constraint_name", None) \
                        != IDENTITY_UNIQUE:
                    raise
                # One of them is stored (or listed twice): undone to the savepoint; this and
                # the next lists of this unit of work skip what is stored.
                self._stored_met = True
            else:
                return dict(Counter(batch_id for _, _, batch_id in rows)), set()
        row = self._c.execute(ADD_NEW, listed).one()
        return {int(batch_id): n for batch_id, n in row.added.items()}, set(row.left_over)

    def bulk_aggregate(self, batch_id: int, batch_number: int, identities: Sequence[str], *,
                       by: str) -> tuple[int, set[str], dict[str, ProductState]]:
        """Aggregate every listed identity (each once) of this batch in one statement.

        The ``product_aggregated`` events are written by the same statement, their payload
        derived from the event's field list (``event_sql``). Returns how many were aggregated
        now, the identities that were not, and the states of those that exist.
        """
        self._c.execute(BULK_WORK_MEM)
        row = self._c.execute(BULK_AGGREGATE, {
            "by": by, "batch_id": batch_id, "batch_number": batch_number,
            "identities": lines(identities), "listed": len(identities),
            "outbox_channel": OUTBOX_CHANNEL}).one()
        self._touch(batch_id)
        left = set(row.left_over)
        return row.aggregated, left, self.states(list(left)) if left else {}

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
