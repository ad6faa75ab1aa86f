"""Analytics (§10) on a real PostgreSQL: the dashboard's numbers against an independent count.

The data are made through every path that changes what the dashboard counts (1C intake and
its updates, a batch created by hand, codes added, single scans, a bulk job, demo history with
aggregations in past hours, closing, reopening, a batch moved to another work center and
date); each check compares the use case's answer with a plain COUNT over batches and products,
before and after the rollups' changes are folded.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services import analytics, batches, demo
from mesdesk.services.aggregation import aggregate_scan, bulk_aggregate
from mesdesk.services.analytics_dto import DashboardFilter
from mesdesk.services.intake import intake_batches
from tests.support.db import rows, scalar
from tests.support.factories import batch_item, create_batch, marking_code

ZONE = "Asia/Yekaterinburg"


@pytest.fixture
def plant(uow_factory, tz, engine):
    """Batches over three work centers, two shifts and several dates, with codes, scans, a
    bulk job, history, closed and reopened batches and a batch moved."""
    rng = random.Random(7)
    ids = []
    seed = 0
    for n in range(12):
        day = date(2026, 11, 20) + timedelta(days=n % 4 * 9)       # two months, four dates
        codes = [marking_code(seed + i) for i in range(rng.randint(0, 30))]
        seed += 100
        ids.append(create_batch(
            uow_factory, tz, number=500 + n, day=day, codes=codes,
            **{"ИдентификаторРЦ": f"RC-{n % 3}", "РабочийЦентр": f"Цех {n % 3}",
               "Смена": f"{1 + n % 2} смена", "Бригада": f"Бригада {n % 4}"}))
        for code in codes[: len(codes) // 2]:
            aggregate_scan(uow_factory, ids[-1], code, by="station-1")
        if n % 5 == 0 and codes:
            bulk_aggregate(uow_factory, ids[-1], codes, by="station-2")
    batches.close_batch(uow_factory, ids[1], tz)
    batches.close_batch(uow_factory, ids[2], tz)
    batches.reopen_batch(uow_factory, ids[2], tz)
    batches.update_batch(uow_factory, ids[3], {"work_center": "RC-2", "batch_date": "2026-11-21"},
                         tz)
    intake_batches(uow_factory, [batch_item(500, date(2026, 11, 20), **{
        "ИдентификаторРЦ": "RC-1", "Смена": "3 смена", "СтатусЗакрытия": True})], tz)
    demo.fill_demo(uow_factory, tz, batches=40, seed=3)     # history in past days
    return ids


def independent(engine, flt: DashboardFilter):
    where, params = ["true"], {}
    if flt.date_from:
        where.append("b.batch_date >= :f")
        params["f"] = flt.date_from
    if flt.date_to:
        where.append("b.batch_date <= :t")
        params["t"] = flt.date_to
    if flt.work_center:
        where.append("w.identifier = :wc")
        params["wc"] = flt.work_center
    condition = " AND ".join(where)
    summary = rows(engine, f"""
        SELECT count(*) AS batches, count(*) FILTER (WHERE b.is_closed) AS closed,
               (SELECT count(*) FROM products p JOIN batches b ON b.id = p.batch_id
                  JOIN work_centers w ON w.id = b.work_center_id WHERE {condition}) AS products,
               (SELECT count(*) FROM products p JOIN batches b ON b.id = p.batch_id
                  JOIN work_centers w ON w.id = b.work_center_id
                 WHERE {condition} AND p.is_aggregated) AS aggregated
          FROM batches b JOIN work_centers w ON w.id = b.work_center_id WHERE {condition}
    """, **params)[0]
    shifts = {row["shift"]: (row["batches"], row["aggregated"]) for row in rows(engine, f"""
        SELECT b.shift, count(DISTINCT b.id) AS batches, count(p.id) FILTER (WHERE p.is_aggregated)
               AS aggregated
          FROM batches b JOIN work_centers w ON w.id = b.work_center_id
          LEFT JOIN products p ON p.batch_id = b.id WHERE {condition} GROUP BY b.shift""",
                                                                       **params)}
    centers = {row["identifier"]: (row["batches"], row["products"]) for row in rows(engine, f"""
        SELECT w.identifier, count(DISTINCT b.id) AS batches, count(p.id) AS products
          FROM batches b JOIN work_centers w ON w.id = b.work_center_id
          LEFT JOIN products p ON p.batch_id = b.id WHERE {condition} GROUP BY w.identifier""",
                                                                         **params)}
    return summary, shifts, centers


def hourly_aggregations(engine, start, end, work_center=None) -> int:
    return scalar(engine, """
        SELECT count(*) FROM products p JOIN batches b ON b.id = p.batch_id
          JOIN work_centers w ON w.id = b.work_center_id
         WHERE p.is_aggregated AND p.aggregated_at >= :start AND p.aggregated_at < :end
           AND (CAST(:wc AS text) IS NULL OR w.identifier = :wc)""",
                  start=start, end=end, wc=work_center)


FILTERS = [DashboardFilter(), DashboardFilter(date_from=date(2026, 11, 21)),
           DashboardFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)),
           DashboardFilter(date_to=date(2026, 12, 7), work_center="RC-2"),
           DashboardFilter(date_from=date(2026, 12, 8), date_to=date(2026, 12, 8))]


@pytest.mark.parametrize("fold_first", [False, True], ids=["unfolded", "folded"])
def test_the_dashboard_counts_what_a_plain_count_counts(plant, uow_factory, engine, fold_first):
    if fold_first:
        assert analytics.refresh_statistics(uow_factory)["folded"] > 0
    for flt in FILTERS:
        board = analytics.dashboard(uow_factory, flt, ZONE)
        summary, shifts, centers = independent(engine, flt)
        got = board.summary
        assert (got.batches, got.closed, got.products, got.aggregated) == (
            summary["batches"], summary["closed"], summary["products"], summary["aggregated"]), flt
        assert {s.shift: (s.totals.batches, s.totals.aggregated) for s in board.by_shift} \
            == shifts, flt
        assert {w.identifier: (w.totals.batches, w.totals.products)
                for w in board.top_work_centers} == centers, flt


def test_the_charts_count_aggregations_in_the_hours_they_happened(plant, uow_factory, engine):
    analytics.refresh_statistics(uow_factory)
    aggregate_scan(uow_factory, plant[4], marking_code(400 + 29), by="station-1")  # unfolded
    tz = ZoneInfo(ZONE)
    for work_center in (None, "RC-1"):
        board = analytics.dashboard(uow_factory, DashboardFilter(work_center=work_center), ZONE)
        assert len(board.per_hour) == 24 and len(board.per_day) == 30
        for point in board.per_hour:
            expected = hourly_aggregations(engine, point.start, point.start + timedelta(hours=1),
                                           work_center)
            assert point.activity.products_aggregated == expected, point
        for point in board.per_day:
            start = datetime.combine(point.day, datetime.min.time(), tzinfo=tz)
            expected = hourly_aggregations(engine, start, start + timedelta(days=1), work_center)
            assert point.activity.products_aggregated == expected, point
        today_start = datetime.combine(board.today_date, datetime.min.time(), tzinfo=tz)
        assert board.today.products_aggregated == hourly_aggregations(
            engine, today_start, today_start + timedelta(days=1), work_center)
        if work_center is None:                          # demo history lies in past days
            history = sum(p.activity.products_aggregated for p in board.per_day)
            assert history > board.today.products_aggregated


def test_today_counts_batches_created_and_closed_and_products_added(plant, uow_factory, engine):
    board = analytics.dashboard(uow_factory, DashboardFilter(), ZONE)
    start = datetime.combine(board.today_date, datetime.min.time(), tzinfo=ZoneInfo(ZONE))
    assert board.today.batches_created == scalar(
        engine, "SELECT count(*) FROM batches WHERE created_at >= :s", s=start)
    assert board.today.batches_closed == scalar(
        engine, "SELECT count(*) FROM batches WHERE closed_at >= :s", s=start)
    assert board.today.products_added == scalar(
        engine, "SELECT count(*) FROM products WHERE created_at >= :s", s=start)


def test_a_batch_moved_to_another_work_center_takes_its_activity_along(plant, uow_factory,
                                                                       engine, tz):
    moved = plant[5]
    before = analytics.dashboard(uow_factory, DashboardFilter(work_center="RC-0"), ZONE)
    batches.update_batch(uow_factory, moved, {"work_center": "RC-0"}, tz)
    after = analytics.dashboard(uow_factory, DashboardFilter(work_center="RC-0"), ZONE)
    aggregated = scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id", id=moved)
    assert aggregated > 0
    assert after.today.products_aggregated == before.today.products_aggregated + aggregated
    summary, _, _ = independent(engine, DashboardFilter(work_center="RC-0"))
    assert after.summary.aggregated == summary["aggregated"]


def test_folding_twice_at_once_counts_each_change_once(plant, uow_factory, engine):
    import threading

    before = analytics.dashboard(uow_factory, DashboardFilter(), ZONE)
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        analytics.refresh_statistics(uow_factory))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert scalar(engine, "SELECT count(*) FROM batch_total_changes") == 0
    after = analytics.dashboard(uow_factory, DashboardFilter(), ZONE)
    assert after.summary == before.summary and after.per_day == before.per_day


def test_a_reversed_range_and_an_unknown_work_center_are_refused(uow_factory):
    with pytest.raises(DomainError) as reversed_range:
        analytics.dashboard(uow_factory, DashboardFilter(date_from=date(2026, 12, 2),
                                                         date_to=date(2026, 12, 1)), ZONE)
    assert reversed_range.value.problem.code == P.ANALYTICS_DATES_REVERSED.code
    with pytest.raises(DomainError) as unknown:
        analytics.dashboard(uow_factory, DashboardFilter(work_center="NOPE"), ZONE)
    assert unknown.value.problem.code == P.WORK_CENTER_NOT_FOUND.code


def test_an_empty_database_has_a_dashboard_of_zeros(uow_factory):
    board = analytics.dashboard(uow_factory, DashboardFilter(), ZONE)
    assert board.summary.batches == 0 and board.summary.rate == 0.0
    assert board.by_shift == () and board.top_work_centers == ()
    assert all(p.activity.products_aggregated == 0 for p in board.per_day)


def test_batch_statistics_and_teams(plant, uow_factory, engine):
    batch_id = plant[4]
    result = analytics.batch_analytics(uow_factory, batch_id, ZONE)
    assert result.statistics.aggregated == scalar(
        engine, "SELECT count(*) FROM products WHERE batch_id = :id AND is_aggregated", id=batch_id)
    assert sum(h.count for h in result.per_hour.hours) + result.per_hour.earlier \
        + result.per_hour.later == result.statistics.aggregated
    teams = {t.team: t for t in result.teams}
    expected = rows(engine, """
        SELECT team, count(*) AS n, sum(products_aggregated) AS aggregated FROM batches
         WHERE work_center_id = (SELECT work_center_id FROM batches WHERE id = :id)
           AND batch_date BETWEEN :f AND :t GROUP BY team""",
                    id=batch_id, f=result.teams_from, t=result.teams_to)
    assert {row["team"]: (row["n"], row["aggregated"]) for row in expected} == {
        team: (figures.batches, figures.aggregated) for team, figures in teams.items()}
    document = result.as_dict()
    assert document["statistics"]["aggregated"] == result.statistics.aggregated


def test_compare_keeps_the_order_asked_and_averages(plant, uow_factory):
    chosen = [plant[6], plant[0], plant[4]]
    comparison = analytics.compare_batches(uow_factory, chosen + [plant[0]])
    assert [b.id for b in comparison.batches] == chosen
    average = comparison.average
    assert average["total_products"] == round(
        sum(b.totals.products for b in comparison.batches) / 3, 1)
    with pytest.raises(DomainError) as too_few:
        analytics.compare_batches(uow_factory, [plant[0]])
    assert too_few.value.problem.code == P.ANALYTICS_COMPARE_COUNT.code
    with pytest.raises(DomainError) as too_many:
        analytics.compare_batches(uow_factory, list(range(1, 52)))
    assert too_many.value.problem.code == P.ANALYTICS_COMPARE_COUNT.code
    with pytest.raises(DomainError) as missing:
        analytics.compare_batches(uow_factory, [plant[0], 987654])
    assert missing.value.problem.params["ids"] == "987654"


def test_the_migration_counts_the_batches_and_products_there_are(postgres, tz):
    """A database with history at revision 0006 gets rollups equal to a plain count."""
    from mesdesk.adapters.db.engine import make_engine
    from mesdesk.adapters.db.migrate import downgrade, upgrade
    from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory

    engine = make_engine(postgres.create_database("mesdesk_rollups_upgrade"))
    try:
        upgrade(engine)
        factory = SqlUnitOfWorkFactory(engine, actor="tester", station="test-station")
        demo.fill_demo(factory, tz, batches=30, seed=5)
        downgrade(engine, "0006")                     # as if the data were made before 0007
        upgrade(engine)
        board = analytics.dashboard(factory, DashboardFilter(), ZONE)
        summary, shifts, centers = independent(engine, DashboardFilter())
        assert (board.summary.batches, board.summary.closed, board.summary.products,
                board.summary.aggregated) == (summary["batches"], summary["closed"],
                                              summary["products"], summary["aggregated"])
        tz_ = ZoneInfo(ZONE)
        for point in board.per_day:
            start = datetime.combine(point.day, datetime.min.time(), tzinfo=tz_)
            assert point.activity.products_aggregated == hourly_aggregations(
                engine, start, start + timedelta(days=1))
    finally:
        engine.dispose()
