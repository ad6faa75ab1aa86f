"""Analytics reads (§10) over the rollups of migration 0007, and the few that read batches.

Every rollup read adds the folded totals and the changes not folded yet in one statement, so
it sees each committed change exactly once (see ``rollups``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from mesdesk.domain.date_spans import split_by_months
from mesdesk.services.analytics_dto import Activity, ComparedBatch, TeamFigures, Totals

from .rollups import ALL_WORK_CENTERS, Folded, fold_changes

_TOTALS = """
    SELECT t.work_center_id, w.identifier, w.name, t.shift, sum(t.batches) AS batches,
           sum(t.closed) AS closed, sum(t.products_total) AS products,
           sum(t.products_aggregated) AS aggregated
      FROM (SELECT work_center_id, shift, batches, closed, products_total, products_aggregated
              FROM batch_totals WHERE ({spans}) {work_center}
            UNION ALL
            SELECT work_center_id, shift, batches, closed, products_total, products_aggregated
              FROM batch_total_changes
             WHERE batch_date BETWEEN :date_from AND :date_to {work_center}) AS t
      JOIN work_centers w ON w.id = t.work_center_id
     GROUP BY t.work_center_id, w.identifier, w.name, t.shift
    HAVING sum(t.batches) <> 0
"""

_ACTIVITY = text("""
    SELECT date_trunc(:unit, a.hour, :zone) AS bucket,
           sum(a.batches_created) AS batches_created, sum(a.batches_closed) AS batches_closed,
           sum(a.products_added) AS products_added,
           sum(a.products_aggregated) AS products_aggregated
      FROM (SELECT hour, batches_created, batches_closed, products_added, products_aggregated
              FROM activity_hours
             WHERE hour >= :start AND hour < :end AND work_center_id = :totals_of
            UNION ALL
            SELECT hour, batches_created, batches_closed, products_added, products_aggregated
              FROM activity_changes
             WHERE hour >= :start AND hour < :end
               AND (CAST(:work_center_id AS bigint) IS NULL OR work_center_id = :work_center_id)
           ) AS a
     GROUP BY 1 ORDER BY 1
""")

# Teams straight from batches (a page of its own, not the dashboard): hours worked are each
# shift's elapsed time, clamped to the shift.
_TEAMS = text("""
    SELECT team, count(*) AS batches, sum(products_aggregated) AS aggregated,
           sum(EXTRACT(EPOCH FROM least(greatest(now(), shift_start), shift_end) - shift_start))
               / 3600.0 AS hours
      FROM batches
     WHERE batch_date BETWEEN :date_from AND :date_to AND work_center_id = :work_center_id
     GROUP BY team
     ORDER BY sum(products_aggregated) DESC, team
""")

_COMPARE = text("""
    SELECT b.id, b.batch_number, b.batch_date, w.identifier AS work_center, b.shift, b.team,
           b.nomenclature, b.is_closed, b.products_total, b.products_aggregated,
           EXTRACT(EPOCH FROM b.shift_end - b.shift_start) / 3600.0 AS duration_hours,
           EXTRACT(EPOCH FROM least(greatest(now(), b.shift_start), b.shift_end)
                              - b.shift_start) / 3600.0 AS elapsed_hours
      FROM batches b JOIN work_centers w ON w.id = b.work_center_id
     WHERE b.id IN :ids
""").bindparams(bindparam("ids", expanding=True))


class SqlAnalyticsRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def work_center_id(self, identifier: str) -> int | None:
        return self._c.execute(text("SELECT id FROM work_centers WHERE identifier = :i"),
                               {"i": identifier}).scalar()

    def totals(self, date_from: date | None, date_to: date | None,
               work_center_id: int | None) -> list[tuple[str, str, str, Totals]]:
        """(work center identifier, its name, shift, totals) of the batches of those dates."""
        first, last = date_from or date.min, date_to or date.max
        months, days = split_by_months(first, last)
        params: dict[str, Any] = {"date_from": first, "date_to": last,
                                  "work_center_id": work_center_id}
        spans = []
        if months is not None:
            spans.append("(span = 'm' AND period BETWEEN :m_from AND :m_to)")
            params.update(m_from=months[0], m_to=months[1])
        for n, (day_from, day_to) in enumerate(days):
            spans.append(f"(span = 'd' AND period BETWEEN :d{n}_from AND :d{n}_to)")
            params.update({f"d{n}_from": day_from, f"d{n}_to": day_to})
        statement = _TOTALS.format(
            spans=" OR ".join(spans) or "false",
            work_center="AND work_center_id = :work_center_id" if work_center_id else "")
        return [(row.identifier, row.name, row.shift,
                 Totals(int(row.batches), int(row.closed), int(row.products),
                        int(row.aggregated)))
                for row in self._c.execute(text(statement), params)]

    def activity(self, start: datetime, end: datetime, unit: str, zone: str,
                 work_center_id: int | None) -> dict[datetime, Activity]:
        """What happened in [start, end), per ``unit`` ('hour' or 'day') of ``zone``: the
        start of each bucket that had any activity -> its activity."""
        rows = self._c.execute(_ACTIVITY, {
            "start": start, "end": end, "unit": unit, "zone": zone,
            "work_center_id": work_center_id,
            "totals_of": ALL_WORK_CENTERS if work_center_id is None else work_center_id})
        return {row.bucket: Activity(int(row.batches_created), int(row.batches_closed),
                                     int(row.products_added), int(row.products_aggregated))
                for row in rows}

    def teams(self, date_from: date, date_to: date, work_center_id: int
              ) -> list[TeamFigures]:
        rows = self._c.execute(_TEAMS, {"date_from": date_from, "date_to": date_to,
                                        "work_center_id": work_center_id})
        return [TeamFigures(row.team, int(row.batches), int(row.aggregated or 0),
                            float(row.hours or 0)) for row in rows]

    def compare(self, ids: list[int]) -> dict[int, ComparedBatch]:
        found = {}
        for row in self._c.execute(_COMPARE, {"ids": ids}):
            found[row.id] = ComparedBatch(
                id=row.id, batch_number=row.batch_number, batch_date=row.batch_date,
                work_center=row.work_center, shift=row.shift, team=row.team,
                nomenclature=row.nomenclature,
                totals=Totals(1, int(row.is_closed), int(row.products_total),
                              int(row.products_aggregated)),
                duration_hours=float(row.duration_hours),
                elapsed_hours=float(row.elapsed_hours))
        return found

    def fold(self) -> Folded:
        return fold_changes(self._c)
