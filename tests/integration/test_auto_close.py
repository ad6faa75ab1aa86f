"""The §9 nightly ``auto_close_expired_batches`` on a real database: every open batch whose
shift has ended is closed with ``closed_at`` and the very events and audit row a supervisor's
close writes; open batches still in their shift and closed ones are left as they are."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import text

from mesdesk.services.batches import auto_close_expired_batches, close_batch, get_batch
from mesdesk.services.intake import intake_batches
from tests.support.db import audit, outbox, scalar
from tests.support.factories import batch_item, create_batch, marking_code


def db_now(engine) -> datetime:
    return scalar(engine, "SELECT now()")


def batch_ending(uow_factory, tz, engine, number: int, ends_in: timedelta, **options) -> int:
    """A batch whose 12-hour shift ends ``ends_in`` from now (negative: it has ended)."""
    end = (db_now(engine) + ends_in).astimezone(tz).replace(tzinfo=None, microsecond=0)
    start = end - timedelta(hours=12)
    return create_batch(uow_factory, tz, number=number, day=date(2026, 12, 4),
                        ДатаВремяНачалаСмены=start.isoformat(),
                        ДатаВремяОкончанияСмены=end.isoformat(), **options)


def events_of(engine, batch_id: int) -> list[dict]:
    return [event for event in outbox(engine) if event.get("id") == batch_id]


def shape(events: list[dict], batch_id: int, number: int) -> list[dict]:
    """Events with the batch's own id, number and time taken out: what any close writes."""
    shaped = []
    for event in events:
        copy = dict(event)
        assert copy.pop("id") == batch_id and copy.pop("batch_number") == number
        copy.pop("closed_at", None)
        shaped.append(copy)
    return shaped


def test_expired_open_batches_are_closed_as_a_supervisor_closes_them(engine, uow_factory, tz):
    codes = [marking_code(seed) for seed in range(4)]
    by_hand = batch_ending(uow_factory, tz, engine, 1, timedelta(hours=-1), codes=codes[:2])
    expired = batch_ending(uow_factory, tz, engine, 2, timedelta(hours=-2), codes=codes[2:])
    just_ended = batch_ending(uow_factory, tz, engine, 3, timedelta(seconds=-1))
    running = batch_ending(uow_factory, tz, engine, 4, timedelta(hours=3))
    with engine.begin() as connection:       # one code of each aggregated: a real rate
        connection.execute(text(
            "UPDATE products SET is_aggregated = true, aggregated_at = now() "
            "WHERE unique_code IN (:first, :second)"), {"first": codes[0], "second": codes[2]})
        connection.execute(text("UPDATE batches SET products_aggregated = 1 "
                                "WHERE id IN (:a, :b)"), {"a": by_hand, "b": expired})
    close_batch(uow_factory, by_hand, tz)    # a supervisor closes one by hand first
    hand_closed_at = get_batch(uow_factory, by_hand).batch.closed_at
    hand_audit = [row for row in audit(engine) if row["action"] == "close"]
    before = db_now(engine)

    assert auto_close_expired_batches(uow_factory, tz) == {"closed": 2}

    after = db_now(engine)
    for batch_id in (expired, just_ended):
        batch = get_batch(uow_factory, batch_id).batch
        assert batch.is_closed and before <= batch.closed_at <= after
    open_batch = get_batch(uow_factory, running).batch
    assert not open_batch.is_closed and open_batch.closed_at is None
    assert get_batch(uow_factory, by_hand).batch.closed_at == hand_closed_at   # untouched

    # the same events as the close by hand, with the batch's own statistics
    auto_events = events_of(engine, expired)[-2:]
    assert [event["type"] for event in auto_events] == ["batch_updated", "batch_closed"]
    assert shape(auto_events, expired, 2) == shape(events_of(engine, by_hand)[-2:], by_hand, 1)
    closed_event = auto_events[1]
    assert closed_event["statistics"] == {"total_products": 2, "aggregated": 1,
                                          "aggregation_rate": 50.0}
    closed_at = get_batch(uow_factory, expired).batch.closed_at
    assert datetime.fromisoformat(closed_event["closed_at"].replace("Z", "+00:00")) == \
        closed_at.replace(microsecond=closed_at.microsecond // 1000 * 1000)
    assert auto_events[0]["changes"] == {"is_closed": True}
    assert [event["type"] for event in events_of(engine, running)] == ["batch_created"]
    assert len([e for e in events_of(engine, by_hand) if e["type"] == "batch_closed"]) == 1

    # and the same audit row: a "close" with what changed
    closes = [row for row in audit(engine) if row["action"] == "close"]
    assert len(closes) == 3
    automatic = {int(row["entity_id"]): row for row in closes[len(hand_audit):]}
    assert set(automatic) == {expired, just_ended}
    for row in automatic.values():
        assert row["entity"] == "batch" and set(row["changes"]) == {"is_closed", "closed_at"}
        assert set(row["changes"]) == set(hand_audit[0]["changes"])
        assert row["changes"]["is_closed"] == {"before": False, "after": True}

    assert auto_close_expired_batches(uow_factory, tz) == {"closed": 0}   # nothing twice
    assert len(closes) == len([row for row in audit(engine) if row["action"] == "close"])


def test_a_thousand_expired_batches_close_in_one_go(engine, uow_factory, tz):
    end = (db_now(engine) - timedelta(hours=1)).astimezone(tz).replace(tzinfo=None,
                                                                       microsecond=0)
    items = [batch_item(number, date(2026, 12, 3),
                        ДатаВремяНачалаСмены=(end - timedelta(hours=12)).isoformat(),
                        ДатаВремяОкончанияСмены=end.isoformat())
             for number in range(1, 1001)]
    intake_batches(uow_factory, items, tz)

    assert auto_close_expired_batches(uow_factory, tz) == {"closed": 1000}
    assert scalar(engine, "SELECT count(*) FROM batches WHERE is_closed") == 1000
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = 'batch_closed'") \
        == 1000
    assert scalar(engine, "SELECT count(DISTINCT closed_at) FROM batches") == 1
