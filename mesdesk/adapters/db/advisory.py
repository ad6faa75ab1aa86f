"""Session-level PostgreSQL advisory locks for work that must run once at a time across every
station and worker (the §9 scheduled tasks).

The lock is held by a connection of its own for as long as the work runs, outside any
transaction (so the work's own units of work commit as usual). If the process dies, the server
drops the lock with the session: nothing is ever left locked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key per name, the same on every station."""
    digest = hashlib.blake2b(f"mesdesk.scheduler.{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def try_advisory_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Hold the advisory lock of ``name`` while the block runs, if it is free: yields whether
    this process got it (False: someone else holds it now; the block should not do the work).
    Raises the driver's error when the database cannot be reached."""
    key = lock_key(name)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                       {"key": key}).scalar_one())
        try:
            yield held
        finally:
            if held:
                _unlock(connection, key)


def _unlock(connection: Connection, key: int) -> None:
    try:
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    except Exception:
        # Never hand a connection that may still hold the lock back to the pool; the server
        # drops the lock with the session.
        connection.invalidate()
        raise
