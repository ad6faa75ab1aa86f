"""What a batch report reads from PostgreSQL besides the batch and its product pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from mesdesk.services.report_data import HourCount, HourlyAggregation

# The hours of the shift on the production clock (``date_trunc`` in that time zone, so a
# zone half an hour off UTC, or a DST change, still gets its hours right), every one listed
# with its count, zero included; the aggregations outside them counted before or after.
# A batch's products are found through idx_product_batch_id.
HOURLY = text("""
    WITH counted AS (
        SELECT date_trunc('hour', aggregated_at, :zone) AS hour, count(*) AS n
          FROM products
         WHERE batch_id = :batch_id AND is_aggregated AND aggregated_at IS NOT NULL
         GROUP BY 1
    ), shift AS MATERIALIZED (
        SELECT generate_series(date_trunc('hour', CAST(:shift_start AS timestamptz), :zone),
                               CAST(:shift_end AS timestamptz) - interval '1 microsecond',
                               interval '1 hour') AS hour
         LIMIT :max_hours
    ), edges AS (
        SELECT min(hour) AS first_hour, max(hour) AS last_hour FROM shift
    )
    SELECT 0 AS part, shift.hour, coalesce(counted.n, 0) AS n
      FROM shift LEFT JOIN counted ON counted.hour = shift.hour
    UNION ALL
    SELECT 1, NULL, coalesce(sum(n) FILTER (WHERE hour < first_hour), 0)
      FROM counted, edges
    UNION ALL
    SELECT 2, NULL, coalesce(sum(n) FILTER (WHERE hour > last_hour), 0)
      FROM counted, edges
    ORDER BY 1, 2
""")


class SqlReportRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def hourly(self, batch_id: int, timezone: str, shift_start: datetime, shift_end: datetime,
               max_hours: int) -> HourlyAggregation:
        rows = self._c.execute(HOURLY, {
            "batch_id": batch_id, "zone": timezone, "shift_start": shift_start,
            "shift_end": shift_end, "max_hours": max_hours}).all()
        hours = tuple(HourCount(row.hour, int(row.n)) for row in rows if row.part == 0)
        earlier = sum(int(row.n) for row in rows if row.part == 1)
        later = sum(int(row.n) for row in rows if row.part == 2)
        return HourlyAggregation(hours=hours, earlier=earlier, later=later)
