"""Keyboard-wedge scanner capture: an application-wide key filter in front of every widget.

Why an application event filter
-------------------------------
A wedge scanner types into whatever widget has the focus. Qt text widgets silently drop ASCII 29
(GS), and a scan must never land in an input field by accident (SPEC §5). So the capture sits
in front of every widget (``QApplication.installEventFilter``) and *holds* key presses until
:class:`mesdesk.domain.scanner_input.WedgeDecoder` knows whether they are a scan or typing:

- a scan: :attr:`WedgeCapture.scanned` is emitted and its keys (the terminator too) are
  swallowed — no widget ever sees them;
- typing: the held presses are re-delivered ("replayed") to the widget that had received them,
  in order, each followed by a matching release, with ``QApplication.sendEvent`` while the
  filter (and every other capture) lets the replays through. The original releases of held
  keys are swallowed, so every press a widget sees has exactly one release.

A person's key is thus delayed until the next key or the hold timer (``max_gap_ms`` plus a small
margin, ~60 ms by default) — not noticeable, and the price of never leaking a scan.

Keys the decoder does not hold (arrows, F-keys, Ctrl+shortcuts, Escape, Backspace…) first
release whatever is held, then pass. Modifier keys alone (the Shift a scanner presses for
capitals) and Alt+keypad digits (a Windows Alt-code in progress) are neutral: they pass and
change nothing. Key events a widget ignores propagate to its parents and reach this filter again;
that is harmless by construction, because after a key passes nothing is held.

More than one capture may be installed at once (the Aggregation screen's, and the sign-in
screen's or a badge dialog's in front of it): the latest decides. Keys any capture replays are
typing already decided, and every capture lets them through; were each to hold the others'
replays, a typed key would go back and forth between them and never reach its widget.

Scan codes are normalised to PC set 1 (:func:`mesdesk.domain.physical_keys.set1_scan_code`) by
the Qt platform name, taken from ``QGuiApplication.platformName()`` unless the constructor's
``platform`` says otherwise (tests pass ``"xcb"`` to send X11-style codes under ``offscreen``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from mesdesk.domain.physical_keys import RIGHT_BRACKET, set1_scan_code
from mesdesk.domain.scanner_input import (
    GS,
    Action,
    CapturedScan,
    CaptureThresholds,
    KeyStroke,
    WedgeDecoder,
)

_log = logging.getLogger(__name__)

#: Added to ``max_gap_ms`` for the hold timer, so a scanner at the very limit is not cut short.
SILENCE_MARGIN_MS = 20

_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                         QEvent.Type.ShortcutOverride})
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_ScrollLock,
})
_DIGIT_KEYS = frozenset(int(Qt.Key.Key_0) + n for n in range(10))
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_META = Qt.KeyboardModifier.MetaModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_KEYPAD = Qt.KeyboardModifier.KeypadModifier


@dataclass(slots=True)
class _Held:
    """A held key press: a copy of the event (Qt deletes the original) and its receiver."""

    widget: QWidget
    press: QKeyEvent


class WedgeCapture(QObject):
    """Captures keyboard-wedge scans application-wide; see the module docstring."""

    scanned = Signal(object)  # CapturedScan

    #: Replays in progress, of any capture (GUI thread only): their keys pass every capture.
    _replaying_any = 0

    def __init__(self, thresholds: CaptureThresholds, parent: QObject | None = None, *,
                 platform: str | None = None) -> None:
        super().__init__(parent)
        self._decoder = WedgeDecoder(thresholds)
        self._platform = platform
        self._enabled = True
        self._app: QApplication | None = None
        self._held: deque[_Held] = deque()
        self._releases_to_swallow: Counter[tuple[int, int]] = Counter()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_silence)
        self._timer.setInterval(thresholds.max_gap_ms + SILENCE_MARGIN_MS)

    # -- public ------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def thresholds(self) -> CaptureThresholds:
        return self._decoder.thresholds

    def install(self, app: QApplication) -> None:
        """Start filtering every key event of ``app``."""
        if self._app is app:
            return
        self.uninstall()
        if self._platform is None:
            self._platform = QGuiApplication.platformName()
        app.installEventFilter(self)
        self._app = app

    def uninstall(self) -> None:
        """Stop filtering; anything held is delivered as typing first."""
        self._release_everything()
        if self._app is not None and shiboken6.isValid(self._app):
            self._app.removeEventFilter(self)
        self._app = None

    def set_thresholds(self, thresholds: CaptureThresholds) -> None:
        self._release_everything()
        self._decoder = WedgeDecoder(thresholds)
        self._timer.setInterval(thresholds.max_gap_ms + SILENCE_MARGIN_MS)

    def set_enabled(self, enabled: bool) -> None:
        """Disabled, every key passes straight through; anything held is delivered first."""
        if not enabled:
            self._release_everything()
            self._releases_to_swallow.clear()
        self._enabled = enabled

    # -- the filter --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() not in _KEY_EVENTS:
            return False
        if WedgeCapture._replaying_any or not self._enabled or not watched.isWidgetType():
            return False
        try:
            if event.type() == QEvent.Type.KeyPress:
                return self._on_press(watched, event)
            if event.type() == QEvent.Type.KeyRelease:
                return self._on_release(event)
            return self._on_shortcut_override(event)
        except Exception:  # a key must never be lost to a bug here
            _log.exception("scanner capture failed on a key event; passing it through")
            self._recover()
            return False

    def _on_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        stroke = self._stroke(event)
        if stroke is None:
            if not self._is_neutral(event):
                self._replay(len(self._decoder.release_all()))
            return False
        decision = self._decoder.feed(stroke)
        self._replay(len(decision.release))
        if decision.action is Action.HOLD:
            self._held.append(_Held(widget, _copy(event, event.type())))
            self._releases_to_swallow[_key_id(event)] += 1
            self._timer.start()
            return True
        if decision.action is Action.SCAN:
            self._releases_to_swallow[_key_id(event)] += 1
            self._finish(decision.scan)
            return True
        return False

    def _on_release(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        key = _key_id(event)
        if self._releases_to_swallow[key] <= 0:
            return False
        self._releases_to_swallow[key] -= 1
        if not self._releases_to_swallow[key]:
            del self._releases_to_swallow[key]
        return True

    def _on_shortcut_override(self, event: QKeyEvent) -> bool:
        """Ctrl+] is GS to a scanner: claim it, so no shortcut of the same keys fires."""
        stroke = self._stroke(event)
        if stroke is not None and stroke.kind == "gs":
            event.accept()
            return True
        return False

    def _on_silence(self) -> None:
        try:
            decision = self._decoder.on_silence()
            self._replay(len(decision.release))
            if decision.action is Action.SCAN:
                self._finish(decision.scan)
        except Exception:
            _log.exception("scanner capture failed after a pause; releasing held keys")
            self._recover()

    # -- helpers -----------------------------------------------------------------------------

    def _stroke(self, event: QKeyEvent) -> KeyStroke | None:
        """The keystroke the decoder should see, or None for a key it does not hold."""
        key, mods, text = event.key(), event.modifiers(), event.text()
        scan_code = set1_scan_code(event.nativeScanCode(), self._platform or "")
        at_ms = float(event.timestamp()) or time.monotonic() * 1000.0
        shifted, repeat = bool(mods & _SHIFT), event.isAutoRepeat()
        ctrl, alt, meta = bool(mods & _CTRL), bool(mods & _ALT), bool(mods & _META)
        if text == GS or (ctrl and not alt and (key == Qt.Key.Key_BracketRight
                                                or scan_code == RIGHT_BRACKET)):
            return KeyStroke(GS, at_ms, "gs", scan_code, shifted, repeat)
        if ctrl or meta or alt:
            # Ctrl+Alt with printable text is AltGr on Windows: a character, not a shortcut.
            if not (ctrl and alt and not meta and text and text.isprintable()):
                return None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return KeyStroke("", at_ms, "enter", scan_code, shifted, repeat)
        if key == Qt.Key.Key_Tab:
            return KeyStroke("", at_ms, "tab", scan_code, shifted, repeat)
        if text and text.isprintable():
            return KeyStroke(text, at_ms, "char", scan_code, shifted, repeat)
        return None

    @staticmethod
    def _is_neutral(event: QKeyEvent) -> bool:
        """Modifier keys alone, and Alt+keypad digits (a Windows Alt-code being typed)."""
        if event.key() in _MODIFIER_KEYS:
            return True
        mods = event.modifiers()
        return bool(mods & _ALT and mods & _KEYPAD) and event.key() in _DIGIT_KEYS

    def _replay(self, count: int) -> None:
        """Deliver the ``count`` oldest held presses (and a release each) as typing."""
        for _ in range(min(count, len(self._held))):
            held = self._held.popleft()
            if not shiboken6.isValid(held.widget):
                continue  # the widget is gone; so is the place the text was meant for
            release = _copy(held.press, QEvent.Type.KeyRelease)
            WedgeCapture._replaying_any += 1
            try:
                QApplication.sendEvent(held.widget, held.press)
                QApplication.sendEvent(held.widget, release)
            finally:
                WedgeCapture._replaying_any -= 1
        if not self._held:
            self._timer.stop()

    def _release_everything(self) -> None:
        self._replay(len(self._decoder.release_all()))
        self._held.clear()
        self._timer.stop()

    def _recover(self) -> None:
        """After a failure: deliver what is held, so the decoder and the queue agree again."""
        try:
            self._decoder.release_all()
            self._replay(len(self._held))
        except Exception:
            _log.exception("scanner capture could not deliver held keys; dropping them")
            self._held.clear()
            self._timer.stop()

    def _finish(self, scan: CapturedScan | None) -> None:
        self._held.clear()
        self._timer.stop()
        if scan is not None:
            self.scanned.emit(scan)


def _key_id(event: QKeyEvent) -> tuple[int, int]:
    return int(event.key()), int(event.nativeScanCode())


def _copy(event: QKeyEvent, kind: QEvent.Type) -> QKeyEvent:
    copy = QKeyEvent(kind, event.key(), event.modifiers(), event.nativeScanCode(),
                     event.nativeVirtualKey(), event.nativeModifiers(), event.text(),
                     event.isAutoRepeat(), event.count())
    copy.setTimestamp(event.timestamp())
    return copy


def thresholds_of(settings) -> CaptureThresholds:
    """The capture thresholds of the station's settings (bad terminators: Enter and Tab)."""
    try:
        terminators = CaptureThresholds.parse_terminators(settings.scan_terminators)
    except ValueError:
        _log.warning("unusable scan terminators %r: Enter and Tab are used",
                    settings.scan_terminators)
        terminators = frozenset({"enter", "tab"})
    return CaptureThresholds(max_gap_ms=settings.scan_max_gap_ms,
                             min_length=settings.scan_min_length, terminators=terminators)
