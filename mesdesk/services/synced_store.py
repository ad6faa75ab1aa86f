"""The file store of the use cases (§8): every file is kept in this station's local folder
store and recorded in the catalogue (``stored_files``); with an object store configured it is
uploaded there too, at once when MinIO answers, else later by the file sync.

    stored = store.store(Bucket.REPORTS, name, staged)     # kept, recorded, maybe uploaded
    stored.sync_state        # "synced" (url pre-signed for 7 days), "failed", "local"

Nothing is lost when MinIO is down: the local copy and its queued row stay until an upload
succeeds (``upload``, called by the sync pass with back-off). An event that carries a file's
link is kept on the row (``announce_when_uploaded``) and emitted in the transaction that marks
the file uploaded, so its link always works.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mesdesk.domain.errors import CancelledError, DomainError
from mesdesk.domain import problems as P
from mesdesk.domain.files import OUTCOME_FOLDERS, Bucket

from .file_announcements import announce
from .dto import FileEntry, FileLink, StoredFile, SyncState
from .ports import ObjectStore, UnitOfWorkFactory

log = logging.getLogger(__name__)

#: §8: links are pre-signed GET URLs valid 7 days.
LINK_VALID = timedelta(days=7)
#: How long an upload may run before another pass of this station takes it over.
UPLOAD_LEASE_SECONDS = 30 * 60.0
#: The wait before each retry of a failed upload (then the last, again and again).
RETRY_SECONDS = (10.0, 30.0, 60.0, 120.0, 300.0)
_CHUNK = 1 << 20
#: Catalogue rows read per round of the cleanup.
CLEANUP_BATCH = 500

#: ``announcer(uow, announcement, link)``: emits what waited for the upload (an event, a mail).
Announcer = Callable[[Any, Mapping[str, Any], FileLink], "int | None"]


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed upload."""
    return RETRY_SECONDS[min(max(attempts, 1), len(RETRY_SECONDS)) - 1]


def digest(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of a file, read in chunks."""
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        while chunk := source.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


class SyncedFileStore:
    """``local``: the station's folder store (``adapters/storage/local.py``); ``remote``: the
    object store or None; ``announcer`` emits what a file's upload was waited for."""

    def __init__(self, local: Any, remote: ObjectStore | None, uow_factory: UnitOfWorkFactory,
                 *, station: str, made_by: str, announcer: Announcer | None = None) -> None:
        self.local = local
        self.remote = remote
        self.uow_factory = uow_factory
        self.station = station
        self.made_by = made_by or station
        self.announcer = announcer or announce

    # -- the FileStore port ------------------------------------------------------------------

    def staging_path(self, suffix: str = "") -> Path:
        return self.local.staging_path(suffix)

    def store(self, bucket: str, name: str, staged: Path, *, origin: str = "made",
              import_state: str | None = None, upload: bool = True) -> StoredFile:
        """Keep ``staged`` under ``name`` (or the next free numbered name), record it, and
        upload it when an object store is configured (``upload`` False: leave it to the
        sync pass)."""
        size, checksum = digest(staged)
        state, lease = SyncState.LOCAL, None
        if self.remote is not None:
            state, lease = ((SyncState.UPLOADING, UPLOAD_LEASE_SECONDS) if upload
                            else (SyncState.PENDING, None))
        with self.uow_factory() as uow:
            file_id, name = uow.files.claim(
                bucket, name, station=self.station, size=size, checksum=checksum, origin=origin,
                created_by=self.made_by, sync_state=state, lease_seconds=lease,
                import_state=import_state)
            uow.announce("file")
            uow.commit()
        try:
            path = self.local.keep(bucket, name, staged)
        except BaseException:
            self._forget(file_id)
            raise
        if self.remote is not None and upload:
            state = SyncState.SYNCED if self.upload(file_id, bucket, name, path) \
                else SyncState.FAILED
        elif self.remote is not None:
            state = SyncState.PENDING
        link = self._link(bucket, name, path, state)
        return StoredFile(bucket=bucket, name=name, size=size, modified=_mtime(path),
                          url=link.url, path=path, sync_state=state.value,
                          expires_at=link.expires_at)

    def get(self, bucket: str, name: str) -> StoredFile | None:
        return self.local.get(bucket, name)

    def list(self, bucket: str) -> list[StoredFile]:
        return self.local.list(bucket)

    def delete(self, bucket: str, name: str) -> bool:
        """Remove the file from the object store, this station and the catalogue."""
        with self.uow_factory() as uow:
            found = uow.files.get(bucket, name, self.station)
        if found is None:
            return self.local.delete(bucket, name)
        if self.remote is not None and found.sync_state in (SyncState.SYNCED,
                                                             SyncState.UPLOADING):
            self.remote.delete(bucket, name)
        if found.here:
            self.local.delete(bucket, name)
        self._forget(found.id)
        return True

    def remove_older_than(self, cutoff: datetime, job: Any = None) -> tuple[int, int]:
        """Remove the catalogued files made before ``cutoff`` (wherever they are) and the
        object store's older objects; returns (files, bytes). Cancellable between files."""
        deleted = size = 0
        while True:
            with self.uow_factory() as uow:
                old = uow.files.older_than(cutoff, CLEANUP_BATCH, self.station)
            if not old:
                break
            for found in old:
                if job is not None:
                    job.check_cancelled()
                if self.remote is not None and found.sync_state == SyncState.SYNCED:
                    self.remote.delete(found.bucket, found.name)
                if found.here:
                    self.local.delete(found.bucket, found.name)
                self._forget(found.id)
                deleted, size = deleted + 1, size + found.size
        if self.remote is None:
            return deleted, size
        for bucket in Bucket:
            for folder in ("", *(f"{name}/" for name in OUTCOME_FOLDERS)):
                for found in self.remote.list(bucket.value, folder):
                    if job is not None:
                        job.check_cancelled()
                    if found.modified < cutoff and self.remote.delete(bucket.value,
                                                                      found.name):
                        deleted, size = deleted + 1, size + found.size
        return deleted, size

    # -- uploads -----------------------------------------------------------------------------

    def upload(self, file_id: int, bucket: str, name: str, path: Path | None = None) -> bool:
        """Upload one leased file and record how it went: True when it is in the object
        store. A failure is kept on the row with the time of the next attempt."""
        assert self.remote is not None
        path = path or self.local.path(bucket, name)
        if path is None:
            self._failed(file_id, P.FILE_LOCAL_MISSING.problem(name=name), retry=None)
            return False
        try:
            self.remote.put(bucket, name, path)
        except CancelledError:
            raise
        except DomainError as exc:
            self._failed(file_id, exc.problem, retry=True)
            return False
        except Exception as exc:  # noqa: BLE001 - kept on the row, retried later
            log.exception("upload of %s/%s failed", bucket, name)
            self._failed(file_id, P.STORAGE_FAILED.problem(endpoint=self.remote.endpoint,
                                                           reason=type(exc).__name__),
                         retry=True)
            return False
        with self.uow_factory() as uow:
            waiting = uow.files.uploaded(file_id)
            if waiting:
                self._announce(uow, waiting, self.link(bucket, name))
            uow.announce("file")
            uow.commit()
        return True

    def announce_when_uploaded(self, uow: Any, stored: StoredFile,
                               announcement: Mapping[str, Any]) -> int | None:
        """Emit ``announcement`` (with the file's link) in ``uow`` now when the file is where
        its link leads, else keep it on the file's row until its upload. The id of a mail
        queued now, if one was."""
        if stored.sync_state in (SyncState.SYNCED.value, SyncState.LOCAL.value):
            return self._announce(uow, announcement, FileLink(stored.url, stored.expires_at))
        found = uow.files.get(stored.bucket, stored.name, self.station)
        if found is not None and uow.files.announce_after_upload(found.id, announcement):
            return None
        return self._announce(uow, announcement, self.link(stored.bucket, stored.name))

    def link(self, bucket: str, name: str) -> FileLink:
        """A pre-signed link when an object store is configured, else the local file's."""
        if self.remote is not None:
            return FileLink(self.remote.link(bucket, name, LINK_VALID),
                            _utc_now() + LINK_VALID)
        path = self.local.path(bucket, name)
        if path is None:
            raise P.FILE_NOT_FOUND(name=name, bucket=bucket)
        return FileLink(path.resolve().as_uri(), None)

    # -- inside ---------------------------------------------------------------------------

    def _link(self, bucket: str, name: str, path: Path, state: SyncState) -> FileLink:
        if state == SyncState.SYNCED:
            return self.link(bucket, name)
        return FileLink(path.resolve().as_uri(), None)

    def _announce(self, uow: Any, announcement: Mapping[str, Any], link: FileLink
                  ) -> int | None:
        return self.announcer(uow, announcement, link)

    def _failed(self, file_id: int, problem: Any, *, retry: bool | None) -> None:
        with self.uow_factory() as uow:
            found = uow.files.by_id(file_id, self.station)
            attempts = found.attempts if found is not None else 1
            uow.files.upload_failed(file_id, problem,
                                    retry_delay(attempts) if retry else None)
            uow.announce("file")
            uow.commit()

    def _forget(self, file_id: int) -> None:
        with self.uow_factory() as uow:
            uow.files.delete(file_id)
            uow.announce("file")
            uow.commit()


def entry_path(store: SyncedFileStore, found: FileEntry) -> Path | None:
    """The local copy of a catalogued file when it is on this machine."""
    return store.local.path(found.bucket, found.name) if found.here else None


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _utc_now() -> datetime:
    return datetime.now(UTC)
