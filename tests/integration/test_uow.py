"""The unit of work on the real database: what is committed is there for everyone, what is not
is gone — rows, outbox events and audit rows alike — and a refused value is a named problem."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from mesdesk.domain import events
from mesdesk.domain.errors import DomainError
from tests.support.db import audit, outbox, scalar

DAY = date(2024, 1, 30)
SHIFT = (datetime(2024, 1, 30, 3, tzinfo=timezone.utc), datetime(2024, 1, 30, 15, tzinfo=timezone.utc))


def insert_batch(uow, number: int):
    [center] = uow.work_centers.ensure({"WC-1": "Line 1"}).values()
    batch = uow.batches.insert_new({
        "is_closed": False, "task_description": "task", "work_center_id": center,
        "shift": "1", "team": "A", "batch_number": number, "batch_date": DAY,
        "nomenclature": "Milk", "ekn_code": "EKN", "shift_start": SHIFT[0],
        "shift_end": SHIFT[1]})
    uow.emit(events.batch_created(batch.as_dict()))
    uow.audit("create", "batch", batch.id, {"batch_number": number})
    return batch


def batches_numbered(engine, number: int) -> int:
    return scalar(engine, "SELECT count(*) FROM batches WHERE batch_number = :n", n=number)


def test_commit_makes_rows_events_and_audit_visible_to_others(uow_factory, engine):
    with uow_factory() as uow:
        batch = insert_batch(uow, 7)
        uow.commit()
    assert batches_numbered(engine, 7) == 1
    [event] = outbox(engine, "batch_created")
    assert event["id"] == batch.id and event["batch_number"] == 7
    assert [(row["action"], row["entity_id"], row["actor"]) for row in audit(engine)] == [
        ("create", str(batch.id), "tester")]


def test_leaving_without_commit_rolls_back_rows_events_and_audit(uow_factory, engine):
    with uow_factory() as uow:
        insert_batch(uow, 8)
    assert batches_numbered(engine, 8) == 0
    assert outbox(engine) == []
    assert audit(engine) == []
    assert scalar(engine, "SELECT count(*) FROM work_centers") == 0


def test_an_exception_inside_rolls_back_and_goes_on(uow_factory, engine):
    with pytest.raises(ZeroDivisionError):
        with uow_factory() as uow:
            insert_batch(uow, 9)
            1 / 0
    assert batches_numbered(engine, 9) == 0
    assert outbox(engine) == [] and audit(engine) == []


def test_work_after_a_commit_is_a_new_transaction_rolled_back_alone(uow_factory, engine):
    with uow_factory() as uow:
        insert_batch(uow, 10)
        uow.commit()
        insert_batch(uow, 11)
    assert batches_numbered(engine, 10) == 1
    assert batches_numbered(engine, 11) == 0
    assert [event["batch_number"] for event in outbox(engine)] == [10]


def test_a_value_the_database_refuses_is_its_problem(uow_factory, engine):
    with pytest.raises(DomainError) as caught:
        with uow_factory() as uow:
            insert_batch(uow, 2**40)      # the column is int32
    assert caught.value.problem.code == "database.value_refused"
    assert "out of range" in caught.value.message
    assert scalar(engine, "SELECT count(*) FROM batches") == 0
