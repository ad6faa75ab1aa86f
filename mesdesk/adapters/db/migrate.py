"""Schema upgrades with Alembic, serialised across stations by a PostgreSQL advisory lock.

The Alembic configuration is built here rather than read from an ini file, and the script
location is resolved at run time so a frozen build finds ``migrations/`` next to the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from mesdesk.installation import find

# Any constant works; it only has to be the same for every MESDesk process.
MIGRATION_LOCK_KEY = 0x4D455344  # "MESD"


def migrations_dir() -> Path:
    """``migrations/`` of this installation: a bundle's, a wheel's or the checkout's
    (``mesdesk.installation``)."""
    found = find("migrations", "env.py")
    if not (found / "env.py").is_file():
        raise FileNotFoundError("The migrations folder is missing from this installation")
    return found


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_status(engine: Engine) -> SchemaStatus:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory.from_config(alembic_config(connection)).get_current_head()
    return SchemaStatus(current=current, head=head or "")


def _run_locked(engine: Engine, action) -> None:
    with engine.connect() as connection:
        # A session-level lock: it outlives the transactions Alembic runs under it.
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()
        try:
            with connection.begin():
                action(alembic_config(connection))
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                               {"key": MIGRATION_LOCK_KEY})
            connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade under the advisory lock: a second station waits, then finds nothing to do."""
    _run_locked(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run_locked(engine, lambda config: command.downgrade(config, revision))
