"""Repair text that a keyboard-wedge scanner typed while the Russian (ЙЦУКЕН) layout was active.

A keyboard-wedge scanner does not send characters, it presses keys: for ``G`` it sends the G key
with Shift held. When the operating system has the Russian layout active, that key produces
``П``, so a marking code arrives as Cyrillic text with Russian punctuation. Because the scanner
pressed the right keys, the text can be repaired exactly: map every character back to its
physical key and shift state, and read what the US QWERTY layout puts there.

The tables below are the two layouts written key by key, in the same order, unshifted and
shifted (the Windows "Russian" layout: ``ё`` on the backtick key, ``.``/``,`` on the slash key,
``\\``/``/`` on the backslash key). Digits and the characters both layouts share (``!%*()_+-=``
and the backslash) are the same key in both and stay as they are.
"""

from __future__ import annotations

from types import MappingProxyType

_US_UNSHIFTED = "`1234567890-=" "qwertyuiop[]\\" "asdfghjkl;'" "zxcvbnm,./"
_US_SHIFTED = "~!@#$%^&*()_+" "QWERTYUIOP{}|" 'ASDFGHJKL:"' "ZXCVBNM<>?"
_RU_UNSHIFTED = "ё1234567890-=" "йцукенгшщзхъ\\" "фывапролджэ" "ячсмитьбю."
_RU_SHIFTED = 'Ё!"№;%:?*()_+' "ЙЦУКЕНГШЩЗХЪ/" "ФЫВАПРОЛДЖЭ" "ЯЧСМИТЬБЮ,"

#: Russian-layout character -> the US-layout character of the same key and shift state.
RUSSIAN_TO_US = MappingProxyType({
    russian: us
    for russian, us in zip(_RU_UNSHIFTED + _RU_SHIFTED, _US_UNSHIFTED + _US_SHIFTED, strict=True)
    if russian != us
})

_TRANSLATION = str.maketrans(dict(RUSSIAN_TO_US))

# Unicode blocks of the Cyrillic script: Cyrillic, Cyrillic Supplement, Extended-A/B/C and the
# two phonetic letters of the Phonetic Extensions block.
_CYRILLIC_RANGES = (
    (0x0400, 0x052F),
    (0x1C80, 0x1C8F),
    (0x1D2B, 0x1D2B),
    (0x1D78, 0x1D78),
    (0x2DE0, 0x2DFF),
    (0xA640, 0xA69F),
)


def is_cyrillic(char: str) -> bool:
    """True if the single character ``char`` belongs to the Cyrillic script."""
    point = ord(char)
    return any(low <= point <= high for low, high in _CYRILLIC_RANGES)


def has_cyrillic(text: str) -> bool:
    """True if any character of ``text`` belongs to the Cyrillic script."""
    return any(is_cyrillic(char) for char in text)


def repair_russian_layout(text: str) -> str:
    """Map every character typed in the Russian layout to the US character of the same key.

    Characters the Russian layout cannot type (Latin letters, other scripts, control characters)
    are left as they are, so the result has the same length as ``text``, character for character.
    """
    return text.translate(_TRANSLATION)
