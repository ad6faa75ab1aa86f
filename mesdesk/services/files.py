"""The files of the three buckets (§8) as users see them: list, open, save, link, upload into
``imports``, delete, and sync now. ``file_store`` is the ``SyncedFileStore`` of the
composition root (the local copy, the catalogue, the object store).

    runtime.use.list_files("reports")
    runtime.use.file_link("reports", "batch_17_report_20261204_081500.pdf")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .dto import FileEntry, FileLink, SyncSummary
from .ports import UnitOfWorkFactory

#: The most files a list shows (newest first).
LIST_LIMIT = 1000


def list_files(uow_factory: UnitOfWorkFactory, file_store: Any, bucket: str, *,
               limit: int = LIST_LIMIT) -> list[FileEntry]:
    """The bucket's files, newest first."""
    raise NotImplementedError


def pending_files(uow_factory: UnitOfWorkFactory, file_store: Any) -> list[FileEntry]:
    """The files of every bucket not in the object store yet (pending, uploading, failed)."""
    raise NotImplementedError


def file_link(uow_factory: UnitOfWorkFactory, file_store: Any, bucket: str,
              name: str) -> FileLink:
    """A pre-signed link valid 7 days (a synced file), or the local file's URL."""
    raise NotImplementedError


def fetch_file(uow_factory: UnitOfWorkFactory, file_store: Any, bucket: str, name: str,
               target: Path | None = None) -> Path:
    """The file on this machine: its local copy (or a downloaded one) when ``target`` is None
    (to open it), else a copy written at ``target`` (Save as, ``-o``)."""
    raise NotImplementedError


def put_import_file(uow_factory: UnitOfWorkFactory, file_store: Any, path: Path, *,
                    job: Any = None) -> FileEntry:
    """Upload a file into ``imports`` (the worker imports it, as a file another system
    dropped there)."""
    raise NotImplementedError


def delete_file(uow_factory: UnitOfWorkFactory, file_store: Any, bucket: str,
                name: str) -> bool:
    """Remove the file everywhere (local copy, object store, catalogue); False if none."""
    raise NotImplementedError


def sync_files(uow_factory: UnitOfWorkFactory, file_store: Any, *,
               job: Any = None) -> SyncSummary:
    """Upload this station's queued files now (``mesdesk files sync``)."""
    raise NotImplementedError
