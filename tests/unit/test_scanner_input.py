"""Telling a wedge scan from typing, repairing a Russian layout by physical key, and splitting
serial scanner lines (SPEC §5) — the Qt-free part of scanner capture."""

from __future__ import annotations

import pytest

from mesdesk.domain.codes import parse_code
from mesdesk.domain.physical_keys import set1_scan_code
from mesdesk.domain.scanner_input import (
    GS,
    Action,
    CaptureThresholds,
    Decision,
    DiscardedLine,
    KeyStroke,
    SerialLine,
    SerialLineSplitter,
    WedgeDecoder,
)

CODE = "0104600439931256215Qbld6f\"/FhY" + GS + "91EE06" + GS + "92dGVzdGVzdA=="
SCANNER_MS = 5
HUMAN_MS = 150

# US-QWERTY and Russian (ЙЦУКЕН) keys, written out by row independently of the module:
# first set-1 scan code of the row, then unshifted and shifted characters of each layout.
_ROWS = (
    (0x02, "1234567890-=", "!@#$%^&*()_+", "1234567890-=", '!"№;%:?*()_+'),
    (0x10, "qwertyuiop[]", "QWERTYUIOP{}", "йцукенгшщзхъ", "ЙЦУКЕНГШЩЗХЪ"),
    (0x1E, "asdfghjkl;'`", 'ASDFGHJKL:"~', "фывапролджэё", "ФЫВАПРОЛДЖЭЁ"),
    (0x2B, "\\", "|", "\\", "/"),
    (0x2C, "zxcvbnm,./", "ZXCVBNM<>?", "ячсмитьбю.", "ЯЧСМИТЬБЮ,"),
)
#: US character -> (scan code, shifted, what the Russian layout types for that key).
US_KEY = {}
for _first, _us, _us_shift, _ru, _ru_shift in _ROWS:
    for _i, (_a, _b, _c, _d) in enumerate(zip(_us, _us_shift, _ru, _ru_shift, strict=True)):
        US_KEY[_a] = (_first + _i, False, _c)
        US_KEY[_b] = (_first + _i, True, _d)


def latin(text: str, start: float = 1000.0, step: float = SCANNER_MS) -> list[KeyStroke]:
    """Keystrokes typing ``text`` ``step`` ms apart, GS as its own kind, no scan codes."""
    return [KeyStroke(GS, start + i * step, "gs") if ch == GS
            else KeyStroke(ch, start + i * step, "char") for i, ch in enumerate(text)]


def russian(text: str, start: float = 1000.0, step: float = SCANNER_MS,
            scan_codes: bool = True) -> list[KeyStroke]:
    """What a scanner pressing the US keys of ``text`` delivers while the Russian layout is on."""
    strokes = []
    for i, ch in enumerate(text):
        if ch == GS:
            strokes.append(KeyStroke(GS, start + i * step, "gs"))
            continue
        code, shifted, typed = US_KEY[ch]
        strokes.append(KeyStroke(typed, start + i * step, "char",
                                 code if scan_codes else None, shifted))
    return strokes


def key(kind: str, after: KeyStroke, gap: float = SCANNER_MS) -> KeyStroke:
    return KeyStroke("", after.at_ms + gap, kind)


def play(decoder: WedgeDecoder, strokes: list[KeyStroke], *, then_silence: bool = True):
    """Run ``strokes`` through ``decoder`` the way a capture does: replay released keys first,
    then deliver or hold the current one. Returns what the widgets got, and the scans."""
    labels = {"enter": "⏎", "tab": "⇥", "gs": GS}
    delivered: list[str] = []
    scans = []

    def deliver(stroke: KeyStroke) -> None:
        delivered.append(labels.get(stroke.kind, stroke.text))

    def apply(decision, stroke=None) -> None:
        for released in decision.release:
            deliver(released)
        if decision.action is Action.PASS and stroke is not None:
            deliver(stroke)
        elif decision.action is Action.SCAN:
            scans.append(decision.scan)

    for stroke in strokes:
        apply(decoder.feed(stroke), stroke)
    if then_silence:
        apply(decoder.on_silence())
    return "".join(delivered), scans


@pytest.fixture
def decoder() -> WedgeDecoder:
    return WedgeDecoder(CaptureThresholds(), clock=lambda: 42.0)


# -- scans and typing --------------------------------------------------------------------------


@pytest.mark.parametrize("terminator", ["enter", "tab"])
def test_a_scanner_speed_burst_ended_by_the_terminator_is_one_scan_and_nothing_is_typed(
        decoder, terminator) -> None:
    strokes = latin(CODE)
    strokes.append(key(terminator, strokes[-1]))

    typed, scans = play(decoder, strokes)

    assert typed == ""
    [scan] = scans
    assert (scan.raw, scan.received, scan.terminator, scan.source, scan.layout) == (
        CODE, CODE, terminator, "wedge", "latin")
    assert scan.keys == len(CODE) + 1
    assert scan.duration_ms == pytest.approx(len(CODE) * SCANNER_MS)
    assert scan.max_gap_ms == pytest.approx(SCANNER_MS)
    assert scan.at == 42.0
    assert parse_code(scan.raw).identity == "0104600439931256215Qbld6f\"/FhY"


def test_every_key_of_a_burst_is_held_until_the_terminator_decides(decoder) -> None:
    decisions = [decoder.feed(stroke) for stroke in latin(CODE)]
    assert {d.action for d in decisions} == {Action.HOLD}
    assert all(d.release == () for d in decisions)
    end = decoder.feed(KeyStroke("", 1000.0 + len(CODE) * SCANNER_MS, "enter"))
    assert end.action is Action.SCAN


def test_gs_is_kept_as_ascii_29(decoder) -> None:
    strokes = latin(CODE)
    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])
    assert scan.raw.count(GS) == 2
    assert scan.raw.split(GS) == ["0104600439931256215Qbld6f\"/FhY", "91EE06", "92dGVzdGVzdA=="]


def test_human_typing_is_released_in_order_and_enter_still_reaches_the_widget(decoder) -> None:
    strokes = latin("1234567890", step=HUMAN_MS)
    typed, scans = play(decoder, strokes + [key("enter", strokes[-1], HUMAN_MS)])
    assert scans == []
    assert typed == "1234567890⏎"


def test_a_key_typed_slowly_is_released_by_the_next_one_not_held_for_ever(decoder) -> None:
    first, second = latin("ab", step=HUMAN_MS)
    assert decoder.feed(first) == Decision(Action.HOLD)
    decision = decoder.feed(second)
    assert decision.action is Action.HOLD
    assert [s.text for s in decision.release] == ["a"]
    assert [s.text for s in decoder.held] == ["b"]


def test_a_fast_but_short_burst_is_typing(decoder) -> None:
    strokes = latin("1234567")  # min_length is 8
    typed, scans = play(decoder, strokes + [key("enter", strokes[-1])])
    assert scans == []
    assert typed == "1234567⏎"


def test_a_terminator_with_nothing_held_passes_so_tab_and_enter_keep_working(decoder) -> None:
    for kind in ("tab", "enter"):
        decision = decoder.feed(KeyStroke("", 1000.0, kind))
        assert (decision.action, decision.release, decision.scan) == (Action.PASS, (), None)


def test_a_terminator_the_station_did_not_configure_is_an_ordinary_key() -> None:
    decoder = WedgeDecoder(CaptureThresholds(terminators=frozenset({"enter"})))
    strokes = latin("0104600439931256")
    typed, scans = play(decoder, strokes + [key("tab", strokes[-1])])
    assert scans == []
    assert typed == "0104600439931256⇥"


def test_a_terminator_after_a_pause_is_not_part_of_the_scan(decoder) -> None:
    strokes = latin("0104600439931256")
    typed, scans = play(decoder, strokes + [key("enter", strokes[-1], gap=41)])
    assert scans == []
    assert typed == "0104600439931256⏎"


def test_gaps_up_to_max_gap_ms_are_one_burst_longer_ones_split_it(decoder) -> None:
    at_limit = latin("0104600439931256", step=40)
    _, scans = play(decoder, at_limit + [key("enter", at_limit[-1], gap=40)])
    assert [scan.raw for scan in scans] == ["0104600439931256"]

    over = latin("0104600439931256", step=41)
    typed, scans = play(WedgeDecoder(CaptureThresholds()), over + [key("enter", over[-1], 41)])
    assert (typed, scans) == ("0104600439931256⏎", [])


def test_a_long_pause_mid_burst_releases_what_came_before_and_scans_the_rest(decoder) -> None:
    typed_first = latin("hello wor")
    code = latin(CODE, start=typed_first[-1].at_ms + 200)
    typed, scans = play(decoder, typed_first + code + [key("enter", code[-1])])
    assert typed == "hello wor"
    assert [scan.raw for scan in scans] == [CODE]
    assert scans[0].keys == len(CODE) + 1


def test_auto_repeat_is_typing(decoder) -> None:
    strokes = latin("aaaa")
    repeats = [KeyStroke("a", 1100.0 + 5 * i, "char", auto_repeat=True) for i in range(10)]
    typed, scans = play(decoder, strokes + repeats + [key("enter", repeats[-1])])
    assert scans == []
    assert typed == "a" * 14 + "⏎"


def test_an_unknown_keystroke_kind_is_a_programming_error(decoder) -> None:
    with pytest.raises(ValueError, match="escape"):
        decoder.feed(KeyStroke("", 1.0, "escape"))


def test_release_all_gives_back_the_held_keys_in_order(decoder) -> None:
    for stroke in latin("abc"):
        decoder.feed(stroke)
    assert "".join(s.text for s in decoder.release_all()) == "abc"
    assert decoder.held == ()


# -- silence -----------------------------------------------------------------------------------


def test_silence_is_a_terminator_only_when_the_station_configured_it() -> None:
    with_silence = WedgeDecoder(CaptureThresholds(terminators=frozenset({"silence"})))
    typed, scans = play(with_silence, latin(CODE))
    assert typed == ""
    assert [(scan.raw, scan.terminator, scan.keys) for scan in scans] == [
        (CODE, "silence", len(CODE))]

    without = WedgeDecoder(CaptureThresholds(terminators=frozenset({"enter"})))
    typed, scans = play(without, latin(CODE))
    assert (typed, scans) == (CODE, [])


def test_silence_after_a_short_burst_is_typing_even_when_configured() -> None:
    decoder = WedgeDecoder(CaptureThresholds(terminators=frozenset({"silence"})))
    assert play(decoder, latin("ok")) == ("ok", [])


def test_silence_checked_against_a_clock_waits_for_the_gap_to_pass(decoder) -> None:
    strokes = latin("abc")
    for stroke in strokes:
        decoder.feed(stroke)
    assert decoder.on_silence(now_ms=strokes[-1].at_ms + 10).action is Action.HOLD
    late = decoder.on_silence(now_ms=strokes[-1].at_ms + 100)
    assert (late.action, "".join(s.text for s in late.release)) == (Action.PASS, "abc")
    assert decoder.on_silence() == Decision(Action.PASS)


# -- keyboard layout ---------------------------------------------------------------------------


def test_a_scan_typed_in_the_russian_layout_is_repaired_by_physical_key(decoder) -> None:
    strokes = russian(CODE)
    assert "".join(s.text for s in strokes).startswith("0104600439931256215Йидв6аЭ.АрН")

    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])

    assert scan.raw == CODE
    assert scan.layout == "russian-repaired"
    assert scan.received.startswith("0104600439931256215Йидв6аЭ.АрН" + GS)
    assert parse_code(scan.raw).identity == "0104600439931256215Qbld6f\"/FhY"


@pytest.mark.parametrize(("us", "typed"), [
    ("G", "П"), ("g", "п"), ('"', "Э"), ("'", "э"), ("/", "."), ("?", ","), ("@", '"'),
    ("#", "№"), ("$", ";"), ("^", ":"), ("&", "?"), ("`", "ё"), ("~", "Ё"), ("|", "/"),
    ("<", "Б"), (">", "Ю"), ("{", "Х"), ("]", "ъ"),
])
def test_each_shifted_and_unshifted_key_is_read_in_us_qwerty(decoder, us, typed) -> None:
    strokes = russian("Z1234567" + us)
    assert strokes[-1].text == typed
    _, [scan] = play(decoder, strokes + [key("tab", strokes[-1])])
    assert (scan.raw, scan.layout) == ("Z1234567" + us, "russian-repaired")


def test_without_scan_codes_a_russian_scan_is_left_to_the_parser(decoder) -> None:
    strokes = russian(CODE, scan_codes=False)
    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])
    assert scan.layout == "non-latin"
    assert scan.raw == scan.received == "".join(s.text for s in strokes)
    parsed = parse_code(scan.raw)  # the parser's layout table does the repair instead
    assert (parsed.identity, parsed.layout_repaired) == ("0104600439931256215Qbld6f\"/FhY", True)


def test_one_cyrillic_key_without_a_scan_code_leaves_the_whole_scan_as_typed(decoder) -> None:
    strokes = russian(CODE)
    strokes[20] = KeyStroke(strokes[20].text, strokes[20].at_ms, "char", None, True)
    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])
    assert (scan.layout, scan.raw) == ("non-latin", scan.received)


def test_other_non_latin_text_is_not_repaired(decoder) -> None:
    strokes = latin("0104600439931256λ21")
    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])
    assert (scan.layout, scan.raw) == ("non-latin", "0104600439931256λ21")


def test_latin_text_is_taken_as_typed_even_with_scan_codes(decoder) -> None:
    # An AZERTY station configured in the scanner types Latin: never "repair" it by key.
    strokes = [KeyStroke(ch, 1000.0 + 5 * i, "char", 0x10, False) for i, ch in enumerate("a" * 10)]
    _, [scan] = play(decoder, strokes + [key("enter", strokes[-1])])
    assert (scan.raw, scan.layout) == ("a" * 10, "latin")


@pytest.mark.parametrize(("native", "platform", "set1"), [
    (42 + 8, "xcb", 42), (42 + 8, "wayland", 42), (42, "windows", 42), (42, "offscreen", 42),
    (0, "xcb", None), (0, "cocoa", None), (8, "xcb", None),
])
def test_native_scan_codes_are_normalised_to_set_1(native, platform, set1) -> None:
    assert set1_scan_code(native, platform) == set1


# -- serial lines ------------------------------------------------------------------------------


def test_serial_lines_end_at_cr_lf_or_crlf_and_keep_gs() -> None:
    splitter = SerialLineSplitter()
    lines = splitter.feed(b"0104600439931256215ABC\x1d91EE06\r\nsecond\rthird\n")
    assert lines == [SerialLine("0104600439931256215ABC\x1d91EE06", 31, "crlf"),
                     SerialLine("second", 7, "cr"), SerialLine("third", 6, "lf")]


def test_a_serial_line_split_across_reads_is_one_line() -> None:
    splitter = SerialLineSplitter()
    assert splitter.feed(b"01046004399312") == []
    assert splitter.feed(b"56215ABC\r") == [SerialLine("0104600439931256215ABC", 23, "cr")]
    assert splitter.feed(b"\n") == []  # the LF of a CRLF split across reads is not a scan


def test_empty_serial_lines_are_ignored() -> None:
    assert SerialLineSplitter().feed(b"\r\n\r\n\n\rABC\n\n") == [SerialLine("ABC", 4, "lf")]


def test_serial_bytes_are_utf8_else_latin1() -> None:
    splitter = SerialLineSplitter()
    assert [line.text for line in splitter.feed("Код\n".encode() + b"\xe9t\xe9\n")] == [
        "Код", "été"]


def test_an_over_long_serial_line_is_discarded_and_reported_once() -> None:
    splitter = SerialLineSplitter(max_line=16)
    assert splitter.feed(b"x" * 10) == []
    assert splitter.feed(b"x" * 10) == [DiscardedLine(20)]
    assert splitter.feed(b"y" * 40) == []          # still the same garbage: no second report
    assert splitter.feed(b"tail\r\nNEXT\r\n") == [SerialLine("NEXT", 6, "crlf")]
    assert splitter.feed(b"z" * 30 + b"\n") == [DiscardedLine(31)]


def test_a_serial_line_becomes_a_captured_scan() -> None:
    scan = SerialLine("0104600439931256215ABC\x1d91EE06", 31, "crlf").to_scan(at=7.0)
    assert (scan.raw, scan.received, scan.source, scan.terminator, scan.keys, scan.layout,
            scan.at) == ("0104600439931256215ABC\x1d91EE06", "0104600439931256215ABC\x1d91EE06",
                         "serial", "crlf", 31, "latin", 7.0)
