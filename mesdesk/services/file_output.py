"""Writing a file into a bucket: staged in full, then stored under its name (``FileStore``).

    with staged_file(store, ".xlsx") as path:
        write_the_sheet(path)                # may fail, or be cancelled
        stored = store.store(Bucket.EXPORTS, name, path)

Whatever leaves the block early (an error, a cancelled job) removes the staged file, so
neither the bucket nor the staging folder keeps a partial file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .ports import FileStore


@contextmanager
def staged_file(store: FileStore, suffix: str = "") -> Iterator[Path]:
    path = store.staging_path(suffix)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)       # stored files were moved away already


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
