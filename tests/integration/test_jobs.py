"""The job runner over the real ``jobs`` table (SPEC §7): outcomes, progress seen by another
station, throttling, cancellation from here and from elsewhere, per-key serialisation,
start-up recovery and shutdown. Synchronisation is by events, barriers and handles only."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import pytest

from mesdesk.adapters.db.engine import make_engine
from sqlalchemy import text

from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.domain import problems as P
from mesdesk.domain.errors import CancelledError, UnavailableError, ValidationError
from mesdesk.jobs import PROGRESS_INTERVAL, JobContext, JobRunner, JobUpdate

WAIT = 5.0      # generous upper bound for anything that should happen "now"


@pytest.fixture
def store(engine) -> SqlJobStore:
    return SqlJobStore(engine)


@pytest.fixture
def other_station(engine):
    """The same database as another station sees it: its own engine, its own store."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    yield SqlJobStore(other)
    other.dispose()


class Recorder:
    """Collects ``on_update`` calls (from any thread)."""

    def __init__(self) -> None:
        self.updates: list[JobUpdate] = []
        self._lock = threading.Lock()

    def __call__(self, update: JobUpdate) -> None:
        with self._lock:
            self.updates.append(update)

    def statuses(self, job_id: int) -> list[str]:
        with self._lock:
            seen = [u.status for u in self.updates if u.job_id == job_id]
        return [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]


@pytest.fixture
def runner_factory(store):
    runners: list[JobRunner] = []

    def make(job_store=None, **options) -> JobRunner:
        options.setdefault("station", "line-1")
        runner = JobRunner(job_store or store, **options)
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        runner.shutdown(timeout=WAIT)


def wait_for(predicate, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def progress_until_cancelled(ctx: JobContext) -> None:
    """Work that reports progress until a cancel reaches it."""
    done = 0
    while True:
        ctx.progress(done)
        done += 1


@dataclass(frozen=True)
class Summary:
    rows: int

    def as_dict(self) -> dict:
        return {"rows": self.rows}


# -- outcomes --------------------------------------------------------------------------------


def test_a_job_that_succeeds_stores_its_result(store, runner_factory):
    recorder = Recorder()
    runner = runner_factory(on_update=recorder)

    def work(ctx: JobContext) -> Summary:
        ctx.progress(0, 2, "Reading")
        ctx.progress(2)
        return Summary(rows=2)

    handle = runner.submit("import", {"file": "batches.xlsx"}, work)

    assert handle.result(timeout=WAIT) == Summary(rows=2)
    assert handle.done()
    row = store.get(handle.job_id)
    assert row.status == "succeeded"
    assert row.kind == "import" and row.station == "line-1"
    assert row.parameters == {"file": "batches.xlsx"}
    assert row.result == {"rows": 2}
    assert (row.progress_done, row.progress_total, row.message) == (2, 2, "Reading")
    assert row.error is None
    assert row.created_at <= row.started_at <= row.finished_at
    assert recorder.statuses(handle.job_id) == ["queued", "running", "succeeded"]
    final = recorder.updates[-1]
    assert final.finished and final.result == Summary(rows=2)


def test_a_domain_error_fails_the_job_with_its_readable_message(store, runner_factory):
    def work(ctx: JobContext) -> None:
        raise P.VALUE_NOT_INTEGER(value="'abc'", field="batch_number")

    handle = runner_factory().submit("import", {}, work)

    with pytest.raises(ValidationError):
        handle.result(timeout=WAIT)
    row = store.get(handle.job_id)
    assert row.status == "failed"
    assert row.error == "field 'batch_number': enter a whole number (got 'abc')"
    assert row.error_problem == {"code": "value.not_integer", "params": {
        "value": "'abc'", "field": "batch_number"}}
    assert row.finished_at is not None and row.result is None


def test_an_unexpected_exception_fails_the_job_and_is_logged(store, runner_factory, caplog):
    def work(ctx: JobContext) -> None:
        raise KeyError("НомерПартии")

    handle = runner_factory().submit("import", {}, work)

    with pytest.raises(KeyError):
        handle.result(timeout=WAIT)
    row = store.get(handle.job_id)
    assert row.status == "failed"
    assert row.error_problem == {"code": "problem.internal", "params": {"kind": "KeyError"}}
    assert row.error == ("something went wrong (KeyError); the details were written to "
                         "the log")
    assert "НомерПартии" not in row.error       # the details are in the log only
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert any(r.exc_info[0] is KeyError for r in logged)


def test_a_failing_on_update_never_breaks_a_job(store, runner_factory, caplog):
    def on_update(update: JobUpdate) -> None:
        raise RuntimeError("the bridge is gone")

    handle = runner_factory(on_update=on_update).submit("report", {}, lambda ctx: 42)

    assert handle.result(timeout=WAIT) == 42
    assert store.get(handle.job_id).status == "succeeded"
    assert "on_update failed" in caplog.text


def test_the_outcome_arrives_when_the_database_is_gone(engine, store, runner_factory, caplog):
    dead_engine = make_engine("postgresql://nobody@127.0.0.1:1/gone")

    class GoneAfterStart:
        """Creates and starts jobs in the real database, then loses it."""

        def __init__(self) -> None:
            self.dead = SqlJobStore(dead_engine)

        def __getattr__(self, name):
            if name in ("progress", "finish"):
                return getattr(self.dead, name)
            return getattr(store, name)

    recorder = Recorder()
    runner = runner_factory(GoneAfterStart(), on_update=recorder)

    def work(ctx: JobContext) -> str:
        ctx.progress(1, 1, "Done")
        return "exported"

    handle = runner.submit("export", {}, work)

    try:
        assert handle.result(timeout=WAIT) == "exported"
        assert recorder.statuses(handle.job_id) == ["queued", "running", "succeeded"]
        assert store.get(handle.job_id).status == "running"   # left for fail_abandoned
        assert "Could not store the progress" in caplog.text
        assert "Could not record the outcome" in caplog.text
        assert "Could not record even the failure" in caplog.text
    finally:
        dead_engine.dispose()


# -- progress --------------------------------------------------------------------------------


def test_progress_is_visible_to_another_station_while_the_job_runs(runner_factory,
                                                                   other_station):
    reported, release = threading.Event(), threading.Event()

    def work(ctx: JobContext) -> None:
        ctx.progress(3, 10, "Writing rows")
        reported.set()
        assert release.wait(WAIT)

    handle = runner_factory().submit("export", {}, work)
    try:
        assert reported.wait(WAIT)
        row = other_station.get(handle.job_id)
        assert row.status == "running"
        assert (row.progress_done, row.progress_total, row.message) == (3, 10, "Writing rows")
        assert [j.id for j in other_station.recent(statuses=["running"])] == [handle.job_id]
    finally:
        release.set()
    handle.result(timeout=WAIT)
    assert other_station.get(handle.job_id).status == "succeeded"


def test_progress_writes_are_throttled(store, runner_factory):
    class CountingStore:
        """The real store, counting progress writes."""

        def __init__(self) -> None:
            self.writes = 0

        def progress(self, *args):
            self.writes += 1
            return store.progress(*args)

        def __getattr__(self, name):
            return getattr(store, name)

    counting = CountingStore()
    recorder = Recorder()
    runner = runner_factory(counting, on_update=recorder)
    timing = {}

    def work(ctx: JobContext, total: int | None) -> None:
        started = time.monotonic()
        for done in range(1, 1001):
            ctx.progress(done, total)
        timing[total] = time.monotonic() - started

    # With a total: the first and the final call write, and at most one per interval between.
    with_total = runner.submit("aggregate", {}, lambda ctx: work(ctx, 1000))
    with_total.result(timeout=WAIT)
    allowed = 2 + timing[1000] / PROGRESS_INTERVAL
    assert 2 <= counting.writes <= allowed and counting.writes < 20
    assert store.get(with_total.job_id).progress_done == 1000
    progress_updates = [u for u in recorder.updates
                        if u.job_id == with_total.job_id and u.status == "running"]
    assert len(progress_updates) == counting.writes + 1    # + the "running" change itself

    # Without a total nothing is "final": the last state is flushed when the work returns.
    counting.writes = 0
    open_ended = runner.submit("aggregate", {}, lambda ctx: work(ctx, None))
    open_ended.result(timeout=WAIT)
    assert 2 <= counting.writes <= 2 + timing[None] / PROGRESS_INTERVAL
    row = store.get(open_ended.job_id)
    assert (row.progress_done, row.progress_total) == (1000, None)


# -- cancellation ----------------------------------------------------------------------------


def test_another_station_cancels_a_running_job(store, runner_factory, other_station):
    running, saw_cancel = threading.Event(), threading.Event()

    def work(ctx: JobContext) -> None:
        running.set()
        try:
            progress_until_cancelled(ctx)
        except CancelledError:
            saw_cancel.set()
            raise

    handle = runner_factory().submit("aggregate", {}, work)
    assert running.wait(WAIT)

    assert other_station.request_cancel(handle.job_id) is True

    with pytest.raises(CancelledError):
        handle.result(timeout=WAIT)
    assert saw_cancel.is_set()
    row = other_station.get(handle.job_id)
    assert row.status == "cancelled" and row.finished_at is not None
    assert other_station.request_cancel(handle.job_id) is False     # already finished
    assert other_station.request_cancel(10**9) is False             # unknown


def test_a_runner_cancels_another_stations_job_through_the_store(store, runner_factory,
                                                                 other_station):
    running = threading.Event()

    def work(ctx: JobContext) -> None:
        running.set()
        progress_until_cancelled(ctx)

    elsewhere = runner_factory(other_station, station="line-2")
    handle = elsewhere.submit("report", {}, work)
    assert running.wait(WAIT)

    assert runner_factory(station="line-1").cancel(handle.job_id) is True

    with pytest.raises(CancelledError):
        handle.result(timeout=WAIT)
    assert store.get(handle.job_id).status == "cancelled"


def test_a_queued_job_cancelled_never_runs(store, runner_factory):
    recorder = Recorder()
    runner = runner_factory(db_workers=1, on_update=recorder)
    blocking, release = threading.Event(), threading.Event()
    ran = threading.Event()

    def block(ctx: JobContext) -> str:
        blocking.set()
        assert release.wait(WAIT)
        return "first"

    first = runner.submit("import", {}, block)
    second = runner.submit("import", {}, lambda ctx: ran.set())
    try:
        assert blocking.wait(WAIT)
        assert store.get(second.job_id).status == "queued"

        assert runner.cancel(second.job_id) is True

        row = store.get(second.job_id)
        assert row.status == "cancelled" and row.started_at is None
        with pytest.raises(CancelledError):
            second.result(timeout=0)
    finally:
        release.set()
    assert first.result(timeout=WAIT) == "first"
    assert runner.cancel(first.job_id) is False         # finished: nothing to cancel
    assert not ran.is_set()
    assert recorder.statuses(second.job_id) == ["queued", "cancelled"]


def test_a_local_cancel_stops_a_running_job_at_once(store, runner_factory):
    running = threading.Event()

    def work(ctx: JobContext) -> None:
        running.set()
        while not ctx.wait(WAIT):
            pass
        ctx.check_cancelled()

    runner = runner_factory()
    handle = runner.submit("sync", {}, work, pool="io")
    assert running.wait(WAIT)

    assert runner.cancel(handle.job_id) is True

    with pytest.raises(CancelledError):
        handle.result(timeout=WAIT)
    assert store.get(handle.job_id).status == "cancelled"


# -- scheduling ------------------------------------------------------------------------------


def test_jobs_with_one_key_run_in_order_and_never_overlap(store, runner_factory):
    runner = runner_factory(db_workers=3)
    first_in, release = threading.Event(), threading.Event()
    events: list[str] = []
    lock = threading.Lock()

    def job(name: str, gate: threading.Event | None = None):
        def work(ctx: JobContext) -> str:
            with lock:
                events.append(f"{name} start")
            if gate is not None:
                first_in.set()
                assert gate.wait(WAIT)
            with lock:
                events.append(f"{name} end")
            return name
        return work

    handles = [runner.submit("aggregate", {}, job("a", release), key="batch:1"),
               runner.submit("aggregate", {}, job("b"), key="batch:1"),
               runner.submit("aggregate", {}, job("c"), key="batch:1")]
    try:
        assert first_in.wait(WAIT)
        # Two workers are free, yet the jobs behind the same key stay queued.
        assert [store.get(h.job_id).status for h in handles] == ["running", "queued", "queued"]
        assert not handles[1].done()
    finally:
        release.set()
    assert [h.result(timeout=WAIT) for h in handles] == ["a", "b", "c"]
    assert events == ["a start", "a end", "b start", "b end", "c start", "c end"]


def test_jobs_with_different_keys_run_in_parallel(runner_factory):
    runner = runner_factory(db_workers=2)
    both_inside = threading.Barrier(2, timeout=WAIT)   # broken unless they overlap

    def work(ctx: JobContext) -> bool:
        both_inside.wait()
        return True

    first = runner.submit("aggregate", {}, work, key="batch:1")
    second = runner.submit("aggregate", {}, work, key="batch:2")

    assert first.result(timeout=WAIT) and second.result(timeout=WAIT)


def test_a_cancelled_job_hands_its_key_to_the_next(store, runner_factory):
    runner = runner_factory(db_workers=2)
    running = threading.Event()

    def first_work(ctx: JobContext) -> None:
        running.set()
        while not ctx.wait(WAIT):
            pass
        ctx.check_cancelled()

    first = runner.submit("aggregate", {}, first_work, key="batch:7")
    second = runner.submit("aggregate", {}, lambda ctx: "second", key="batch:7")
    assert running.wait(WAIT)

    runner.cancel(first.job_id)

    with pytest.raises(CancelledError):
        first.result(timeout=WAIT)
    assert second.result(timeout=WAIT) == "second"


# -- start-up and shutdown -------------------------------------------------------------------


def test_fail_abandoned_fails_only_jobs_whose_heartbeat_is_stale(engine, store):
    queued = store.create("import", {}, "line-1")
    running = store.create("export", {}, "line-1")
    store.mark_running(running)
    finished = store.create("report", {}, "line-1")
    store.mark_running(finished)
    store.finish(finished, "succeeded", result={"pages": 3})
    alive = store.create("export", {}, "line-2")
    store.mark_running(alive)
    with engine.begin() as connection:
        connection.execute(text("UPDATE jobs SET heartbeat_at = now() - interval '5 minutes' "
                                "WHERE id = ANY(:ids)"), {"ids": [queued, running, finished]})

    assert store.fail_abandoned() == 2

    for job_id in (queued, running):
        row = store.get(job_id)
        assert row.status == "failed" and row.finished_at is not None
        assert row.error_problem["code"] == "job.abandoned"
        assert row.error_problem["params"]["station"] == "line-1"
        assert row.error.startswith("the job was interrupted: MESDesk on line-1 stopped")
    assert store.get(finished).status == "succeeded"
    assert store.get(finished).result == {"pages": 3}
    assert store.get(alive).status == "running"
    assert store.fail_abandoned() == 0
    assert [j.id for j in store.recent()] == [alive, finished, running, queued]
    assert [j.id for j in store.recent(statuses=["failed"])] == [running, queued]
    assert [j.id for j in store.recent(1)] == [alive]


def test_shutdown_cancels_running_and_queued_jobs(store, runner_factory):
    runner = runner_factory(db_workers=1)
    running = threading.Event()
    ran = threading.Event()

    def work(ctx: JobContext) -> None:
        running.set()
        progress_until_cancelled(ctx)

    first = runner.submit("aggregate", {}, work)
    second = runner.submit("aggregate", {}, lambda ctx: ran.set())
    assert running.wait(WAIT)

    started = time.monotonic()
    runner.shutdown(timeout=WAIT)
    assert time.monotonic() - started < WAIT

    for handle in (first, second):
        with pytest.raises(CancelledError):
            handle.result(timeout=0)
        assert store.get(handle.job_id).status == "cancelled"
    assert not ran.is_set()
    runner.shutdown(timeout=WAIT)           # idempotent
    with pytest.raises(UnavailableError) as refused:
        runner.submit("aggregate", {}, work)
    assert refused.value.code == "job.runner_closed"


def test_shutdown_returns_within_its_timeout_when_work_ignores_cancel(store, runner_factory,
                                                                     caplog):
    runner = runner_factory()
    running, release = threading.Event(), threading.Event()

    def stubborn(ctx: JobContext) -> str:
        running.set()
        assert release.wait(WAIT)
        return "late"

    handle = runner.submit("sync", {}, stubborn, pool="io")
    assert running.wait(WAIT)

    started = time.monotonic()
    runner.shutdown(timeout=0.3)
    elapsed = time.monotonic() - started

    try:
        assert 0.3 <= elapsed < 2.0
        assert "still running" in caplog.text
        assert not handle.done()
    finally:
        release.set()
    assert handle.result(timeout=WAIT) == "late"    # it finished on its own, as it returned
