"""The Jobs page in Russian (issue 9): stored problems (an abandoned job, a cancelled one, a
progress message) and the webhook retry job's result summary read in Russian, rendered from
the stored code + params and the result's data, whichever station wrote them.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.services.scheduled_tasks import RETRY_FAILED_WEBHOOKS, retry_failed_webhooks_work
from mesdesk.jobs import JobContext, JobRunner
from mesdesk.ui.views.jobs import JobsPanel
from mesdesk.ui.views.jobs.model import MESSAGE, OUTCOME, STATUS
from tests.support.screens import keep_screenshot, shown_in

WAIT = 10.0


@pytest.fixture
def russian(qapp):
    with shown_in(qapp, "ru"):
        yield


def cell(panel: JobsPanel, job_id: int, column: int) -> str | None:
    row = panel.model.row_of(job_id)
    if row < 0:
        return None
    return panel.model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def other_station_jobs(engine, uow_factory) -> dict[str, int]:
    """Rows written by other stations: a retry job, a cancelled one, one whose process died."""
    store = SqlJobStore(engine)
    runner = JobRunner(store, station="line-2")
    started = threading.Event()

    def waiting(ctx: JobContext) -> None:
        started.set()
        while not ctx.wait(0.05):
            pass
        ctx.check_cancelled()

    try:
        retry = runner.submit(RETRY_FAILED_WEBHOOKS, {"scheduled": True},
                              retry_failed_webhooks_work(uow_factory))
        assert retry.result(timeout=WAIT) == {"requeued": 0}
        cancelled = runner.submit("report", {}, waiting)
        assert started.wait(WAIT)
        cancelled.cancel()
        with pytest.raises(Exception):
            cancelled.result(timeout=WAIT)
    finally:
        runner.shutdown(timeout=WAIT)
    died = store.create("import", {"file": "партии.json"}, "line-7")
    store.mark_running(died)
    with engine.begin() as connection:
        connection.execute(text("UPDATE jobs SET heartbeat_at = "
                                "timestamptz '2026-03-02 09:15:00+05' WHERE id = :id"),
                           {"id": died})
    assert store.fail_abandoned() == 1
    return {"retry": retry.job_id, "cancelled": cancelled.job_id, "died": died}


def test_the_jobs_page_in_russian_shows_stored_problems_and_the_retry_summary(
        russian, request, engine, uow_factory, qtbot):
    ids = other_station_jobs(engine, uow_factory)
    desktop = request.getfixturevalue("desktop")
    desktop.window.show_area("jobs")
    panel = desktop.window.page("jobs")
    panel.refresh()
    qtbot.waitUntil(lambda: all(panel.model.row_of(i) >= 0 for i in ids.values()),
                    timeout=WAIT * 1000)

    assert cell(panel, ids["retry"], STATUS) == "Выполнено"
    assert cell(panel, ids["retry"], OUTCOME) == "доставок снова в очереди: 0"
    assert cell(panel, ids["retry"], MESSAGE) == \
        "Неудачных доставок снова поставлено в очередь: 0."
    assert cell(panel, ids["cancelled"], OUTCOME) == "Задание отменено."
    abandoned = cell(panel, ids["died"], OUTCOME)
    assert abandoned == ("Задание прервано: MESDesk на рабочем месте line-7 перестал его выполнять "
                         "(последний признак жизни — 02.03.2026 09:15).")
    assert panel.select_job(ids["died"])
    qtbot.waitUntil(lambda: abandoned in panel.detail.toPlainText(), timeout=WAIT * 1000)
    for job_id in ids.values():
        for column in (MESSAGE, OUTCOME):
            shown = cell(panel, job_id, column) or ""
            assert "failed webhook" not in shown and "requeued" not in shown
            assert "interrupted" not in shown and "cancelled" not in shown
    QApplication.processEvents()
    keep_screenshot(desktop.window, "jobs_ru")


def test_the_progress_widget_in_russian_shows_the_step_and_the_stored_error(russian, request,
                                                                             qtbot):
    from mesdesk.domain import problems as P
    from mesdesk.ui.widgets.job_progress import JobProgress

    desktop = request.getfixturevalue("desktop")
    progress = JobProgress(desktop.backend, desktop.window.page("batches"))
    fail = threading.Event()

    def work(ctx: JobContext) -> None:
        ctx.progress(0, None, P.JOB_STEP_READING_FILE.problem())
        while not fail.is_set():
            if ctx.wait(0.02):
                ctx.check_cancelled()
        raise P.CURSOR_INVALID()

    with qtbot.waitSignal(progress.submitted, timeout=WAIT * 1000):
        progress.start("import", {}, work)
    qtbot.waitUntil(lambda: progress.label.text() == "Чтение файла.", timeout=WAIT * 1000)
    with qtbot.waitSignal(progress.finished, timeout=WAIT * 1000) as finished:
        fail.set()
    assert finished.args[0].error_problem == {"code": "page.cursor_invalid", "params": {}}
    assert progress.label.text().startswith("Курсор страницы")
    keep_screenshot(progress, "job_progress_ru")
