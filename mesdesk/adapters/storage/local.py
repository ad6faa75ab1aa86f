"""The local folder store: a bucket is a folder under the store's root, an object a file.

Files are staged in ``<root>/.staging`` (the same file system, so storing one is an atomic
rename) and never overwritten: a name already taken gets ``_2``, ``_3``… Folders are
owner-only, like the rest of the data folder.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from mesdesk.domain.files import Bucket, numbered, valid_name, valid_object
from mesdesk.owner_only import private_folder
from mesdesk.services.dto import StoredFile

STAGING = ".staging"


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _bucket(self, bucket: str) -> Path:
        return private_folder(self.root / Bucket(bucket).value)

    def staging_path(self, suffix: str = "") -> Path:
        folder = private_folder(self.root / STAGING)
        return folder / f"{uuid.uuid4().hex}{suffix}"

    def store(self, bucket: str, name: str, staged: Path) -> StoredFile:
        if not valid_name(name):
            raise ValueError(f"not an object name: {name!r}")
        folder = self._bucket(bucket)
        number, candidate = 1, name
        while True:
            target = folder / candidate
            try:
                # A hard link claims the name atomically and fails if it is taken (two
                # stations, or two exports in one second); then the staged name goes.
                os.link(staged, target)
            except FileExistsError:
                number += 1
                candidate = numbered(name, number)
                continue
            except OSError:
                # No hard links here (some network or FAT file systems): claim, then move.
                try:
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    number += 1
                    candidate = numbered(name, number)
                    continue
                os.replace(staged, target)
                return self._describe(bucket, target)
            staged.unlink(missing_ok=True)
            return self._describe(bucket, target)

    def keep(self, bucket: str, name: str, staged: Path) -> Path:
        """Keep ``staged`` under exactly ``name`` (the catalogue chose it), replacing a file
        no catalogue knows of; ``staged`` is gone afterwards."""
        if not valid_object(name):
            raise ValueError(f"not an object name: {name!r}")
        target = self._bucket(bucket) / name
        private_folder(target.parent)
        os.replace(staged, target)
        return target

    def path(self, bucket: str, name: str) -> Path | None:
        """The file of ``name`` on this machine, or None when it is not here."""
        if not valid_object(name):
            return None
        path = self.root / Bucket(bucket).value / name
        return path if path.is_file() else None

    def move(self, bucket: str, name: str, new_name: str) -> bool:
        """Rename within the bucket (``imports`` → ``processed/``); False when not here."""
        source = self.path(bucket, name)
        if source is None or not valid_object(new_name):
            return False
        target = self._bucket(bucket) / new_name
        private_folder(target.parent)
        os.replace(source, target)
        return True

    def put_bytes(self, bucket: str, name: str, data: bytes) -> Path:
        staged = self.staging_path()
        staged.write_bytes(data)
        return self.keep(bucket, name, staged)

    def cache_path(self, bucket: str, name: str) -> Path:
        """Where a file downloaded from the object store is kept to be opened here."""
        folder = private_folder(self.root / ".downloads" / Bucket(bucket).value)
        return folder / name.replace("/", "_")

    def get(self, bucket: str, name: str) -> StoredFile | None:
        path = self.path(bucket, name)
        return None if path is None else self._describe(bucket, path, name)

    def list(self, bucket: str) -> list[StoredFile]:
        folder = self.root / Bucket(bucket).value
        if not folder.is_dir():
            return []
        found = []
        for path in folder.iterdir():
            if path.is_file() and valid_name(path.name):
                try:
                    found.append(self._describe(bucket, path))
                except FileNotFoundError:
                    continue        # deleted meanwhile
        return sorted(found, key=lambda f: (f.modified, f.name), reverse=True)

    def delete(self, bucket: str, name: str) -> bool:
        if not valid_object(name):
            return False
        try:
            (self.root / Bucket(bucket).value / name).unlink()
        except FileNotFoundError:
            return False
        return True

    @staticmethod
    def _describe(bucket: str, path: Path, name: str | None = None) -> StoredFile:
        stat = path.stat()
        return StoredFile(bucket=Bucket(bucket).value, name=name or path.name,
                          size=stat.st_size,
                          modified=datetime.fromtimestamp(stat.st_mtime, UTC),
                          url=path.resolve().as_uri(), path=path)
