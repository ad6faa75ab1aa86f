"""Scheduled jobs (§9) on a real database: one run per due time however many schedulers reach
it, a due time missed while no scheduler ran caught up once at the next start (and never for
a task nobody knew yet), each run recorded with its job, counts or error, "Run now" and its
refusals. Time is a clock the test moves: nothing here sleeps."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.advisory import lock_key
from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.db.scheduler import (BUSY, BUSY_RETRY, FAILED, NOT_DUE, RAN, Scheduler,
                                           END_ORPHANED_RUNS)
from mesdesk.domain import problems as P
from mesdesk.domain.errors import ConflictError, NotFoundError, UnavailableError
from mesdesk.domain.schedules import Daily, Every
from mesdesk.jobs import JobRunner
from mesdesk.services import webhooks
from mesdesk.services.scheduled_tasks import RETRY_FAILED_WEBHOOKS, retry_failed_webhooks_work

WAIT = 30  # generous: two cores shared with other test sessions
MOSCOW = ZoneInfo("Europe/Moscow")
NIGHTLY = "nightly_thing"


def moscow(day: int, hour: int, minute: int = 0) -> datetime:
    """A time of December 2026 in Moscow (UTC+3), as the scheduler's clock gives it: UTC."""
    return datetime(2026, 12, day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


class Clock:
    """The schedulers' clock: what the test says the time is."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Work:
    """A task's work that counts its calls (and can be held until the test lets it go)."""

    def __init__(self, *, hold: bool = False) -> None:
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, context) -> dict:
        self.calls += 1
        self.started.set()
        assert self.release.wait(WAIT)
        return {"done": self.calls}


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
def second_engine(migrated_url):
    """Another station's own connection pool."""
    other = make_engine(migrated_url)
    yield other
    other.dispose()


@pytest.fixture
def make_scheduler(engine, runners):
    made: list[Scheduler] = []

    def make(clock: Clock, *, station: str = "station-a", on_engine=None, **options
             ) -> Scheduler:
        scheduler = Scheduler(on_engine or engine, runners(station), station=station,
                              zone=MOSCOW, clock=clock, first_delay=timedelta(0), **options)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.stop()


def run_rows(engine, task: str = NIGHTLY) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT r.id, r.due_at, r.trigger, r.station, r.status, r.counts, r.error_problem, "
            "r.started_at, r.finished_at, r.job_id, j.kind AS job_kind, j.status AS job_status "
            "FROM scheduled_runs r LEFT JOIN jobs j ON j.id = r.job_id "
            "WHERE r.task = :task ORDER BY r.id"), {"task": task}).all()
    return [dict(row._mapping) for row in rows]


def job_count(engine, kind: str = NIGHTLY) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM jobs WHERE kind = :kind"),
                                  {"kind": kind}).scalar_one()


def nightly(make_scheduler, clock: Clock, work, **options) -> Scheduler:
    scheduler = make_scheduler(clock, **options)
    scheduler.add(NIGHTLY, Daily(time(1, 0)), work)
    return scheduler


# -- one run per due time ----------------------------------------------------------------------

def test_two_schedulers_reaching_the_same_due_time_at_once_run_it_once(
        engine, second_engine, make_scheduler):
    clock = Clock(moscow(3, 23, 30))
    work = Work(hold=True)
    first = nightly(make_scheduler, clock, work, station="station-a")
    second = nightly(make_scheduler, clock, work, station="station-b", on_engine=second_engine)
    assert first.run_pending() == {} and second.run_pending() == {}     # known from now on

    clock.now = moscow(4, 1, 0)                  # the due time, reached by both at once
    together = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(scheduler: Scheduler) -> None:
        together.wait()
        outcomes[scheduler.station] = scheduler.run_pending()[NIGHTLY]
        if outcomes[scheduler.station] != RAN:
            work.release.set()                   # the loser is done: let the winner finish

    threads = [threading.Thread(target=attempt, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert sorted(outcomes.values()) == [BUSY, RAN]     # the advisory lock was held
    loser = first if outcomes["station-a"] == BUSY else second
    winner = "station-b" if loser is first else "station-a"

    clock.now += BUSY_RETRY                      # the loser looks again: the due time is done
    assert loser.run_pending() == {NIGHTLY: NOT_DUE}
    assert first.run_pending() == {} and second.run_pending() == {}

    assert work.calls == 1
    [run] = run_rows(engine)
    assert run["due_at"] == moscow(4, 1, 0) and run["trigger"] == "schedule"
    assert (run["station"], run["status"], run["counts"]) == (winner, "succeeded", {"done": 1})
    assert run["started_at"] <= run["finished_at"]
    assert (run["job_kind"], run["job_status"]) == (NIGHTLY, "succeeded")
    assert job_count(engine) == 1


def test_two_started_schedulers_run_retry_failed_webhooks_once_with_its_counts(
        engine, second_engine, uow_factory, make_scheduler):
    allowed = failed_delivery(uow_factory, engine, retry_count=3, attempts=1)
    used_up = failed_delivery(uow_factory, engine, retry_count=3, attempts=4)
    clock = Clock(datetime(2026, 12, 4, 10, 14, 59, tzinfo=UTC))
    seen: list[tuple[str, str]] = []
    changed = threading.Condition()

    def observer(station: str):
        def record(task: str, outcome: str) -> None:
            with changed:
                seen.append((station, outcome))
                changed.notify_all()
        return record

    schedulers = []
    for station, on_engine in (("station-a", engine), ("station-b", second_engine)):
        scheduler = make_scheduler(clock, station=station, on_engine=on_engine,
                                   on_run=observer(station))
        scheduler.add(RETRY_FAILED_WEBHOOKS, Every(timedelta(minutes=15)),
                      retry_failed_webhooks_work(uow_factory))
        assert scheduler.run_pending() == {}     # its first look: known from 10:14:59
        schedulers.append(scheduler)
    for scheduler in schedulers:
        scheduler.start()
    clock.now = datetime(2026, 12, 4, 10, 15, tzinfo=UTC)
    for scheduler in schedulers:
        scheduler.wake()
    with changed:
        assert changed.wait_for(lambda: len(seen) >= 2, WAIT), seen
    assert sorted(outcome for _, outcome in seen) in ([BUSY, RAN], [NOT_DUE, RAN])

    [run] = run_rows(engine, RETRY_FAILED_WEBHOOKS)
    assert run["status"] == "succeeded" and run["counts"] == {"requeued": 1}
    with engine.connect() as connection:
        job = connection.execute(text(
            "SELECT status, result, message, message_problem FROM jobs WHERE id = :id"),
            {"id": run["job_id"]}).one()
    assert job.status == "succeeded" and job.result == {"requeued": 1}
    assert job.message_problem == {"code": "job.webhooks_requeued", "params": {"count": 1}}
    assert job.message == "1 failed webhook deliveries queued again"
    assert webhooks.get_delivery(uow_factory, allowed).status == "pending"
    assert webhooks.get_delivery(uow_factory, used_up).status == "failed"


def failed_delivery(uow_factory, engine, *, retry_count: int, attempts: int) -> int:
    """A delivery the dispatcher gave up on after ``attempts`` attempts."""
    created, _ = webhooks.add_subscription(uow_factory, "http://127.0.0.1:9/hook", ["ping"],
                                           retry_count=retry_count)
    delivery = webhooks.send_test_event(uow_factory, created.id)
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_deliveries SET status = 'failed', attempts = :attempts, "
            "next_attempt_at = NULL, error_message = 'HTTP 500' WHERE id = :id"),
            {"attempts": attempts, "id": delivery.id})
    return delivery.id


def test_each_due_time_runs_once_and_nothing_runs_between_them(engine, make_scheduler):
    clock = Clock(moscow(3, 12, 0))
    work = Work()
    scheduler = nightly(make_scheduler, clock, work)
    for now, expected in ((moscow(3, 12, 0), {}), (moscow(4, 0, 59), {}),
                          (moscow(4, 1, 0), {NIGHTLY: RAN}), (moscow(4, 1, 1), {}),
                          (moscow(4, 23, 0), {}), (moscow(5, 1, 30), {NIGHTLY: RAN})):
        clock.now = now
        assert scheduler.run_pending() == expected, now
    assert [run["due_at"] for run in run_rows(engine)] == [moscow(4, 1, 0), moscow(5, 1, 0)]
    assert work.calls == 2


# -- catch-up ------------------------------------------------------------------------------------

@pytest.mark.parametrize("missed", [1, 3])
def test_a_due_time_missed_while_no_scheduler_ran_is_caught_up_once_at_the_next_start(
        engine, make_scheduler, missed):
    clock = Clock(moscow(3, 23, 0))
    work = Work()
    before = nightly(make_scheduler, clock, work)
    before.run_pending()
    clock.now = moscow(4, 1, 0)
    assert before.run_pending() == {NIGHTLY: RAN}
    before.stop()                                # every scheduler stops …

    clock.now = moscow(4 + missed, 9, 0)         # … and the night(s) pass without one
    after = nightly(make_scheduler, clock, work, station="station-b")
    assert after.run_pending() == {NIGHTLY: RAN}
    assert after.run_pending() == {}
    clock.now = moscow(4 + missed, 23, 59)
    assert after.run_pending() == {}

    runs = run_rows(engine)
    assert [(run["due_at"], run["trigger"]) for run in runs] == [
        (moscow(4, 1, 0), "schedule"), (moscow(4 + missed, 1, 0), "catch_up")]
    assert runs[1]["station"] == "station-b" and runs[1]["status"] == "succeeded"
    assert work.calls == 2 and job_count(engine) == 2


def test_a_task_nobody_knew_starts_at_its_next_due_time_not_at_the_first_start(
        engine, make_scheduler):
    clock = Clock(moscow(4, 14, 0))              # a fresh install, in the middle of a shift
    work = Work()
    scheduler = nightly(make_scheduler, clock, work)
    assert scheduler.run_pending() == {}
    assert run_rows(engine) == [] and work.calls == 0
    clock.now = moscow(5, 1, 0)
    assert scheduler.run_pending() == {NIGHTLY: RAN}


def test_a_station_that_is_only_on_during_the_day_still_runs_the_night_at_its_next_start(
        engine, make_scheduler):
    clock = Clock(moscow(4, 8, 0))               # day one: first start, nothing was missed
    work = Work()
    nightly(make_scheduler, clock, work).run_pending()
    clock.now = moscow(5, 8, 0)                  # day two: the night's run was missed
    assert nightly(make_scheduler, clock, work).run_pending() == {NIGHTLY: RAN}
    [run] = run_rows(engine)
    assert (run["due_at"], run["trigger"]) == (moscow(5, 1, 0), "catch_up")


def test_a_due_time_run_elsewhere_is_not_caught_up(engine, second_engine, make_scheduler):
    clock = Clock(moscow(3, 23, 0))
    work = Work()
    server = nightly(make_scheduler, clock, work, station="server")
    server.run_pending()
    clock.now = moscow(4, 1, 0)
    assert server.run_pending() == {NIGHTLY: RAN}       # the server's worker ran the night
    clock.now = moscow(4, 8, 0)                          # a station starts in the morning
    station = nightly(make_scheduler, clock, work, station="line-1", on_engine=second_engine)
    assert station.run_pending() == {NIGHTLY: NOT_DUE}
    assert len(run_rows(engine)) == 1 and work.calls == 1


# -- what a run records --------------------------------------------------------------------------

def test_a_failing_task_is_recorded_failed_with_its_problem_and_the_schedule_goes_on(
        engine, make_scheduler):
    def work(context):
        raise P.SETTINGS_VALUE_INVALID(name="file_max_age_days", value="0")

    clock = Clock(moscow(3, 23, 0))
    scheduler = nightly(make_scheduler, clock, work)
    scheduler.run_pending()
    clock.now = moscow(4, 1, 0)
    assert scheduler.run_pending() == {NIGHTLY: RAN}
    [run] = run_rows(engine)
    assert run["status"] == "failed" and run["counts"] is None and run["finished_at"]
    assert run["error_problem"] == {"code": "settings.value_invalid",
                                    "params": {"name": "file_max_age_days", "value": "0"}}
    assert run["job_status"] == "failed"
    with engine.connect() as connection:    # the lock was given back
        key = {"k": lock_key(NIGHTLY)}
        assert connection.execute(text("SELECT pg_try_advisory_lock(:k)"), key).scalar_one()
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), key)
    clock.now = moscow(5, 1, 0)
    assert scheduler.run_pending() == {NIGHTLY: RAN}


def test_an_unexpected_error_is_recorded_as_an_internal_problem(engine, make_scheduler):
    def work(context):
        raise RuntimeError("storage bucket missing")

    scheduler = nightly(make_scheduler, Clock(moscow(4, 9, 0)), work)
    run = scheduler.run_now(NIGHTLY)
    assert run.status == "failed"
    assert run.error_problem == {"code": "problem.internal", "params": {"kind": "RuntimeError"}}
    assert run.as_dict()["error"]["code"] == "problem.internal"


def test_a_run_left_open_by_a_dead_process_ends_as_its_job_ended(engine, make_scheduler):
    store = SqlJobStore(engine)
    job_id = store.create(NIGHTLY, {}, "line-7")
    store.mark_running(job_id)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO scheduled_runs (task, due_at, station, job_id) "
            "VALUES (:task, :due, 'line-7', :job)"),
            {"task": NIGHTLY, "due": moscow(4, 1, 0), "job": job_id})
        connection.execute(text("UPDATE jobs SET heartbeat_at = now() - interval '5 minutes' "
                                "WHERE id = :id"), {"id": job_id})
    scheduler = nightly(make_scheduler, Clock(moscow(4, 9, 0)), Work())
    assert scheduler.run_housekeeping(END_ORPHANED_RUNS) == 0    # its job still "runs"
    assert store.fail_abandoned() == 1
    assert scheduler.run_housekeeping(END_ORPHANED_RUNS) == 1
    [run] = run_rows(engine)
    assert run["status"] == "failed" and run["finished_at"] is not None
    assert run["error_problem"]["code"] == "job.abandoned"


# -- run now, overview, refusals -----------------------------------------------------------------

def test_run_now_records_a_manual_run_and_the_overview_shows_it(engine, make_scheduler):
    clock = Clock(moscow(4, 14, 30))
    scheduler = nightly(make_scheduler, clock, Work())
    scheduler.add("often", Every(timedelta(minutes=5)), lambda context: {"n": 7})

    first = scheduler.run_now(NIGHTLY)
    second = scheduler.run_now(NIGHTLY)          # twice in one instant: two runs
    assert (first.trigger, first.status, first.counts) == ("manual", "succeeded", {"done": 1})
    assert first.due_at == moscow(4, 14, 30) and first.station == "station-a"
    assert second.id != first.id and second.counts == {"done": 2}
    assert first.job_id is not None and first.finished_at is not None

    overview = {task.name: task for task in scheduler.overview()}
    assert list(overview) == [NIGHTLY, "often"]
    assert overview[NIGHTLY].last_run == second
    assert overview[NIGHTLY].next_due == moscow(5, 1, 0)
    assert overview["often"].last_run is None
    assert overview["often"].next_due == moscow(4, 14, 35)
    assert overview[NIGHTLY].as_dict()["schedule"] == {"kind": "daily", "at": "01:00",
                                                       "time_zone": "Europe/Moscow"}
    assert overview["often"].as_dict()["schedule"] == {"kind": "every", "seconds": 300}
    # a manual run is no scheduled one: the night still runs
    clock.now = moscow(5, 1, 0)
    assert scheduler.run_pending()[NIGHTLY] == RAN


def test_run_now_of_a_task_running_elsewhere_is_refused_as_busy(engine, second_engine,
                                                                 make_scheduler):
    clock = Clock(moscow(4, 14, 30))
    work = Work(hold=True)
    elsewhere = nightly(make_scheduler, clock, work, station="server",
                        on_engine=second_engine)
    here = nightly(make_scheduler, clock, Work())
    running = threading.Thread(target=elsewhere.run_now, args=(NIGHTLY,))
    running.start()
    try:
        assert work.started.wait(WAIT)
        with pytest.raises(ConflictError) as refused:
            here.run_now(NIGHTLY)
        assert refused.value.problem == P.SCHEDULE_BUSY.problem(task=NIGHTLY)
    finally:
        work.release.set()
        running.join(WAIT)
    assert here.run_now(NIGHTLY).status == "succeeded"
    assert [run["station"] for run in run_rows(engine)] == ["server", "station-a"]


def test_run_now_of_an_unknown_task_names_the_known_ones(make_scheduler):
    scheduler = nightly(make_scheduler, Clock(moscow(4, 9, 0)), Work())
    scheduler.add("often", Every(timedelta(minutes=5)), Work())
    with pytest.raises(NotFoundError) as refused:
        scheduler.run_now("nightly")
    assert refused.value.problem.params == {"task": "nightly", "known": f"{NIGHTLY}, often"}


def test_a_lost_database_is_reported_and_tried_again_later(runners):
    dead = make_engine("postgresql+psycopg://mesdesk@127.0.0.1:9/nowhere")
    errors: list[BaseException] = []
    clock = Clock(moscow(4, 9, 0))
    scheduler = Scheduler(dead, runners("line-1"), station="line-1", zone=MOSCOW, clock=clock,
                          on_error=errors.append)
    scheduler.add(NIGHTLY, Daily(time(1, 0)), Work())
    try:
        assert scheduler.run_pending() == {NIGHTLY: FAILED}
        assert len(errors) == 1
        assert scheduler.run_pending() == {}                 # not again at once
        with pytest.raises(UnavailableError):
            scheduler.run_now(NIGHTLY)
        with pytest.raises(UnavailableError):
            scheduler.overview()
    finally:
        dead.dispose()


def test_lock_keys_are_stable_and_differ_per_task():
    assert lock_key("retry_failed_webhooks") == lock_key("retry_failed_webhooks")
    assert lock_key("retry_failed_webhooks") != lock_key("cleanup_old_files")
    assert -2**63 <= lock_key("refresh_statistics") < 2**63
    # every version on every station must agree: the keys never change
    assert lock_key("retry_failed_webhooks") == 4590721954904578584
    assert lock_key("cleanup_old_files") == -400392482697617097
