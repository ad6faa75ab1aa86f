"""A real PostgreSQL for the tests, started once per session through MESDesk's own manager."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from mesdesk.adapters.db.embedded import EmbeddedPostgres
from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.migrate import upgrade
from mesdesk.adapters.db.tables import metadata
from mesdesk.domain.credentials import pin_hash


#: The test administrator's PIN is 0000 (hashed once: the hash takes 50 ms).
TEST_ADMIN_PIN = "0000"
TEST_ADMIN_PIN_HASH = pin_hash(TEST_ADMIN_PIN)


class TestPostgres:
    __test__ = False  # not a test class

    def __init__(self, directory: Path) -> None:
        self._server = EmbeddedPostgres(directory, database="postgres")
        self.admin_url = ""

    def start(self) -> None:
        self.admin_url = self._server.start()

    def stop(self) -> None:
        self._server.stop()

    def url_for(self, database: str) -> str:
        return self.admin_url.replace("/postgres?", f"/{database}?", 1)

    def create_database(self, name: str) -> str:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` (a benchmark's gigabytes are not kept after it)."""
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    def migrated_database(self, name: str) -> str:
        url = self.create_database(name)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        return url

    def empty_database(self, url: str) -> None:
        engine = create_engine(url)
        names = ", ".join(table.name for table in metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            # Past the first start: the administrator the CLI's tests run as (MESDESK_USER).
            connection.execute(text(
                "INSERT INTO users (login, role, pin_hash) VALUES ('admin', 'administrator', "
                ":pin)"), {"pin": TEST_ADMIN_PIN_HASH})
        engine.dispose()
