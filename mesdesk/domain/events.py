"""Events of §6, in past tense: what happened, with the payload receivers get as ``data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Mapping

BATCH_CREATED = "batch_created"
BATCH_UPDATED = "batch_updated"
BATCH_CLOSED = "batch_closed"
PRODUCT_AGGREGATED = "product_aggregated"
REPORT_GENERATED = "report_generated"
IMPORT_COMPLETED = "import_completed"
PING = "ping"

EVENT_TYPES = (BATCH_CREATED, BATCH_UPDATED, BATCH_CLOSED, PRODUCT_AGGREGATED,
               REPORT_GENERATED, IMPORT_COMPLETED, PING)


_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})


def to_json_value(value: Any) -> Any:
    """Dates as ISO 8601, datetimes in UTC with milliseconds and ``Z``, the rest unchanged.

    The fixed precision keeps payloads written by SQL (bulk aggregation) byte-identical in
    shape to those written here.
    """
    if type(value) in _AS_THEY_ARE:     # most values: no isinstance against ABCs below
        return value
    if type(value) is dict:             # a payload, its changes: their plain values as they are
        return {k if type(k) is str else str(k):
                v if type(v) in _AS_THEY_ARE else to_json_value(v) for k, v in value.items()}
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value.isoformat(timespec="milliseconds") + "Z"
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, Mapping)):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Event:
    """An event to be written to the outbox in the transaction that caused it.

    ``batch_id`` (when the event concerns a batch) lets notifications name what changed.
    """

    type: str
    data: dict[str, Any] = field(default_factory=dict)
    batch_id: int | None = None

    def payload(self) -> dict[str, Any]:
        return to_json_value(self.data)


def batch_created(batch: Mapping[str, Any]) -> Event:
    return Event(BATCH_CREATED, dict(batch), batch_id=batch["id"])


def batch_updated(batch_id: int, batch_number: int, changes: Mapping[str, Any]) -> Event:
    return Event(BATCH_UPDATED,
                 {"id": batch_id, "batch_number": batch_number, "changes": dict(changes)},
                 batch_id=batch_id)


def batch_closed(batch_id: int, batch_number: int, closed_at: datetime, total: int,
                 aggregated: int, rate: float) -> Event:
    return Event(BATCH_CLOSED, {
        "id": batch_id, "batch_number": batch_number, "closed_at": closed_at,
        "statistics": {"total_products": total, "aggregated": aggregated,
                       "aggregation_rate": rate},
    }, batch_id=batch_id)


#: The payload of ``product_aggregated``: its fields in order, with their types. The one
#: definition the Python event below and the SQL that writes these events set-based (the scan
#: statement, bulk aggregation: ``adapters/db/event_sql.py``) are both built from.
PRODUCT_AGGREGATED_FIELDS: tuple[tuple[str, type], ...] = (
    ("unique_code", str), ("batch_id", int), ("batch_number", int), ("aggregated_at", datetime),
)


def product_aggregated(unique_code: str, batch_id: int, batch_number: int,
                       aggregated_at: datetime) -> Event:
    values = (unique_code, batch_id, batch_number, aggregated_at)
    return Event(PRODUCT_AGGREGATED,
                 {name: value for (name, _), value in zip(PRODUCT_AGGREGATED_FIELDS, values)},
                 batch_id=batch_id)


def report_generated(batch_id: int, report_type: str, file_url: str,
                     expires_at: datetime | None) -> Event:
    """A batch report was stored (§6): its format (``xlsx`` | ``pdf``), where to fetch it,
    and until when that link works (``None``: a link that does not expire, the local store)."""
    return Event(REPORT_GENERATED, {"batch_id": batch_id, "report_type": report_type,
                                    "file_url": file_url, "expires_at": expires_at},
                 batch_id=batch_id)


def import_completed(data: Mapping[str, Any]) -> Event:
    """An import of a file finished: its counts, its first errors, where its copy is kept."""
    return Event(IMPORT_COMPLETED, dict(data))
