"""Physical keys: which US-QWERTY character a key produces, by its scan code (SPEC §5).

A keyboard-wedge scanner presses keys, it does not send characters. When the Russian layout is
active, the scanner's Shift+G arrives as ``П`` — but the key event still carries the *scan code*
of the G key. Reading that key in the US layout repairs the character exactly, without guessing
from the text (the text alone is ambiguous: ``.`` is the ``/`` key in the Russian layout and the
``.`` key in the US one).

Scan codes here are PC scan code set 1 ("make" codes), which are numerically the Linux evdev
``KEY_*`` codes for the main block of the keyboard. What Qt reports as ``nativeScanCode()``
differs by platform; :func:`set1_scan_code` converts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


def _row(first_code: int, unshifted: str, shifted: str) -> dict[int, tuple[str, str]]:
    """Consecutive scan codes from ``first_code``, one key per character pair."""
    return {first_code + index: pair
            for index, pair in enumerate(zip(unshifted, shifted, strict=True))}


#: Set-1 scan code -> (unshifted, shifted) character of that key in the US-QWERTY layout.
US_QWERTY: Mapping[int, tuple[str, str]] = MappingProxyType({
    **_row(0x02, "1234567890-=", "!@#$%^&*()_+"),   # digit row (KEY_1 .. KEY_EQUAL)
    **_row(0x10, "qwertyuiop[]", "QWERTYUIOP{}"),   # KEY_Q .. KEY_RIGHTBRACE
    **_row(0x1E, "asdfghjkl;'`", 'ASDFGHJKL:"~'),   # KEY_A .. KEY_GRAVE
    0x2B: ("\\", "|"),                               # KEY_BACKSLASH
    **_row(0x2C, "zxcvbnm,./", "ZXCVBNM<>?"),       # KEY_Z .. KEY_SLASH
    0x39: (" ", " "),                                # KEY_SPACE
    0x56: ("\\", "|"),                               # KEY_102ND: the extra ISO key by left Shift
})

#: The ``]`` key: Ctrl plus this key is how many scanners send GS (ASCII 29).
RIGHT_BRACKET = 0x1B

# Qt platform plugins whose nativeScanCode() is an XKB keycode: the evdev code plus 8.
_XKB_PLATFORMS = ("xcb", "wayland")


def us_character(scan_code: int, shifted: bool) -> str | None:
    """The US-QWERTY character of the key ``scan_code`` (set 1), or None for other keys."""
    pair = US_QWERTY.get(scan_code)
    if pair is None:
        return None
    return pair[1] if shifted else pair[0]


def set1_scan_code(native_scan_code: int, platform: str) -> int | None:
    """Qt's ``nativeScanCode()`` on the Qt platform ``platform`` as a set-1 code; None if unknown.

    - ``xcb`` (X11) and ``wayland*``: XKB keycodes, evdev + 8, so 8 is subtracted.
    - ``windows``: already set 1 (the extended-key flag 0x100 is kept; no key of the table has it).
    - anything else (``offscreen``, ``cocoa``…): taken as it is; 0 means the platform gave none
      (macOS never does), so the caller falls back to the layout table in the parser.
    """
    if native_scan_code <= 0:
        return None
    code = native_scan_code
    if platform.startswith(_XKB_PLATFORMS):
        code -= 8
    return code if code > 0 else None
