"""Fixtures shared by the integration tests of files: a local file store in the test's
folder, the export writer the app uses, ``run(path, **options)``: the import use case on
that store with the app's sheet reader, and ``server_to_stop``: a server of the test's own."""

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


@pytest.fixture
def server_to_stop(tmp_path):
    """(server, unit-of-work factory) on a migrated database of a PostgreSQL server of this
    test's own, for a test that stops it mid-way (the session's server stays up)."""
    from mesdesk.adapters.db.engine import make_engine
    from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
    from tests.support.postgres import TestPostgres

    server = TestPostgres(tmp_path / "pg")
    server.start()
    engine = make_engine(server.migrated_database("lost"))
    try:
        yield server, SqlUnitOfWorkFactory(engine, station="test-station")
    finally:
        engine.dispose()
        server.stop()
