"""Exports as jobs (SPEC §7): progress, cancel (no file left anywhere), pages over many
batches and big ones, and the refusals an export can meet."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest
from sqlalchemy import text

from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.domain import problems as P
from mesdesk.domain.errors import CancelledError, DomainError, NotFoundError, ValidationError
from mesdesk.jobs import JobRunner
from mesdesk.services.dto import BatchFilter
from mesdesk.services.exports import export_batches, export_products
from tests.support.factories import create_batch, marking_code


@pytest.fixture
def runner(engine):
    runner = JobRunner(SqlJobStore(engine), station="test-station")
    yield runner
    runner.shutdown(timeout=5)


def files_left(store) -> list[str]:
    return sorted(str(path.relative_to(store.root)) for path in store.root.rglob("*")
                  if path.is_file())


class Recorder:
    """A job's progress as the work reports it (a stand-in for ``JobContext``)."""

    def __init__(self) -> None:
        self.reports: list[tuple[int, int | None]] = []

    def progress(self, done, total=None, message=None) -> None:
        self.reports.append((done, total))

    def check_cancelled(self) -> None:
        pass


@pytest.mark.parametrize("fmt, page, pages_read", [
    ("xlsx", 10, [0, 10]),                      # while the first rows size the columns
    ("xlsx", 100, [0, 100, 200, 300]),          # with rows in the sheet already
    ("csv", 100, [0, 100]),
])
def test_cancelled_after_a_page_leaves_no_file(uow_factory, store, writer, runner, engine, tz,
                                               fmt, page, pages_read):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(i) for i in range(450)])
    seen: list[int] = []

    def work(context):
        class CancelAfterFirstPage:
            def progress(self, done, total=None, message=None):
                seen.append(done)
                if done >= pages_read[-1] > 0:
                    context.cancel()            # as the Cancel button does, mid-export
                context.progress(done, total, message)

            def check_cancelled(self):
                context.check_cancelled()

        return export_products(uow_factory, store, writer, fmt, tz, batch_ids=[batch_id],
                               job=CancelAfterFirstPage(), page_size=page)

    handle = runner.submit("export_products", {"batch_ids": [batch_id]}, work)
    with pytest.raises(CancelledError):
        handle.result(timeout=30)
    assert files_left(store) == []               # neither in the bucket nor in staging
    assert list(store.root.rglob(".xlsx-*")) == []
    with engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM jobs WHERE id = :id"),
                                    {"id": handle.job_id}).scalar_one()
    assert status == "cancelled" and seen == pages_read     # not a page more


def test_a_job_reports_its_progress_and_its_result(uow_factory, store, writer, runner, engine,
                                                   tz):
    for number in range(1, 26):
        create_batch(uow_factory, tz, number, date(2024, 1, 30))
    handle = runner.submit("export_batches", {}, lambda context: export_batches(
        uow_factory, store, writer, BatchFilter(), "csv", tz, job=context, page_size=10))
    result = handle.result(timeout=30)
    assert result.rows == 25
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT status, progress_done, progress_total, result FROM jobs WHERE id = :id"),
            {"id": handle.job_id}).one()
    assert row.status == "succeeded" and (row.progress_done, row.progress_total) == (25, 25)
    assert row.result == {"path": str(result.path), "rows": 25, "bytes": result.bytes,
                          "bucket": "exports", "object": result.object,
                          "file_url": result.file_url}

    progress = Recorder()
    export_batches(uow_factory, store, writer, BatchFilter(), "csv", tz, job=progress,
                   page_size=10)
    assert progress.reports == [(0, 25), (10, 25), (20, 25), (25, 25)]


def test_products_of_a_filter_page_small_batches_together_and_big_ones_alone(
        uow_factory, store, writer, tz):
    sizes = {1: 3, 2: 0, 3: 12, 4: 2, 5: 4, 6: 25, 7: 1}
    seed = 0
    expected = []
    for number, size in sizes.items():
        codes = [marking_code(seed + i) for i in range(size)]
        seed += size
        create_batch(uow_factory, tz, number, date(2024, 1, 30), codes=codes or None)
        expected += [(code, number) for code in codes]
    create_batch(uow_factory, tz, 99, date(2024, 1, 30), codes=[marking_code(999)],
                 **{"Бригада": "Другая"})
    progress = Recorder()

    result = export_products(uow_factory, store, writer, "xlsx", tz,
                             flt=BatchFilter(team="Бригада Иванова"), job=progress,
                             page_size=5)

    assert result.rows == len(expected) == 47
    sheet = openpyxl.load_workbook(result.path)["Products"]
    read = [(row[0].replace("_x001D_", "\x1d"), row[1])
            for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert read == expected                     # by batch, then as added; none twice
    assert progress.reports[0] == (0, 47) and progress.reports[-1] == (47, 47)
    assert all(done - before <= 5 for (before, _), (done, _)
               in zip(progress.reports, progress.reports[1:]))


def test_named_batches_must_exist_and_nothing_is_stored_otherwise(uow_factory, store, writer,
                                                                  tz):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(1)])
    with pytest.raises(NotFoundError) as refused:
        export_products(uow_factory, store, writer, "csv", tz, batch_ids=[batch_id, 424242])
    assert refused.value.problem.params["id"] == 424242
    with pytest.raises(NotFoundError):
        export_products(uow_factory, store, writer, "csv", tz, batch_ids=[2**70])
    with pytest.raises(ValidationError) as none:
        export_products(uow_factory, store, writer, "csv", tz)
    assert none.value.code == "export.no_batches"
    with pytest.raises(ValidationError) as many:
        export_products(uow_factory, store, writer, "csv", tz,
                        batch_ids=list(range(1, 10_002)))
    assert many.value.code == "export.too_many_batches"
    with pytest.raises(ValidationError) as fmt:
        export_batches(uow_factory, store, writer, BatchFilter(), "ods", tz)
    assert fmt.value.code == "export.format_unknown"
    with pytest.raises(ValidationError) as bad_filter:
        export_batches(uow_factory, store, writer, BatchFilter(search="a\x00b"), "csv", tz)
    assert bad_filter.value.field == "search"
    assert files_left(store) == []


def test_a_file_that_cannot_be_written_is_a_clear_refusal(uow_factory, tmp_path, writer, tz):
    create_batch(uow_factory, tz)

    class GoneStaging(LocalFileStore):
        def staging_path(self, suffix=""):
            return self.root / "no-such-folder" / f"export{suffix}"

    store = GoneStaging(tmp_path / "files")
    for fmt in ("xlsx", "csv"):
        with pytest.raises(DomainError) as failed:
            export_batches(uow_factory, store, writer, BatchFilter(), fmt, tz)
        assert failed.value.code == P.EXPORT_WRITE_FAILED.code
        assert "No such file or directory" in failed.value.message



def _terminate_other_sessions(engine) -> None:
    """What a restarted server or a dropped network does to every open connection."""
    with engine.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))


def _losing_after_first_page(context, lose):
    class LoseAfterAPage:
        def progress(self, done, total=None, message=None):
            if done == 100:
                lose()
            context.progress(done, total, message)

        def check_cancelled(self):
            context.check_cancelled()

    return LoseAfterAPage()


def test_connections_dropped_mid_export_are_made_again_and_the_file_is_whole(
        uow_factory, store, writer, runner, engine, tz):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(i) for i in range(450)])

    def work(context):
        job = _losing_after_first_page(context, lambda: _terminate_other_sessions(engine))
        return export_products(uow_factory, store, writer, "xlsx", tz, batch_ids=[batch_id],
                               job=job, page_size=100)

    made = runner.submit("export_products", {"batch_ids": [batch_id]}, work).result(timeout=30)
    assert made.rows == 450
    sheet = openpyxl.load_workbook(made.path, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows(min_row=2)) == 450


class DropsAConnection:
    """A unit-of-work factory whose ``at``-th unit has its connection dropped by the server
    as it starts: a restart or a network blip under a page read in flight."""

    def __init__(self, factory, engine, at: int) -> None:
        self.factory, self.engine, self.at, self.made = factory, engine, at, 0

    def __call__(self):
        self.made += 1
        unit = self.factory()
        return _DroppedOnEnter(unit, self.engine) if self.made == self.at else unit


class _DroppedOnEnter:
    def __init__(self, unit, engine) -> None:
        self.unit, self.engine = unit, engine

    def __enter__(self):
        entered = self.unit.__enter__()
        _terminate_other_sessions(self.engine)      # this unit's connection among them
        return entered

    def __exit__(self, *exc):
        return self.unit.__exit__(*exc)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_page_read_whose_connection_drops_is_read_again_and_the_file_is_whole(
        uow_factory, store, writer, engine, tz, fmt):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(i) for i in range(450)])
    dropping = DropsAConnection(uow_factory, engine, at=3)     # the second page's read
    made = export_products(dropping, store, writer, fmt, tz, batch_ids=[batch_id],
                           page_size=100)
    assert dropping.made > 3, "the dropped read was made again"
    assert made.rows == 450
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(made.path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
    else:
        with open(made.path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))[1:]
    assert len(rows) == 450 and len({row[0] for row in rows}) == 450, "each code once"


def test_the_server_stopped_mid_export_fails_the_job_in_words_and_leaves_no_file(
        server_to_stop, store, writer, tz):
    server, factory = server_to_stop
    batch_id = create_batch(factory, tz, codes=[marking_code(i) for i in range(450)])
    with pytest.raises(DomainError) as failed:
        export_products(factory, store, writer, "xlsx", tz, batch_ids=[batch_id],
                        job=_losing_after_first_page(Recorder(), server.stop), page_size=100)
    assert failed.value.code == P.DATABASE_UNREACHABLE.code, failed.value
    assert files_left(store) == []
