"""A scan typed while the Russian layout was active is repaired key by key (SPEC §5)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesdesk.domain.keyboard_layout import has_cyrillic, repair_russian_layout

# The two layouts written out independently of the module, key by key, in the same order.
US_KEYS = ("`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
           '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?')
RU_KEYS = ("ё1234567890-=йцукенгшщзхъ\\фывапролджэячсмитьбю."
           'Ё!"№;%:?*()_+ЙЦУКЕНГШЩЗХЪ/ФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,')
US_TO_RU = dict(zip(US_KEYS, RU_KEYS, strict=True))


def typed_in_russian_layout(text: str) -> str:
    """What a keyboard-wedge scanner produces for ``text`` while the Russian layout is active."""
    return "".join(US_TO_RU.get(char, char) for char in text)


def test_the_layout_tables_cover_every_printable_ascii_character_once() -> None:
    assert sorted(US_KEYS) == sorted(set(string.printable) - set(string.whitespace))
    assert len(set(RU_KEYS)) == len(RU_KEYS)


@pytest.mark.parametrize(("russian", "us"), [
    ("ё", "`"), ("Ё", "~"), ("х", "["), ("Х", "{"), ("ъ", "]"), ("Ъ", "}"), ("ж", ";"),
    ("Ж", ":"), ("э", "'"), ("Э", '"'), ("б", ","), ("Б", "<"), ("ю", "."), ("Ю", ">"),
    ('"', "@"), ("№", "#"), (";", "$"), (":", "^"), ("?", "&"), (".", "/"), (",", "?"),
    ("/", "|"), ("й", "q"), ("Й", "Q"), ("я", "z"), ("Я", "Z"), ("п", "g"), ("П", "G"),
])
def test_each_russian_character_becomes_the_us_character_of_its_key(russian: str, us: str) -> None:
    assert repair_russian_layout(russian) == us


def test_the_whole_keyboard_is_repaired() -> None:
    assert repair_russian_layout(RU_KEYS) == US_KEYS


def test_digits_and_shared_characters_stay_as_they_are() -> None:
    unchanged = "0123456789!%*()_+-=\\ "
    assert repair_russian_layout(unchanged) == unchanged


def test_latin_text_and_other_scripts_pass_through() -> None:
    assert repair_russian_layout("ABCxyz") == "ABCxyz"
    assert repair_russian_layout("їєαβ") == "їєαβ"


@pytest.mark.parametrize("text", ["привет", "Ёж", "ё", "abcЯ", "їжак", "\u04e9"])
def test_cyrillic_is_detected(text: str) -> None:
    assert has_cyrillic(text)


@pytest.mark.parametrize("text", ["", "CODE001", "12gRV60MMsn1", "№", "αβγ", "\x1d<GS>"])
def test_text_without_cyrillic_is_not_flagged(text: str) -> None:
    assert not has_cyrillic(text)


@settings(max_examples=200)
@given(st.text(alphabet=US_KEYS + " "))
def test_any_us_keyboard_text_typed_in_russian_layout_is_repaired_exactly(text: str) -> None:
    assert repair_russian_layout(typed_in_russian_layout(text)) == text


@settings(max_examples=200)
@given(st.text())
def test_repair_keeps_the_length_of_any_text(text: str) -> None:
    assert len(repair_russian_layout(text)) == len(text)
