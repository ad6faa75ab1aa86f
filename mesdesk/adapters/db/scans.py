"""The scan hot path (§4): one accepted scan is one statement, which is its own transaction.

Everything an accepted scan changes is written by ``AGGREGATE_ONE`` at once: the batch row
lock, the product, the batch counter, the ``product_aggregated`` event (its payload derived
from the domain's field list), the audit row and the notifications (PostgreSQL delivers them
when the statement commits). Running it outside a unit of work saves the BEGIN and COMMIT
round trips; it is atomic because it is one statement, so nothing else may join it.
"""

from __future__ import annotations

from collections.abc import Callable

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError

from mesdesk.domain import events
from mesdesk.domain.verdicts import ProductState
from mesdesk.services.ports import AggregationAttempt

from . import tables as t
from .channels import CHANGES_CHANNEL, OUTBOX_CHANNEL, batches_changed, outbox_grew
from .event_sql import payload_sql
from .failures import as_problem, unavailable
from .rollups import aggregated_activity, aggregated_totals

b = t.batches
p = t.products

AGGREGATE_ONE = text(f"""
    WITH batch AS (
        SELECT id, is_closed, batch_number, batch_date, work_center_id, shift, products_total,
               products_aggregated
          FROM batches WHERE id = :batch_id FOR NO KEY UPDATE
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
     RETURNING batches.products_total, batches.products_aggregated
    ), event AS (
        INSERT INTO outbox_events (type, payload)
        SELECT '{events.PRODUCT_AGGREGATED}', {payload_sql(events.PRODUCT_AGGREGATED_FIELDS, {
            "unique_code": "done.unique_code", "batch_id": "batch.id",
            "batch_number": "batch.batch_number", "aggregated_at": "done.aggregated_at"})}
          FROM done, batch
    ), audit AS (
        INSERT INTO audit_log (actor, station, action, entity, entity_id, changes)
        SELECT :actor, :station, 'aggregate', 'product', :identity,
               jsonb_build_object('batch_id', batch.id, 'scan_id', CAST(:scan_id AS text))
          FROM done, batch
    ), activity AS ({aggregated_activity("done, batch", "done.aggregated_at",
                                          "batch.work_center_id")}
    ), totals AS ({aggregated_totals("done, batch", "batch")}
    ), notes AS (
        SELECT pg_notify(:changes_channel, :changes_note), pg_notify(:outbox_channel, :outbox_note)
          FROM done
    )
    SELECT batch.is_closed, batch.batch_number, done.aggregated_at, done.unique_code,
           coalesce(counted.products_total, batch.products_total) AS products_total,
           coalesce(counted.products_aggregated, batch.products_aggregated)
               AS products_aggregated,
           (SELECT count(*) FROM notes) AS notified
      FROM batch LEFT JOIN done ON true LEFT JOIN counted ON true
""")

PRODUCT_STATE = (select(p.c.batch_id, p.c.is_aggregated, p.c.aggregated_at, p.c.scan_id,
                        b.c.batch_number, b.c.batch_date)
                 .select_from(p.join(b, b.c.id == p.c.batch_id)))


class SqlScanWriter:
    """The ``ScanPort`` over PostgreSQL: each call is one statement in autocommit."""

    def __init__(self, engine: Engine, *, actor: str | Callable[[], str] = "",
                 station: str = "") -> None:
        self._engine = engine
        self._actor = actor if callable(actor) else (lambda: actor)
        self._station = station

    def aggregate_one(self, batch_id: int, identity: str, *, by: str, scan_id: str | None
                      ) -> AggregationAttempt | None:
        """Aggregate one product if its batch is open and it is there and not yet aggregated.

        The batch row lock comes first and serialises every aggregation into this batch; the
        product update re-checks its condition on the newest row version, so two stations
        scanning one code at once get one update between them. The batch counters come back
        as they are after the scan. ``None`` when the batch does not exist.
        """
        with self._autocommit() as connection:
            row = connection.execute(AGGREGATE_ONE, {
                "batch_id": batch_id, "identity": identity, "by": by, "scan_id": scan_id,
                "actor": self._actor(), "station": self._station,
                "changes_channel": CHANGES_CHANNEL,
                "changes_note": batches_changed([batch_id], self._station),
                "outbox_channel": OUTBOX_CHANNEL, "outbox_note": outbox_grew(1)}).first()
        if row is None:
            return None
        return AggregationAttempt(
            is_closed=row.is_closed, batch_number=row.batch_number,
            aggregated_at=row.aggregated_at, unique_code=row.unique_code,
            products_total=row.products_total, products_aggregated=row.products_aggregated)

    def state(self, identity: str) -> ProductState | None:
        """The product as it is now (a statement of its own: a fresh snapshot, which sees a
        concurrent scan that won the product)."""
        with self._autocommit() as connection:
            row = connection.execute(PRODUCT_STATE.where(p.c.identity == identity)).first()
        return ProductState(**row._mapping) if row else None

    @contextmanager
    def _autocommit(self) -> Iterator[Connection]:
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except DBAPIError as exc:
            raise unavailable(exc) from exc
        try:
            with connection:
                yield connection
        except Exception as exc:
            problem = as_problem(exc)
            if problem is not None:
                raise problem from exc
            raise
