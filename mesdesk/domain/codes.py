"""Marking codes as scanners deliver them: normalise, recognise, give each product one identity.

Why this module exists
----------------------
The same Честный ЗНАК DataMatrix reaches MESDesk in many shapes: with its GS separators as
ASCII 29, as a token the scanner substitutes (``<GS>``, ``\\x1d``, ``\\u001d``, ``^]``, ``{GS}``,
a station-configured string) or with no separator at all (Qt text widgets and many keyboard-wedge
set-ups drop ASCII 29); with a symbology identifier (``]d2``) in front; in the human-readable form
printed under the symbol (``(01)…(21)…``); or typed by a scanner while the Russian keyboard
layout was active. Aggregation must still find the product, so every shape is reduced to one
*identity*: ``01<GTIN>21<serial>`` for a GS1 element string — the verification parts 91/92/93
never enter it, so a code scanned with or without its crypto tail is the same product — and the
normalised string itself for any other (opaque) code.

How a scan is read
------------------
1. A scan containing Cyrillic (or ``№``) was typed in the Russian layout: it is repaired key by key
   (:mod:`mesdesk.domain.keyboard_layout`) and parsed; if that fails it is a :class:`LayoutError`.
2. GS tokens become ASCII 29; surrounding whitespace, a symbology identifier and leading or
   trailing GS are removed.
3. Control characters and whitespace inside are refused.
4. ``(01)…`` is the HRI form: the brackets delimit the fields. A string starting with
   ``01`` + 14 digits + ``21`` is a GS1 element string: GTIN check digit, serial charset and length
   and every following field are checked; when the GS after the serial is missing, it is restored
   from the Честный ЗНАК field lengths and the result is flagged. Anything else is opaque.

For GS1 codes, ``ParsedCode.code`` is the canonical element string (GS after every field that is
not of predefined length, except the last), so every representation of one code gives the same
``code`` as well as the same ``identity``.

Errors
------
Everything wrong with a scan is a :class:`CodeFormatError` (or its subclass :class:`LayoutError`)
carrying a catalogued problem (``code.*`` in :mod:`mesdesk.domain.problems.codes`) whose facts
say what is wrong and where. Positions are 1-based and count characters of the string as
received (``raw``); they are the problem's ``position`` fact (``error.details["position"]``).
A scan of ``01`` and fewer than 14 digits is a GS1 code cut short inside its GTIN
(``code.truncated_gtin``), not an opaque code. Nothing else is ever raised for any input string.
"""

from __future__ import annotations

import calendar
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from mesdesk.domain import problems as P
from mesdesk.domain.errors import CodeFormatError
from mesdesk.domain.keyboard_layout import has_cyrillic, is_cyrillic, repair_russian_layout
from mesdesk.domain.values import character_name, code_point

GS = "\x1d"
MAX_LENGTH = 200
BUILTIN_GS_TOKENS = ("<GS>", "\\x1d", "\\u001d", "^]", "{GS}")
#: Честный ЗНАК serial lengths, most likely first: 13 (shoes, clothes, water…), 6 (dairy),
#: 7 (tobacco), 8. Used to restore a missing GS after the serial.
PREFERRED_SERIAL_LENGTHS = (13, 6, 7, 8)
CHARSET_82 = frozenset(string.ascii_letters + string.digits + "!\"%&'()*+,-./:;<=>?_")

_MAX_SERIAL = 20
_MAX_RAW_LENGTH = 4096  # refuse megabytes of garbage before doing any work on it
_INFORMATION_SEPARATORS = "\x1c\x1d\x1e\x1f"  # str.isspace() says True; they are not whitespace
_GS1_START = re.compile(r"01[0-9]{14}\x1d?21")
_TRUNCATED_GTIN = re.compile(r"01[0-9]{0,13}\Z")  # "01" and digits only, the GTIN cut short
_HRI_AI = re.compile(r"\(([0-9]{2,4})\)")
_SYMBOLOGY_PREFIX = re.compile(r"\][A-Za-z][0-9]")
# GS1 element strings of predefined length, by the first two digits of the AI: the value length
# (without the AI). These need no GS after them; every other field does.
_PREDEFINED_LENGTH = {
    "00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6, "13": 6, "14": 6,
    "15": 6, "16": 6, "17": 6, "18": 6, "19": 6, "20": 2, "31": 6, "32": 6, "33": 6, "34": 6,
    "35": 6, "36": 6, "41": 13,
}


@dataclass(frozen=True, slots=True)
class ParsedCode:
    """One scan, understood: what came in, its normalised form and the identity to look up."""

    raw: str              # as received
    code: str             # normalised: tokens -> ASCII 29, prefix/HRI brackets removed, stripped
    identity: str         # GS1: "01" + gtin + "21" + serial; opaque: the normalised code itself
    is_gs1: bool
    gtin: str | None
    serial: str | None
    gs_restored: bool     # a missing GS separator was restored from field lengths
    layout_repaired: bool  # the scan came in a Cyrillic layout and was repaired by physical key
    ais: tuple[tuple[str, str], ...]  # every (AI, value) parsed, in order, for GS1 codes


# --------------------------------------------------------------------------------------------
# Application identifiers


@dataclass(frozen=True, slots=True)
class _AISpec:
    label: str                   # what the AI holds, for a reader of this table
    min_length: int
    max_length: int
    digits: bool = False         # digits only; otherwise GS1 charset 82
    fixed: bool = False          # read as exactly max_length characters, no GS needed after it
    restore_lengths: tuple[int, ...] = ()  # Честный ЗНАК lengths tried when GS is missing


_AIS: dict[str, _AISpec] = {
    "01": _AISpec("GTIN (AI 01)", 14, 14, digits=True, fixed=True),
    "21": _AISpec("serial (AI 21)", 1, _MAX_SERIAL),
    "91": _AISpec("verification key (AI 91)", 4, 4, fixed=True),
    "92": _AISpec("verification code (AI 92)", 1, 90, restore_lengths=(44, 88)),
    "93": _AISpec("verification code (AI 93)", 1, 90, restore_lengths=(4,)),
    "17": _AISpec("expiry date (AI 17)", 6, 6, digits=True, fixed=True),
    "10": _AISpec("batch number (AI 10)", 1, 20),
    "240": _AISpec("additional product id (AI 240)", 1, 30),
    "8005": _AISpec("price (AI 8005)", 6, 6, digits=True, fixed=True),
    **{f"310{n}": _AISpec(f"net weight (AI 310{n})", 6, 6, digits=True, fixed=True)
       for n in range(10)},
}
_AI_LENGTHS = (4, 3, 2)  # longest first: 8005 and 310n, 240, then the two-digit ones


@dataclass(frozen=True, slots=True)
class _Text:
    """A string being normalised, with the position in ``raw`` of each of its characters."""

    chars: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> _Text:
        return cls(raw, tuple(range(len(raw))))

    def __len__(self) -> int:
        return len(self.chars)

    def __getitem__(self, part: slice) -> _Text:
        return _Text(self.chars[part], self.origin[part])

    def position(self, index: int) -> int:
        """1-based position in ``raw`` of ``chars[index]`` (just past the end if out of range)."""
        if index < len(self.origin):
            return self.origin[index] + 1
        return self.origin[-1] + 2 if self.origin else 1


@dataclass(frozen=True, slots=True)
class _Field:
    ai: str
    text: _Text   # the value
    at: int       # 1-based position of the AI in raw

    @property
    def value(self) -> str:
        return self.text.chars


# --------------------------------------------------------------------------------------------
# Public API


def gtin_check_digit_ok(gtin: str) -> bool:
    """True if ``gtin`` is a GTIN-8/12/13/14 whose last digit is the GS1 mod-10 check digit."""
    if not isinstance(gtin, str) or len(gtin) not in (8, 12, 13, 14) or not _ascii_digits(gtin):
        return False
    return gtin_check_digit(gtin[:-1]) == gtin[-1]


def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of a GTIN without its last digit (weights 3, 1, 3, … from
    the right)."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1)
                for index, digit in enumerate(reversed(body)))
    return str(-total % 10)


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


def _parse_canonical(raw: str, tokens: tuple[str, ...]) -> ParsedCode | None:
    match = _CANONICAL.match(raw)
    if match is None or len(raw) > MAX_LENGTH:
        return None
    # "<GS>" and a configured token may be spelled in charset-82 characters.
    if "<" in raw and "<gs>" in raw.lower() or any(token and token in raw for token in tokens):
        return None
    gtin, serial, key, signature, tail = match.groups()
    if key is None and tail is None and len(serial) != 13:
        return None  # a tail-less serial of another length may hide a missing GS
    if gtin_check_digit(gtin[:-1]) != gtin[-1]:
        return None  # the general parser explains the error
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


def _ascii_digits(text: str) -> bool:
    return all(char in "0123456789" for char in text)


# --------------------------------------------------------------------------------------------
# Errors



def _field_error(problem: P.ProblemType, field: _Field, **facts: object) -> CodeFormatError:
    """An error about a whole value: its position is where the value (or an empty one's AI) is."""
    position = field.text.position(0) if field.value else field.at
    return problem(position=position, ai=field.ai, **facts)


def _too_long(length: int) -> CodeFormatError:
    return P.CODE_TOO_LONG(maximum=MAX_LENGTH, length=length)
