"""Alembic environment: the connection and metadata come from MESDesk, never from an ini file.

Logging is left alone (no ``fileConfig``) so the application's logging setup survives.
"""

from __future__ import annotations

from alembic import context

from mesdesk.adapters.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through `mesdesk db upgrade`, which supplies the connection")

context.configure(connection=connection, target_metadata=metadata, compare_type=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
