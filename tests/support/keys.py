"""Keys as a scanner or a person sends them, delivered to the focused widget as real
QKeyEvents with explicit timestamps (``qtbot.keyClicks`` aborts on non-ASCII text, and its
events carry no timing)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

GS = "\x1d"
_clock = itertools.count(10_000_000, 1)   # ms, always later than any earlier test's keys


class KeyClock:
    """Timestamps in ms for one test: ``advance(ms)`` moves it on."""

    def __init__(self) -> None:
        self.ms = next(_clock) * 1000

    def advance(self, ms: float) -> int:
        self.ms += int(ms)
        return self.ms


def _key_for(char: str) -> tuple[int, Qt.KeyboardModifier]:
    if char == GS:
        return int(Qt.Key.Key_BracketRight), Qt.KeyboardModifier.ControlModifier
    shift = char.isalpha() and char.isupper()
    return ord(char.upper()), (Qt.KeyboardModifier.ShiftModifier if shift
                               else Qt.KeyboardModifier.NoModifier)


def send_key(target, key: int, text: str, modifiers, at_ms: int, scan_code: int = 0,
             release: bool = True) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) if release else (
            QEvent.Type.KeyPress,):
        event = QKeyEvent(kind, key, modifiers, scan_code, 0, 0, text)
        event.setTimestamp(at_ms)
        QApplication.sendEvent(target, event)


def type_text(text: str, *, clock: KeyClock, gap_ms: float = 5, terminator: str | None = "enter",
              target=None, scan_codes: dict[str, int] | None = None) -> None:
    """Press the keys of ``text`` ``gap_ms`` apart at the focused widget (or ``target``),
    then the terminator ("enter", "tab" or None). GS is sent as Ctrl+]."""
    widget = target or QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "no widget has the keyboard focus"
    for char in text:
        key, modifiers = _key_for(char)
        send_key(widget, key, char, modifiers, clock.advance(gap_ms),
                 scan_code=(scan_codes or {}).get(char, 0))
    if terminator == "enter":
        send_key(widget, int(Qt.Key.Key_Return), "\r", Qt.KeyboardModifier.NoModifier,
                 clock.advance(gap_ms))
    elif terminator == "tab":
        send_key(widget, int(Qt.Key.Key_Tab), "\t", Qt.KeyboardModifier.NoModifier,
                 clock.advance(gap_ms))


def scan(text: str, *, clock: KeyClock, terminator: str = "enter", target=None) -> None:
    """A keyboard-wedge scanner: keys 5 ms apart, then the terminator."""
    type_text(text, clock=clock, gap_ms=5, terminator=terminator, target=target)
