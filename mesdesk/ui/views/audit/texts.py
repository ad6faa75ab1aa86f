"""The audit log in words: actions, entities and fields by their recorded names, values
without JSON punctuation. Names the app does not know are shown as recorded (a newer station
may write actions this one has no words for)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from mesdesk.domain.audit import Change, value_text

from ...text.formats import Formats

# JSON keeps times as ISO 8601 text: shown as the locale writes dates and times.
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CONTEXT = "Audit"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def action_name(action: str) -> str:
    names = {
        "create": tr("Created"),
        "update": tr("Changed"),
        "delete": tr("Deleted"),
        "close": tr("Closed"),
        "reopen": tr("Reopened"),
        "create_from_1c": tr("Created from 1C"),
        "update_from_1c": tr("Updated from 1C"),
        "create_from_import": tr("Created from a file"),
        "update_from_import": tr("Updated from a file"),
        "import_products": tr("Products imported"),
        "add_products_from_1c": tr("Products added from 1C"),
        "add_products": tr("Products added"),
        "bulk_aggregate": tr("Bulk aggregation"),
        "report": tr("Report made"),
        "test": tr("Test event sent"),
        "resend": tr("Sent again"),
        "resend_failed": tr("Failed deliveries sent again"),
        "retry_failed": tr("Failed deliveries retried"),
        "demo": tr("Demo data created"),
    }
    return names.get(action, action)


def entity_name(entity: str) -> str:
    names = {
        "batch": tr("Batch"),
        "webhook_subscription": tr("Webhook subscription"),
        "webhook_delivery": tr("Webhook delivery"),
        "product": tr("Product"),
        "file": tr("File"),
        "settings": tr("Settings"),
    }
    return names.get(entity, entity)


def field_name(field: str) -> str:
    names = {
        "batch_number": tr("Batch number"),
        "batch_date": tr("Batch date"),
        "is_closed": tr("Closed"),
        "closed_at": tr("Closed at"),
        "work_center": tr("Work center"),
        "shift": tr("Shift"),
        "team": tr("Team"),
        "nomenclature": tr("Nomenclature"),
        "ekn_code": tr("EKN code"),
        "shift_start": tr("Shift start"),
        "shift_end": tr("Shift end"),
        "added": tr("Products added"),
        "aggregated": tr("Aggregated"),
        "batches": tr("Batches"),
        "format": tr("Format"),
        "object": tr("File"),
        "rows": tr("Rows"),
        "url": tr("URL"),
        "events": tr("Events"),
        "custom_headers": tr("Custom headers"),
        "rate_limit": tr("Rate limit"),
        "retry_count": tr("Retries"),
        "timeout": tr("Timeout"),
        "is_active": tr("Active"),
        "requeued": tr("Sent again"),
        "count": tr("Count"),
    }
    return names.get(field, field.replace("_", " "))


def shown_value(value: Any, formats: Formats | None = None) -> str:
    """A recorded value as a person reads it ("—" for none, yes/no for true/false, times
    and dates in the locale's way, times in the production time zone)."""
    if formats is not None and isinstance(value, str):
        moment = _moment(value)
        if isinstance(moment, datetime):
            return formats.datetime(moment)
        if isinstance(moment, date):
            return formats.date(moment)
    return value_text(value, empty="—", true=tr("yes"), false=tr("no"))


def _moment(text: str) -> date | datetime | None:
    try:
        if _ISO_MOMENT.match(text):
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        return None
    return None


def change_cells(change: Change, formats: Formats | None = None) -> tuple[str, str, str]:
    """(field, before, after) of one change; a before the row does not keep is said so."""
    before = shown_value(change.before, formats) if change.has_before else tr("not recorded")
    return (field_name(change.field) if change.field else tr("Value"), before,
            shown_value(change.after, formats))


def entity_text(entity: str, entity_id: str | None) -> str:
    name = entity_name(entity)
    return name if entity_id is None else tr("{entity} {id}").format(entity=name, id=entity_id)
