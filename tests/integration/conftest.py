"""Fixtures shared by the integration tests of files: a local file store in the test's
folder, the export writer the app uses, and ``run(path, **options)``: the import use case on
that store with the app's sheet reader."""

from __future__ import annotations

import pytest

from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.services.imports import import_file


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "files")


@pytest.fixture
def writer():
    return ExportWriter()


@pytest.fixture
def run(uow_factory, store, tz):
    def run(path, **options):
        return import_file(uow_factory, store, SheetFileReader(), path, tz, **options)
    return run
