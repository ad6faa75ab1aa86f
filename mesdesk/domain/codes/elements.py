"""A GS1 element string read field by field, restoring a missing GS from the Честный ЗНАК
field lengths, and the checks of every field."""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from mesdesk.domain import problems as P
from mesdesk.domain.errors import CodeFormatError
from mesdesk.domain.values import character_name

from .model import (CHARSET_82, GS, MAX_LENGTH, PREFERRED_SERIAL_LENGTHS, _AI_LENGTHS, _AIS,
                     _MAX_SERIAL, _Field, _Text, gtin_check_digit)


def _element_fields(text: _Text) -> tuple[list[_Field], bool]:
    """Split an element string into fields, restoring a missing GS after the serial if needed.

    When the serial runs to the end of the string (no GS at all) or is longer than a serial can
    be, every serial length is tried whose remainder parses completely as a Честный ЗНАК tail
    (93, or 91 and 92, with their usual lengths). Candidates are ranked by serial length: 13,
    6, 7, 8, then any other, shorter first. The unsplit reading competes too, so a plain
    ``01…21<13 characters>`` stays as it is.
    """
    gtin = _Field("01", text[2:16], text.position(0))
    _check_field(gtin)  # a wrong check digit is reported before anything else
    serial_ai = 17 if text.chars[16] == GS else 16
    rest = text[serial_ai + 2:]
    serial_at = text.position(serial_ai)
    gs_at = rest.chars.find(GS)
    segment = len(rest) if gs_at < 0 else gs_at

    candidates: list[tuple[tuple[int, int], list[_Field], bool]] = []
    plain_error: CodeFormatError | None = None
    try:
        plain = [gtin, _Field("21", rest[:segment], serial_at)]
        _check_field(plain[1])
        plain += _tail_fields(rest[segment:])
        _check_unique(plain)
        candidates.append((_rank(segment), plain, False))
    except CodeFormatError as error:
        plain_error = error

    if gs_at < 0 or segment > _MAX_SERIAL:
        lengths = PREFERRED_SERIAL_LENGTHS if plain_error is None else range(1, _MAX_SERIAL + 1)
        for length in lengths:
            if length < segment:
                split = _restored_split(gtin, rest, length, serial_at)
                if split is not None:
                    candidates.append((_rank(length), split, True))

    if not candidates:
        if plain_error is not None and segment <= _MAX_SERIAL:
            raise plain_error
        raise P.CODE_GS_MISSING(position=serial_at + 2, ai="21")
    _, fields, restored = min(candidates, key=lambda candidate: candidate[0])
    return fields, restored


def _rank(serial_length: int) -> tuple[int, int]:
    if serial_length in PREFERRED_SERIAL_LENGTHS:
        return PREFERRED_SERIAL_LENGTHS.index(serial_length), serial_length
    return len(PREFERRED_SERIAL_LENGTHS), serial_length


def _restored_split(gtin: _Field, rest: _Text, length: int, serial_at: int
                    ) -> list[_Field] | None:
    serial = _Field("21", rest[:length], serial_at)
    if not _field_ok(serial):
        return None
    for tail in _strict_tails(rest, length, frozenset(("01", "21"))):
        if _is_verification_tail(tail):
            return [gtin, serial, *tail]
    return None


def _is_verification_tail(tail: list[_Field]) -> bool:
    ais = {field.ai for field in tail}
    return "93" in ais or {"91", "92"} <= ais


def _ai_at(chars: str, index: int) -> str | None:
    for length in _AI_LENGTHS:
        candidate = chars[index:index + length]
        if candidate in _AIS:
            return candidate
    return None


def _tail_fields(text: _Text) -> list[_Field]:
    """Read the fields after the serial in order; variable fields end at GS or at the end."""
    fields = []
    index = 0
    while index < len(text):
        if text.chars[index] == GS:
            index += 1
            continue
        ai = _ai_at(text.chars, index)
        if ai is None:
            preview = text.chars[index:index + 8].replace(GS, "<GS>")
            raise P.CODE_NO_AI(position=text.position(index), preview=preview)
        start = index + len(ai)
        gs_at = text.chars.find(GS, start)
        end = len(text) if gs_at < 0 else gs_at
        if _AIS[ai].fixed:
            end = min(end, start + _AIS[ai].max_length)
        field = _Field(ai, text[start:end], text.position(index))
        _check_field(field)
        fields.append(field)
        index = end
    return fields


def _strict_tails(text: _Text, index: int, seen: frozenset[str]) -> Iterator[list[_Field]]:
    """Every way to read ``text[index:]`` completely as fields of their Честный ЗНАК lengths.

    ``seen`` are the AIs already read: an AI occurs once, which also bounds the search.
    """
    while index < len(text) and text.chars[index] == GS:
        index += 1
    if index == len(text):
        yield []
        return
    ai = _ai_at(text.chars, index)
    if ai is None or ai in seen:
        return
    for end in _strict_ends(ai, text.chars, index + len(ai)):
        field = _Field(ai, text[index + len(ai):end], text.position(index))
        if _field_ok(field):
            for more in _strict_tails(text, end, seen | {ai}):
                yield [field, *more]


def _strict_ends(ai: str, chars: str, start: int) -> list[int]:
    spec = _AIS[ai]
    gs_at = chars.find(GS, start)
    if spec.fixed:
        ends = [start + spec.max_length]
    elif spec.restore_lengths:
        ends = [start + length for length in spec.restore_lengths]
        if gs_at >= 0:
            ends.append(gs_at)
    else:
        ends = [len(chars) if gs_at < 0 else gs_at]
    return [end for end in dict.fromkeys(ends) if end <= len(chars)]


# --------------------------------------------------------------------------------------------
# Field checks


def _check_field(field: _Field) -> None:
    """Raise CodeFormatError if the field's value does not fit its AI."""
    spec = _AIS.get(field.ai)
    if spec is None:
        raise _field_error(P.CODE_UNKNOWN_AI, field)
    value = field.value
    if not value:
        raise _field_error(P.CODE_FIELD_EMPTY, field)
    if spec.min_length == spec.max_length and len(value) != spec.max_length:
        raise _field_error(P.CODE_FIELD_LENGTH, field, expected=spec.max_length,
                           actual=len(value))
    if len(value) > spec.max_length:
        raise _field_error(P.CODE_FIELD_TOO_LONG, field, maximum=spec.max_length)
    for index, char in enumerate(value):
        if not (char in "0123456789" if spec.digits else char in CHARSET_82):
            problem = P.CODE_NOT_A_DIGIT if spec.digits else P.CODE_OUTSIDE_CHARSET
            raise problem(character=character_name(char), position=field.text.position(index),
                          ai=field.ai)
    if field.ai == "01" and gtin_check_digit(value[:-1]) != value[-1]:
        raise _field_error(P.CODE_GTIN_CHECK_DIGIT, field, gtin=value,
                           expected=gtin_check_digit(value[:-1]))
    if field.ai == "17" and not _valid_yymmdd(value):
        raise _field_error(P.CODE_BAD_DATE, field, value=value)


def _field_ok(field: _Field) -> bool:
    try:
        _check_field(field)
    except CodeFormatError:
        return False
    return True


def _check_unique(fields: list[_Field]) -> None:
    seen: set[str] = set()
    for field in fields:
        if field.ai in seen:
            raise P.CODE_AI_REPEATED(ai=field.ai, position=field.at)
        seen.add(field.ai)


def _valid_yymmdd(value: str) -> bool:
    """GS1 dates: day 00 means the end of the month."""
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:])
    return 1 <= month <= 12 and day <= calendar.monthrange(year, month)[1]


# --------------------------------------------------------------------------------------------
# Errors


def _field_error(problem: P.ProblemType, field: _Field, **facts: object) -> CodeFormatError:
    """An error about a whole value: its position is where the value (or an empty one's AI) is."""
    position = field.text.position(0) if field.value else field.at
    return problem(position=position, ai=field.ai, **facts)


def _too_long(length: int) -> CodeFormatError:
    return P.CODE_TOO_LONG(maximum=MAX_LENGTH, length=length)
