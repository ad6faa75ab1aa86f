"""The jobs panel (SPEC §7): this station's jobs live, other stations' jobs after a refresh,
cancelling from the panel, the result or error of the selected job, the status bar's running
count, the progress widget for views, and a model that passes qtmodeltester."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.domain import problems as P
from mesdesk.domain.errors import CancelledError
from mesdesk.jobs import JobRunner, JobUpdate
from mesdesk.services.dto import JobDTO
from mesdesk.ui.views.jobs import JobsPanel
from mesdesk.ui.views.jobs.model import (
    KIND, MESSAGE, OUTCOME, PROGRESS, STATION, STATUS, JobsModel,
)
from mesdesk.ui.widgets.job_progress import JobProgress

WAIT = 10.0


def gate(event: threading.Event, ctx) -> None:
    """Block a job until the test opens ``event``; a cancel ends the wait at once."""
    while not event.is_set():
        if ctx.wait(0.05):
            ctx.check_cancelled()


def cell(panel: JobsPanel, job_id: int, column: int) -> str | None:
    row = panel.model.row_of(job_id)
    if row < 0:
        return None
    return panel.model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


@pytest.fixture
def panel(desktop, qtbot) -> JobsPanel:
    desktop.set_status_poll_interval(150)
    desktop.window.show_area("jobs")
    panel = desktop.window.page("jobs")
    assert isinstance(panel, JobsPanel)
    panel.set_refresh_interval(150)
    qtbot.waitUntil(lambda: "No jobs yet" in panel.empty.text, timeout=5000)
    return panel


def submit(desktop, qtbot, kind: str, parameters: dict, work) -> int:
    """Submit the way a view does: off the GUI thread, the handle back in a slot."""
    handles = []
    desktop.backend.job_updates.submit(kind, parameters, work, on_submitted=handles.append)
    qtbot.waitUntil(lambda: bool(handles), timeout=5000)
    return handles[0].job_id


def test_an_empty_panel_says_what_will_appear_there(panel):
    assert panel.empty.text.startswith(
        "No jobs yet: imports, exports, reports and bulk aggregation appear here")
    assert not panel.detail_box.isVisible()


def test_a_job_of_this_station_shows_its_progress_then_its_result(desktop, panel, qtbot):
    step, finish = threading.Event(), threading.Event()

    def work(ctx):
        ctx.progress(0, 10, "Reading rows")
        gate(step, ctx)
        ctx.progress(10, 10, "Writing batches")
        gate(finish, ctx)
        return {"total_rows": 10, "created": 8, "updated": 0, "skipped": 2,
                "errors": [{"row": 4, "error": "Duplicate batch number and date"}]}

    job_id = submit(desktop, qtbot, "import", {"file": "batches.xlsx"}, work)
    # shown at once, before any refresh from the table
    assert cell(panel, job_id, KIND) == f"Import #{job_id}"
    qtbot.waitUntil(lambda: cell(panel, job_id, MESSAGE) == "Reading rows", timeout=5000)
    assert cell(panel, job_id, STATUS) == "Running"
    assert cell(panel, job_id, STATION) == desktop.settings.station
    assert cell(panel, job_id, PROGRESS) == "0 % (0 of 10)"
    assert not panel.empty.text
    qtbot.waitUntil(lambda: desktop.window.jobs_status.text() == "Jobs running: 1",
                    timeout=5000)

    step.set()
    qtbot.waitUntil(lambda: cell(panel, job_id, PROGRESS) == "100 % (10 of 10)", timeout=5000)
    finish.set()
    qtbot.waitUntil(lambda: cell(panel, job_id, STATUS) == "Succeeded", timeout=5000)
    assert cell(panel, job_id, OUTCOME) == \
        "total rows: 10, created: 8, updated: 0, skipped: 2, errors: 1"
    assert panel.select_job(job_id)
    assert not panel.cancel_button.isEnabled()
    # the parameters come with the next read of the table
    qtbot.waitUntil(lambda: '"file": "batches.xlsx"' in panel.detail.toPlainText(),
                    timeout=5000)
    detail = panel.detail.toPlainText()
    assert '"error": "Duplicate batch number and date"' in detail
    assert panel.detail_title.text() == f"Import #{job_id} on {desktop.settings.station}: " \
                                        "Succeeded"
    qtbot.waitUntil(lambda: desktop.window.jobs_status.text() == "Jobs running: 0",
                    timeout=5000)


def test_a_failed_job_shows_its_error(desktop, panel, qtbot):
    def work(ctx):
        ctx.progress(3, 10, "Reading rows")
        raise P.VALUE_NOT_DATE(value="'32.01.2024'", field="ДатаПартии", row=4)

    job_id = submit(desktop, qtbot, "import", {"file": "bad.csv"}, work)
    qtbot.waitUntil(lambda: cell(panel, job_id, STATUS) == "Failed", timeout=5000)
    assert "Row 4, field 'ДатаПартии': Enter a date" in cell(panel, job_id, OUTCOME)
    panel.select_job(job_id)
    detail = panel.detail.toPlainText()
    assert "\nError:\n" in detail and "Row 4, field 'ДатаПартии': Enter a date" in detail


def test_cancelling_from_the_panel_stops_a_running_job(desktop, panel, qtbot):
    def work(ctx):
        ctx.progress(0, None, "Waiting for the printer")
        while not ctx.wait(5.0):
            pass
        ctx.check_cancelled()

    job_id = submit(desktop, qtbot, "report", {"batch_id": 1}, work)
    qtbot.waitUntil(lambda: cell(panel, job_id, STATUS) == "Running", timeout=5000)
    assert panel.select_job(job_id)
    assert panel.cancel_button.isEnabled()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: cell(panel, job_id, STATUS) == "Cancelled", timeout=5000)
    assert cell(panel, job_id, OUTCOME) == "The job was cancelled."
    assert not panel.cancel_button.isEnabled()
    assert "Cancelled:\nThe job was cancelled" in panel.detail.toPlainText()


@pytest.fixture
def other_station(migrated_url):
    """Another station: its own engine, store and runner (the SQL guard does not watch it)."""
    engine = make_engine(migrated_url)
    runner = JobRunner(SqlJobStore(engine), station="line-7")
    yield runner
    runner.shutdown(timeout=5)
    engine.dispose()


def test_another_stations_job_appears_and_can_be_cancelled_from_here(desktop, panel, qtbot,
                                                                     other_station):
    def work(ctx):
        done = 0
        while not ctx.wait(0.02):       # reports progress, which is where it hears a cancel
            done += 1
            ctx.progress(done, 100_000, "Packing codes")

    handle = other_station.submit("bulk_aggregation", {"batch_id": 5, "codes": 100_000}, work)
    qtbot.waitUntil(lambda: cell(panel, handle.job_id, STATUS) == "Running", timeout=5000)
    assert cell(panel, handle.job_id, STATION) == "line-7"
    assert cell(panel, handle.job_id, KIND) == f"Bulk aggregation #{handle.job_id}"
    qtbot.waitUntil(lambda: desktop.window.jobs_status.text() == "Jobs running: 1",
                    timeout=5000)

    assert panel.select_job(handle.job_id)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    with pytest.raises(CancelledError):
        handle.result(timeout=WAIT)
    qtbot.waitUntil(lambda: cell(panel, handle.job_id, STATUS) == "Cancelled", timeout=5000)
    assert "asked to stop" in panel.notice.text()
    qtbot.waitUntil(lambda: desktop.window.jobs_status.text() == "Jobs running: 0",
                    timeout=5000)


def test_the_progress_widget_follows_a_job_started_from_a_view(desktop, qtbot):
    view = desktop.window.page("batches")
    progress = JobProgress(desktop.backend, view)
    step = threading.Event()

    def work(ctx):
        ctx.progress(2, 4, "Writing sheet 1")
        gate(step, ctx)
        return {"rows": 4}

    with qtbot.waitSignal(progress.submitted, timeout=5000) as submitted:
        progress.start("export", {"format": "xlsx"}, work)
    job_id = submitted.args[0]
    assert progress.job_id == job_id and progress.isVisibleTo(view)
    qtbot.waitUntil(lambda: progress.label.text() == "Writing sheet 1", timeout=5000)
    assert (progress.bar.value(), progress.bar.maximum()) == (2, 4)
    assert progress.cancel_button.isEnabled()
    with qtbot.waitSignal(progress.finished, timeout=5000) as finished:
        step.set()
    assert finished.args[0].status == "succeeded"
    assert progress.label.text() == "Done: rows: 4"
    assert progress.cancel_button.isHidden()


def test_the_progress_widget_cancels_its_job(desktop, qtbot):
    progress = JobProgress(desktop.backend, desktop.window.page("batches"))

    def work(ctx):
        ctx.progress(0, 10, "Waiting")
        while not ctx.wait(5.0):
            pass
        ctx.check_cancelled()

    with qtbot.waitSignal(progress.submitted, timeout=5000):
        progress.start("report", {}, work)
    qtbot.waitUntil(lambda: progress.label.text() == "Waiting", timeout=5000)
    with qtbot.waitSignal(progress.finished, timeout=5000) as finished:
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].status == "cancelled"
    assert progress.label.text() == "The job was cancelled."


def test_the_panels_model_passes_qtmodeltester(desktop, panel, qtbot, qtmodeltester):
    job_id = submit(desktop, qtbot, "export", {}, lambda ctx: {"rows": 1})
    qtbot.waitUntil(lambda: cell(panel, job_id, STATUS) == "Succeeded", timeout=5000)
    qtmodeltester.check(panel.model, force_py=True)


# -- the model on its own: rows come and go and change, and qtmodeltester watches ----------------


def _dto(job_id: int, status: str = "running", station: str = "line-2", **fields) -> JobDTO:
    created = datetime(2024, 1, 30, 3, 0, tzinfo=timezone.utc) + timedelta(minutes=job_id)
    values = dict(id=job_id, kind="export", status=status, parameters={}, progress_done=1,
                  progress_total=10, message="Writing", result=None, error=None,
                  station=station, created_at=created,
                  started_at=created if status != "queued" else None,
                  finished_at=created if status in ("succeeded", "failed", "cancelled")
                  else None)
    values.update(fields)
    return JobDTO(**values)


def test_the_model_passes_qtmodeltester_through_its_changes(qtmodeltester):
    model = JobsModel(station="line-1", tz=ZoneInfo("Asia/Yekaterinburg"))
    qtmodeltester.check(model, force_py=True)
    model.set_stored([_dto(5), _dto(3, "succeeded", result={"rows": 3}), _dto(1, "queued")])
    assert [model.job(r).id for r in range(model.rowCount())] == [5, 3, 1]
    # a local job appears at once, others come, go and change with the next read
    model.apply_update(JobUpdate(7, "import", "queued", 0, None, None))
    model.apply_update(JobUpdate(7, "import", "running", 4, 8, "Reading"))
    model.set_stored([_dto(9, "queued"), _dto(6), _dto(5, "succeeded"), _dto(2)])
    assert [model.job(r).id for r in range(model.rowCount())] == [9, 7, 6, 5, 2]
    assert model.index(1, PROGRESS).data() == "50 % (4 of 8)"
    assert model.index(1, STATION).data() == "line-1"
    # the table lags behind this station's own update: the fresher state wins
    model.set_stored([_dto(7, "queued", station="line-1", kind="import", progress_done=0,
                           progress_total=None, message=None)])
    assert [model.job(r).id for r in range(model.rowCount())] == [7]
    assert model.index(0, STATUS).data() == "Running"
    model.apply_update(JobUpdate(7, "import", "succeeded", 8, 8, "Reading", {"created": 8}))
    assert model.index(0, OUTCOME).data() == "created: 8"
    model.apply_update(JobUpdate(7, "import", "running", 8, 8, "late"))    # never goes back
    assert model.index(0, STATUS).data() == "Succeeded"
    model.set_stored([])
    assert model.rowCount() == 1       # this station's own job stays until the table has it
    model.set_stored([_dto(7, "succeeded", station="line-1", kind="import",
                           result={"created": 8})])
    model.set_stored([])
    assert model.rowCount() == 0


def test_the_qt_model_tester_finds_nothing_wrong(qtmodeltester, qtlog):
    model = JobsModel(station="line-1")
    qtmodeltester.check(model)      # Qt's own QAbstractItemModelTester, reporting as warnings
    model.set_stored([_dto(4), _dto(2)])
    model.apply_update(JobUpdate(3, "report", "queued", 0, None, None))
    model.set_stored([_dto(5), _dto(2, "failed", error="boom")])
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []
