"""From a scan to a ParsedCode: GS tokens, layout repair, the canonical, HRI and opaque forms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from mesdesk.domain import problems as P
from mesdesk.domain.errors import CodeFormatError
from mesdesk.domain.keyboard_layout import has_cyrillic, is_cyrillic, repair_russian_layout
from mesdesk.domain.values import code_point

from .elements import _check_field, _check_unique, _element_fields, _field_error, _too_long
from .model import (BUILTIN_GS_TOKENS, CHARSET_82, GS, MAX_LENGTH, _AIS, _GS1_START, _HRI_AI,
                    _INFORMATION_SEPARATORS, _MAX_RAW_LENGTH, _PREDEFINED_LENGTH,
                    _SYMBOLOGY_PREFIX, _TRUNCATED_GTIN, ParsedCode, _Field, _Text,
                    gtin_check_digit)


def parse_code(raw: str, *, gs_tokens: Sequence[str] = (), repair_layout: bool = True
               ) -> ParsedCode:
    """Read one scanned or typed code (SPEC §5); raise CodeFormatError/LayoutError if it is bad.

    ``gs_tokens`` are station-configured strings that stand for GS, in addition to the built-in
    ones. With ``repair_layout`` a scan typed in the Russian layout is repaired by physical key;
    without it, such a scan is a LayoutError.
    """
    if not isinstance(raw, str):
        raise P.CODE_NOT_TEXT(type=type(raw).__name__)
    tokens = (gs_tokens,) if isinstance(gs_tokens, str) else tuple(gs_tokens)
    canonical = _parse_canonical(raw, tokens)
    if canonical is not None:
        return canonical
    if _typed_in_russian_layout(raw):
        return _parse_russian_layout(raw, tokens, repair_layout)
    return _parse(raw, raw, tokens)


# --------------------------------------------------------------------------------------------
# Fast path: the canonical Честный ЗНАК shapes, as scanners with GS set up correctly send them.
# Bulk aggregation parses 100,000 codes per job, so the usual shape skips the general machinery;
# tests check that it returns exactly what the general parser returns.

_C82 = "[" + re.escape("".join(sorted(CHARSET_82))) + "]"
_CANONICAL = re.compile(
    rf"01([0-9]{{14}})21({_C82}{{1,20}})"
    rf"(?:\x1d91({_C82}{{4}})\x1d92({_C82}{{1,90}})|\x1d93({_C82}{{1,90}}))?\Z")


def code_and_identity(raw: str, *, gs_tokens: Sequence[str] = ()) -> tuple[str, str]:
    """``(code, identity)`` of ``parse_code(raw, gs_tokens=gs_tokens)``, raising what it raises.

    For lists of 100,000 codes (adding codes, intake, imports, bulk aggregation): a canonical
    code is recognised by one regular expression and its identity is a slice of it, without
    building a ``ParsedCode``; every other shape goes through ``parse_code``. Tests check that
    both give the same for every shape and every bad input.
    """
    if raw.__class__ is str:
        match = _canonical_match(raw, gs_tokens)
        if match is not None:
            return raw, raw[:match.end(2)]
    parsed = parse_code(raw, gs_tokens=gs_tokens)
    return parsed.code, parsed.identity


def _canonical_match(raw: str, tokens: Sequence[str]) -> re.Match[str] | None:
    """The match of a code the fast path may take as it is, else None."""
    match = _CANONICAL.match(raw)
    if match is None or len(raw) > MAX_LENGTH:
        return None
    # "<GS>" and a configured token may be spelled in charset-82 characters.
    if "<" in raw and "<gs>" in raw.lower():
        return None
    for token in tokens:
        if token and token in raw:
            return None
    if match.end() == match.end(2) and match.end(2) - match.start(2) != 13:
        return None  # a tail-less serial of another length may hide a missing GS
    gtin = match.group(1)
    if gtin not in _GOOD_GTINS and not _gtin_ok(gtin):
        return None  # the general parser explains the error
    return match


#: GTINs whose check digit was found right: a list of codes repeats a few GTINs many times.
_GOOD_GTINS: set[str] = set()
_GOOD_GTINS_KEPT = 10_000


def _gtin_ok(gtin: str) -> bool:
    if gtin_check_digit(gtin[:-1]) != gtin[-1]:
        return False
    if len(_GOOD_GTINS) >= _GOOD_GTINS_KEPT:
        _GOOD_GTINS.clear()
    _GOOD_GTINS.add(gtin)
    return True


def _parse_canonical(raw: str, tokens: tuple[str, ...]) -> ParsedCode | None:
    match = _canonical_match(raw, tokens)
    if match is None:
        return None
    gtin, serial, key, signature, tail = match.groups()
    ais = [("01", gtin), ("21", serial)]
    if key is not None:
        ais += [("91", key), ("92", signature)]
    elif tail is not None:
        ais.append(("93", tail))
    return ParsedCode(raw=raw, code=raw, identity=f"01{gtin}21{serial}", is_gs1=True,
                      gtin=gtin, serial=serial, gs_restored=False, layout_repaired=False,
                      ais=tuple(ais))


# --------------------------------------------------------------------------------------------
# Keyboard layout


def _typed_in_russian_layout(text: str) -> bool:
    return "№" in text or has_cyrillic(text)


def _first_russian_position(text: str) -> int:
    return next(index for index, char in enumerate(text) if char == "№" or is_cyrillic(char)) + 1


def _parse_russian_layout(raw: str, tokens: tuple[str, ...], repair_layout: bool) -> ParsedCode:
    position = _first_russian_position(raw)
    if not repair_layout:
        raise P.CODE_LAYOUT(character=repr(raw[position - 1]), position=position)
    repaired = repair_russian_layout(raw)
    if _typed_in_russian_layout(repaired):  # letters the ЙЦУКЕН layout cannot type
        raise P.CODE_LAYOUT_UNREPAIRABLE(position=_first_russian_position(repaired))
    try:
        parsed = _parse(raw, repaired, tokens)
    except CodeFormatError as error:
        raise P.CODE_LAYOUT_UNREPAIRABLE(position=error.details.get("position"),
                                         cause=error.problem.code) from error
    return replace(parsed, layout_repaired=True)


# --------------------------------------------------------------------------------------------
# Normalisation


def _parse(raw: str, text: str, tokens: tuple[str, ...]) -> ParsedCode:
    if len(text) > _MAX_RAW_LENGTH:
        raise _too_long(len(text))
    normalised = _trim(_replace_tokens(_Text.of(text), _token_pattern(tokens)))
    if not normalised.chars:
        raise P.CODE_EMPTY()
    _check_characters(normalised)
    if _TRUNCATED_GTIN.match(normalised.chars):
        raise P.CODE_TRUNCATED_GTIN(count=len(normalised) - 2, position=normalised.position(2),
                                    ai="01")
    if normalised.chars.startswith("(01)"):
        return _parse_hri(raw, normalised)
    if _GS1_START.match(normalised.chars):
        fields, restored = _element_fields(normalised)
        return _gs1_result(raw, fields, restored)
    return _opaque_result(raw, normalised.chars)


@lru_cache(maxsize=64)
def _token_pattern(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for every GS token, longest first; built-in tokens match in any letter case."""
    alternatives = [(len(token), re.escape(token)) for token in tokens if token]
    alternatives += [(len(token), f"(?i:{re.escape(token)})") for token in BUILTIN_GS_TOKENS]
    alternatives.sort(key=lambda alternative: -alternative[0])
    return re.compile("|".join(pattern for _, pattern in alternatives))


def _replace_tokens(text: _Text, pattern: re.Pattern[str]) -> _Text:
    chars: list[str] = []
    origin: list[int] = []
    done = 0
    for match in pattern.finditer(text.chars):
        chars.append(text.chars[done:match.start()])
        origin.extend(text.origin[done:match.start()])
        chars.append(GS)
        origin.append(text.origin[match.start()])
        done = match.end()
    if not chars:
        return text
    chars.append(text.chars[done:])
    origin.extend(text.origin[done:])
    return _Text("".join(chars), tuple(origin))


def _is_surrounding_space(char: str) -> bool:
    return char.isspace() and char not in _INFORMATION_SEPARATORS


def _trim(text: _Text) -> _Text:
    """Remove surrounding whitespace, leading symbology identifiers and leading/trailing GS."""
    while True:
        start, end = 0, len(text)
        while start < end and (_is_surrounding_space(text.chars[start])
                               or text.chars[start] == GS):
            start += 1
        while end > start and (_is_surrounding_space(text.chars[end - 1])
                               or text.chars[end - 1] == GS):
            end -= 1
        if _SYMBOLOGY_PREFIX.match(text.chars, start, end):
            start += 3
        if (start, end) == (0, len(text)):
            return text
        text = text[start:end]


def _check_characters(text: _Text) -> None:
    """Refuse control characters and whitespace anywhere inside the code (GS excepted)."""
    for index, char in enumerate(text.chars):
        if char == GS:
            continue
        if char.isspace():
            raise P.CODE_WHITESPACE(character=code_point(char),
                                    position=text.position(index))
        if not char.isprintable():
            raise P.CODE_CONTROL_CHARACTER(character=code_point(char),
                                           position=text.position(index))


# --------------------------------------------------------------------------------------------
# Results


def _opaque_result(raw: str, code: str) -> ParsedCode:
    if not code:
        raise P.CODE_EMPTY()
    if len(code) > MAX_LENGTH:
        raise _too_long(len(code))
    return ParsedCode(raw=raw, code=code, identity=code, is_gs1=False, gtin=None, serial=None,
                      gs_restored=False, layout_repaired=False, ais=())


def _gs1_result(raw: str, fields: list[_Field], restored: bool) -> ParsedCode:
    for field in fields:
        _check_field(field)
    _check_unique(fields)
    gtin, serial = fields[0].value, fields[1].value
    code = _element_string(fields)
    if len(code) > MAX_LENGTH:
        raise _too_long(len(code))
    return ParsedCode(raw=raw, code=code, identity=f"01{gtin}21{serial}", is_gs1=True,
                      gtin=gtin, serial=serial, gs_restored=restored, layout_repaired=False,
                      ais=tuple((field.ai, field.value) for field in fields))


def _element_string(fields: list[_Field]) -> str:
    """The canonical element string: GS after every field not of predefined length but the last."""
    parts = []
    for index, field in enumerate(fields):
        parts.append(field.ai + field.value)
        if index < len(fields) - 1 and field.ai[:2] not in _PREDEFINED_LENGTH:
            parts.append(GS)
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# HRI form: (01)04600439931256(21)JgXJ5.T(91)EE06(92)...


def _parse_hri(raw: str, text: _Text) -> ParsedCode:
    """The brackets delimit the fields, so nothing is restored.

    The AIs of a marking code are checked as in an element string; other AIs are accepted only
    with a predefined length (a GS1 code that is not a Честный ЗНАК one becomes an opaque code:
    its element string).
    """
    fields = []
    matches = list(_HRI_AI.finditer(text.chars))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        fields.append(_Field(match.group(1), text[match.end():end], text.position(match.start())))
    for field in fields:
        _check_hri_field(field)
    if len(fields) > 1 and fields[1].ai == "21":
        return _gs1_result(raw, fields, restored=False)
    return _opaque_result(raw, _element_string(fields))  # a GS1 code, not a Честный ЗНАК one


def _check_hri_field(field: _Field) -> None:
    if field.ai in _AIS:
        _check_field(field)
        return
    expected = _PREDEFINED_LENGTH.get(field.ai[:2])
    ai_length = 4 if "31" <= field.ai[:2] <= "36" else 3 if field.ai[:2] == "41" else 2
    if expected is None or len(field.ai) != ai_length:  # the element string could not be split
        raise _field_error(P.CODE_UNKNOWN_AI, field)
    if len(field.value) != expected:
        raise _field_error(P.CODE_FIELD_LENGTH, field, expected=expected,
                           actual=len(field.value))


# --------------------------------------------------------------------------------------------
# Element strings: 01<GTIN>21<serial>GS91<key>GS92<code>...
