"""Files and folders only their owner can read (issue 9, point 10). Stdlib only.

The data folder holds the database, the offline scan journal and the log (which may name
webhook URLs and errors); the settings file may hold a database URL. They are created
owner-only: folders 0700, files 0600, whatever the umask. Existing ones are tightened when
opened, so a log written world-readable by an older version stops being readable by others.
On Windows, where POSIX modes mean little, nothing is changed.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
LOG_FILE = "mesdesk.log"

_POSIX = os.name == "posix"


def private_folder(path: Path) -> Path:
    """``path`` (and missing parents) created if needed; ``path`` itself made 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _chmod(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if missing (never readable by others, not even for a moment)
    and made 0600; its folder must exist."""
    path = Path(path)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
    _chmod(path, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    if not _POSIX:
        return
    try:
        os.chmod(path, mode)
    except OSError:
        pass   # not ours (a shared folder given by hand): leave it as its owner set it


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (the first and each after a rollover) is 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        private_file(Path(self.baseFilename))
        return super()._open()


def log_to_file(data_dir: Path) -> logging.Handler | None:
    """Log records of INFO and above go to ``data_dir/logs/mesdesk.log`` (owner-only); None
    when the folder cannot be written (a read-only data folder must not stop the program)."""
    try:
        private_folder(data_dir)
        folder = private_folder(Path(data_dir) / "logs")
        handler = PrivateRotatingFileHandler(folder / LOG_FILE, maxBytes=5_000_000,
                                             backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: "
                                           "%(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler
