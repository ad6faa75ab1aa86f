"""Fixtures shared by the integration tests of exports: a local file store in the test's
folder and the export writer the app uses."""

from __future__ import annotations

import pytest

from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.adapters.storage import LocalFileStore


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "files")


@pytest.fixture
def writer():
    return ExportWriter()
