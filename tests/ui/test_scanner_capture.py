"""Keyboard-wedge capture on real widgets (SPEC §5): a scan is taken before any widget sees it,
typing still reaches the focused field, Tab and Enter keep working.

Keys are sent as QKeyEvents with explicit timestamps (5 ms apart = a scanner, 150 ms = a person)
to the focused widget with ``QApplication.sendEvent``, each press followed by its release, as a
keyboard does; the application event filter sees them the way it sees real input.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mesdesk.domain.scanner_input import GS, CaptureThresholds
from mesdesk.ui.scanner import WedgeCapture
from tests.support.factories import marking_code

CODE = "0104600439931256215Qbld6f\"/FhY" + GS + "91EE06" + GS + "92dGVzdGVzdA=="
SCANNER_MS = 5
HUMAN_MS = 150
X11_OFFSET = 8  # xcb reports evdev key codes plus 8

# The US keys a scanner presses for CODE, and what the Russian layout types for them
# (set-1 scan code, shifted, Russian character) — written out here, not taken from the module.
_RU_KEYS = {
    "0": (0x0B, False, "0"), "1": (0x02, False, "1"), "2": (0x03, False, "2"),
    "3": (0x04, False, "3"), "4": (0x05, False, "4"), "5": (0x06, False, "5"),
    "6": (0x07, False, "6"), "9": (0x0A, False, "9"), "Q": (0x10, True, "Й"),
    "b": (0x30, False, "и"), "l": (0x26, False, "д"), "d": (0x20, False, "в"),
    "f": (0x21, False, "а"), '"': (0x28, True, "Э"), "/": (0x35, False, "."),
    "F": (0x21, True, "А"), "h": (0x23, False, "р"), "Y": (0x15, True, "Н"),
    "E": (0x12, True, "У"), "G": (0x22, True, "П"), "V": (0x2F, True, "М"),
    "z": (0x2C, False, "я"), "Z": (0x2C, True, "Я"), "A": (0x1E, True, "Ф"),
    "=": (0x0D, False, "="), "g": (0x22, False, "п"),
}


def _qt_key(char: str) -> int:
    """Qt's key code for a character: its upper-case code point (so for ASCII, and the Unicode
    value Qt uses for Cyrillic keys)."""
    return ord(char.upper())


class Keyboard:
    """Sends key presses and releases to the focused widget with controlled timestamps."""

    def __init__(self) -> None:
        self.now = 100_000

    def key(self, key: int, text: str = "", modifiers=Qt.KeyboardModifier.NoModifier,
            native: int = 0, gap: int = SCANNER_MS) -> None:
        self.now += gap
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        for kind, at in ((QEvent.Type.KeyPress, self.now), (QEvent.Type.KeyRelease, self.now + 1)):
            event = QKeyEvent(kind, key, modifiers, native, 0, 0, text)
            event.setTimestamp(at)
            QApplication.sendEvent(target, event)

    def type(self, text: str, gap: int = SCANNER_MS) -> None:
        """``text`` in the US layout; GS as Ctrl+] (how wedge scanners send it)."""
        for char in text:
            if char == GS:
                self.key(Qt.Key.Key_BracketRight, GS, Qt.KeyboardModifier.ControlModifier,
                         gap=gap)
            else:
                shift = char.isupper() or char in '~!@#$%^&*()_+{}|:"<>?'
                modifiers = (Qt.KeyboardModifier.ShiftModifier if shift
                             else Qt.KeyboardModifier.NoModifier)
                self.key(_qt_key(char), char, modifiers, gap=gap)

    def type_russian(self, text: str, gap: int = SCANNER_MS) -> None:
        """The US keys of ``text`` pressed while the Russian layout is active, X11 scan codes."""
        for char in text:
            if char == GS:
                self.key(Qt.Key.Key_BracketRight, GS, Qt.KeyboardModifier.ControlModifier,
                         native=0x1B + X11_OFFSET, gap=gap)
                continue
            code, shifted, typed = _RU_KEYS[char]
            modifiers = (Qt.KeyboardModifier.ShiftModifier if shifted
                         else Qt.KeyboardModifier.NoModifier)
            self.key(_qt_key(typed), typed, modifiers, native=code + X11_OFFSET, gap=gap)

    def enter(self, gap: int = SCANNER_MS) -> None:
        self.key(Qt.Key.Key_Return, "\r", gap=gap)

    def tab(self, gap: int = SCANNER_MS) -> None:
        self.key(Qt.Key.Key_Tab, "\t", gap=gap)


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.button = QPushButton("OK")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        self.returns = 0
        self.edit.returnPressed.connect(self._returned)

    def _returned(self) -> None:
        self.returns += 1


@pytest.fixture
def form(qtbot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.edit.setFocus()
    qtbot.waitUntil(form.edit.hasFocus)
    return form


@pytest.fixture
def capture(qapp):
    # X11-style native scan codes under the offscreen platform: the capture is told the platform.
    capture = WedgeCapture(CaptureThresholds(), platform="xcb")
    capture.install(qapp)
    yield capture
    capture.uninstall()


@pytest.fixture
def scans(capture) -> list:
    received: list = []
    capture.scanned.connect(received.append)
    return received


def test_a_scan_ended_by_enter_is_captured_once_and_never_reaches_the_field(
        form, capture, scans, qtbot) -> None:
    keyboard = Keyboard()
    keyboard.type(CODE)
    keyboard.enter()

    assert [scan.raw for scan in scans] == [CODE]
    assert (scans[0].terminator, scans[0].source, scans[0].layout) == ("enter", "wedge", "latin")
    assert form.edit.text() == ""
    assert form.returns == 0  # the scanner's Enter pressed nothing

    keyboard.type("x", gap=HUMAN_MS)  # a person types afterwards: only that shows
    qtbot.waitUntil(lambda: form.edit.text() == "x")
    assert len(scans) == 1


def test_a_scan_ended_by_tab_keeps_the_focus_where_it_was(form, capture, scans) -> None:
    code = marking_code(7)
    keyboard = Keyboard()
    keyboard.type(code)
    keyboard.tab()

    assert [(scan.raw, scan.terminator) for scan in scans] == [(code, "tab")]
    assert form.edit.hasFocus()
    assert form.edit.text() == ""


@pytest.mark.parametrize("text", [GS, ""], ids=["ctrl-bracket-with-text", "ctrl-bracket-bare"])
def test_gs_sent_as_ctrl_bracket_is_kept_as_ascii_29(form, capture, scans, text) -> None:
    keyboard = Keyboard()
    for part in CODE.split(GS)[:-1]:
        keyboard.type(part)
        keyboard.key(Qt.Key.Key_BracketRight, text, Qt.KeyboardModifier.ControlModifier)
    keyboard.type(CODE.split(GS)[-1])
    keyboard.enter()

    assert [scan.raw for scan in scans] == [CODE]
    assert scans[0].raw.count(GS) == 2


def test_human_typing_lands_in_the_field_exactly_and_enter_still_works(
        form, capture, scans, qtbot) -> None:
    keyboard = Keyboard()
    keyboard.type("Batch 1001, line 2", gap=HUMAN_MS)
    qtbot.waitUntil(lambda: form.edit.text() == "Batch 1001, line 2")

    keyboard.enter(gap=HUMAN_MS)
    qtbot.waitUntil(lambda: form.returns == 1)
    assert scans == []


def test_editing_keys_apply_after_the_typing_before_them(form, capture, qtbot) -> None:
    keyboard = Keyboard()
    keyboard.type("abc", gap=HUMAN_MS)
    keyboard.key(Qt.Key.Key_Backspace, "\b", gap=HUMAN_MS)
    qtbot.waitUntil(lambda: form.edit.text() == "ab")


def test_a_short_fast_burst_is_typing(form, capture, scans, qtbot) -> None:
    keyboard = Keyboard()
    keyboard.type("42")
    keyboard.enter()
    qtbot.waitUntil(lambda: form.edit.text() == "42")
    assert (scans, form.returns) == ([], 1)


def test_the_shift_a_scanner_presses_for_capitals_does_not_break_the_scan(
        form, capture, scans) -> None:
    keyboard = Keyboard()
    for char in CODE:
        if char.isupper():
            keyboard.key(Qt.Key.Key_Shift, "", Qt.KeyboardModifier.ShiftModifier, gap=1)
        keyboard.type(char)
    keyboard.enter()
    assert [scan.raw for scan in scans] == [CODE]
    assert form.edit.text() == ""


def test_a_scan_in_the_russian_layout_is_repaired_by_physical_key(form, capture, scans) -> None:
    keyboard = Keyboard()
    keyboard.type_russian(CODE)
    keyboard.enter()

    [scan] = scans
    assert scan.raw == CODE
    assert scan.layout == "russian-repaired"
    assert scan.received.startswith("0104600439931256215Йидв6аЭ.АрН" + GS)
    assert form.edit.text() == ""


def test_tab_pressed_alone_moves_the_focus(form, capture, qtbot) -> None:
    Keyboard().tab(gap=HUMAN_MS)
    qtbot.waitUntil(form.button.hasFocus)


def test_a_disabled_capture_passes_keys_straight_through(form, capture, scans, qtbot) -> None:
    code = marking_code(3, tail=False)
    capture.set_enabled(False)
    assert not capture.enabled

    keyboard = Keyboard()
    keyboard.type(code)
    keyboard.enter()

    assert form.edit.text() == code  # delivered at once: nothing was held
    assert (scans, form.returns) == ([], 1)


def test_disabling_the_capture_delivers_what_it_was_holding(form, capture, scans) -> None:
    keyboard = Keyboard()
    keyboard.type("0104600")
    assert form.edit.text() == ""  # held: could be the start of a scan
    capture.set_enabled(False)
    assert form.edit.text() == "0104600"
    assert scans == []


def test_after_uninstall_keys_are_no_longer_captured(form, capture, scans, qapp) -> None:
    capture.uninstall()
    keyboard = Keyboard()
    keyboard.type(marking_code(5, tail=False))
    keyboard.enter()
    assert scans == []
    assert form.edit.text() == marking_code(5, tail=False)


def test_with_silence_as_terminator_a_burst_without_suffix_is_a_scan(
        form, capture, scans, qtbot) -> None:
    capture.set_thresholds(CaptureThresholds(terminators=frozenset({"silence"})))
    Keyboard().type(CODE)
    qtbot.waitUntil(lambda: len(scans) == 1)
    assert (scans[0].raw, scans[0].terminator) == (CODE, "silence")
    assert form.edit.text() == ""


def test_a_failure_inside_the_capture_lets_the_keys_through(
        form, capture, scans, qtbot, monkeypatch) -> None:
    keyboard = Keyboard()
    keyboard.type("ab", gap=HUMAN_MS)

    def broken(stroke):
        raise RuntimeError("decoder bug")

    monkeypatch.setattr(capture._decoder, "feed", broken)
    keyboard.type("cd", gap=HUMAN_MS)
    qtbot.waitUntil(lambda: form.edit.text() == "abcd")
    assert scans == []
