"""Schema upgrades with Alembic, serialised across stations by a PostgreSQL advisory lock.

The Alembic configuration is built here rather than read from an ini file, and the script
location is resolved at run time so a frozen build finds ``migrations/`` next to the package.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

# Any constant works; it only has to be the same for every MESDesk process.
MIGRATION_LOCK_KEY = 0x4D455344  # "MESD"


def migrations_dir() -> Path:
    """``migrations/`` beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "migrations"] if bundle else []
    candidates.append(Path(__file__).resolve().parents[3] / "migrations")
    for candidate in candidates:
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("The migrations folder is missing from this installation")


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
