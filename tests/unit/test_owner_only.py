"""Files that may hold secrets are their owner's only (issue 9, point 10): the data folder,
the log folder and file (also after a rollover), the offline scan journal and the settings
file, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from mesdesk.adapters.journal.sqlite_journal import SqliteScanJournal
from mesdesk.config import load_settings, save_settings
from mesdesk.owner_only import log_to_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def desktop_umask():
    """A desktop's usual umask: without care, files would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_log_folder_and_every_log_file_are_owner_only(tmp_path):
    data = tmp_path / "data"
    handler = log_to_file(data)
    assert handler is not None
    try:
        logging.getLogger("mesdesk.test").warning("a line")
        handler.doRollover()
        logging.getLogger("mesdesk.test").warning("another line")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    logs = data / "logs"
    assert mode(data) == 0o700 and mode(logs) == 0o700
    files = sorted(logs.iterdir())
    assert [f.name for f in files] == ["mesdesk.log", "mesdesk.log.1"]
    assert all(mode(f) == 0o600 for f in files)


def test_a_log_left_world_readable_by_an_older_version_is_tightened(tmp_path):
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True, mode=0o755)
    old = logs / "mesdesk.log"
    old.write_text("old lines\n")
    old.chmod(0o644)
    handler = log_to_file(tmp_path / "data")
    assert handler is not None
    logging.getLogger().removeHandler(handler)
    handler.close()
    assert mode(logs) == 0o700 and mode(old) == 0o600
    assert old.read_text().startswith("old lines")


def test_the_scan_journal_is_owner_only(tmp_path):
    journal = SqliteScanJournal(tmp_path / "data" / "scan-journal.sqlite3")
    try:
        journal.append(1, "0104601234567893215abc", "keyboard")
        assert mode(tmp_path / "data") == 0o700
        assert mode(journal.path) == 0o600
        assert all(mode(p) == 0o600 for p in (tmp_path / "data").iterdir())
    finally:
        journal.close()


def test_the_settings_file_is_owner_only(tmp_path):
    settings = load_settings(env={"MESDESK_CONFIG_DIR": str(tmp_path / "config"),
                                  "MESDESK_DATA_DIR": str(tmp_path / "data")},
                             database_url="postgresql://mes:pw@db.local/mes")
    path = save_settings(settings, ("database_url",))
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
