"""Alembic migrations: up from nothing, down to nothing, matching the tables, under a lock."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.migrate import downgrade, schema_status, upgrade
from mesdesk.adapters.db.tables import metadata


def test_upgrade_head_then_downgrade_base_then_upgrade_again(postgres):
    engine = make_engine(postgres.create_database("mesdesk_migrations"))
    try:
        assert schema_status(engine).current is None
        upgrade(engine)
        status = schema_status(engine)
        assert status.up_to_date
        tables = set(inspect(engine).get_table_names())
        assert {"batches", "products", "work_centers", "outbox_events", "jobs",
                "audit_log", "webhook_subscriptions", "webhook_deliveries",
                "webhook_attempts"} <= tables
        constraints = {c["name"] for c in inspect(engine).get_unique_constraints("batches")}
        assert "uq_batch_number_date" in constraints
        indexes = {i["name"] for i in inspect(engine).get_indexes("batches")}
        assert {"idx_batch_closed", "idx_batch_shift_times"} <= indexes
        assert "idx_product_batch_id" in {
            i["name"] for i in inspect(engine).get_indexes("products")}
        with engine.connect() as connection:    # room for aggregation's in-page updates (0012)
            assert connection.execute(text(
                "SELECT reloptions FROM pg_class WHERE relname = 'products'")).scalar() == [
                "fillfactor=50"]

        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        assert diff == [], f"migrations and tables.py disagree: {diff}"

        downgrade(engine)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert schema_status(engine).up_to_date
    finally:
        engine.dispose()


def test_the_audit_log_is_append_only(engine):
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_log (action, entity) VALUES ('x', 'y')"))
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET action = 'changed'"))
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))


def test_two_stations_starting_at_once_do_not_both_migrate(postgres):
    url = postgres.create_database("mesdesk_race")
    engines = [make_engine(url), make_engine(url)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def start(engine) -> None:
        barrier.wait()
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert schema_status(engines[0]).up_to_date
    finally:
        for engine in engines:
            engine.dispose()
