"""Every job ends (issue 9, point 9), on the real ``jobs`` table: a job whose process died is
failed as ``job.abandoned`` at the next start and by the scheduler's periodic pass; a live
runner's heartbeat keeps its jobs running; an outcome the database refuses (a NUL character)
is stored as a failure saying why while the caller's handle still gets the real outcome; the
error, the cancel reason and the progress message are stored as problems (code + params).

Decision (documented in ``mesdesk.jobs.outcome``): a result holding a NUL is not cleaned
silently; the row ends *failed* with ``job.outcome_has_nul`` and the real status as the fact
``outcome``; the handle resolves with the value as returned.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.db.scheduler import FAIL_ABANDONED_JOBS
from mesdesk.bootstrap import bootstrap
from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import CancelledError
from mesdesk.jobs import JobContext, JobRunner

WAIT = 5.0


@pytest.fixture
def store(engine) -> SqlJobStore:
    return SqlJobStore(engine)


@pytest.fixture
def runner(store):
    runner = JobRunner(store, station="line-1")
    yield runner
    runner.shutdown(timeout=WAIT)


def wait_for(predicate, timeout: float = WAIT) -> None:
    """Poll a database fact the heartbeat thread changes (as tests/integration/test_jobs.py)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def dead_process_job(engine, store, *, station: str = "line-7", age: str = "5 minutes",
                     heartbeat: bool = True) -> int:
    """A running row as a crashed process on another station leaves it."""
    job_id = store.create("import", {"file": "batches.json"}, station)
    store.mark_running(job_id)
    beat = f"now() - interval '{age}'" if heartbeat else "NULL"
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE jobs SET heartbeat_at = {beat}, "
                                f"updated_at = now() - interval '{age}' WHERE id = :id"),
                           {"id": job_id})
    return job_id


def runtime_settings(url: str, tmp_path) -> Settings:
    return Settings(database_url=url, data_dir=tmp_path, config_dir=tmp_path,
                    station="line-1")


def test_a_job_whose_process_died_is_failed_at_the_next_start(engine, store, migrated_url,
                                                              tmp_path):
    died = dead_process_job(engine, store)
    legacy = dead_process_job(engine, store, age="2 hours", heartbeat=False)   # pre-0005 row

    with bootstrap(runtime_settings(migrated_url, tmp_path)):
        row = store.get(died)
        assert row.status == "failed" and row.finished_at is not None
        problem = P.Problem.from_json(row.error_problem)
        assert problem.code == "job.abandoned"
        assert problem.params["station"] == "line-7"
        last_seen = datetime.fromisoformat(problem.params["last_seen_at"])
        assert last_seen == row.heartbeat_at
        assert row.error == problem.message        # the English stays for the CLI
        assert store.get(legacy).status == "failed"


def test_the_schedulers_periodic_pass_fails_an_abandoned_job(engine, store, migrated_url,
                                                             tmp_path):
    with bootstrap(runtime_settings(migrated_url, tmp_path)) as runtime:
        died = dead_process_job(engine, store, station="line-3")      # died after our start
        assert store.get(died).status == "running"
        assert FAIL_ABANDONED_JOBS in runtime.workers.scheduler.housekeeping
        assert runtime.workers.scheduler.run_housekeeping(FAIL_ABANDONED_JOBS) == 1

        row = store.get(died)
        assert row.status == "failed"
        assert row.error_problem["code"] == "job.abandoned"
        assert row.error_problem["params"]["station"] == "line-3"
        # housekeeping is no job of its own: nothing new in the Jobs panel
        assert [job.id for job in store.recent()] == [died]


def test_a_live_job_of_another_station_survives_this_stations_start_and_sweeps(
        engine, store, migrated_url, tmp_path):
    """Failing the abandoned jobs must never touch a job whose process lives elsewhere: its
    heartbeat is fresh, whatever the station and however long the job has been running."""
    other = JobRunner(SqlJobStore(engine), station="line-2")
    started, release = threading.Event(), threading.Event()

    def long_work(ctx: JobContext) -> str:
        started.set()
        while not release.is_set():
            if ctx.wait(0.02):
                ctx.check_cancelled()
        return "exported"

    try:
        handle = other.submit("export", {"rows": 1_000_000}, long_work)
        assert started.wait(WAIT)
        with engine.begin() as connection:   # running for an hour, beating all along
            connection.execute(text("UPDATE jobs SET started_at = now() - interval '1 hour', "
                                    "updated_at = now() - interval '1 hour', "
                                    "heartbeat_at = now() WHERE id = :id"),
                               {"id": handle.job_id})
        with bootstrap(runtime_settings(migrated_url, tmp_path)) as runtime:   # line-1 starts
            assert runtime.workers.scheduler.run_housekeeping(FAIL_ABANDONED_JOBS) == 0
            assert store.get(handle.job_id).status == "running"
        release.set()
        assert handle.result(timeout=WAIT) == "exported"
        row = store.get(handle.job_id)
        assert (row.status, row.station, row.error_problem) == ("succeeded", "line-2", None)
    finally:
        release.set()
        other.shutdown(timeout=WAIT)


def test_a_live_jobs_heartbeat_keeps_it_running(engine, store):
    runner = JobRunner(store, station="line-1", heartbeat_interval=0.05)
    started, release = threading.Event(), threading.Event()

    def work(ctx: JobContext) -> str:
        started.set()
        while not release.is_set():
            if ctx.wait(0.02):
                ctx.check_cancelled()
        return "done"

    try:
        handle = runner.submit("report", {}, work)
        assert started.wait(WAIT)
        # as if the job had not beaten for five minutes: the heartbeat thread renews it
        with engine.begin() as connection:
            connection.execute(text("UPDATE jobs SET heartbeat_at = now() - interval "
                                    "'5 minutes' WHERE id = :id"), {"id": handle.job_id})
        stale = datetime.now().astimezone() - timedelta(minutes=1)
        wait_for(lambda: store.get(handle.job_id).heartbeat_at > stale)

        assert store.fail_abandoned() == 0
        assert store.get(handle.job_id).status == "running"
        release.set()
        assert handle.result(timeout=WAIT) == "done"
        assert store.get(handle.job_id).status == "succeeded"
    finally:
        release.set()
        runner.shutdown(timeout=WAIT)


def test_a_job_returning_a_nul_ends_failed_with_the_reason_and_its_handle_resolves(
        store, runner):
    handle = runner.submit("bulk_aggregation", {}, lambda ctx: {"code": "0104600\x0012"})

    assert handle.result(timeout=WAIT) == {"code": "0104600\x0012"}   # the real outcome
    row = store.get(handle.job_id)
    assert row.status == "failed" and row.finished_at is not None and row.result is None
    assert row.error_problem == {"code": "job.outcome_has_nul",
                                 "params": {"outcome": "succeeded"}}
    assert "NUL character" in row.error


def test_an_outcome_the_database_refuses_for_another_reason_ends_the_job(store, runner):
    # PostgreSQL's jsonb takes no lone surrogate; the first write fails, the second says why
    handle = runner.submit("export", {}, lambda ctx: {"name": "\ud800"})

    assert handle.result(timeout=WAIT) == {"name": "\ud800"}
    row = store.get(handle.job_id)
    assert row.status == "failed"
    assert row.error_problem["code"] == "job.outcome_unstorable"
    assert row.error_problem["params"]["outcome"] == "succeeded"
    assert row.error_problem["params"]["reason"]
    assert "[SQL" not in row.error_problem["params"]["reason"]


def test_an_error_or_progress_with_a_nul_is_stored_with_a_replacement_character(store,
                                                                               runner):
    def work(ctx: JobContext) -> None:
        ctx.progress(1, 2, "scan 01\x0046")
        raise P.CLI_USAGE(reason="code 01\x0046 refused")

    handle = runner.submit("import", {}, work)
    with pytest.raises(Exception):
        handle.result(timeout=WAIT)
    row = store.get(handle.job_id)
    assert row.status == "failed"
    assert row.message == "scan 01\ufffd46"
    assert row.error_problem == {"code": "cli.usage",
                                 "params": {"reason": "code 01\ufffd46 refused"}}


def test_cancel_reasons_and_progress_messages_are_stored_as_problems(store, runner):
    started = threading.Event()

    def work(ctx: JobContext) -> None:
        ctx.progress(0, 5, P.JOB_WEBHOOKS_REQUEUED.problem(count=1234))
        started.set()
        while not ctx.wait(0.05):
            pass
        ctx.check_cancelled()

    handle = runner.submit("retry_failed_webhooks", {}, work)
    assert started.wait(WAIT)
    row = store.get(handle.job_id)
    assert row.message_problem == {"code": "job.webhooks_requeued", "params": {"count": 1234}}
    assert row.message == "1234 failed webhook deliveries queued again"
    assert handle.cancel()
    with pytest.raises(CancelledError) as raised:
        handle.result(timeout=WAIT)
    assert raised.value.problem.code == "job.cancelled_by_user"
    row = store.get(handle.job_id)
    assert row.status == "cancelled"
    assert row.error_problem == {"code": "job.cancelled_by_user", "params": {}}
    assert row.error == "the job was cancelled"


def test_shutdown_cancels_running_and_queued_jobs_with_its_code(store):
    runner = JobRunner(store, station="line-1", db_workers=1)
    started = threading.Event()

    def work(ctx: JobContext) -> None:
        started.set()
        while not ctx.wait(0.05):
            pass
        ctx.check_cancelled()

    running = runner.submit("report", {}, work)
    queued = runner.submit("report", {}, work)
    assert started.wait(WAIT)
    runner.shutdown(timeout=WAIT)

    for handle in (running, queued):
        with pytest.raises(CancelledError):
            handle.result(timeout=WAIT)
        row = store.get(handle.job_id)
        assert row.status == "cancelled"
        assert row.error_problem == {"code": "job.cancelled_at_shutdown", "params": {}}
