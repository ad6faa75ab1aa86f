"""Verdict sounds for the scanning station: one short sound per verdict class (SPEC §4).

An operator scanning at speed hears the verdict before looking at the screen, so each class
sounds different by rhythm and pitch movement (``tools/make_sounds.py`` makes the files in
``resources/sounds``):

- ``accepted`` -> ``accepted``: one short high beep — go on;
- ``already_aggregated`` -> ``already``: two medium beeps — this one is in a box already;
- ``other_batch`` -> ``other_batch``: three tones going down — it belongs to another batch;
- ``bad_format``, ``layout``, ``not_found``, ``batch_closed`` and ``refused`` (a scan the
  screen could not take) -> ``error``: a low double buzz — stop and look at the screen;
- ``pending`` -> ``pending``: a soft rising glide — kept, not decided yet;
- ``repeat`` -> no sound (§4: ignored silently).

``pending`` has a sound of its own rather than the accepted beep: the scan is safe in the
journal, but it is *not* accepted — on reconnect it may turn out to be in another batch or
already used, and the operator should not learn "pending" as "good". Nor is it the error
buzz: nothing is wrong with the product, so the operator must not put it aside or scan it
again. A code this module does not know (a verdict added later) gets the error sound: better
a look at the screen too many than a silent wrong verdict.

QtMultimedia is imported on first use (``prepare``, else the first ``play``), inside a
``try``: without it (a missing ``libpulse.so.0``, a slim install), without an audio device or
without the sound files the station is simply silent, says so in one log line, and never
raises. ``played`` is emitted all the same, so the screen and the tests can tell a sound was
due. The sound effects are made once and reused: ``play`` does no file I/O and returns in
microseconds (Qt's sample cache loads the files on its own thread).
"""

from __future__ import annotations

import enum
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QLoggingCategory, QMessageLogContext, QObject, QtMsgType, QUrl, Signal, qFormatLogMessage,
    qInstallMessageHandler,
)

from mesdesk.domain.verdicts import Verdict

from .i18n import translations_dir

log = logging.getLogger(__name__)

SOUND_CLASSES = ("accepted", "error", "already", "other_batch", "pending")

#: ``refused``: a scan the screen could not take (no batch open, the station busy…).
REFUSED = "refused"

#: The sound class of each verdict code; ``None``: no sound.
SOUND_OF: dict[str, str | None] = {
    Verdict.ACCEPTED.value: "accepted",
    Verdict.ALREADY_AGGREGATED.value: "already",
    Verdict.OTHER_BATCH.value: "other_batch",
    Verdict.BAD_FORMAT.value: "error",
    Verdict.LAYOUT.value: "error",
    Verdict.NOT_FOUND.value: "error",
    Verdict.BATCH_CLOSED.value: "error",
    REFUSED: "error",
    Verdict.PENDING.value: "pending",
    Verdict.NOT_PROCESSED.value: "pending",     # a CLI list's verdict: never on a station
    Verdict.REPEAT.value: None,
}

# Qt Multimedia's own diagnostics (missing pipewire/VA-API libraries, the FFmpeg banner…) are
# for Qt's developers, not for a station's console. Critical messages still show, and
# QT_LOGGING_RULES in the environment overrides this for debugging. (setFilterRules replaces
# the rules an earlier setFilterRules call set: MESDesk sets none elsewhere.)
MULTIMEDIA_LOG_RULES = "\n".join(f"qt.multimedia*.{level}=false"
                                 for level in ("debug", "info", "warning"))
# What the audio backend says in Qt's default category when there is no sound server.
_BACKEND_NOISE = ("PulseAudioService", "QSoundEffect", "QAudioSink", "QPipeWire")

_logged: set[str] = set()


def _log_once(message: str, *args: object) -> None:
    """One info line per distinct message per process (a station reopened says it once)."""
    text = message % args if args else message
    if text not in _logged:
        _logged.add(text)
        log.info(text)


def sounds_dir() -> Path:
    """``resources/sounds``: beside the translations, found the same way (a frozen bundle's
    ``sys._MEIPASS`` too)."""
    return translations_dir().parent / "sounds"


def sound_for(verdict: str | Verdict) -> str | None:
    """The sound class for a verdict code; ``None`` for none (``repeat``)."""
    code = verdict.value if isinstance(verdict, enum.Enum) else str(verdict)
    if code in SOUND_OF:
        return SOUND_OF[code]
    _log_once("no sound defined for verdict %r: the error sound plays", code)
    return "error"


def _quietly(call):
    """``call()`` with the audio backend's complaints about a missing sound server kept off
    the console; any other message goes on to the handler that was installed."""
    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category or ""
        if category.startswith("qt.multimedia") or message.startswith(_BACKEND_NOISE):
            log.debug("Qt multimedia: %s", message)
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(kind, context, message) + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        return call()
    finally:
        qInstallMessageHandler(previous)


class VerdictSounds(QObject):
    """``VerdictSounds(parent=None, *, folder=None, muted=False)``: ``play(verdict)`` sounds
    a verdict; ``folder`` defaults to ``resources/sounds``.

    ``played(sound_class)`` is emitted for every sound due while not muted, whether or not
    the computer can play it; ``available`` says whether it can. Call ``prepare()`` when the
    scanning screen opens, so that the first scan does not pay for loading Qt Multimedia
    (tens of milliseconds).
    """

    played = Signal(str)

    def __init__(self, parent: QObject | None = None, *, folder: Path | str | None = None,
                 muted: bool = False) -> None:
        super().__init__(parent)
        self._folder = Path(folder) if folder is not None else sounds_dir()
        self._muted = bool(muted)
        self._prepared = False
        self._available = False
        self._effects: dict[str, Any] = {}     # sound class -> QSoundEffect, made once
        self._paths: dict[str, Path] = {}
        self._sound_effect_type: Any = None
        self._devices_type: Any = None
        self._devices: Any = None              # a QMediaDevices, for outputs coming and going
        self._current: Any = None              # the effect played last

    # -- state -----------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self._muted:
            self._stop_current()

    @property
    def available(self) -> bool:
        """Whether sounds actually come out: Qt Multimedia works, there is an audio output
        and the sound files are there (prepares on first use)."""
        self.prepare()
        return self._available

    # -- playing ---------------------------------------------------------------------------

    def play(self, verdict: str | Verdict) -> None:
        """Sound the verdict's class (nothing for ``repeat`` or when muted). Never raises."""
        sound = sound_for(verdict)
        if sound is None or self._muted:
            return
        if not self._prepared:
            self.prepare()
        effect = self._effects.get(sound) if self._available else None
        if effect is not None:
            try:
                if self._current is not None and self._current is not effect:
                    self._stop_current()   # the newest verdict is the one to hear
                effect.play()              # from the start, also when still playing
                self._current = effect
            except Exception as exc:   # noqa: BLE001 - a sound must never break a scan
                _log_once("scan sound %s failed: %s", sound, exc)
        self.played.emit(sound)

    def _stop_current(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            try:
                if current.isPlaying():
                    current.stop()
            except Exception as exc:   # noqa: BLE001
                _log_once("scan sound not stopped: %s", exc)

    # -- setting up --------------------------------------------------------------------------

    def prepare(self) -> bool:
        """Load Qt Multimedia and the sounds, once; returns ``available``. Never raises."""
        if self._prepared:
            return self._available
        self._prepared = True
        try:
            self._open()
        except Exception as exc:   # noqa: BLE001 - silent is better than a broken station
            _log_once("scan sounds are off: %s", exc)
            self._effects.clear()
            self._available = False
        return self._available

    def _open(self) -> None:
        files = {name: self._folder / f"{name}.wav" for name in SOUND_CLASSES}
        self._paths = {name: path for name, path in files.items() if path.is_file()}
        if not self._paths:
            _log_once("scan sounds are off: no sound files in %s", self._folder)
            return
        missing = sorted(set(files) - set(self._paths))
        if missing:
            _log_once("scan sounds missing in %s: %s", self._folder, ", ".join(missing))
        QLoggingCategory.setFilterRules(MULTIMEDIA_LOG_RULES)   # loading it already talks
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except Exception as exc:   # noqa: BLE001 - ImportError, or OSError from a library
            _log_once("scan sounds are off: Qt Multimedia cannot be loaded (%s)", exc)
            return
        self._sound_effect_type = QSoundEffect
        self._devices_type = QMediaDevices
        _quietly(self._watch_outputs)   # the audio backend starts here

    def _watch_outputs(self) -> None:
        self._devices = self._devices_type(self)
        self._devices.audioOutputsChanged.connect(self._outputs_changed)
        self._outputs_changed()

    def _outputs_changed(self) -> None:
        """Follow audio outputs coming and going (a USB speaker plugged in later)."""
        try:
            outputs = _quietly(self._devices_type.audioOutputs)
            if not outputs:
                if self._available:
                    log.info("scan sounds are off: the audio output is gone")
                else:
                    _log_once("scan sounds are off: no audio output device")
                self._available = False
                return
            device = self._devices_type.defaultAudioOutput()
            if not self._effects:
                self._effects = {name: self._effect(path, device)
                                 for name, path in self._paths.items()}
            else:
                self._stop_current()
                for effect in self._effects.values():
                    effect.setAudioDevice(device)
            if not self._available:
                log.info("scan sounds on: %s", device.description())
            self._available = True
        except Exception as exc:   # noqa: BLE001 - also called from Qt as a slot
            _log_once("scan sounds are off: %s", exc)
            self._available = False

    def _effect(self, path: Path, device: Any) -> Any:
        effect = self._sound_effect_type(self)
        effect.setAudioDevice(device)
        effect.setLoopCount(1)
        effect.statusChanged.connect(lambda: self._status_changed(effect, path))
        effect.setSource(QUrl.fromLocalFile(str(path)))   # loaded on Qt's sample-cache thread
        return effect

    def _status_changed(self, effect: Any, path: Path) -> None:
        """A file the audio output cannot play (damaged, a format the device refuses)."""
        error = self._sound_effect_type.Status.Error
        if effect.status() != error:
            return
        _log_once("scan sound %s cannot be played on this audio output", path)
        if all(other.status() == error for other in self._effects.values()):
            self._available = False
