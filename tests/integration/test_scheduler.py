"""Scheduled jobs (§9): one run per due time across every scheduler (PostgreSQL advisory lock
plus the last start in ``jobs``), each run a ``jobs`` row with its counts, and
``retry_failed_webhooks`` on a real database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.db.scheduler import (BUSY, NOT_DUE, RAN, RETRY_FAILED_WEBHOOKS, Scheduler,
                                           lock_key, webhook_scheduler)
from mesdesk.jobs import JobRunner
from mesdesk.services import webhooks

WAIT = 30  # generous: two cores shared with other test sessions


@pytest.fixture
def runners(engine):
    made: list[JobRunner] = []

    def make(station: str) -> JobRunner:
        runner = JobRunner(SqlJobStore(engine), station=station)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.shutdown()


@pytest.fixture
def schedulers():
    made: list[Scheduler] = []
    yield made
    for scheduler in made:
        scheduler.stop()


@pytest.fixture
def second_engine(migrated_url):
    """Another station's own connection pool."""
    other = make_engine(migrated_url)
    yield other
    other.dispose()


class Outcomes:
    """``on_run`` of the started schedulers, with a condition to wait on."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.changed = threading.Condition()

    def __call__(self, station: str):
        def record(task: str, outcome: str) -> None:
            with self.changed:
                self.seen.append((station, outcome))
                self.changed.notify_all()
        return record

    def wait_for(self, predicate) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self.seen), timeout=WAIT), self.seen


def job_rows(engine, kind: str) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT status, station, result, error, error_problem, message, message_problem, "
            "parameters, started_at, finished_at "
            "FROM jobs WHERE kind = :kind ORDER BY id"), {"kind": kind}).all()
    return [dict(row._mapping) for row in rows]


def failed_delivery(uow_factory, engine, *, retry_count: int, attempts: int,
                    active: bool = True) -> int:
    """A delivery the dispatcher gave up on after ``attempts`` attempts."""
    created, _ = webhooks.add_subscription(uow_factory, "http://127.0.0.1:9/hook", ["ping"],
                                           retry_count=retry_count)
    delivery = webhooks.send_test_event(uow_factory, created.id)
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_deliveries SET status = 'failed', attempts = :attempts, "
            "next_attempt_at = NULL, error_message = 'HTTP 500' WHERE id = :id"),
            {"attempts": attempts, "id": delivery.id})
        connection.execute(text("UPDATE webhook_subscriptions SET is_active = :active "
                                "WHERE id = :id"), {"active": active, "id": created.id})
    return delivery.id


def test_a_task_held_by_one_scheduler_is_skipped_by_another_and_runs_once(
        engine, second_engine, runners, schedulers):
    started, release = threading.Event(), threading.Event()

    def work(context):
        started.set()
        assert release.wait(WAIT)
        return {"done": 1}

    first = Scheduler(engine, runners("station-a"), station="station-a")
    second = Scheduler(second_engine, runners("station-b"), station="station-b")
    schedulers += [first, second]
    for scheduler in (first, second):
        scheduler.add("nightly_thing", timedelta(minutes=15), work)
    outcome: list[str] = []
    running = threading.Thread(target=lambda: outcome.append(first.run_now("nightly_thing")))
    running.start()
    assert started.wait(WAIT)
    assert second.run_now("nightly_thing") == BUSY       # the advisory lock is held
    release.set()
    running.join(WAIT)
    assert outcome == [RAN]
    assert second.run_now("nightly_thing") == NOT_DUE    # this turn has been done elsewhere
    [row] = job_rows(engine, "nightly_thing")
    assert (row["status"], row["station"], row["result"]) == ("succeeded", "station-a",
                                                             {"done": 1})
    assert row["parameters"]["scheduled"] is True and row["parameters"]["every_s"] == 900


def test_two_started_schedulers_run_retry_failed_webhooks_once_with_its_counts(
        engine, second_engine, uow_factory, runners, schedulers):
    allowed = failed_delivery(uow_factory, engine, retry_count=3, attempts=1)
    used_up = failed_delivery(uow_factory, engine, retry_count=3, attempts=4)
    outcomes = Outcomes()
    for station, eng in (("station-a", engine), ("station-b", second_engine)):
        scheduler = webhook_scheduler(eng, uow_factory, runners(station), station=station,
                                      first_delay=timedelta(0), on_run=outcomes(station))
        schedulers.append(scheduler)
    for scheduler in schedulers:
        scheduler.start()
    outcomes.wait_for(lambda seen: len(seen) >= 2)
    assert sorted(outcome for _, outcome in outcomes.seen) in ([BUSY, RAN], [NOT_DUE, RAN])
    [row] = job_rows(engine, RETRY_FAILED_WEBHOOKS)
    assert row["status"] == "succeeded" and row["result"] == {"requeued": 1}
    assert row["message_problem"] == {"code": "job.webhooks_requeued", "params": {"count": 1}}
    assert row["message"] == "1 failed webhook deliveries queued again"
    assert row["started_at"] <= row["finished_at"]
    assert webhooks.get_delivery(uow_factory, allowed).status == "pending"
    assert webhooks.get_delivery(uow_factory, used_up).status == "failed"


def test_a_due_task_runs_again_after_its_interval(engine, runners, schedulers):
    outcomes = Outcomes()
    scheduler = Scheduler(engine, runners("station-a"), station="station-a",
                          on_run=outcomes("station-a"))
    schedulers.append(scheduler)
    scheduler.add("often", timedelta(seconds=0.2), lambda context: {"n": 0},
                  first_delay=timedelta(0))
    scheduler.start()
    outcomes.wait_for(lambda seen: [o for _, o in seen].count(RAN) >= 3)
    scheduler.stop()
    rows = job_rows(engine, "often")
    assert len(rows) >= 3 and {row["status"] for row in rows} == {"succeeded"}


def test_a_failing_task_is_recorded_as_a_failed_job_and_the_schedule_goes_on(
        engine, runners, schedulers):
    def work(context):
        raise RuntimeError("storage bucket missing")

    scheduler = Scheduler(engine, runners("station-a"), station="station-a")
    schedulers.append(scheduler)
    scheduler.add("cleanup_old_files", timedelta(seconds=0.001), work)
    assert scheduler.run_now("cleanup_old_files") == RAN
    [row] = job_rows(engine, "cleanup_old_files")
    assert row["status"] == "failed"
    assert row["error_problem"] == {"code": "problem.internal",
                                    "params": {"kind": "RuntimeError"}}
    with engine.connect() as connection:    # the lock was given back
        key = {"k": lock_key("cleanup_old_files")}
        assert connection.execute(text("SELECT pg_try_advisory_lock(:k)"), key).scalar_one()
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), key)
    assert scheduler.run_now("cleanup_old_files") == RAN


def test_lock_keys_are_stable_and_differ_per_task():
    assert lock_key(RETRY_FAILED_WEBHOOKS) == lock_key("retry_failed_webhooks")
    assert lock_key("retry_failed_webhooks") != lock_key("cleanup_old_files")
    assert -2**63 <= lock_key("refresh_statistics") < 2**63
