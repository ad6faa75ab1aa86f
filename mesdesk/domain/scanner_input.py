"""Scanner input (§5): what a capture hands over, and the thresholds that tell a scan from typing.

A keyboard-wedge scanner types: a burst of key presses a few milliseconds apart, ended by a
terminator key (Enter or Tab, per the scanner's setting). A person types tens to hundreds of
milliseconds apart. The capture (``mesdesk.ui.scanner``) holds keystrokes back until it knows
which of the two it is looking at, so a scan never lands in a text field; this module is the
Qt-free part: thresholds, the captured scan, and the decoder that decides.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from mesdesk.domain.keyboard_layout import is_cyrillic
from mesdesk.domain.physical_keys import us_character

GS = "\x1d"

#: Terminator names a station may configure; "silence" ends a fast burst that has no suffix.
TERMINATOR_NAMES = ("enter", "tab", "silence")


@dataclass(frozen=True, slots=True)
class CaptureThresholds:
    """Station settings for telling a wedge scan from typing."""

    max_gap_ms: int = 40          # longest pause between two keys of one scan
    min_length: int = 8           # shorter bursts are typing (a marking code is 31+ chars)
    terminators: frozenset[str] = frozenset({"enter", "tab"})

    @staticmethod
    def parse_terminators(text: str) -> frozenset[str]:
        """``"enter,tab"`` -> the set; unknown names raise ``ValueError`` naming them."""
        names = {part.strip().lower() for part in text.split(",") if part.strip()}
        unknown = sorted(names - set(TERMINATOR_NAMES))
        if unknown:
            raise ValueError(f"unknown scan terminator(s): {', '.join(unknown)}; "
                             f"use {', '.join(TERMINATOR_NAMES)}")
        if not names:
            raise ValueError("at least one scan terminator is needed")
        return frozenset(names)


@dataclass(frozen=True, slots=True)
class CapturedScan:
    """One scan as a capture received it, ready for the parser (``raw``) and for diagnostics."""

    raw: str              # GS as ASCII 29; a Russian layout already repaired by physical key
    received: str         # the text exactly as the keys (or the serial line) produced it
    source: str           # "wedge" | "serial" | "manual"
    terminator: str       # "enter" | "tab" | "silence" | "cr" | "lf" | "crlf" | "" (manual)
    keys: int = 0         # key presses (wedge) or bytes (serial) in the scan
    duration_ms: float = 0.0     # first key to terminator
    max_gap_ms: float = 0.0      # longest pause between two keys
    layout: str = "latin"        # "latin" | "russian-repaired" | "non-latin" (left to the parser)
    at: float = 0.0              # time.perf_counter() when the terminator arrived


def visible_controls(text: str) -> str:
    """Control characters made visible for people: GS as ⟨GS⟩, the others as ⟨U+000D⟩."""
    return "".join("⟨GS⟩" if ch == GS else f"⟨U+{ord(ch):04X}⟩" if ord(ch) < 32 or ord(ch) == 127
                   else ch for ch in text)


# --------------------------------------------------------------------------------------------
# Keyboard wedge: telling a scan from typing, key by key

#: Keystroke kinds the decoder understands. Anything else (arrows, F-keys, shortcuts, Escape,
#: Backspace) is not a keystroke for it: the capture calls :meth:`WedgeDecoder.release_all`
#: and lets that key through.
KEY_KINDS = ("char", "gs", "enter", "tab")

#: A burst longer than this cannot be one scan (a code is at most a few hundred characters);
#: it is released as typing instead of being held without end.
MAX_HELD_KEYS = 4096


@dataclass(frozen=True, slots=True)
class KeyStroke:
    """One key press as the decoder sees it.

    ``text`` is what the key produced in the active layout (``"\\x1d"`` for ``gs``, empty for
    ``enter``/``tab``); ``at_ms`` the event's timestamp in milliseconds (any clock, the same for
    all strokes); ``scan_code`` the physical key as a set-1 scan code, if the platform told;
    ``shifted`` whether Shift was held; ``auto_repeat`` a key held down, which is never a scanner.
    """

    text: str
    at_ms: float
    kind: str
    scan_code: int | None = None
    shifted: bool = False
    auto_repeat: bool = False


class Action(Enum):
    """What the capture does with the keystroke it just fed (always after replaying ``release``)."""

    HOLD = "hold"   # swallow it for now: it may be the start or middle of a scan
    PASS = "pass"   # deliver it to its widget as usual (from on_silence: there is no keystroke)
    SCAN = "scan"   # a scan is complete: emit ``scan``; swallow this key and every held one


@dataclass(frozen=True, slots=True)
class Decision:
    """The decoder's answer for one keystroke (or one silence).

    ``release`` are held keystrokes that turned out to be typing, oldest first. The capture
    replays them to their widgets *before* it acts on ``action``, so typed text keeps its order.
    They are always the oldest held keystrokes, so a capture that keeps its own queue of held
    events in feeding order pops ``len(release)`` from its front.
    """

    action: Action
    release: tuple[KeyStroke, ...] = ()
    scan: CapturedScan | None = None


class WedgeDecoder:
    """Holds keystrokes until it knows whether they are a scan or typing (SPEC §5).

    A *burst* is a run of ``char``/``gs`` keystrokes each at most ``max_gap_ms`` after the one
    before; the decoder holds the current burst. Then:

    - a configured terminator (``enter``/``tab``) at most ``max_gap_ms`` after a held burst of at
      least ``min_length`` characters completes a scan (:attr:`Action.SCAN`);
    - any other terminator — nothing held, a short burst, a slow one, or a terminator the station
      did not configure — releases the burst as typing and passes through, so Tab still moves the
      focus and Enter still presses the default button;
    - a keystroke more than ``max_gap_ms`` after the last held one releases the held burst as
      typing and starts a new burst with itself;
    - an auto-repeated keystroke releases the burst and passes through;
    - :meth:`on_silence` (the capture's hold timer) releases the burst as typing, unless
      ``"silence"`` is a configured terminator and the burst is long enough: then it is a scan.

    Layout repair: a burst containing Cyrillic (or ``№``) was typed in a Cyrillic layout. If every
    ``char`` keystroke carries a scan code of the US table, ``raw`` is read key by key in US
    QWERTY (*all* keys, not only the Cyrillic ones: the Russian layout's ``.`` is the US ``/``
    key) and ``layout`` is ``"russian-repaired"``. Otherwise ``raw`` stays as typed and ``layout``
    is ``"non-latin"``; :func:`mesdesk.domain.codes.parse_code` then repairs it by its layout
    table or reports a ``layout`` verdict. Other non-Latin text is left as typed, ``"non-latin"``.

    A scan's ``keys`` counts its key presses with the terminator key (none for silence);
    ``duration_ms`` and ``max_gap_ms`` run up to the terminator; ``at`` is ``clock()`` (by
    default ``time.perf_counter()``) when the decision is made.
    """

    def __init__(self, thresholds: CaptureThresholds, *,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self._thresholds = thresholds
        self._clock = clock
        self._held: list[KeyStroke] = []

    @property
    def thresholds(self) -> CaptureThresholds:
        return self._thresholds

    @property
    def held(self) -> tuple[KeyStroke, ...]:
        return tuple(self._held)

    def feed(self, stroke: KeyStroke) -> Decision:
        """Decide about one keystroke; see the class docstring for the rules."""
        if stroke.kind not in KEY_KINDS:
            raise ValueError(f"unknown keystroke kind {stroke.kind!r}; use {', '.join(KEY_KINDS)}")
        if stroke.auto_repeat:
            return Decision(Action.PASS, self.release_all())
        if stroke.kind in ("enter", "tab"):
            return self._terminator(stroke)
        release: tuple[KeyStroke, ...] = ()
        if self._held and self._gap(stroke) > self._thresholds.max_gap_ms:
            release = self.release_all()
        if len(self._held) >= MAX_HELD_KEYS:
            return Decision(Action.PASS, release + self.release_all())
        self._held.append(stroke)
        return Decision(Action.HOLD, release)

    def on_silence(self, now_ms: float | None = None) -> Decision:
        """The hold timer fired: nothing followed the held burst in time.

        ``now_ms`` (same clock as the keystrokes), if given, is checked: when the last held key
        is not yet ``max_gap_ms`` old the answer is HOLD (arm the timer again). The Qt capture
        passes None — its timer measures the silence itself, because event timestamps need not
        share a clock with the application's timers.
        """
        if not self._held:
            return Decision(Action.PASS)
        if now_ms is not None and now_ms - self._held[-1].at_ms <= self._thresholds.max_gap_ms:
            return Decision(Action.HOLD)
        if "silence" in self._thresholds.terminators and self._long_enough():
            return Decision(Action.SCAN, scan=self._take_scan(None, "silence"))
        return Decision(Action.PASS, self.release_all())

    def release_all(self) -> tuple[KeyStroke, ...]:
        """Give up the held keystrokes as typing (a non-scan key arrived, or capture stops)."""
        held, self._held = tuple(self._held), []
        return held

    # -- internals ---------------------------------------------------------------------------

    def _terminator(self, stroke: KeyStroke) -> Decision:
        if (stroke.kind in self._thresholds.terminators and self._held
                and self._gap(stroke) <= self._thresholds.max_gap_ms and self._long_enough()):
            return Decision(Action.SCAN, scan=self._take_scan(stroke, stroke.kind))
        return Decision(Action.PASS, self.release_all())

    def _gap(self, stroke: KeyStroke) -> float:
        # A timestamp going backwards (two clocks mixed) is no evidence of a pause.
        return max(0.0, stroke.at_ms - self._held[-1].at_ms)

    def _long_enough(self) -> bool:
        return len(_typed_text(self._held)) >= self._thresholds.min_length

    def _take_scan(self, end: KeyStroke | None, terminator: str) -> CapturedScan:
        strokes = self.release_all()
        timeline = [stroke.at_ms for stroke in strokes] + ([end.at_ms] if end else [])
        gaps = [max(0.0, later - earlier) for earlier, later in zip(timeline, timeline[1:])]
        received = _typed_text(strokes)
        raw, layout = _repaired_by_physical_key(strokes, received)
        return CapturedScan(
            raw=raw, received=received, source="wedge", terminator=terminator,
            keys=len(timeline), duration_ms=max(0.0, timeline[-1] - timeline[0]),
            max_gap_ms=max(gaps, default=0.0), layout=layout, at=self._clock())


def _typed_text(strokes: list[KeyStroke] | tuple[KeyStroke, ...]) -> str:
    return "".join(GS if stroke.kind == "gs" else stroke.text for stroke in strokes)


def _repaired_by_physical_key(strokes: tuple[KeyStroke, ...], received: str) -> tuple[str, str]:
    """``(raw, layout)`` for a held burst; see :class:`WedgeDecoder` on layout repair."""
    if received.isascii():
        return received, "latin"
    if not all(char.isascii() or char == "№" or is_cyrillic(char) for char in received):
        return received, "non-latin"
    repaired = []
    for stroke in strokes:
        if stroke.kind == "gs":
            repaired.append(GS)
            continue
        us = us_character(stroke.scan_code, stroke.shifted) if stroke.scan_code else None
        if us is None:
            return received, "non-latin"
        repaired.append(us)
    return "".join(repaired), "russian-repaired"


# --------------------------------------------------------------------------------------------
# Serial (COM) scanners: lines of bytes

#: Longest line a serial scanner may send; more without a line end is discarded and reported.
MAX_SERIAL_LINE = 4096


@dataclass(frozen=True, slots=True)
class SerialLine:
    """One complete line from a serial scanner."""

    text: str          # decoded: UTF-8, else latin-1; 0x1D stays GS
    size: int          # bytes received for it, line end included
    terminator: str    # "cr" | "lf" | "crlf"

    def to_scan(self, at: float) -> CapturedScan:
        layout = "latin" if self.text.isascii() else "non-latin"
        return CapturedScan(raw=self.text, received=self.text, source="serial",
                            terminator=self.terminator, keys=self.size, layout=layout, at=at)


@dataclass(frozen=True, slots=True)
class DiscardedLine:
    """More than :data:`MAX_SERIAL_LINE` bytes came without a line end; they were thrown away.

    Reported once, when the limit is passed; everything up to the next line end is discarded
    too, so the tail of the garbage never becomes a "scan". The usual cause is a scanner
    configured without a CR/LF suffix.
    """

    size: int


class SerialLineSplitter:
    """Accumulates bytes from a serial port and yields complete lines (CR, LF or CRLF).

    Empty lines are ignored. A CR ending one chunk is taken as the line end at once (the scan
    must not wait for the next one); if an LF then starts the next chunk it makes an empty line
    and is ignored, so such a line reports terminator ``"cr"`` rather than ``"crlf"``.
    """

    def __init__(self, max_line: int = MAX_SERIAL_LINE) -> None:
        self._max_line = max_line
        self._buffer = bytearray()
        self._discarding = False

    def reset(self) -> None:
        self._buffer.clear()
        self._discarding = False

    def feed(self, data: bytes) -> list[SerialLine | DiscardedLine]:
        """Everything ``data`` completes, in order."""
        self._buffer += data
        out: list[SerialLine | DiscardedLine] = []
        while (end := _line_end(self._buffer)) is not None:
            index, terminator = end
            size = index + len(_LINE_ENDS[terminator])
            line, discarding = bytes(self._buffer[:index]), self._discarding
            del self._buffer[:size]
            self._discarding = False
            if len(line) > self._max_line and not discarding:
                out.append(DiscardedLine(size))
            elif line and not discarding:
                out.append(SerialLine(_decode(line), size, terminator))
        if len(self._buffer) > self._max_line:
            if not self._discarding:
                out.append(DiscardedLine(len(self._buffer)))
            self._discarding = True
            self._buffer.clear()
        return out


_LINE_ENDS = {"crlf": b"\r\n", "cr": b"\r", "lf": b"\n"}


def _line_end(buffer: bytearray) -> tuple[int, str] | None:
    """Index and name of the first line end in ``buffer``, or None."""
    cr, lf = buffer.find(b"\r"), buffer.find(b"\n")
    if cr < 0 and lf < 0:
        return None
    if cr < 0 or 0 <= lf < cr:
        return lf, "lf"
    return cr, "crlf" if lf == cr + 1 else "cr"


def _decode(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")
