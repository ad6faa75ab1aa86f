"""Reading marking codes the way scanners deliver them (SPEC §5)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mesdesk.domain.codes import (GS, ParsedCode, code_and_identity, gtin_check_digit,
                                  gtin_check_digit_ok, parse_code)
from mesdesk.domain.errors import CodeFormatError, LayoutError
from mesdesk.domain.problems import CATALOGUE

CHARSET_82 = string.ascii_letters + string.digits + "!\"%&'()*+,-./:;<=>?_"
BASE64 = string.ascii_letters + string.digits + "+/="
US_KEYS = ("`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
           '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?')
RU_KEYS = ("ё1234567890-=йцукенгшщзхъ\\фывапролджэячсмитьбю."
           'Ё!"№;%:?*()_+ЙЦУКЕНГШЩЗХЪ/ФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,')
US_TO_RU = dict(zip(US_KEYS, RU_KEYS, strict=True))


def with_check_digit(body: str) -> str:
    """GS1 mod-10, written out here so the test does not trust the code under test."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1)
                for index, digit in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def typed_in_russian_layout(text: str) -> str:
    return "".join(US_TO_RU.get(char, char) for char in text)


GTIN = with_check_digit("0460043993125")          # 04600439931256
GTIN_2 = with_check_digit("0460700123456")
SERIAL_13 = "JgXJ5.T(c6S:w"
KEY = "EE06"
CRYPTO_44 = "dGVzdGNyeXB0b3Rlc3RjcnlwdG90ZXN0Y3J5cHRvdGU="
CRYPTO_88 = ("LGYcm3FRQrRdNOO+8t0pz78QTyxxBmYKhLXaAS03jKV7oy+"
             "DWGy1SeU+BZ8o7B8+hs9LvPdNA7B6NPGjrCm34A==")
SHOES = f"01{GTIN}21{SERIAL_13}{GS}91{KEY}{GS}92{CRYPTO_44}"
SHOES_IDENTITY = f"01{GTIN}21{SERIAL_13}"
MILK = f"01{GTIN_2}21a'Bk9&{GS}93dGVz"
TOKENS = ["<GS>", "\\x1d", "\\u001d", "^]", "{GS}", "<gs>", "\\X1D"]


def test_gtin_check_digit() -> None:
    assert GTIN == "04600439931256"
    assert gtin_check_digit_ok(GTIN)
    assert gtin_check_digit_ok("4006381333931")   # EAN-13
    assert gtin_check_digit_ok("96385074")        # EAN-8
    assert not gtin_check_digit_ok("04600439931257")
    assert not gtin_check_digit_ok("4006381333932")
    assert not gtin_check_digit_ok("046004399312a6")
    assert not gtin_check_digit_ok("")
    assert not gtin_check_digit_ok("١٢٣٤٥٦٧٨")       # digits, but not ASCII ones


# ---------------------------------------------------------------------------------------------
# GS1 codes in every shape


def test_a_full_marking_code_is_split_into_its_fields() -> None:
    parsed = parse_code(SHOES)
    assert parsed == ParsedCode(
        raw=SHOES, code=SHOES, identity=SHOES_IDENTITY, is_gs1=True, gtin=GTIN,
        serial=SERIAL_13, gs_restored=False, layout_repaired=False,
        ais=(("01", GTIN), ("21", SERIAL_13), ("91", KEY), ("92", CRYPTO_44)))


def test_a_dairy_code_with_a_short_serial_and_ai_93() -> None:
    parsed = parse_code(MILK)
    assert (parsed.serial, parsed.ais[2:]) == ("a'Bk9&", (("93", "dGVz"),))


@pytest.mark.parametrize("token", TOKENS)
def test_every_gs_token_means_gs(token: str) -> None:
    parsed = parse_code(SHOES.replace(GS, token))
    assert (parsed.code, parsed.identity, parsed.gs_restored) == (SHOES, SHOES_IDENTITY, False)


def test_a_station_configured_gs_token() -> None:
    assert parse_code(SHOES.replace(GS, "@@"), gs_tokens=["@@"]).code == SHOES
    assert parse_code(SHOES.replace(GS, "|"), gs_tokens=("|", "")).code == SHOES


@pytest.mark.parametrize("prefix", ["]d2", "]C1", "]Q3", "]d2" + GS, GS, "]d2<GS>", "]e0"])
def test_symbology_identifier_and_leading_fnc1_are_removed(prefix: str) -> None:
    parsed = parse_code(prefix + SHOES)
    assert (parsed.code, parsed.identity) == (SHOES, SHOES_IDENTITY)
    assert parsed.raw == prefix + SHOES


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r", "\t", "  ", GS, GS + "\r\n"])
def test_surrounding_whitespace_and_a_trailing_gs_are_ignored(ending: str) -> None:
    assert parse_code(" " + SHOES + ending).code == SHOES


def test_the_hri_form_is_read_by_its_brackets() -> None:
    parsed = parse_code(f"(01){GTIN}(21){SERIAL_13}(91){KEY}(92){CRYPTO_44}")
    assert (parsed.code, parsed.identity, parsed.gs_restored) == (SHOES, SHOES_IDENTITY, False)


def test_in_the_hri_form_the_serial_is_never_split() -> None:
    parsed = parse_code(f"(01){GTIN}(21)ABCDEF93WXYZ")
    assert (parsed.serial, parsed.gs_restored) == ("ABCDEF93WXYZ", False)


def test_an_hri_gs1_code_without_a_serial_is_an_opaque_element_string() -> None:
    parsed = parse_code(f"(01){GTIN}(17)270131(10)LOT-7")
    assert (parsed.is_gs1, parsed.code) == (False, f"01{GTIN}17270131" + "10LOT-7")


def test_identity_is_the_same_with_and_without_the_crypto_tail() -> None:
    shapes = [SHOES, SHOES_IDENTITY, f"01{GTIN}21{SERIAL_13}{GS}93dGVz",
              f"(01){GTIN}(21){SERIAL_13}", "]C1" + SHOES.replace(GS, "{GS}"),
              f"01{GTIN}21{SERIAL_13}91{KEY}92{CRYPTO_88}"]
    assert {parse_code(shape).identity for shape in shapes} == {SHOES_IDENTITY}


def test_other_common_ais_after_the_serial() -> None:
    raw = f"01{GTIN}21{SERIAL_13}{GS}17270131" f"10LOT-7{GS}8005000150{GS}3103000353240ART-1"
    assert parse_code(raw).ais[2:] == (("17", "270131"), ("10", "LOT-7"), ("8005", "000150"),
                                       ("3103", "000353"), ("240", "ART-1"))


def test_a_gs_after_the_gtin_is_tolerated() -> None:
    assert parse_code(f"01{GTIN}{GS}21{SERIAL_13}").identity == SHOES_IDENTITY


# ---------------------------------------------------------------------------------------------
# Missing GS


@pytest.mark.parametrize(("serial", "tail"), [
    (SERIAL_13, f"91{KEY}{GS}92{CRYPTO_44}"),    # shoes, clothes: 13 + 91 + 92
    (SERIAL_13, f"91{KEY}{GS}92{CRYPTO_88}"),
    ("a'Bk9&", "93dGVz"),                        # dairy: 6 + 93
    ("a'Bk9&", f"93dGVz{GS}3103000353"),         # dairy by weight
    ("5?r(sE=", f"91{KEY}{GS}92{CRYPTO_44}"),    # 7
    ("5?r(sE=c", "93dGVz"),                      # 8
    (SERIAL_13, "93dGVz"),                       # water: 13 + 93 (19 characters, a valid serial)
    ("ABCDEFGHIJ", f"91{KEY}{GS}92{CRYPTO_44}"),  # an unusual length, but the only split
])
def test_a_missing_gs_is_restored_from_the_field_lengths(serial: str, tail: str) -> None:
    complete = f"01{GTIN}21{serial}{GS}{tail}"
    parsed = parse_code(complete.replace(GS, ""))
    assert (parsed.serial, parsed.gs_restored) == (serial, True)
    assert parsed.code == parse_code(complete).code == complete


def test_a_13_character_serial_without_a_tail_is_kept_whole() -> None:
    parsed = parse_code(f"01{GTIN}21ABCDEFG93WXYZ")   # could be 7 + 93, but 13 is preferred
    assert (parsed.serial, parsed.gs_restored) == ("ABCDEFG93WXYZ", False)


def test_a_code_that_cannot_be_split_says_the_gs_is_missing() -> None:
    missing = "GS separator after the serial .AI 21. is missing"
    with pytest.raises(CodeFormatError, match=missing) as caught:
        parse_code(f"01{GTIN}21{SERIAL_13}XX{KEY}92{CRYPTO_44}")
    assert caught.value.details["position"] == 19


# ---------------------------------------------------------------------------------------------
# Bad codes


def error_of(raw: str, **options: object) -> CodeFormatError:
    with pytest.raises(CodeFormatError) as caught:
        parse_code(raw, **options)
    return caught.value


def test_a_wrong_check_digit_names_the_gtin_and_the_expected_digit() -> None:
    error = error_of(f"0104600439931257" f"21{SERIAL_13}")
    assert error.message == "GTIN 04600439931257 has a wrong check digit (expected 6)"
    assert (error.code, error.kind.value) == ("code.gtin_check_digit", "bad_format")
    assert error.problem.params == {"gtin": "04600439931257", "expected": "6", "position": 3,
                                    "ai": "01"}


def test_an_empty_serial() -> None:
    error = error_of(f"01{GTIN}21{GS}91{KEY}")
    assert (error.code, error.message) == ("code.field_empty", "AI 21 is empty")


def test_a_serial_character_outside_charset_82() -> None:
    error = error_of(f"01{GTIN}21ABC#DEF")
    assert error.message == ("character '#' (U+0023) at position 22 is not allowed in "
                             "AI 21 (GS1 charset 82)")
    assert (error.code, error.details["position"]) == ("code.outside_charset", 22)


@pytest.mark.parametrize(("raw", "code", "message"), [
    (f"01{GTIN}21{SERIAL_13}{GS}91EE{GS}92{CRYPTO_44}", "code.field_length",
     "AI 91 must be 4 characters long, got 2"),
    (f"01{GTIN}21{SERIAL_13}{GS}17271301", "code.bad_date",
     "expiry date (AI 17) 271301 is not a valid YYMMDD date"),
    (f"01{GTIN}21{SERIAL_13}{GS}77ABC", "code.no_ai",
     "no known AI at position 33 (the code continues '77ABC')"),
    (f"01{GTIN}21{SERIAL_13}{GS}93dGVz{GS}93dGVz", "code.ai_repeated",
     "AI 93 appears more than once (again at position 40)"),
    (f"01{GTIN}21{SERIAL_13}{GS}92{'A' * 91}", "code.field_too_long",
     "AI 92 is longer than 90 characters"),
    (f"(01){GTIN}(21)", "code.field_empty", "AI 21 is empty"),
    ("(01)123(21)ABC", "code.field_length", "AI 01 must be 14 characters long, got 3"),
    (f"(01){GTIN}(21)AB(99)X", "code.unknown_ai", "AI 99 is not supported in a marking code"),
    (f"01{GTIN}21ABC\u00e9", "code.outside_charset",
     "character 'é' (U+00E9) at position 22 is not allowed in AI 21 (GS1 charset 82)"),
])
def test_bad_fields_name_the_ai(raw: str, code: str, message: str) -> None:
    error = error_of(raw)
    assert (error.code, error.message) == (code, message)


@pytest.mark.parametrize(("raw", "message", "position"), [
    ("CODE\x07001", "character U+0007 at position 5 is not allowed", 5),
    ("\x00CODE001", "character U+0000 at position 1 is not allowed", 1),
    ("CODE\x7f", "character U+007F at position 5 is not allowed", 5),
    ("CO\u200bDE", "character U+200B at position 3 is not allowed", 3),
    ("CODE 001", "whitespace character U+0020 at position 5 is not allowed", 5),
    ("CODE\t001", "whitespace character U+0009 at position 5 is not allowed", 5),
    ("<GS><GS>AB\nCD", "whitespace character U+000A at position 11 is not allowed", 11),
])
def test_control_characters_and_whitespace_inside_are_refused(
        raw: str, message: str, position: int) -> None:
    error = error_of(raw)
    assert (error.message, error.details["position"]) == (message, position)
    assert error.code == ("code.whitespace" if "whitespace" in message
                          else "code.control_character")


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", GS, "<GS>", "]d2", "]d2" + GS + "\r\n"])
def test_an_empty_code(raw: str) -> None:
    error = error_of(raw)
    assert (error.code, error.message) == ("code.empty", "code is empty")


def test_a_code_longer_than_200_characters() -> None:
    assert parse_code("X" * 200).code == "X" * 200
    assert error_of("X" * 201).message == "code is longer than 200 characters"
    assert error_of("X" * 100_000).message == "code is longer than 200 characters"
    assert error_of("X" * 201).problem.params == {"maximum": 200, "length": 201}


def test_something_that_is_not_text() -> None:
    assert error_of(None).message == "code must be text, not NoneType"  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Opaque codes


@pytest.mark.parametrize("raw", ["12gRV60MMsn1", "CODE001", "';DROP/**/TABLE/**/products;--",
                                 "1'OR'1'='1", "café-№42".replace("№", "#"), "0104600439931256",
                                 f"01{GTIN}17270131", "=HYPERLINK(\"x\")"])
def test_anything_printable_without_whitespace_is_an_opaque_code(raw: str) -> None:
    parsed = parse_code(raw)
    assert (parsed.is_gs1, parsed.code, parsed.identity, parsed.ais) == (False, raw, raw, ())
    assert (parsed.gtin, parsed.serial) == (None, None)


# ---------------------------------------------------------------------------------------------
# Truncated GS1 codes (issue 9, point 5)


@pytest.mark.parametrize("raw", ["01", "014", "0104600439", "010460043993125",
                                 " ]d2010460043993125\r\n", "<GS>0104600439<GS>"])
def test_01_and_fewer_than_14_digits_is_a_gtin_cut_short(raw: str) -> None:
    error = error_of(raw)
    digits = len(raw.strip().removeprefix("]d2").replace("<GS>", "")) - 2
    assert (error.code, error.kind.value) == ("code.truncated_gtin", "bad_format")
    assert error.message == (f"the code ends inside the GTIN (AI 01): {digits} of its 14 digits "
                             "arrived")
    assert error.problem.params["count"] == digits


@pytest.mark.parametrize("raw", ["0104600439931256", "01046004399312560", "01ABC", "0146A",
                                 "02046004399", "1046004399", "0104600439-1", "(01)0460"])
def test_what_is_not_01_and_digits_only_is_not_cut_short(raw: str) -> None:
    try:
        parsed = parse_code(raw)
    except CodeFormatError as error:   # "(01)0460" is a GTIN field of the wrong length
        assert error.code == "code.field_length"
    else:
        assert (parsed.is_gs1, parsed.identity) == (False, raw)


def test_sql_with_spaces_is_refused_for_its_whitespace_not_for_its_sql() -> None:
    assert error_of("'; DROP TABLE products;--").message.startswith("whitespace character U+0020")


# ---------------------------------------------------------------------------------------------
# Russian keyboard layout


@pytest.mark.parametrize("raw", [SHOES.replace(GS, "<GS>"), "12gRV60MMsn1", "CODE001", MILK])
def test_a_scan_typed_in_the_russian_layout_is_repaired(raw: str) -> None:
    cyrillic = typed_in_russian_layout(raw)
    assert cyrillic != raw
    parsed = parse_code(cyrillic)
    assert parsed.identity == parse_code(raw).identity
    assert (parsed.raw, parsed.layout_repaired) == (cyrillic, True)


def test_the_russian_layout_example() -> None:
    assert typed_in_russian_layout("12gRV60MMsn1") == "12пКМ60ЬЬыт1"
    assert parse_code("12пКМ60ЬЬыт1").code == "12gRV60MMsn1"


@pytest.mark.parametrize("raw", ["привет мир", "їжак", "код\x07", typed_in_russian_layout(
    f"0104600439931257" f"21{SERIAL_13}")])
def test_an_unrepairable_russian_scan_is_a_layout_error(raw: str) -> None:
    error = error_of(raw)
    assert isinstance(error, LayoutError)
    assert error.kind.value == "layout"
    assert error.code == "code.layout_unrepairable"
    assert "switch the keyboard layout or the scanner setting" in error.message


def test_without_repair_a_russian_scan_is_a_layout_error() -> None:
    error = error_of("12пКМ60ЬЬыт1", repair_layout=False)
    assert isinstance(error, LayoutError)
    assert error.details["position"] == 3
    assert (error.code, error.message) == (
        "code.layout", "the scan arrived in a Russian keyboard layout (character 'п' at "
        "position 3): switch the keyboard layout or the scanner setting")


# ---------------------------------------------------------------------------------------------
# Properties

gtins = st.text("0123456789", min_size=13, max_size=13).map(with_check_digit)
serials = st.text(CHARSET_82, min_size=1, max_size=20)
tails = st.one_of(
    st.just(""),
    st.tuples(st.text(CHARSET_82, min_size=4, max_size=4),
              st.sampled_from([44, 88]).flatmap(lambda n: st.text(BASE64, min_size=n, max_size=n)))
    .map(lambda parts: f"91{parts[0]}{GS}92{parts[1]}"),
    st.text(CHARSET_82, min_size=4, max_size=4).map(lambda key: f"93{key}"),
)
SHAPES = ["gs", *TOKENS, "configured", "prefix", "fnc1", "hri", "no_gs", "russian", "crlf"]


def shape(gtin: str, serial: str, tail: str, form: str) -> str:
    """One representation of the code 01<gtin>21<serial>[GS<tail>]."""
    code = f"01{gtin}21{serial}" + (GS + tail if tail else "")
    if form in TOKENS:
        return code.replace(GS, form)
    if form == "configured":
        return code.replace(GS, "@@")
    if form == "prefix":
        return "]d2" + code
    if form == "fnc1":
        return "]C1" + GS + code
    if form == "no_gs":
        return code.replace(GS, "")
    if form == "russian":
        return typed_in_russian_layout(code.replace(GS, "<GS>"))
    if form == "crlf":
        return code + "\r\n"
    if form == "hri":
        fields = [("01", gtin), ("21", serial)]
        for part in tail.split(GS) if tail else []:
            fields.append((part[:2], part[2:]))
        return "".join(f"({ai}){value}" for ai, value in fields)
    return code


@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@given(gtins, serials, tails, st.sampled_from(SHAPES))
def test_every_representation_of_a_code_has_the_same_identity(
        gtin: str, serial: str, tail: str, form: str) -> None:
    assume("<gs>" not in (serial + tail).lower())                # the token inside a serial
    if form == "hri":
        assume(not re.search(r"\([0-9]{2,4}\)", serial + tail))  # brackets inside a value
    if form == "no_gs":
        assume(len(serial) == 13 or not tail)                    # 13 is the unambiguous length
        assume("91" not in serial and "93" not in serial)
    if form == "russian":
        assume(any(char.isalpha() for char in serial + tail))    # otherwise nothing shows
    if not tail:
        assume("91" not in serial and "93" not in serial)
    raw = shape(gtin, serial, tail, form)
    parsed = parse_code(raw, gs_tokens=("@@",) if form == "configured" else ())
    assert parsed.identity == f"01{gtin}21{serial}"
    assert parsed.code == f"01{gtin}21{serial}" + (GS + tail if tail else "")
    assert parsed.layout_repaired == (form == "russian")
    assert parsed.gs_restored == (form == "no_gs" and bool(tail))


def check_never_crashes(raw: str, gs_tokens: tuple[str, ...] = ()) -> None:
    """Anything goes in; a ParsedCode or a CodeFormatError comes out, and a result re-parses."""
    try:
        parsed = parse_code(raw, gs_tokens=gs_tokens)
    except CodeFormatError as error:
        assert error.message
        # Every bad code is a catalogued code.* problem whose facts fill its template.
        assert error.code.startswith("code.") and error.code in CATALOGUE, error.code
        assert error.type.names <= set(error.problem.params), error.code
        return
    assert parsed.identity and len(parsed.code) <= 200
    assert all(char == GS or (char.isprintable() and not char.isspace()) for char in parsed.code)
    if parsed.is_gs1:
        assert parsed.gtin is not None and gtin_check_digit_ok(parsed.gtin)
        assert parsed.identity == f"01{parsed.gtin}21{parsed.serial}"
    if not parsed.is_gs1 or len(parsed.ais) > 2:  # a bare 01…21… element string is ambiguous
        again = parse_code(parsed.code, gs_tokens=gs_tokens)
        assert (again.code, again.identity) == (parsed.code, parsed.identity)


@settings(max_examples=200)
@given(st.text())
def test_any_text_gives_a_code_or_a_code_format_error(raw: str) -> None:
    check_never_crashes(raw)


@settings(max_examples=200)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.binary().map(lambda b: b.decode("latin-1")))
def test_binary_garbage_gives_a_code_or_a_code_format_error(raw: str) -> None:
    check_never_crashes(raw)


@settings(max_examples=200)
@given(st.lists(st.sampled_from([*TOKENS, GS, "01", GTIN, "21", "91", "92", "93", "17", "(",
                                 ")", "(01)", "(21)", "]d2", "й", "№", "\r\n", " ", "\x00", "A",
                                 "=", "10", "8005", "3103", "240"]), max_size=30).map("".join),
       st.sampled_from([(), ("@@",), ("A",), ("<GS>",)]))
def test_code_like_fragments_give_a_code_or_a_code_format_error(
        raw: str, gs_tokens: tuple[str, ...]) -> None:
    check_never_crashes(raw, gs_tokens)


mutations = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]),
                               st.integers(min_value=0, max_value=300),
                               st.characters() | st.sampled_from([GS, "9", "1", "2", "(", "й"])),
                     min_size=1, max_size=4)


def mutated(code: str, changes: list[tuple[str, int, str]]) -> str:
    """``code`` with each (insert | delete | replace, position, character) applied in turn."""
    chars = list(code)
    for operation, index, char in changes:
        index %= len(chars) + 1
        if operation == "insert":
            chars.insert(index, char)
        elif index < len(chars):
            if operation == "delete":
                del chars[index]
            else:
                chars[index] = char
    return "".join(chars)


@settings(max_examples=200)
@given(gtins, serials, tails, st.sampled_from(SHAPES), mutations)
def test_mutated_codes_give_a_code_or_a_code_format_error(
        gtin: str, serial: str, tail: str, form: str,
        changes: list[tuple[str, int, str]]) -> None:
    check_never_crashes(mutated(shape(gtin, serial, tail, form), changes),
                        ("@@",) if form == "configured" else ())


# ---------------------------------------------------------------------------------------------
# The fast path for canonical codes gives exactly what the general parser gives

canonical_tails = st.one_of(
    tails,
    st.text(CHARSET_82, min_size=1, max_size=90).map(lambda value: f"93{value}"),
    st.tuples(st.text(CHARSET_82, min_size=4, max_size=4),
              st.text(CHARSET_82, min_size=1, max_size=90))
    .map(lambda parts: f"91{parts[0]}{GS}92{parts[1]}"),
)


def general_parse(raw: str):
    from mesdesk.domain.codes import parsing

    try:
        return parsing._parse(raw, raw, ())
    except CodeFormatError as error:
        return type(error), error.message


def any_parse(raw: str):
    try:
        return parse_code(raw)
    except CodeFormatError as error:
        return type(error), error.message


@settings(max_examples=500)
@given(gtins | st.text("0123456789", min_size=14, max_size=14),
       serials | serials.map(lambda serial: serial[:8] + "<gs>" + serial[8:]), canonical_tails)
def test_the_fast_path_agrees_with_the_general_parser(gtin: str, serial: str, tail: str) -> None:
    raw = f"01{gtin}21{serial}" + (GS + tail if tail else "")
    assert any_parse(raw) == general_parse(raw)


def test_a_configured_token_spelled_in_code_characters_still_means_gs() -> None:
    code = f"01{with_check_digit('4600439931256')}21ABCDEFGHIJKLM"
    parsed = parse_code(code + "GSx93abcd", gs_tokens=("GSx",))
    assert parsed.identity == code and parsed.ais[-1] == ("93", "abcd")


# ---------------------------------------------------------------------------------------------
# code_and_identity (lists of 100,000 codes) gives exactly what parse_code gives


def both_ways(raw: object, gs_tokens: tuple[str, ...] = ()) -> None:
    """The same (code, identity), or the same error: its class, code, facts and message."""
    def outcome(read):
        try:
            return read()
        except CodeFormatError as error:
            return type(error), error.code, error.problem.params, error.message
    parsed = outcome(lambda: parse_code(raw, gs_tokens=gs_tokens))  # type: ignore[arg-type]
    expected = (parsed.code, parsed.identity) if isinstance(parsed, ParsedCode) else parsed
    fast = outcome(lambda: code_and_identity(raw, gs_tokens=gs_tokens))  # type: ignore[arg-type]
    assert fast == expected


CORPUS = [
    SHOES, SHOES_IDENTITY, MILK, f"01{GTIN}21{SERIAL_13}{GS}93dGVz",
    f"01{GTIN}21{SERIAL_13}91{KEY}92{CRYPTO_88}",
    f"01{GTIN}21{SERIAL_13}{GS}91{KEY}{GS}92{CRYPTO_88}",
    f"01{GTIN}21ABCDEFG93WXYZ", f"01{GTIN}21ABCDEF", f"01{GTIN}21A", f"01{GTIN}21{'A' * 20}",
    f"01{GTIN}21{'A' * 21}", f"01{GTIN}{GS}21{SERIAL_13}", f"01{GTIN}21{SERIAL_13}{GS}",
    f"0104600439931257" f"21{SERIAL_13}", f"0104600439931257" f"21{SERIAL_13}{GS}93dGVz",
    f"01{GTIN}21{SERIAL_13}{GS}92{'A' * 90}", f"01{GTIN}21{SERIAL_13}{GS}92{'A' * 91}",
    f"01{GTIN}21{SERIAL_13}{GS}93{'A' * 90}", f"01{GTIN}21{SERIAL_13}{GS}93{'A' * 200}",
    f"01{GTIN}21{SERIAL_13}{GS}91EE{GS}92{CRYPTO_44}", f"01{GTIN}21{SERIAL_13}{GS}17271301",
    f"01{GTIN}21{SERIAL_13}{GS}93dGVz{GS}93dGVz", f"01{GTIN}21ABC#DEF", f"01{GTIN}21ABC\u00e9",
    f"01{GTIN}21{SERIAL_13}XX{KEY}92{CRYPTO_44}", f"01{GTIN}21{GS}91{KEY}",
    f"01{GTIN}21{SERIAL_13}<gs>93dGVz", f"01{GTIN}21{SERIAL_13}<GS>93dGVz",
    f"01{GTIN}21{SERIAL_13[:5]}<gS>{SERIAL_13[5:]}", f"01{GTIN}21{SERIAL_13}\r\n",
    " " + SHOES, "]d2" + SHOES, "]C1" + GS + SHOES, f"(01){GTIN}(21){SERIAL_13}",
    typed_in_russian_layout(SHOES.replace(GS, "<GS>")), "12пКМ60ЬЬыт1", "привет мир",
    "", " ", GS, "<GS>", "CODE001", "CODE 001", "CODE\x07", "X" * 200, "X" * 201,
    "010460043993125", "0104600439931256", "01046004399312560", "\x00" + SHOES, None, 42,
]


@pytest.mark.parametrize("raw", CORPUS)
def test_code_and_identity_agrees_with_parse_code_on_the_corpus(raw: object) -> None:
    both_ways(raw)
    both_ways(raw, ("@@",))


@pytest.mark.parametrize("token", ["@@", "A", "GSx", "21", "93", "<GS>", "Jg"])
def test_code_and_identity_heeds_configured_tokens(token: str) -> None:
    for raw in (SHOES.replace(GS, token), SHOES, SHOES_IDENTITY, MILK.replace(GS, token)):
        both_ways(raw, (token,))
        both_ways(raw, ("", token))


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
@given(gtins | st.text("0123456789", min_size=14, max_size=14),
       serials | serials.map(lambda serial: serial[:8] + "<gs>" + serial[8:])
       | st.text(CHARSET_82 + GS, min_size=0, max_size=25),
       canonical_tails | st.text(CHARSET_82 + GS, max_size=100),
       st.sampled_from(SHAPES), st.sampled_from([(), ("@@",), ("A",), ("93",)]))
def test_code_and_identity_agrees_with_parse_code_on_generated_codes(
        gtin: str, serial: str, tail: str, form: str, gs_tokens: tuple[str, ...]) -> None:
    both_ways(shape(gtin, serial, tail, form), gs_tokens)
    both_ways(f"01{gtin}21{serial}{tail}", gs_tokens)   # a tail without its GS


@settings(max_examples=300)
@given(gtins, serials, tails, st.sampled_from(SHAPES), mutations)
def test_code_and_identity_agrees_with_parse_code_on_mutated_codes(
        gtin: str, serial: str, tail: str, form: str,
        changes: list[tuple[str, int, str]]) -> None:
    both_ways(mutated(shape(gtin, serial, tail, form), changes),
              ("@@",) if form == "configured" else ())


@settings(max_examples=200)
@given(st.text() | st.text(st.characters(max_codepoint=0x7F)))
def test_code_and_identity_agrees_with_parse_code_on_any_text(raw: str) -> None:
    both_ways(raw)


def test_every_wrong_check_digit_goes_to_the_general_parser() -> None:
    body = "0460043993125"
    for digit in "0123456789":
        both_ways(f"01{body}{digit}21{SERIAL_13}")
    assert gtin_check_digit(body) == GTIN[-1]
