"""Reading what the services wrote, straight from the database, for assertions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text


def outbox(engine, event_type: str | None = None) -> list[dict[str, Any]]:
    query = "SELECT type, payload FROM outbox_events"
    params: dict[str, Any] = {}
    if event_type:
        query += " WHERE type = :type"
        params["type"] = event_type
    with engine.connect() as connection:
        rows = connection.execute(text(query + " ORDER BY seq"), params).all()
    return [{"type": row.type, **row.payload} for row in rows]


def audit(engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT action, entity, entity_id, actor, station, changes FROM audit_log "
            "ORDER BY id")).all()
    return [dict(row._mapping) for row in rows]


def scalar(engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def rows(engine, sql: str, **params: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql), params)]
