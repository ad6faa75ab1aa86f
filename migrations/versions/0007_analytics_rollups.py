"""Analytics rollups (§10), kept by triggers in the transaction of every change.

The dashboard must answer in milliseconds over millions of products, from any station, with
numbers that are never stale. Counting products per request cannot do that, and a cache
refreshed every few minutes would be stale. So:

- ``batch_totals``: batches, closed batches, products and aggregated products per batch date
  ('d') and per month of batch dates ('m'), work center and shift. A date range adds the
  month rows it covers whole and the day rows of its partial months.
- ``activity_hours``: per UTC hour and work center (of the batch), batches created and
  closed, products added and aggregated; work center 0 holds every work center's together
  (a dashboard of all work centers reads one row an hour, not one per work center).

Triggers on ``batches`` append what a statement changed to ``batch_total_changes`` and
``activity_changes``: the totals, batches created and closed, and products added (from the
change of ``products_total``, which is counted in the transaction that adds them, at the hour
of that transaction, which is their ``created_at``). INSERT and DELETE run once per statement
over its transition table (an import of 100,000 batches groups them once); UPDATE runs per row,
only for rows whose counted facts other than the aggregated counter changed.

Products aggregated are appended by the three statements that aggregate (a scan, a bulk job, a
backfill of history), to the totals and at the hour of each product's ``aggregated_at``
(``adapters/db/rollups``). So a scan runs no trigger at all; a trigger on ``products`` would
have had to copy every row a bulk job updates into its transition tables (+25 % on a
100,000-code bulk job, measured).

The changes are append-only on purpose: an upsert into the totals would make every scan of a
work center wait for the row lock of the one before, and a bulk job hold it for seconds.
``refresh_statistics`` folds the changes into the totals every few minutes; a reader adds
totals and changes in one statement (one snapshot), so it sees every committed change
exactly once, folded or not.

The existing rows are counted into the totals here.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COUNTS = ("batches", "closed", "products_total", "products_aggregated")
ACTIVITY = ("batches_created", "batches_closed", "products_added", "products_aggregated")


def _function(name: str, body: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    {body}
    RETURN NULL;
    END
    $body$"""


def _hour(column: str) -> str:
    return f"date_trunc('hour', {column}, 'UTC')"


# Each statement below unpivots what a row counts for (LATERAL VALUES, one line per fact and
# sign), groups it by the rollup's key and appends only the groups that changed.

def _batch_totals(lines: str, source: str, where: str = "true") -> str:
    return f"""
    INSERT INTO batch_total_changes (batch_date, work_center_id, shift, {", ".join(COUNTS)})
    SELECT v.batch_date, v.work_center_id, v.shift, {", ".join(f"sum(v.{c})" for c in COUNTS)}
      FROM {source}
     CROSS JOIN LATERAL (VALUES {lines})
           AS v(batch_date, work_center_id, shift, {", ".join(COUNTS)})
     WHERE {where}
     GROUP BY v.batch_date, v.work_center_id, v.shift
    HAVING {" OR ".join(f"sum(v.{c}) <> 0" for c in COUNTS)};"""


def _activity(lines: str, source: str, facts: tuple[str, ...], where: str = "true") -> str:
    values = ", ".join(f"sum(v.{c})" if c in facts else "0" for c in ACTIVITY)
    return f"""
    INSERT INTO activity_changes (hour, work_center_id, {", ".join(ACTIVITY)})
    SELECT v.hour, v.work_center_id, {values}
      FROM {source}
     CROSS JOIN LATERAL (VALUES {lines}) AS v(hour, work_center_id, {", ".join(facts)})
     WHERE v.hour IS NOT NULL AND {where}
     GROUP BY v.hour, v.work_center_id
    HAVING {" OR ".join(f"sum(v.{c}) <> 0" for c in facts)};"""


def _totals_line(r: str, sign: int) -> str:
    return (f"({r}.batch_date, {r}.work_center_id, {r}.shift, {sign}, "
            f"{sign} * {r}.is_closed::int, {sign} * {r}.products_total, "
            f"{sign} * {r}.products_aggregated)")


_NOW_HOUR = _hour("now()")
_BATCH_EVENTS = ("batches_created", "batches_closed", "products_added")


def _events_lines(r: str, sign: int, added: str) -> str:
    """A batch's creation and closing, in their hours; products added to it (``added``, its
    ``products_total`` or a change of it) in this transaction's hour: a product's
    ``created_at`` is the time of the transaction that added it and counted it."""
    return (f"({_hour(f'{r}.created_at')}, {r}.work_center_id, {sign}, 0, 0), "
            f"({_hour(f'{r}.closed_at')}, {r}.work_center_id, 0, {sign}, 0), "
            f"({_NOW_HOUR}, {r}.work_center_id, 0, 0, {added})")


_OLD_AND_NEW = "old_rows o JOIN new_rows n ON n.id = o.id"
_BATCH_FACTS = ("batch_date", "work_center_id", "shift", "is_closed", "products_total",
                "products_aggregated", "created_at", "closed_at")


def _changed(facts: tuple[str, ...]) -> str:
    """Where an UPDATE changed a fact the rollups count."""
    return ("(" + ", ".join(f"o.{f}" for f in facts) + ") IS DISTINCT FROM ("
            + ", ".join(f"n.{f}" for f in facts) + ")")


# A batch moved to another work center takes its products' activity with it (products added
# earlier in this transaction included, so its own count of them is not moved again).
_MOVED_PRODUCTS = (f"{_OLD_AND_NEW} AND n.work_center_id <> o.work_center_id "
                   "JOIN products p ON p.batch_id = n.id "
                   "CROSS JOIN LATERAL (VALUES (n.work_center_id, 1), (o.work_center_id, -1)) "
                   "AS w(work_center_id, sign)")
_MOVED_LINES = (f"({_hour('p.created_at')}, w.work_center_id, w.sign, 0), "
                f"(CASE WHEN p.is_aggregated THEN {_hour('p.aggregated_at')} END, "
                "w.work_center_id, 0, w.sign)")

BATCHES_INSERTED = _function("rollup_batches_inserted", (
    _batch_totals(_totals_line("n", 1), "new_rows n")
    + _activity(_events_lines("n", 1, "n.products_total"), "new_rows n", _BATCH_EVENTS)))

# A deleted batch's products are gone before this runs: its totals go, and so do its creation
# and closing; what its products did stays in the hours it happened (deleting batches is not
# something MESDesk does).
BATCHES_DELETED = _function("rollup_batches_deleted", (
    _batch_totals(_totals_line("o", -1), "old_rows o")
    + _activity(_events_lines("o", -1, "0"), "old_rows o", _BATCH_EVENTS)))

# An UPDATE counts each changed row out (old) and in again (new); what did not move cancels.
# It runs per row, for the rows whose counted facts other than ``products_aggregated``
# changed (``COUNTED_UPDATE``, checked by the server before any function is called): the
# statements that change only that counter are the ones that aggregate, and they append
# their own change. So a scan, the hot path, runs no trigger at all (a statement-level
# trigger cost every scan 0.07-0.3 ms of its 0.7 ms, measured), and neither does a bulk job.
_ROW = "WITH old_rows AS (SELECT (OLD).*), new_rows AS (SELECT (NEW).*) "
_ADDED_HERE = ("CASE WHEN n.work_center_id = o.work_center_id "
               "THEN n.products_total - o.products_total ELSE 0 END")
BATCHES_UPDATED = _function("rollup_batch_updated", (
    _ROW + _batch_totals(f"{_totals_line('n', 1)}, {_totals_line('o', -1)}", _OLD_AND_NEW,
                         _changed(_BATCH_FACTS)).lstrip()
    + "\n    " + _ROW
    + _activity(f"{_events_lines('n', 1, _ADDED_HERE)}, {_events_lines('o', -1, '0')}",
                _OLD_AND_NEW, _BATCH_EVENTS, _changed(_BATCH_FACTS)).lstrip()
    + f"""
    IF NEW.work_center_id <> OLD.work_center_id THEN
    {_ROW}{_activity(_MOVED_LINES, _MOVED_PRODUCTS, ("products_added", "products_aggregated")).lstrip()}
    END IF;"""))

_COUNTED = ("batch_date", "work_center_id", "shift", "is_closed", "products_total",
            "created_at", "closed_at")
COUNTED_UPDATE = ("(" + ", ".join(f"OLD.{f}" for f in _COUNTED) + ") IS DISTINCT FROM ("
                  + ", ".join(f"NEW.{f}" for f in _COUNTED) + ")")
TRIGGERS = (
    ("rollup_batches_inserted",
     "AFTER INSERT ON batches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"),
    ("rollup_batch_updated", f"AFTER UPDATE ON batches FOR EACH ROW WHEN ({COUNTED_UPDATE})"),
    ("rollup_batches_deleted",
     "AFTER DELETE ON batches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"),
)

# The rows there are now, counted once into the totals.
INITIAL_TOTALS = f"""
    INSERT INTO batch_totals (span, period, work_center_id, shift, {", ".join(COUNTS)})
    SELECT span, period, work_center_id, shift, {", ".join(f"sum({c})" for c in COUNTS)}
      FROM batches
     CROSS JOIN LATERAL (VALUES ('d', batch_date),
                                ('m', date_trunc('month', batch_date)::date)) AS s(span, period)
     CROSS JOIN LATERAL (SELECT 1 AS batches, is_closed::int AS closed) AS c
     GROUP BY span, period, work_center_id, shift"""

INITIAL_ACTIVITY = f"""
    INSERT INTO activity_hours (hour, work_center_id, {", ".join(ACTIVITY)})
    SELECT hour, coalesce(work_center_id, 0), {", ".join(f"sum({c})" for c in ACTIVITY)} FROM (
        SELECT date_trunc('hour', created_at, 'UTC') AS hour, work_center_id,
               1 AS batches_created, 0 AS batches_closed, 0 AS products_added,
               0 AS products_aggregated FROM batches
        UNION ALL
        SELECT date_trunc('hour', closed_at, 'UTC'), work_center_id, 0, 1, 0, 0
          FROM batches WHERE closed_at IS NOT NULL
        UNION ALL
        SELECT date_trunc('hour', p.created_at, 'UTC'), b.work_center_id, 0, 0, 1, 0
          FROM products p JOIN batches b ON b.id = p.batch_id
        UNION ALL
        SELECT date_trunc('hour', p.aggregated_at, 'UTC'), b.work_center_id, 0, 0, 0, 1
          FROM products p JOIN batches b ON b.id = p.batch_id
         WHERE p.is_aggregated AND p.aggregated_at IS NOT NULL
    ) AS a GROUP BY GROUPING SETS ((hour, work_center_id), (hour))"""


def _counts(names: tuple[str, ...]) -> list[sa.Column]:
    return [sa.Column(name, sa.BigInteger(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "batch_totals",
        sa.Column("span", sa.String(1), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("work_center_id", sa.BigInteger(), nullable=False),
        sa.Column("shift", sa.String(100), nullable=False),
        *_counts(COUNTS),
        sa.PrimaryKeyConstraint("span", "period", "work_center_id", "shift"),
        sa.CheckConstraint("span IN ('d', 'm')", name="span_known"),
    )
    op.create_table(
        "batch_total_changes",
        sa.Column("batch_date", sa.Date(), nullable=False),
        sa.Column("work_center_id", sa.BigInteger(), nullable=False),
        sa.Column("shift", sa.String(100), nullable=False),
        *_counts(COUNTS),
    )
    op.create_table(
        "activity_hours",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("work_center_id", sa.BigInteger(), nullable=False),
        *_counts(ACTIVITY),
        sa.PrimaryKeyConstraint("hour", "work_center_id"),
    )
    op.create_table(
        "activity_changes",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("work_center_id", sa.BigInteger(), nullable=False),
        *_counts(ACTIVITY),
    )
    for function in (BATCHES_INSERTED, BATCHES_UPDATED, BATCHES_DELETED):
        op.execute(function)
    for function, when in TRIGGERS:
        op.execute(f"CREATE TRIGGER {function} {when} EXECUTE FUNCTION {function}()")
    op.execute("LOCK TABLE batches, products IN SHARE MODE")   # no change slips past the count
    op.execute(INITIAL_TOTALS)
    op.execute(INITIAL_ACTIVITY)


def downgrade() -> None:
    for function, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER {function} ON batches")
        op.execute(f"DROP FUNCTION {function}()")
    for table in ("activity_changes", "activity_hours", "batch_total_changes", "batch_totals"):
        op.drop_table(table)
