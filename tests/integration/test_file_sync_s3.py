"""Files with MinIO behind them (§8, §11), against a real S3 server (SeaweedFS, credentials
enforced) and the real PostgreSQL: a file made while S3 is down is kept locally and uploaded
when it returns, and the event with its link comes only after; wrong credentials are said by
name; a file dropped into ``imports`` is imported once however many workers find it."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from mesdesk.adapters.reports import report_renderers
from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.adapters.storage.s3 import S3ObjectStore
from mesdesk.adapters.storage.sync_worker import FileSyncWorker
from mesdesk.services import file_sync, files
from mesdesk.services.dto import BatchFilter, SyncState
from mesdesk.services.exports import export_batches
from mesdesk.services.imports import import_file
from mesdesk.services.reports import make_report
from mesdesk.services.synced_store import SyncedFileStore
from tests.support.db import outbox
from tests.support.factories import create_batch
from tests.support.sheets import batch_row, batches_csv


def remote_store(server, prefix, *, secret: str | None = None) -> S3ObjectStore:
    return S3ObjectStore(server.endpoint, server.access_key,
                         server.secret_key if secret is None else secret, False, prefix)


def synced_store(uow_factory, tmp_path, remote, station: str = "line-1") -> SyncedFileStore:
    return SyncedFileStore(LocalFileStore(tmp_path / station), remote, uow_factory,
                           station=station, made_by="Petrov")


def test_a_file_made_online_is_in_s3_at_once_with_a_seven_day_link(
        uow_factory, engine, s3_server, s3_prefix, tmp_path, tz):
    store = synced_store(uow_factory, tmp_path, remote_store(s3_server, s3_prefix))
    batch_id = create_batch(uow_factory, tz, 7001, date(2026, 12, 4))
    made = make_report(uow_factory, store, report_renderers(), batch_id, "xlsx", tz,
                       language="en")
    [entry] = files.list_files(uow_factory, store, "reports")
    assert entry.sync_state == SyncState.SYNCED and entry.synced_at is not None
    [event] = outbox(engine, "report_generated")
    link = event["file_url"]
    assert "X-Amz-Expires=604800" in link
    expires = datetime.fromisoformat(event["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=5)
    assert httpx.get(link, timeout=10).content == made.path.read_bytes()


def test_s3_down_during_an_export_keeps_it_locally_and_uploads_it_when_back(
        uow_factory, s3_server, s3_prefix, tmp_path, tz):
    remote = remote_store(s3_server, s3_prefix)
    store = synced_store(uow_factory, tmp_path, remote)
    create_batch(uow_factory, tz, 7101, date(2026, 12, 4))
    s3_server.stop()
    try:
        made = export_batches(uow_factory, store, ExportWriter(), BatchFilter(), "csv", tz)
        assert made.path.is_file() and made.rows == 1            # the export succeeded
        [entry] = files.pending_files(uow_factory, store)
        assert entry.sync_state == SyncState.FAILED
        assert entry.sync_error.code == "storage.refused"
        assert entry.next_attempt_at is not None
        # A sync while S3 is still away changes nothing and loses nothing.
        assert files.sync_files(uow_factory, store).uploaded == 0
        assert made.path.is_file()
    finally:
        s3_server.start()
    summary = files.sync_files(uow_factory, store)
    assert (summary.uploaded, summary.waiting) == (1, 0)
    [entry] = files.list_files(uow_factory, store, "exports")
    assert entry.sync_state == SyncState.SYNCED and entry.sync_error is None
    copy = tmp_path / "from-s3.csv"
    remote.get("exports", entry.name, copy)
    assert copy.read_bytes() == made.path.read_bytes()


def test_the_report_event_waits_for_the_upload(uow_factory, engine, s3_server, s3_prefix,
                                               tmp_path, tz):
    store = synced_store(uow_factory, tmp_path, remote_store(s3_server, s3_prefix))
    batch_id = create_batch(uow_factory, tz, 7201, date(2026, 12, 4))
    s3_server.stop()
    try:
        made = make_report(uow_factory, store, report_renderers(), batch_id, "pdf", tz,
                           language="ru")
        assert made.path.is_file()
        assert outbox(engine, "report_generated") == []          # no link that does not work
    finally:
        s3_server.start()
    worker = FileSyncWorker(store, None)
    assert worker.run_once().uploaded == 0        # the retry is not due yet: nothing tried
    files.sync_files(uow_factory, store)
    [event] = outbox(engine, "report_generated")
    assert event["batch_id"] == batch_id and event["report_type"] == "pdf"
    assert httpx.get(event["file_url"], timeout=10).content == made.path.read_bytes()


def test_wrong_credentials_are_said_and_the_file_kept(uow_factory, s3_server, s3_prefix,
                                                     tmp_path, tz):
    store = synced_store(uow_factory, tmp_path,
                         remote_store(s3_server, s3_prefix, secret="not-the-secret"))
    create_batch(uow_factory, tz, 7301, date(2026, 12, 4))
    made = export_batches(uow_factory, store, ExportWriter(), BatchFilter(), "csv", tz)
    [entry] = files.pending_files(uow_factory, store)
    assert entry.sync_error.code == "storage.credentials"
    assert made.path.is_file()


def test_files_kept_before_s3_was_configured_are_uploaded_once_it_is(
        uow_factory, s3_server, s3_prefix, tmp_path, tz):
    local = synced_store(uow_factory, tmp_path, None)
    create_batch(uow_factory, tz, 7401, date(2026, 12, 4))
    export_batches(uow_factory, local, ExportWriter(), BatchFilter(), "csv", tz)
    assert [f.sync_state for f in files.list_files(uow_factory, local, "exports")] == [
        SyncState.LOCAL]
    online = synced_store(uow_factory, tmp_path, remote_store(s3_server, s3_prefix))
    assert FileSyncWorker(online, None).run_once().uploaded == 1
    assert [f.sync_state for f in files.list_files(uow_factory, online, "exports")] == [
        SyncState.SYNCED]


def test_a_dropped_file_is_imported_once_by_two_workers(uow_factory, engine, s3_server,
                                                        s3_prefix, tmp_path, tz):
    remote = remote_store(s3_server, s3_prefix)
    source = batches_csv(tmp_path / "drop.csv", [batch_row(7501, date(2026, 12, 4)),
                                                 batch_row(7502, date(2026, 12, 4))])
    remote.put("imports", "shift_tasks.csv", source)
    stores = [synced_store(uow_factory, tmp_path, remote, station)
              for station in ("line-1", "line-2")]
    barrier = threading.Barrier(2)
    imported: list[int] = []

    def worker(store: SyncedFileStore) -> None:
        def importer(path):
            return import_file(uow_factory, store, SheetFileReader(), path, tz,
                               keep_copy=False).as_dict()
        barrier.wait()
        file_sync.find_dropped(store)
        imported.append(file_sync.import_waiting(store, importer))

    threads = [threading.Thread(target=worker, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(imported) == 1
    assert len(outbox(engine, "import_completed")) == 1
    with uow_factory() as uow:
        assert len(uow.batches.find_by_keys([(7501, date(2026, 12, 4)),
                                             (7502, date(2026, 12, 4))])) == 2
    names = {found.name for found in remote.list("imports", "processed/")}
    assert names == {"processed/shift_tasks.csv", "processed/shift_tasks.csv.result.json"}
    assert [found.name for found in remote.list("imports")] == []
    [entry] = [f for f in files.list_files(uow_factory, stores[0], "imports")
               if f.name == "processed/shift_tasks.csv"]
    assert entry.import_state == "imported" and entry.import_result["created"] == 2
    # Found again by a later pass: it is known, so not imported twice.
    assert file_sync.find_dropped(stores[1]) == 0


@pytest.mark.parametrize("link_of", ["synced", "pending"])
def test_a_link_is_presigned_only_for_a_file_in_s3(uow_factory, s3_server, s3_prefix,
                                                   tmp_path, tz, link_of):
    store = synced_store(uow_factory, tmp_path, remote_store(s3_server, s3_prefix))
    staged = store.staging_path(".csv")
    staged.write_text("x;y\n", encoding="utf-8")
    stored = store.store("exports", "batches_export_20261204_101010.csv", staged,
                         upload=link_of == "synced")
    link = files.file_link(uow_factory, store, "exports", stored.name)
    if link_of == "synced":
        assert link.url.startswith("http://") and link.expires_at is not None
        assert httpx.get(link.url, timeout=10).text == "x;y\n"
    else:
        assert link.url.startswith("file://") and link.expires_at is None


def test_the_report_mail_waits_for_the_upload_too(uow_factory, engine, s3_server, s3_prefix,
                                                  tmp_path, tz):
    from tests.support.db import rows

    store = synced_store(uow_factory, tmp_path, remote_store(s3_server, s3_prefix))
    batch_id = create_batch(uow_factory, tz, 7601, date(2026, 12, 4))
    s3_server.stop()
    try:
        made = make_report(uow_factory, store, report_renderers(), batch_id, "xlsx", tz,
                           language="en", email_to=("qa@plant.example",))
        assert made.mail_id is None
        assert rows(engine, "SELECT id FROM mail_outbox") == []
    finally:
        s3_server.start()
    files.sync_files(uow_factory, store)
    [mail] = rows(engine, "SELECT kind, recipients, facts FROM mail_outbox")
    assert mail["kind"] == "report_ready" and mail["recipients"] == ["qa@plant.example"]
    assert "X-Amz-Expires=604800" in mail["facts"]["file_url"]
    assert mail["facts"]["batch_number"] == "7601"
