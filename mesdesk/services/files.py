"""The files of the three buckets (§8) as users see them: list, open, save, link, upload into
``imports``, delete, and sync now. ``file_store`` is the ``SyncedFileStore`` of the
composition root (the local copy, the catalogue, the object store).

    runtime.use.list_files("reports")
    runtime.use.file_link("reports", "batch_17_report_20261204_081500.pdf")

Every call may block (the database, the disk, the object store): the GUI runs them as ops.
"""

from __future__ import annotations

import shutil
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.files import Bucket, import_name, valid_object

from . import file_sync
from .dto import FileEntry, FileLink, SyncState, SyncSummary
from .file_output import copy_out, staged_file
from .ports import UnitOfWorkFactory
from .synced_store import SyncedFileStore

#: The most files a list shows (newest first).
LIST_LIMIT = 1000


def list_files(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, bucket: str, *,
               limit: int = LIST_LIMIT) -> list[FileEntry]:
    """The bucket's files, newest first."""
    bucket = checked_bucket(bucket)
    with uow_factory() as uow:
        return uow.files.list(bucket, max(1, min(limit, LIST_LIMIT)), file_store.station)


def pending_files(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore
                  ) -> list[FileEntry]:
    """The files of every bucket not in the object store yet (pending, uploading, failed)."""
    with uow_factory() as uow:
        return uow.files.not_synced(LIST_LIMIT, file_store.station)


def file_link(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, bucket: str,
              name: str) -> FileLink:
    """A pre-signed link valid 7 days (a file in the object store), or the local file's URL
    (which works on this computer only)."""
    found = _found(uow_factory, file_store, bucket, name)
    if found.sync_state == SyncState.SYNCED and file_store.remote is not None:
        return file_store.link(found.bucket, found.name)
    path = file_store.local.path(found.bucket, found.name) if found.here else None
    if path is None:
        raise P.FILE_NOT_HERE(name=found.name, station=found.station)
    return FileLink(path.resolve().as_uri(), None)


def fetch_file(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, bucket: str,
               name: str, target: Path | None = None) -> Path:
    """The file on this machine: its local copy (or one downloaded from the object store)
    when ``target`` is None (to open it), else a copy written at ``target`` (Save as,
    ``-o``; never a half file under its name)."""
    found = _found(uow_factory, file_store, bucket, name)
    local = file_store.local.path(found.bucket, found.name) if found.here else None
    if local is not None:
        return local if target is None else _copied(local, Path(target))
    if found.sync_state != SyncState.SYNCED or file_store.remote is None:
        raise P.FILE_NOT_HERE(name=found.name, station=found.station)
    destination = Path(target) if target is not None \
        else file_store.local.cache_path(found.bucket, found.name)
    file_store.remote.get(found.bucket, found.name, destination)
    return destination


def put_import_file(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, path: Path,
                    *, job: Any = None) -> FileEntry:
    """Upload a file into ``imports``: kept and uploaded as a report is, then imported by the
    file sync worker (this station's at once; any station's once it is in the object store),
    moved to ``processed/`` or ``failed/`` with its result beside it."""
    path = Path(path)
    if not path.is_file():
        raise P.FILE_NOT_FOUND(name=path.name, bucket=str(path.parent))
    with staged_file(file_store, path.suffix.lower()) as staged:
        try:
            shutil.copyfile(path, staged)
        except OSError as exc:
            raise P.LOCAL_FILE_FAILED(reason=exc.strerror or type(exc).__name__) from exc
        if job is not None:
            job.check_cancelled()
        stored = file_store.store(Bucket.IMPORTS.value,
                                  import_name(path.name, datetime.now(UTC)), staged,
                                  origin="uploaded", import_state="waiting")
    return _found(uow_factory, file_store, stored.bucket, stored.name)


def delete_file(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, bucket: str,
                name: str) -> bool:
    """Remove the file everywhere (the object store, this station's copy, the catalogue);
    False when there was none."""
    bucket = checked_bucket(bucket)
    if not valid_object(name):
        raise P.FILE_NAME_INVALID(name=name)
    return file_store.delete(bucket, name)


def sync_files(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, *,
               job: Any = None) -> SyncSummary:
    """Upload this station's queued files now, those waiting for their next attempt too
    (``mesdesk files sync``, "Sync now"); refused when no object store is configured."""
    if file_store.remote is None:
        raise P.STORAGE_NOT_CONFIGURED()
    if job is not None:
        job.check_cancelled()
    return file_sync.upload_queued(file_store, now=True, job=job)


def upload_backlog(uow_factory: UnitOfWorkFactory, file_store: Any) -> int | None:
    """This station's files not in the object store yet (the status bar); None when no
    object store is configured (or the store is not the synced one: a test's own)."""
    if not isinstance(file_store, SyncedFileStore) or file_store.remote is None:
        return None
    with uow_factory() as uow:
        return uow.files.waiting_here(file_store.station)


def checked_bucket(bucket: str) -> str:
    try:
        return Bucket(bucket).value
    except ValueError:
        raise P.FILE_BUCKET_UNKNOWN(bucket=bucket, buckets=", ".join(b.value for b in Bucket),
                                    field="bucket") from None


def _found(uow_factory: UnitOfWorkFactory, file_store: SyncedFileStore, bucket: str,
           name: str) -> FileEntry:
    bucket = checked_bucket(bucket)
    if not valid_object(name):
        raise P.FILE_NAME_INVALID(name=name)
    with uow_factory() as uow:
        found = uow.files.get(bucket, name, file_store.station)
    if found is None:
        raise P.FILE_NOT_FOUND(name=name, bucket=bucket)
    return found


def _copied(source: Path, target: Path) -> Path:
    try:
        return copy_out(source, target)
    except OSError as exc:
        raise P.LOCAL_FILE_FAILED(reason=exc.strerror or type(exc).__name__) from exc
