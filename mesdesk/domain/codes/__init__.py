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

from .model import (BUILTIN_GS_TOKENS, GS, MAX_LENGTH, PREFERRED_SERIAL_LENGTHS, ParsedCode,
                    gtin_check_digit, gtin_check_digit_ok)
from .parsing import code_and_identity, parse_code

__all__ = ["BUILTIN_GS_TOKENS", "GS", "MAX_LENGTH", "PREFERRED_SERIAL_LENGTHS", "ParsedCode",
           "code_and_identity", "gtin_check_digit", "gtin_check_digit_ok", "parse_code"]
