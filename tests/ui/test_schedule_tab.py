"""The Schedule tab of the Jobs area (§9) on the desktop app and a real database: every task
with its schedule, last run, outcome, counts and next run; "Run now" with its outcome or the
refusal, in English and in Russian, nothing clipped; the model passes qtmodeltester.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import text

from mesdesk.adapters.db.advisory import lock_key
from mesdesk.domain.schedules import Daily, Every
from mesdesk.services.dto import ScheduledRunDTO, ScheduledTaskDTO
from mesdesk.ui.views.jobs import JobsPanel
from mesdesk.ui.views.jobs.model import KIND, MESSAGE
from mesdesk.ui.views.jobs.model import OUTCOME as JOB_OUTCOME
from mesdesk.ui.views.jobs.schedule_model import (COUNTS, LAST_RUN, NEXT_RUN, OUTCOME, SCHEDULE,
                                                  TASK, ScheduleModel)
from tests.support.db import scalar
from tests.support.factories import create_batch
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 15000


def cell(schedule, name: str, column: int) -> str:
    row = schedule.model.row_of(name)
    assert row >= 0, name
    return schedule.model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def clipped(schedule) -> list[str]:
    """Cells, buttons and one-line labels whose text is wider than the room it has."""
    table, found = schedule.table, []
    metrics = table.fontMetrics()
    last = schedule.model.columnCount() - 1
    for row in range(schedule.model.rowCount()):
        for column in range(last):          # the last column stretches to what is left
            text = cell_text(schedule, row, column)
            # Qt elides a cell's text wider than the column less its margins (3 px a side)
            if metrics.horizontalAdvance(text) + 7 > table.columnWidth(column):
                found.append(f"cell {row},{column}: {text!r}")
    header = table.horizontalHeader()
    for column in range(last + 1):
        title = schedule.model.headerData(column, Qt.Orientation.Horizontal)
        if header.fontMetrics().horizontalAdvance(title) + 7 > header.sectionSize(column):
            found.append(f"header {title!r}")
    root = schedule.window()
    for widget in root.findChildren(QPushButton) + root.findChildren(QLabel):
        if not widget.isVisible() or not widget.text() or (
                isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if widget.sizeHint().width() > widget.width() + 1:
            found.append(f"{type(widget).__name__} {widget.text()!r}")
    return found


def cell_text(schedule, row: int, column: int) -> str:
    return schedule.model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or ""


@pytest.fixture
def schedule(desktop, qtbot):
    desktop.window.show_area("jobs")
    panel = desktop.window.page("jobs")
    assert isinstance(panel, JobsPanel)
    panel.show_schedule()
    schedule = panel.schedule
    schedule.set_refresh_interval(200)
    qtbot.waitUntil(lambda: schedule.model.rowCount() == 4, timeout=WAIT)
    return schedule


def expired_batch(engine, uow_factory, tz) -> int:
    end = (scalar(engine, "SELECT now()") - timedelta(hours=3)).astimezone(tz)
    end = end.replace(tzinfo=None, microsecond=0)
    return create_batch(uow_factory, tz, number=77, day=date(2026, 12, 3),
                        ДатаВремяНачалаСмены=(end - timedelta(hours=12)).isoformat(),
                        ДатаВремяОкончанияСмены=end.isoformat())


def test_the_tab_lists_every_task_with_its_schedule_and_next_run(schedule):
    names = [cell_text(schedule, row, TASK) for row in range(4)]
    assert names == ["Closing of expired batches", "Cleanup of old files", "Webhook retries",
                     "Analytics totals"]
    assert cell(schedule, "auto_close_expired_batches", SCHEDULE) == "Daily at 01:00"
    assert cell(schedule, "cleanup_old_files", SCHEDULE) == "Daily at 02:00"
    assert cell(schedule, "retry_failed_webhooks", SCHEDULE) == "Every 15 min"
    assert cell(schedule, "refresh_statistics", SCHEDULE) == "Every 5 min"
    assert cell(schedule, "auto_close_expired_batches", OUTCOME) == "Not run yet"
    assert cell(schedule, "auto_close_expired_batches", LAST_RUN) == ""
    # Tomorrow's (or a later) 01:00 shows its date; today's, between midnight and one in the
    # production zone, its time with seconds.
    next_run = cell(schedule, "auto_close_expired_batches", NEXT_RUN)
    assert next_run == "01:00:00" or (next_run.endswith(" 01:00") and len(next_run) == 16)
    assert schedule.selected_task().name == "auto_close_expired_batches"
    assert schedule.detail.text().startswith("Closing of expired batches has not run yet.")
    assert schedule.run_button.isEnabled()


def test_run_now_closes_the_expired_batches_and_shows_the_outcome_and_counts(
        desktop, schedule, qtbot, engine, uow_factory, tz):
    batch_id = expired_batch(engine, uow_factory, tz)
    assert schedule.select_task("auto_close_expired_batches")

    qtbot.mouseClick(schedule.run_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "finished" in schedule.notice.text(), timeout=WAIT)
    assert schedule.notice.text() == "Closing of expired batches finished: closed batches: 1"
    qtbot.waitUntil(lambda: cell(schedule, "auto_close_expired_batches", OUTCOME)
                    == "Succeeded", timeout=WAIT)
    assert cell(schedule, "auto_close_expired_batches", COUNTS) == "closed batches: 1"
    assert cell(schedule, "auto_close_expired_batches", LAST_RUN) != ""
    assert "run by hand" in schedule.detail.text()
    assert scalar(engine, "SELECT is_closed FROM batches WHERE id = :id", id=batch_id)
    jobs = desktop.window.page("jobs")          # the run was a job of this station
    qtbot.waitUntil(lambda: any(jobs.model.job(row).kind == "auto_close_expired_batches"
                                for row in range(jobs.model.rowCount())), timeout=WAIT)


def test_run_now_of_a_task_running_elsewhere_says_so(schedule, qtbot, engine):
    assert schedule.select_task("cleanup_old_files")
    with engine.connect() as elsewhere:
        elsewhere.execute(text("SELECT pg_advisory_lock(:key)"),
                          {"key": lock_key("cleanup_old_files")})
        schedule.run_selected()
        assert not schedule.run_button.isEnabled()          # asked once, not twice
        qtbot.waitUntil(lambda: "running already" in schedule.notice.text(), timeout=WAIT)
        elsewhere.execute(text("SELECT pg_advisory_unlock(:key)"),
                          {"key": lock_key("cleanup_old_files")})
    task = QLocale().quoteString("Cleanup of old files")     # the locale's own quotes
    assert schedule.notice.text() == (
        f"The scheduled task {task} is running already, on this or another station: try "
        "again when that run has finished.")
    assert schedule.run_button.isEnabled()
    assert cell(schedule, "cleanup_old_files", OUTCOME) == "Not run yet"


def test_a_failed_run_shows_its_reason(monkeypatch, schedule, qtbot, desktop):
    # the run's stored problem, rendered by its code
    from mesdesk.domain import problems as P

    failing = P.SETTINGS_VALUE_INVALID.problem(name="file_max_age_days", value="0")

    def run(name):
        now = datetime.now().astimezone()
        return ScheduledRunDTO(1, name, now, "manual", "line-1", "failed", None,
                               {"code": failing.code, "params": dict(failing.params)}, 1, now,
                               now)

    desktop.backend.use.replace(run_scheduled_task=run)
    assert schedule.select_task("cleanup_old_files")
    schedule.run_selected()
    qtbot.waitUntil(lambda: "Failed" in schedule.notice.text(), timeout=WAIT)
    assert schedule.notice.text() == ("Cleanup of old files: Failed: The setting "
                                      "file_max_age_days cannot be 0.")


def test_the_schedule_reads_well_in_english_and_russian(language, request, qtbot, engine,
                                                        uow_factory, tz):
    expired_batch(engine, uow_factory, tz)
    desktop = request.getfixturevalue("desktop")
    schedule = request.getfixturevalue("schedule")
    assert schedule.select_task("auto_close_expired_batches")
    schedule.run_selected()
    qtbot.waitUntil(lambda: bool(cell(schedule, "auto_close_expired_batches", COUNTS)),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: not schedule._running, timeout=WAIT)
    QApplication.processEvents()
    keep_screenshot(desktop.window, f"schedule_{language}")
    assert clipped(schedule) == []
    texts = [cell_text(schedule, row, column) for row in range(3)
             for column in (TASK, SCHEDULE, OUTCOME)]
    texts += [schedule.run_button.text(), schedule.notice.text(), schedule.detail.text(),
              desktop.window.page("jobs").tabs.tabText(1)]
    jobs = desktop.window.page("jobs")          # the run as a job, in the Jobs tab
    jobs.tabs.setCurrentIndex(0)
    jobs.refresh()
    qtbot.waitUntil(lambda: jobs.model.rowCount() == 1 and jobs.model.job(0).finished,
                    timeout=WAIT)
    QApplication.processEvents()
    keep_screenshot(desktop.window, f"schedule_job_{language}")
    texts += [jobs.model.index(0, column).data() for column in (KIND, MESSAGE, JOB_OUTCOME)]
    if language == "ru":
        assert all(cyrillic(text) for text in texts), texts
        assert cell(schedule, "auto_close_expired_batches", COUNTS) == "закрыто партий: 1"
    else:
        assert not any(cyrillic(text) for text in texts)
        assert jobs.model.index(0, MESSAGE).data() == (
            "Batches closed because their shift had ended: 1.")


def test_the_schedule_model_passes_qtmodeltester(qtmodeltester):
    now = datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    run = ScheduledRunDTO(1, "retry_failed_webhooks", now, "schedule", "server", "succeeded",
                          {"requeued": 2}, None, 5, now, now)
    model = ScheduleModel(tz=ZoneInfo("Europe/Moscow"))
    model.set_tasks([
        ScheduledTaskDTO("auto_close_expired_batches", Daily(time(1, 0)), "Europe/Moscow",
                         None, now + timedelta(hours=16)),
        ScheduledTaskDTO("retry_failed_webhooks", Every(timedelta(minutes=15)),
                         "Europe/Moscow", run, now + timedelta(minutes=15))])
    qtmodeltester.check(model)
    assert model.index(1, COUNTS).data() == "re-queued deliveries: 2"
