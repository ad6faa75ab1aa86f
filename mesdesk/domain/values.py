"""Parsing of the plain values 1C and users send: integers, booleans, dates, datetimes, text.

Each parser raises a catalogued ``value.*`` problem with the field name; the caller adds the
item index. Whatever arrives (a 5,000-digit number, a lone surrogate, a time before year 1
with an offset) ends as one of these problems, never as a Python or database error: dates and
times are kept to the years shifts are planned in (``FIRST_YEAR``..``LAST_YEAR``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from . import problems as P

INT32_MAX = 2_147_483_647
#: The years shift tasks are planned in: a date outside is a typo, and keeps every date and
#: time far from the edges of Python's and PostgreSQL's ranges.
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: Row ids are PostgreSQL bigints: a number outside 1..ROW_ID_MAX names no row, and must not
#: reach SQL, where it would be a "bigint out of range" error instead of "not found".
ROW_ID_MAX = 2**63 - 1
#: More digits than any column holds: refused before Python converts them (its limit is 4,300).
_MAX_DIGITS = 20
#: What no text field may hold: control characters but tab and line breaks, DEL, and unpaired
#: surrogates (what Python makes of bytes that are not UTF-8).
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def code_point(char: str) -> str:
    """A character by its code point, as messages name it: ``U+0007``."""
    return f"U+{ord(char):04X}"


def character_name(char: str) -> str:
    """A character as a message shows it: ``'é' (U+00E9)``; a control, space or unpaired
    surrogate character by its code point only (it cannot be shown)."""
    if char.isprintable() and not char.isspace():
        return f"{char!r} ({code_point(char)})"
    return code_point(char)


def is_unpaired_surrogate(char: str) -> bool:
    """What Python makes of bytes that are not UTF-8: text no database can store."""
    return "\ud800" <= char <= "\udfff"


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be the id of a stored row."""
    return 1 <= value <= ROW_ID_MAX


def parse_int(value: object, field: str, *, minimum: int = 1, maximum: int = INT32_MAX) -> int:
    if isinstance(value, bool):
        raise P.VALUE_NOT_INTEGER(value=_show(value), field=field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value, re.ASCII):
        if len(value.strip().lstrip("+-").lstrip("0")) > _MAX_DIGITS:
            raise P.VALUE_OUT_OF_RANGE(minimum=minimum, maximum=maximum, value=_show(value),
                                       field=field)
        value = int(value)
    if not isinstance(value, int):
        raise P.VALUE_NOT_INTEGER(value=_show(value), field=field)
    if not minimum <= value <= maximum:
        raise P.VALUE_OUT_OF_RANGE(minimum=minimum, maximum=maximum, value=_show(value),
                                   field=field)
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
    raise P.VALUE_NOT_BOOLEAN(value=_show(value), field=field)


def parse_text(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    if type(value) is str:              # the usual value: none of the checks of the others
        text = value.strip()
    else:
        if value is None:
            value = ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise P.VALUE_NOT_TEXT(value=_show(value), field=field)
        text = value.strip() if isinstance(value, str) else _number_text(value)
    if required and not text:
        raise P.VALUE_REQUIRED(field=field)
    if len(text) > max_length:
        raise P.VALUE_TOO_LONG(limit=max_length, length=len(text), field=field)
    bad = _UNUSABLE.search(text)        # one C-speed scan instead of a loop over characters
    if bad is not None:
        char, position = bad.group(), bad.start() + 1
        if is_unpaired_surrogate(char):
            raise P.VALUE_CHARACTER_UNUSABLE(char=code_point(char), position=position,
                                             field=field)
        raise P.VALUE_CONTROL_CHARACTER(char=code_point(char), position=position, field=field)
    return text


def _number_text(value: int | float) -> str:
    """A number sent where text belongs (1C sends a shift "2" as 2), never Python's error for
    an integer of thousands of digits."""
    if isinstance(value, int) and abs(value) >= 10**_MAX_DIGITS:
        return "9" * 5000   # longer than any text column: refused as too long
    return str(value)


def parse_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        return _in_years(value.date(), field)
    if isinstance(value, date):
        return _in_years(value, field)
    if isinstance(value, str):
        text = value.strip()
        dotted = _DOTTED_DATE.match(text)
        try:
            if dotted:
                day, month, year = (int(part) for part in dotted.group(1, 2, 3))
                return _in_years(date(year, month, day), field)
            if len(text) == 10:
                return _in_years(date.fromisoformat(text), field)
            return _in_years(datetime.fromisoformat(text).date(), field)
        except ValueError:
            pass
    raise P.VALUE_NOT_DATE(value=_show(value), field=field)


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
        raise P.VALUE_NOT_DATETIME(value=_show(value), field=field)
    _in_years(parsed, field)          # before any time zone arithmetic can overflow
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _in_years(day: date, field: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise P.VALUE_YEAR_OUT_OF_RANGE(year=day.year, first=FIRST_YEAR, last=LAST_YEAR,
                                        field=field)
    return day


def _show(value: object) -> str:
    """A value as the user sent it, short enough for a sentence."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_MAX_DIGITS:
        return f"~10^{int(value.bit_length() * 0.30103)}"   # repr would fail past 4,300 digits
    try:
        text = repr(value)
    except (ValueError, RecursionError):     # a huge number or deep nesting inside
        return {list: "[…]", dict: "{…}"}.get(type(value), "…")
    return text if len(text) <= 60 else text[:57] + "..."
