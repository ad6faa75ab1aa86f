"""A batch report as a job: its row and progress, the ``report_generated`` event, and the
promise that a report cancelled or failed leaves no file anywhere."""

from __future__ import annotations

from datetime import datetime

import pytest

from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.reports import report_renderers
from mesdesk.adapters.reports.pdf import PdfReportRenderer
from mesdesk.adapters.reports.xlsx import XlsxReportRenderer
from mesdesk.domain import problems as P
from mesdesk.domain.errors import (CancelledError, FailedError, NotFoundError, UnavailableError,
                                   ValidationError)
from mesdesk.jobs import JobContext, JobRunner
from mesdesk.services.reports import make_report, report_data
from tests.support.db import audit, outbox
from tests.support.reports import empty_batch, make, milk_batch, seed_products, store


def _files(root) -> list[str]:
    """Every file under the store's root, staging included."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_report_generated_is_emitted_with_the_file_url(uow_factory, engine, tz, tmp_path, fmt):
    batch_id = milk_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, fmt, tz)
    [event] = outbox(engine, "report_generated")
    assert event == {"type": "report_generated", "batch_id": batch_id, "report_type": fmt,
                     "file_url": result.file_url, "expires_at": None}
    assert result.file_url.startswith("file://") and result.file_url.endswith(result.object)
    [row] = [row for row in audit(engine) if row["action"] == "report"]
    assert row["entity_id"] == str(batch_id)
    assert row["changes"] == {"format": fmt, "object": result.object, "rows": 10}
    assert _files(tmp_path / "files") == [f"reports/{result.object}"]


def test_a_report_job_has_its_row_progress_and_result(uow_factory, engine, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    jobs = SqlJobStore(engine)
    runner = JobRunner(jobs, station="line-1")
    try:
        handle = runner.submit("report", {"batch_id": batch_id, "format": "xlsx"},
                               lambda job: make_report(uow_factory, store(tmp_path),
                                                       report_renderers(), batch_id, "xlsx",
                                                       tz, language="en", job=job))
        result = handle.result(timeout=60)
    finally:
        runner.shutdown()
    row = jobs.get(handle.job_id)
    assert row.kind == "report" and row.status == "succeeded"
    assert row.parameters == {"batch_id": batch_id, "format": "xlsx"}
    assert row.result == result.as_dict()
    assert set(row.result) == {"path", "rows", "bytes", "bucket", "object", "file_url"}
    assert (row.progress_done, row.progress_total) == (10, 10)
    assert row.message_problem == {"code": "report.step_storing", "params": {}}


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_a_cancelled_report_leaves_no_file_and_no_event(uow_factory, engine, tz, tmp_path,
                                                        fmt):
    batch_id = empty_batch(uow_factory, tz, number=9009)
    seed_products(engine, batch_id, 12_000,
                  aggregated_from=datetime(2024, 1, 30, 8, 0, tzinfo=tz))
    seen: list[int] = []

    def writer(done, total, message):
        seen.append(done)
        # Cancel pressed at the last page of products: the rows before it are written.
        return bool(total) and done >= total

    job = JobContext(1, "report", writer, interval=0)
    with pytest.raises(CancelledError):
        make(uow_factory, tmp_path, batch_id, fmt, tz, job=job)
    assert max(seen) == (12_000 if fmt == "xlsx" else 200)
    assert _files(tmp_path / "files") == []
    assert outbox(engine, "report_generated") == []


def test_a_missing_batch_is_the_catalogued_problem(uow_factory, tz, tmp_path):
    for batch_id in (999_999, 0, -3):
        with pytest.raises(NotFoundError) as caught:
            make(uow_factory, tmp_path, batch_id, "pdf", tz)
        assert caught.value.code == "batch.not_found"
    assert _files(tmp_path) == []


def test_unknown_format_or_language_is_refused_by_name(uow_factory, tz, tmp_path):
    batch_id = empty_batch(uow_factory, tz)
    with pytest.raises(ValidationError) as caught:
        make(uow_factory, tmp_path, batch_id, "docx", tz)
    assert caught.value.code == "report.format_unknown"
    assert caught.value.message == "a report is made as xlsx, pdf, not as docx"
    with pytest.raises(ValidationError) as caught:
        make(uow_factory, tmp_path, batch_id, "pdf", tz, language="de")
    assert caught.value.code == "report.language_unknown"


def test_a_report_whose_event_cannot_be_written_is_not_kept(uow_factory, engine, tz,
                                                            tmp_path):
    """The database goes away right after the file is stored: the report is removed again,
    so a report is either kept and announced, or neither."""
    batch_id = milk_batch(uow_factory, tz)
    reports = tmp_path / "files" / "reports"

    class LostAfterStoring:
        scans = None

        def __call__(self):
            if reports.is_dir() and any(reports.iterdir()):
                raise P.DATABASE_UNREACHABLE(reason="connection lost")
            return uow_factory()

    with pytest.raises(UnavailableError):
        make_report(LostAfterStoring(), store(tmp_path), report_renderers(), batch_id, "pdf",
                    tz, language="ru")
    assert _files(tmp_path / "files") == []
    assert outbox(engine, "report_generated") == []


@pytest.mark.parametrize("renderer", [XlsxReportRenderer(), PdfReportRenderer()],
                         ids=["xlsx", "pdf"])
def test_a_file_that_cannot_be_written_is_a_problem_not_a_traceback(uow_factory, tz, tmp_path,
                                                                    renderer):
    data = report_data(uow_factory, milk_batch(uow_factory, tz), tz, language="en")
    with pytest.raises(FailedError) as caught:
        renderer.render(data, [], tmp_path / "gone" / f"report.{renderer.extension}")
    assert caught.value.code == "report.not_written"
    assert "No such file or directory" in caught.value.message
