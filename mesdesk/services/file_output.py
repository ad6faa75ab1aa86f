"""Writing a file into a bucket: staged in full, then stored under its name (``FileStore``).

    with staged_file(store, ".xlsx") as path:
        write_the_sheet(path)                # may fail, or be cancelled
        stored = store.store(Bucket.EXPORTS, name, path)

Whatever leaves the block early (an error, a cancelled job) removes the staged file, so
neither the bucket nor the staging folder keeps a partial file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mesdesk.domain.files import Bucket, export_name

from .dto import MadeFile
from .ports import FileStore, JobControl


@contextmanager
def staged_file(store: FileStore, suffix: str = "") -> Iterator[Path]:
    path = store.staging_path(suffix)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)       # stored files were moved away already


def store_export(store: FileStore, kind: str, fmt: str, made: datetime,
                 write: Callable[[Path], int], job: JobControl | None = None) -> MadeFile:
    """An export file: ``write(path)`` fills the staged file and says how many rows it wrote;
    the complete file is stored in ``exports`` under its name (``export_name``). A cancel
    seen once the file is written still stores nothing."""
    with staged_file(store, f".{fmt}") as path:
        written = write(path)
        if job is not None:
            job.check_cancelled()       # a cancel while the file was closed: nothing stored
        stored = store.store(Bucket.EXPORTS, export_name(kind, made, fmt), path)
    return MadeFile.of(stored, written)


def copy_out(source: Path, target: Path) -> Path:
    """A stored file copied to where the user asked ("Save as…", ``-o``): written next to the
    target first and renamed, so a failed copy leaves no half file under the target's name."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.part")
    try:
        shutil.copyfile(source, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
