"""The §9 ``cleanup_old_files`` task on the local folder store: files older than the kept age
leave all three buckets, newer ones stay, and the counts say how many and how big."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from mesdesk.domain.errors import ValidationError
from mesdesk.services.file_cleanup import cleanup_old_files

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def kept(store, bucket: str, name: str, size: int, age: timedelta) -> None:
    """A stored file of ``size`` bytes last modified ``age`` before NOW."""
    staged = store.staging_path()
    staged.write_bytes(b"x" * size)
    stored = store.store(bucket, name, staged)
    moment = (NOW - age).timestamp()
    os.utime(stored.path, (moment, moment))


def names(store, bucket: str) -> list[str]:
    return sorted(stored.name for stored in store.list(bucket))


def test_files_older_than_the_kept_age_leave_every_bucket(store):
    kept(store, "reports", "batch_1_report_20261001_080000.pdf", 1_000, timedelta(days=64))
    kept(store, "reports", "batch_2_report_20261120_080000.pdf", 2_000, timedelta(days=14))
    kept(store, "exports", "batches_export_20261103_020000.xlsx", 300,
         timedelta(days=30, minutes=1))
    kept(store, "exports", "batches_export_20261104_030000.csv", 40, timedelta(days=29))
    kept(store, "imports", "import_20261002_120000_партии.xlsx", 5, timedelta(days=63))

    assert cleanup_old_files(store, NOW, 30) == {"deleted": 3, "bytes": 1_305}

    assert names(store, "reports") == ["batch_2_report_20261120_080000.pdf"]
    assert names(store, "exports") == ["batches_export_20261104_030000.csv"]
    assert names(store, "imports") == []
    assert cleanup_old_files(store, NOW, 30) == {"deleted": 0, "bytes": 0}


def test_the_kept_age_is_a_setting(store):
    kept(store, "exports", "batches_export_20261124_020000.csv", 10, timedelta(days=10))
    assert cleanup_old_files(store, NOW, 30) == {"deleted": 0, "bytes": 0}
    assert cleanup_old_files(store, NOW, 7) == {"deleted": 1, "bytes": 10}


def test_an_empty_store_has_nothing_to_delete(tmp_path):
    from mesdesk.adapters.storage import LocalFileStore

    assert cleanup_old_files(LocalFileStore(tmp_path / "none"), NOW, 30) == {
        "deleted": 0, "bytes": 0}


@pytest.mark.parametrize("days", [0, -5, True])
def test_a_kept_age_below_one_day_is_refused_by_name(store, days):
    with pytest.raises(ValidationError) as refused:
        cleanup_old_files(store, NOW, days)
    assert refused.value.problem.params["name"] == "file_max_age_days"
