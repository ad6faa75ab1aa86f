"""Opaque keyset cursors: the sort they belong to, the last row's sort value and its id, as
URL-safe base64 JSON.

A cursor comes back from outside (the CLI's ``--cursor``, a script): anything wrong with it
(not base64, not ours, from another sort order, a value of the wrong type or out of range,
text PostgreSQL cannot hold) is the one refusal ``page.cursor_invalid``, never a database
error.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.values import is_row_id

INT64_MAX = 2**63 - 1
MAX_CURSOR_LENGTH = 4096
MAX_TEXT = 1000


def encode_cursor(value: Any, row_id: int, kind: str = "") -> str:
    """``kind`` names the order the cursor belongs to (a sort column, "products", …)."""
    if isinstance(value, datetime):
        packed: Any = {"dt": value.isoformat()}
    elif isinstance(value, date):
        packed = {"d": value.isoformat()}
    elif isinstance(value, Decimal):
        packed = {"n": str(value)}
    else:
        packed = value
    raw = json.dumps([kind, packed, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str = "", expect: type | None = None) -> tuple[Any, int]:
    """The (sort value, row id) of a cursor made by :func:`encode_cursor` for ``kind``; with
    ``expect``, the value must be of that type (the sort column's Python type)."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        made_for, packed, row_id = json.loads(raw)
        if made_for != kind:
            raise ValueError("another order")
        value = _unpack(packed)
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not is_row_id(row_id):
            raise ValueError("row id")
        if expect is not None and value is not None and not _fits(value, expect):
            raise ValueError("value type")
    except (ValueError, TypeError, UnicodeError, binascii.Error, InvalidOperation,
            RecursionError) as exc:
        raise P.CURSOR_INVALID(field="cursor") from exc
    return value, row_id


def _unpack(packed: Any) -> Any:
    if isinstance(packed, dict):
        if len(packed) != 1:
            raise ValueError("shape")
        (tag, text), = packed.items()
        if not isinstance(text, str) or len(text) > 64:
            raise ValueError("shape")
        if tag == "dt":
            return datetime.fromisoformat(text)
        if tag == "d":
            return date.fromisoformat(text)
        if tag == "n":
            number = Decimal(text)
            if not number.is_finite():
                raise ValueError("number")
            return number
        raise ValueError("tag")
    if isinstance(packed, bool) or packed is None:
        return packed
    if isinstance(packed, int):
        if not -INT64_MAX - 1 <= packed <= INT64_MAX:
            raise ValueError("integer range")
        return packed
    if isinstance(packed, float):
        if packed != packed or packed in (float("inf"), float("-inf")):
            raise ValueError("number")
        return packed
    if isinstance(packed, str):
        if len(packed) > MAX_TEXT or "\x00" in packed:
            raise ValueError("text")
        packed.encode("utf-8")   # a lone surrogate cannot be sent
        return packed
    raise ValueError("shape")


def _fits(value: Any, expect: type) -> bool:
    if expect is datetime:
        return isinstance(value, datetime)
    if expect is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if expect is Decimal:
        return isinstance(value, (Decimal, int)) and not isinstance(value, bool)
    if expect is float:
        return isinstance(value, (float, int, Decimal)) and not isinstance(value, bool)
    if expect is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expect)
