"""Creating one batch ("New batch" on the desktop): one transaction, a taken key refused."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timezone

import pytest

from mesdesk.domain.errors import ConflictError, ValidationError
from mesdesk.services import batches
from tests.support.db import audit, outbox, scalar
from tests.support.factories import batch_item, create_batch

DAY = date(2024, 1, 30)


def test_a_new_batch_is_stored_announced_and_returned(uow_factory, engine, tz):
    created = batches.create_batch(uow_factory, batch_item(501, DAY, Бригада="Бригада №4"), tz)
    assert (created.batch_number, created.batch_date, created.team) == (501, DAY, "Бригада №4")
    assert created.work_center == "RC-001" and not created.is_closed
    [event] = outbox(engine, "batch_created")
    assert event["id"] == created.id and event["batch_number"] == 501
    assert event["batch_date"] == "2024-01-30" and event["team"] == "Бригада №4"
    assert [(row["action"], row["entity_id"]) for row in audit(engine)] == [
        ("create_from_1c", str(created.id))]


def test_a_taken_number_and_date_is_refused_and_changes_nothing(uow_factory, engine, tz):
    existing = create_batch(uow_factory, tz, number=502, day=DAY)
    before = len(outbox(engine))
    with pytest.raises(ConflictError) as caught:
        batches.create_batch(uow_factory, batch_item(502, DAY, РабочийЦентр="Renamed",
                                                     Бригада="Other"), tz)
    assert caught.value.problem.code == "batch.number_date_taken"
    assert caught.value.params["id"] == existing and caught.value.field == "batch_number"
    assert scalar(engine, "SELECT team FROM batches WHERE id = :id", id=existing) \
        == "Бригада Иванова"
    # The work center's name is not changed by a refused creation either.
    assert scalar(engine, "SELECT name FROM work_centers") == "Цех №1"
    assert len(outbox(engine)) == before


def test_an_invalid_item_is_refused_without_an_index(uow_factory, engine, tz):
    with pytest.raises(ValidationError) as caught:
        batches.create_batch(uow_factory, batch_item(503, DAY, ДатаВремяОкончанияСмены=
                                                     "2024-01-30T07:00:00"), tz)
    assert "index" not in caught.value.params
    assert scalar(engine, "SELECT count(*) FROM batches") == 0


def test_two_stations_creating_one_key_at_once_one_wins(uow_factory, engine, tz):
    for round_ in range(10):
        number = 600 + round_
        barrier = threading.Barrier(2)
        outcomes: list[object] = []

        def station(team: str) -> None:
            barrier.wait()
            try:
                outcomes.append(batches.create_batch(
                    uow_factory, batch_item(number, DAY, Бригада=team), tz))
            except ConflictError as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=station, args=(team,)) for team in ("A", "B")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        [won] = [o for o in outcomes if not isinstance(o, ConflictError)]
        [lost] = [o for o in outcomes if isinstance(o, ConflictError)]
        assert lost.problem.code == "batch.number_date_taken"
        assert lost.params["id"] == won.id
    assert scalar(engine, "SELECT count(*) FROM batches") == 10
    assert len(outbox(engine, "batch_created")) == 10


def wait_until_a_lock_is_waited_for(engine, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while scalar(engine, "SELECT count(*) FROM pg_locks WHERE NOT granted") == 0:
        assert time.monotonic() < deadline, "the second creation never waited"


def test_a_create_waiting_on_an_uncommitted_one_is_refused_when_that_commits(uow_factory,
                                                                            engine, tz):
    """The deterministic form of the race: the first creation has inserted the key but not
    committed when the second one inserts it; the second waits, and is refused with the
    first one's id once that commits."""
    outcome: list[object] = []

    def second() -> None:
        try:
            outcome.append(batches.create_batch(uow_factory, batch_item(700, DAY), tz))
        except ConflictError as exc:
            outcome.append(exc)

    with uow_factory() as uow:
        [center] = uow.work_centers.ensure({"RC-001": "Цех №1"}).values()
        created = uow.batches.insert_new({
            "batch_number": 700, "batch_date": DAY, "work_center_id": center,
            "shift_start": datetime(2024, 1, 30, 3, tzinfo=timezone.utc),
            "shift_end": datetime(2024, 1, 30, 15, tzinfo=timezone.utc)})
        assert created is not None
        waiting = threading.Thread(target=second)
        waiting.start()
        wait_until_a_lock_is_waited_for(engine)
        assert outcome == []            # blocked on the uncommitted key, not decided yet
        uow.commit()
    waiting.join(timeout=30)
    [refusal] = outcome
    assert isinstance(refusal, ConflictError) and refusal.params["id"] == created.id
