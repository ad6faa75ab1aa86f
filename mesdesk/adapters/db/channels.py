"""LISTEN/NOTIFY channels and their payloads: what changed, for views and the dispatcher."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, text

CHANGES_CHANNEL = "mesdesk_changes"   # GUI views listen here
OUTBOX_CHANNEL = "mesdesk_outbox"     # the webhook dispatcher listens here
MAIL_CHANNEL = "mesdesk_mail"         # the mail worker listens here
# PostgreSQL's NOTIFY payload limit is 8000 bytes; past this many ids we say "everything".
MAX_NOTIFIED_IDS = 200


def batches_changed(ids: Iterable[int] | None, station: str) -> str:
    """``ids`` None (or too many to list) means: refresh every batch."""
    listed = None if ids is None else sorted(ids)
    if listed is not None and len(listed) > MAX_NOTIFIED_IDS:
        listed = None
    return json.dumps({"entity": "batch", "ids": listed, "station": station},
                      ensure_ascii=False)


def entity_changed(entity: str, station: str) -> str:
    """Rows of ``entity`` changed (which ones is not said: views read their page again)."""
    return json.dumps({"entity": entity, "ids": None, "station": station}, ensure_ascii=False)


def outbox_grew(count: int) -> str:
    return json.dumps({"events": count})


def outbox_grew_sql(count: str) -> str:
    """``outbox_grew`` for a count only a statement knows, as SQL (``jsonb`` prints its text
    as ``json.dumps`` does: ``{"events": 3}``)."""
    return f"CAST(jsonb_build_object('events', {count}) AS text)"


def notify(connection: Connection, channel: str, payload: str) -> None:
    """NOTIFY in the connection's transaction: delivered when it commits, dropped on rollback."""
    connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                       {"channel": channel, "payload": payload})
