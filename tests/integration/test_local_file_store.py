"""The local folder store on a real file system (the default ``FileStore``)."""

import stat
import threading

import pytest

from mesdesk.adapters.storage import LocalFileStore
from mesdesk.domain.files import Bucket
from mesdesk.services.file_output import copy_out, staged_file


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "files")


def _put(store, name, content=b"data", bucket=Bucket.EXPORTS):
    with staged_file(store, ".bin") as path:
        path.write_bytes(content)
        return store.store(bucket, name, path)


def test_a_stored_file_is_in_its_bucket_with_a_file_url(store, tmp_path):
    stored = _put(store, "batches_export_20261204_081500.csv", b"a;b\n")
    assert stored.bucket == "exports" and stored.name == "batches_export_20261204_081500.csv"
    assert stored.size == 4
    assert stored.path == tmp_path / "files" / "exports" / stored.name
    assert stored.path.read_bytes() == b"a;b\n"
    assert stored.url == stored.path.resolve().as_uri()
    assert store.get(Bucket.EXPORTS, stored.name) == stored
    assert list((tmp_path / "files" / ".staging").iterdir()) == []


def test_folders_are_owner_only(store, tmp_path):
    _put(store, "x.csv")
    mode = stat.S_IMODE((tmp_path / "files" / "exports").stat().st_mode)
    assert mode == 0o700


def test_a_name_already_taken_is_never_overwritten(store):
    first = _put(store, "report.pdf", b"first")
    second = _put(store, "report.pdf", b"second")
    third = _put(store, "report.pdf", b"third")
    assert [first.name, second.name, third.name] == ["report.pdf", "report_2.pdf",
                                                       "report_3.pdf"]
    assert first.path.read_bytes() == b"first"


def test_two_threads_storing_the_same_name_get_two_files(store):
    names: list[str] = []
    start = threading.Barrier(2)

    def put(content: bytes) -> None:
        with staged_file(store) as path:
            path.write_bytes(content)
            start.wait()
            names.append(store.store(Bucket.REPORTS, "same.xlsx", path).name)

    threads = [threading.Thread(target=put, args=(c,)) for c in (b"1", b"2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(names) == ["same.xlsx", "same_2.xlsx"]
    assert {f.path.read_bytes() for f in store.list(Bucket.REPORTS)} == {b"1", b"2"}


def test_work_that_fails_leaves_no_file_behind(store, tmp_path):
    with pytest.raises(RuntimeError):
        with staged_file(store, ".xlsx") as path:
            path.write_bytes(b"half a sheet")
            raise RuntimeError("cancelled")
    assert store.list(Bucket.EXPORTS) == []
    assert list((tmp_path / "files" / ".staging").iterdir()) == []


def test_listing_is_newest_first_and_delete_removes(store):
    import os
    old = _put(store, "old.csv")
    os.utime(old.path, (1_000_000, 1_000_000))
    new = _put(store, "new.csv")
    assert [f.name for f in store.list(Bucket.EXPORTS)] == [new.name, old.name]
    assert store.delete(Bucket.EXPORTS, "old.csv")
    assert not store.delete(Bucket.EXPORTS, "old.csv")
    assert [f.name for f in store.list(Bucket.EXPORTS)] == [new.name]
    assert store.list(Bucket.IMPORTS) == []


@pytest.mark.parametrize("name", ["../escape.csv", "a/b.csv", ".hidden", ""])
def test_a_name_that_is_not_one_file_is_refused(store, name, tmp_path):
    with staged_file(store) as path:
        path.write_bytes(b"x")
        with pytest.raises(ValueError):
            store.store(Bucket.EXPORTS, name, path)
    assert store.get(Bucket.EXPORTS, name) is None
    assert not (tmp_path / "escape.csv").exists()


def test_copy_out_writes_the_whole_file_or_nothing(store, tmp_path):
    stored = _put(store, "x.csv", b"1;2\n")
    target = copy_out(stored.path, tmp_path / "out.csv")
    assert target.read_bytes() == b"1;2\n"
    with pytest.raises(OSError):
        copy_out(stored.path, tmp_path / "no-such-folder" / "out.csv")
    assert not (tmp_path / "no-such-folder").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["files", "out.csv"]
