"""The analytics rollups of migration 0007: what aggregating statements append, and the fold.

Triggers on ``batches`` keep everything but one fact: the products aggregated. The statements
that aggregate append it themselves, in their own statement: to the totals
(:func:`aggregated_totals`) and at the hour of each product's ``aggregated_at``
(:func:`aggregated_activity`). A statement that changes ``batches.products_aggregated`` alone
must do the same, or the dashboard misses it (the analytics tests count every path). :func:`fold_changes` moves the
appended changes into the totals (the scheduled ``refresh_statistics``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

#: Taken for the length of one fold's transaction; a second fold at that moment skips.
FOLD_LOCK = 0x6D657364_6B666F6C  # "meskfol": any constant unique to this use

#: The ``activity_hours.work_center_id`` of every work center's activity together.
ALL_WORK_CENTERS = 0

_ACTIVITY = ("batches_created", "batches_closed", "products_added", "products_aggregated")


def aggregated_activity(source: str, at: str, work_center: str, count: str = "count(*)") -> str:
    """An ``INSERT INTO activity_changes`` of products aggregated, for a data-modifying CTE:
    ``source`` the rows (``done``), ``at`` their ``aggregated_at``, ``work_center`` their
    batch's work center (SQL expressions)."""
    return f"""
        INSERT INTO activity_changes (hour, work_center_id, {", ".join(_ACTIVITY)})
        SELECT date_trunc('hour', {at}, 'UTC'), {work_center}, 0, 0, 0, {count}
          FROM {source}
         GROUP BY 1, 2"""


def aggregated_totals(source: str, batch: str, count: str = "count(*)") -> str:
    """An ``INSERT INTO batch_total_changes`` of products aggregated, for a data-modifying CTE:
    ``source`` the rows, ``batch`` the name of their batch's row in it (its date, work center
    and shift). The ``batches`` trigger leaves these out: it does not fire for a statement
    that changes only the aggregated counter (migration 0007)."""
    return f"""
        INSERT INTO batch_total_changes (batch_date, work_center_id, shift, batches, closed,
                                         products_total, products_aggregated)
        SELECT {batch}.batch_date, {batch}.work_center_id, {batch}.shift, 0, 0, 0, {count}
          FROM {source}
         GROUP BY 1, 2, 3"""


_FOLD_TOTALS = text("""
    WITH moved AS (
        DELETE FROM batch_total_changes RETURNING *
    ), spans AS (
        SELECT s.span, s.period, m.work_center_id, m.shift, m.batches, m.closed,
               m.products_total, m.products_aggregated
          FROM moved m
         CROSS JOIN LATERAL (VALUES ('d', m.batch_date),
                                    ('m', date_trunc('month', m.batch_date)::date))
               AS s(span, period)
    ), merged AS (
        INSERT INTO batch_totals (span, period, work_center_id, shift, batches, closed,
                                  products_total, products_aggregated)
        SELECT span, period, work_center_id, shift, sum(batches), sum(closed),
               sum(products_total), sum(products_aggregated)
          FROM spans GROUP BY span, period, work_center_id, shift
        ON CONFLICT (span, period, work_center_id, shift) DO UPDATE SET
           batches = batch_totals.batches + excluded.batches,
           closed = batch_totals.closed + excluded.closed,
           products_total = batch_totals.products_total + excluded.products_total,
           products_aggregated = batch_totals.products_aggregated + excluded.products_aggregated
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM merged)
""")

_FOLD_ACTIVITY = text(f"""
    WITH moved AS (
        DELETE FROM activity_changes RETURNING *
    ), merged AS (
        INSERT INTO activity_hours (hour, work_center_id, {", ".join(_ACTIVITY)})
        SELECT hour, coalesce(work_center_id, {ALL_WORK_CENTERS}),
               {", ".join(f"sum({c})" for c in _ACTIVITY)}
          FROM moved GROUP BY GROUPING SETS ((hour, work_center_id), (hour))
        ON CONFLICT (hour, work_center_id) DO UPDATE SET
           {", ".join(f"{c} = activity_hours.{c} + excluded.{c}" for c in _ACTIVITY)}
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM merged)
""")


@dataclass(frozen=True, slots=True)
class Folded:
    changes: int        # rows of changes folded
    totals: int         # total rows written
    skipped: bool       # another fold was running


def fold_changes(connection: Connection) -> Folded:
    """Fold the changes into the totals, in the caller's transaction (commit it).

    A reader sees the changes or the totals they went into, never both: the fold is one
    transaction. Changes committed while it runs stay for the next fold.
    """
    if not connection.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                              {"key": FOLD_LOCK}).scalar_one():
        return Folded(0, 0, skipped=True)
    totals_moved, totals_written = connection.execute(_FOLD_TOTALS).one()
    activity_moved, activity_written = connection.execute(_FOLD_ACTIVITY).one()
    return Folded(totals_moved + activity_moved, totals_written + activity_written,
                  skipped=False)
