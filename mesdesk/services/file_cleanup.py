"""The §9 ``cleanup_old_files`` task: files kept longer than the configured age leave the three
buckets (§8: reports, exports, imports), through the ``FileStore`` port (local folder or S3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from mesdesk.domain import problems as P
from mesdesk.domain.files import Bucket

from .ports import FileStore, JobControl

#: The setting that says how many days a stored file is kept (``Settings.file_max_age_days``).
SETTING = "file_max_age_days"


def cleanup_old_files(file_store: FileStore, now: datetime, max_age_days: int,
                      job: JobControl | None = None) -> dict[str, int]:
    """Delete every stored file last modified more than ``max_age_days`` days before ``now``
    (aware); returns ``{"deleted": files, "bytes": their total size}``. A file that another
    process deleted meanwhile is not counted. Cancellable between files."""
    if isinstance(max_age_days, bool) or not isinstance(max_age_days, int) or max_age_days < 1:
        raise P.SETTINGS_VALUE_INVALID(name=SETTING, value=str(max_age_days))
    cutoff = now - timedelta(days=max_age_days)
    deleted = size = 0
    for bucket in Bucket:
        for stored in file_store.list(bucket.value):
            if job is not None:
                job.check_cancelled()
            if stored.modified < cutoff and file_store.delete(bucket.value, stored.name):
                deleted += 1
                size += stored.size
    # The synced store also removes what is not on this computer: other stations' files in
    # the catalogue, and the object store's objects (dropped ones, processed imports).
    elsewhere = getattr(file_store, "remove_older_than", None)
    if elsewhere is not None:
        more, more_size = elsewhere(cutoff, job)
        deleted, size = deleted + more, size + more_size
    return {"deleted": deleted, "bytes": size}
