"""Opaque keyset cursors: the last row's sort value and id, as URL-safe base64 JSON."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mesdesk.domain.errors import ValidationError


def encode_cursor(value: Any, row_id: int) -> str:
    if isinstance(value, datetime):
        packed: Any = {"dt": value.isoformat()}
    elif isinstance(value, date):
        packed = {"d": value.isoformat()}
    elif isinstance(value, Decimal):
        packed = {"n": str(value)}
    else:
        packed = value
    raw = json.dumps([packed, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        packed, row_id = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise ValidationError("the page cursor is not valid", field="cursor") from exc
    if isinstance(packed, dict):
        if "dt" in packed:
            return datetime.fromisoformat(packed["dt"]), int(row_id)
        if "d" in packed:
            return date.fromisoformat(packed["d"]), int(row_id)
        if "n" in packed:
            return Decimal(packed["n"]), int(row_id)
    return packed, int(row_id)
