"""The files of the buckets on one station without an object store (§8): each file kept and
catalogued, listed with who made it, opened, saved, linked and deleted through the use cases;
files handed into ``imports`` or 1C's exchange folder imported once, then moved to
``processed/`` or ``failed/`` with a result file beside them. Real PostgreSQL, real files."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import date

import pytest

from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.domain.errors import DomainError
from mesdesk.services import file_sync, files
from mesdesk.services.dto import SyncState
from mesdesk.services.imports import import_file
from mesdesk.services.synced_store import SyncedFileStore
from tests.support.sheets import batch_row, batches_xlsx


@pytest.fixture
def synced(uow_factory, tmp_path):
    return SyncedFileStore(LocalFileStore(tmp_path / "files"), None, uow_factory,
                           station="line-1", made_by="Ivanova")


@pytest.fixture
def importer(uow_factory, synced, tz):
    def run(path):
        return import_file(uow_factory, synced, SheetFileReader(), path, tz,
                           keep_copy=False).as_dict()
    return run


def staged(store, text: str, suffix: str = ".csv"):
    path = store.staging_path(suffix)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_stored_file_is_listed_with_who_made_it_and_opens_here(uow_factory, synced,
                                                                   tmp_path):
    stored = synced.store("exports", "batches_export_20261204_081500.csv",
                          staged(synced, "a;b\n1;2\n"))
    assert stored.sync_state == "local" and stored.url.startswith("file://")

    listed = files.list_files(uow_factory, synced, "exports")
    assert [(f.name, f.created_by, f.station, f.sync_state, f.size, f.here)
            for f in listed] == [("batches_export_20261204_081500.csv", "Ivanova", "line-1",
                                  SyncState.LOCAL, 8, True)]
    path = files.fetch_file(uow_factory, synced, "exports", stored.name)
    assert path.read_text(encoding="utf-8") == "a;b\n1;2\n"
    (tmp_path / "out").mkdir()
    saved = files.fetch_file(uow_factory, synced, "exports", stored.name,
                             tmp_path / "out" / "copy.csv")
    assert saved.read_text(encoding="utf-8") == "a;b\n1;2\n"
    link = files.file_link(uow_factory, synced, "exports", stored.name)
    assert link.url == path.resolve().as_uri() and link.expires_at is None


def test_two_stations_making_one_name_in_one_second_keep_both(uow_factory, tmp_path):
    one = SyncedFileStore(LocalFileStore(tmp_path / "one"), None, uow_factory,
                          station="line-1", made_by="")
    two = SyncedFileStore(LocalFileStore(tmp_path / "two"), None, uow_factory,
                          station="line-2", made_by="")
    name = "batch_7_report_20261204_081500.pdf"
    first = one.store("reports", name, staged(one, "one"))
    second = two.store("reports", name, staged(two, "two"))
    assert (first.name, second.name) == (name, "batch_7_report_20261204_081500_2.pdf")
    listed = {f.name: (f.station, f.here) for f in files.list_files(uow_factory, one,
                                                                     "reports")}
    assert listed == {name: ("line-1", True),
                      "batch_7_report_20261204_081500_2.pdf": ("line-2", False)}
    # Another station's file that was never uploaded cannot be opened here: said by name.
    with pytest.raises(DomainError) as refused:
        files.fetch_file(uow_factory, one, "reports", second.name)
    assert refused.value.code == "file.not_here"
    assert refused.value.problem.params["station"] == "line-2"


def test_deleting_removes_the_file_and_its_row(uow_factory, synced):
    stored = synced.store("reports", "batch_1_report_20261204_081500.pdf",
                          staged(synced, "%PDF", ".pdf"))
    assert files.delete_file(uow_factory, synced, "reports", stored.name) is True
    assert not stored.path.exists()
    assert files.list_files(uow_factory, synced, "reports") == []
    assert files.delete_file(uow_factory, synced, "reports", stored.name) is False


@pytest.mark.parametrize("bucket, name, code", [
    ("backups", "x.csv", "file.bucket_unknown"),
    ("reports", "../etc/passwd", "file.name_invalid"),
    ("reports", "missing.pdf", "file.not_found"),
])
def test_bad_bucket_or_name_is_refused_by_name(uow_factory, synced, bucket, name, code):
    with pytest.raises(DomainError) as refused:
        files.file_link(uow_factory, synced, bucket, name)
    assert refused.value.code == code


def test_sync_without_an_object_store_says_there_is_none(uow_factory, synced):
    with pytest.raises(DomainError) as refused:
        files.sync_files(uow_factory, synced)
    assert refused.value.code == "storage.not_configured"


def test_a_file_uploaded_into_imports_is_imported_once_and_moved_with_its_result(
        uow_factory, synced, importer, tmp_path):
    source = batches_xlsx(tmp_path / "shift tasks.xlsx",
                          [batch_row(501, date(2026, 12, 4)), batch_row(502, date(2026, 12, 4))])
    entry = files.put_import_file(uow_factory, synced, source)
    assert entry.import_state == "waiting" and entry.origin == "uploaded"

    assert file_sync.import_waiting(synced, importer) == 1
    assert file_sync.import_waiting(synced, importer) == 0        # once only

    listed = {f.name: f for f in files.list_files(uow_factory, synced, "imports")}
    moved = f"processed/{entry.name}"
    assert listed[moved].import_state == "imported"
    assert listed[moved].import_result["created"] == 2
    result = json.loads(files.fetch_file(uow_factory, synced, "imports",
                                         f"{moved}.result.json").read_text(encoding="utf-8"))
    assert result["outcome"] == "imported" and result["created"] == 2
    with uow_factory() as uow:
        assert len(uow.batches.find_by_keys([(501, date(2026, 12, 4)),
                                             (502, date(2026, 12, 4))])) == 2


def test_a_broken_file_goes_to_failed_with_the_problem(uow_factory, synced, importer,
                                                       tmp_path):
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"this is not a workbook")
    entry = files.put_import_file(uow_factory, synced, source)
    file_sync.import_waiting(synced, importer)
    failed = files.list_files(uow_factory, synced, "imports")
    by_name = {f.name: f for f in failed}
    moved = by_name[f"failed/{entry.name}"]
    assert moved.import_state == "failed"
    assert moved.import_result["error"]["code"].startswith("import.")


def test_the_exchange_folder_is_imported_once_by_two_workers(uow_factory, synced, importer,
                                                            tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    batches_xlsx(exchange / "from 1c.xlsx", [batch_row(601, date(2026, 12, 4))])
    (exchange / "garbage.csv").write_bytes(b"\xff\xfe\x00garbage")
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        barrier.wait()
        counts.append(file_sync.import_exchange_folder(exchange, "line-1", importer))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 2                     # two files, each imported by one worker
    assert sorted(p.name for p in (exchange / "processed").iterdir()) == [
        "from 1c.xlsx", "from 1c.xlsx.result.json"]
    assert sorted(p.name for p in (exchange / "failed").iterdir()) == [
        "garbage.csv", "garbage.csv.result.json"]
    failure = json.loads((exchange / "failed" / "garbage.csv.result.json").read_text("utf-8"))
    assert failure["outcome"] == "failed" and failure["error"]["message"]
    assert [p.name for p in exchange.iterdir() if p.is_file()] == []
    with uow_factory() as uow:
        assert len(uow.batches.find_by_keys([(601, date(2026, 12, 4))])) == 1


def test_a_file_a_dead_worker_claimed_is_imported_once_its_claim_is_old(
        uow_factory, importer, tmp_path):
    exchange = tmp_path / "exchange"
    claim = exchange / file_sync.CLAIMED / "line-9-dead"
    claim.mkdir(parents=True)
    batches_xlsx(claim / "left behind.xlsx", [batch_row(701, date(2026, 12, 4))])
    assert file_sync.import_exchange_folder(exchange, "line-1", importer) == 0  # still fresh
    old = time.time() - file_sync.IMPORT_LEASE_SECONDS - 60
    os.utime(claim, (old, old))
    assert file_sync.import_exchange_folder(exchange, "line-1", importer) == 1
    assert (exchange / "processed" / "left behind.xlsx").is_file()
    assert list((exchange / file_sync.CLAIMED).iterdir()) == []
