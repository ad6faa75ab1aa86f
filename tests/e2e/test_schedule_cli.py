"""`mesdesk schedule list | run NAME` as a user runs them: the §9 tasks with their last and next
runs, a run by hand with its counts, and the refusals as one line (and ``{"error"}``)."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.advisory import lock_key
from tests.support.cli import cli_runner
from tests.support.db import audit, scalar
from tests.support.factories import create_batch

TASKS = ["auto_close_expired_batches", "cleanup_old_files", "retry_failed_webhooks",
         "refresh_statistics"]


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station")


def as_json(done):
    return json.loads(done.stdout)


def expired_batch(engine, uow_factory, tz) -> int:
    end = (scalar(engine, "SELECT now()") - timedelta(hours=2)).astimezone(tz)
    end = end.replace(tzinfo=None, microsecond=0)
    return create_batch(uow_factory, tz, number=501, day=date(2026, 12, 3),
                        ДатаВремяНачалаСмены=(end - timedelta(hours=12)).isoformat(),
                        ДатаВремяОкончанияСмены=end.isoformat())


def test_list_shows_every_task_with_its_schedule_and_next_run(cli):
    listed = as_json(cli("schedule", "list", "--json"))
    assert [task["task"] for task in listed] == TASKS
    by_name = {task["task"]: task for task in listed}
    assert by_name["auto_close_expired_batches"]["schedule"] == {
        "kind": "daily", "at": "01:00", "time_zone": "Asia/Yekaterinburg"}
    assert by_name["cleanup_old_files"]["schedule"]["at"] == "02:00"
    assert by_name["retry_failed_webhooks"]["schedule"] == {"kind": "every", "seconds": 900}
    assert all(task["last_run"] is None for task in listed)
    next_close = datetime.fromisoformat(by_name["auto_close_expired_batches"]["next_run"]
                                        .replace("Z", "+00:00"))
    assert (next_close.hour, next_close.minute) == (20, 0)      # 01:00 at UTC+5

    lines = cli("schedule", "list").stdout.splitlines()
    assert lines[0].split()[:2] == ["TASK", "SCHEDULE"]
    assert "daily 01:00" in lines[1] and "every 15 min" in lines[3]


def test_run_closes_the_expired_batches_and_list_shows_the_run(cli, engine, uow_factory, tz):
    batch_id = expired_batch(engine, uow_factory, tz)

    run = as_json(cli("schedule", "run", "auto_close_expired_batches", "--json"))

    assert (run["task"], run["status"], run["trigger"]) == (
        "auto_close_expired_batches", "succeeded", "manual")
    assert run["counts"] == {"closed": 1} and run["error"] is None
    assert run["station"] == "cli-station" and run["job_id"] and run["finished_at"]
    assert scalar(engine, "SELECT is_closed FROM batches WHERE id = :id", id=batch_id)
    [close] = [row for row in audit(engine) if row["action"] == "close"]
    assert (close["actor"], close["station"]) == ("scheduler", "cli-station")
    assert scalar(engine, "SELECT status FROM jobs WHERE id = :id", id=run["job_id"]) == \
        "succeeded"

    listed = {task["task"]: task for task in as_json(cli("schedule", "list", "--json"))}
    assert listed["auto_close_expired_batches"]["last_run"]["id"] == run["id"]
    table = cli("schedule", "list").stdout
    assert "succeeded (manual, cli-station)" in table and "closed=1" in table

    again = cli("schedule", "run", "auto_close_expired_batches").stdout
    assert again.startswith("auto_close_expired_batches: succeeded in ")
    assert "closed=0" in again


def test_run_cleans_up_files_older_than_the_kept_age(cli, tmp_path):
    reports = tmp_path / "data" / "files" / "reports"
    reports.mkdir(parents=True)
    old, new = reports / "batch_1_report_20261001_080000.pdf", reports / "batch_2_report.pdf"
    old.write_bytes(b"%PDF" * 100)
    new.write_bytes(b"%PDF")
    month_ago = (datetime.now() - timedelta(days=31)).timestamp()
    os.utime(old, (month_ago, month_ago))

    run = as_json(cli("schedule", "run", "cleanup_old_files", "--json"))

    assert run["status"] == "succeeded" and run["counts"] == {"deleted": 1, "bytes": 400}
    assert not old.exists() and new.exists()


def test_a_failed_run_exits_non_zero_with_its_reason(engine, migrated_url, tmp_path):
    cli = cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                     MESDESK_FILE_MAX_AGE_DAYS="0")
    failed = cli("schedule", "run", "cleanup_old_files", expect=1)
    assert failed.stderr == ("mesdesk: cleanup_old_files failed: the setting "
                             "file_max_age_days cannot be 0\n")
    assert "cleanup_old_files: failed after" in failed.stdout
    run = as_json(cli("schedule", "run", "cleanup_old_files", "--json", expect=1))
    assert run["status"] == "failed" and run["error"]["code"] == "settings.value_invalid"
    assert scalar(engine, "SELECT count(*) FROM scheduled_runs WHERE status = 'failed'") == 2


def test_an_unknown_task_and_a_busy_one_are_refused_in_one_line(cli, engine):
    unknown = cli("schedule", "run", "refresh_everything", expect=1)
    assert unknown.stderr == ("mesdesk: there is no scheduled task refresh_everything; the "
                              "tasks are " + ", ".join(TASKS) + "\n")
    error = as_json(cli("schedule", "run", "refresh_everything", "--json", expect=1))["error"]
    assert error["code"] == "schedule.unknown_task"
    assert error["params"] == {"task": "refresh_everything", "known": ", ".join(TASKS)}

    with engine.connect() as elsewhere:          # another station is running it right now
        elsewhere.execute(text("SELECT pg_advisory_lock(:key)"),
                          {"key": lock_key("cleanup_old_files")})
        busy = cli("schedule", "run", "cleanup_old_files", "--json", expect=1)
        elsewhere.execute(text("SELECT pg_advisory_unlock(:key)"),
                          {"key": lock_key("cleanup_old_files")})
    assert as_json(busy)["error"]["code"] == "schedule.busy"
    assert busy.stderr.count("\n") == 1 and "running already" in busy.stderr
    assert scalar(engine, "SELECT count(*) FROM scheduled_runs") == 0
