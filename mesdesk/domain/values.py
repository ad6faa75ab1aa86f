"""Parsing of the plain values 1C and users send: integers, booleans, dates, datetimes, text.

Each parser raises ``ValidationError`` with the field name; the caller adds the item index.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from .errors import ValidationError

INT32_MAX = 2_147_483_647
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_int(value: object, field: str, *, minimum: int = 1, maximum: int = INT32_MAX) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"expected a whole number, got {value!r}", field=field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ValidationError(f"expected a whole number, got {_show(value)}", field=field)
    if not minimum <= value <= maximum:
        raise ValidationError(f"must be between {minimum} and {maximum}, got {value}", field=field)
    return value


def parse_bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes", "да", "истина"):
            return True
        if lowered in ("false", "0", "no", "нет", "ложь"):
            return False
    raise ValidationError(f"expected true or false, got {_show(value)}", field=field)


def parse_text(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError(f"expected text, got {_show(value)}", field=field)
    text = str(value).strip()
    if required and not text:
        raise ValidationError("must not be empty", field=field)
    if len(text) > max_length:
        raise ValidationError(f"is longer than {max_length} characters ({len(text)})", field=field)
    for position, char in enumerate(text):
        if ord(char) < 32 and char not in "\t\n\r" or ord(char) == 127:
            raise ValidationError(
                f"contains the control character U+{ord(char):04X} at position {position + 1}",
                field=field)
    return text


def parse_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        dotted = _DOTTED_DATE.match(text)
        try:
            if dotted:
                day, month, year = (int(part) for part in dotted.group(1, 2, 3))
                return date(year, month, day)
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ValidationError(f"expected a date like 2024-01-30, got {_show(value)}", field=field)


def parse_datetime(value: object, field: str, tz: tzinfo) -> datetime:
    """An aware datetime; a naive one is read in the production time zone ``tz``."""
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        dotted = _DOTTED_DATE.match(text)
        try:
            if dotted:
                day, month, year, hour, minute, second = dotted.groups()
                parsed = datetime(int(year), int(month), int(day), int(hour or 0),
                                  int(minute or 0), int(second or 0))
            elif text:
                parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError(
            f"expected a date and time like 2024-01-30T08:00:00, got {_show(value)}", field=field)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
