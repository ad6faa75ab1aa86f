"""What a marking code is made of: the parsed result, the GS1 fields MESDesk knows, and the
text being read with the position of each character in the scan as received."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass


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
    backwards = body[::-1]
    total = 3 * sum(map(int, backwards[0::2])) + sum(map(int, backwards[1::2]))
    return str(-total % 10)

def _ascii_digits(text: str) -> bool:
    return all(char in "0123456789" for char in text)
