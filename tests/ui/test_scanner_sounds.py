"""Verdict sounds: every verdict of §4 gets its sound class, muting and ``repeat`` are silent,
and a station without QtMultimedia, an audio device or the sound files stays silent without
ever raising. The sound files are what tools/make_sounds.py makes."""

from __future__ import annotations

import enum
import importlib.util
import itertools
import logging
import sys
import time
import types
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal, qWarning

from mesdesk.domain.verdicts import Verdict
from mesdesk.ui import scanner_sounds
from mesdesk.ui.scanner_sounds import SOUND_CLASSES, VerdictSounds, sounds_dir

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "accepted": "accepted",
    "bad_format": "error",
    "layout": "error",
    "batch_closed": "error",
    "not_found": "error",
    "refused": "error",
    "other_batch": "other_batch",
    "already_aggregated": "already",
    "pending": "pending",
}


@pytest.fixture(autouse=True)
def fresh_log_memory(monkeypatch):
    """Each test sees the module's "said once" lines afresh."""
    monkeypatch.setattr(scanner_sounds, "_logged", set())


@pytest.fixture(autouse=True)
def no_beeps(monkeypatch):
    """No test plays real sounds on a developer's speakers: QtMultimedia cannot be imported
    unless a test asks for the stand-in (``multimedia``)."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)


def collect(sounds: VerdictSounds) -> list[str]:
    heard: list[str] = []
    sounds.played.connect(heard.append)
    return heard


# -- a stand-in for QtMultimedia, to see what the class does when it works -----------------


class FakeDevice:
    def __init__(self, name: str = "Speakers") -> None:
        self.name = name

    def description(self) -> str:
        return self.name


class FakeMediaDevices(QObject):
    audioOutputsChanged = Signal()
    outputs: list[FakeDevice] = []
    instances: list["FakeMediaDevices"] = []

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        FakeMediaDevices.instances.append(self)

    @staticmethod
    def audioOutputs() -> list[FakeDevice]:
        return list(FakeMediaDevices.outputs)

    @staticmethod
    def defaultAudioOutput() -> FakeDevice:
        return FakeMediaDevices.outputs[0] if FakeMediaDevices.outputs else FakeDevice("")


class FakeSoundEffect(QObject):
    class Status(enum.Enum):
        Null = 0
        Loading = 1
        Ready = 2
        Error = 3

    statusChanged = Signal()
    made: list["FakeSoundEffect"] = []

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source = ""
        self.device: FakeDevice | None = None
        self.plays = self.stops = 0
        self.playing = False
        self._status = self.Status.Null
        FakeSoundEffect.made.append(self)

    def setAudioDevice(self, device: FakeDevice) -> None:  # noqa: N802 - Qt names
        self.device = device

    def setLoopCount(self, count: int) -> None:  # noqa: N802
        pass

    def setSource(self, url) -> None:  # noqa: N802
        self.source = url.toLocalFile()
        self._status = self.Status.Ready if Path(self.source).is_file() else self.Status.Error
        self.statusChanged.emit()

    def status(self) -> "FakeSoundEffect.Status":
        return self._status

    def isPlaying(self) -> bool:  # noqa: N802
        return self.playing

    def play(self) -> None:
        self.plays += 1
        self.playing = True

    def stop(self) -> None:
        self.stops += 1
        self.playing = False


@pytest.fixture
def multimedia(monkeypatch):
    """``PySide6.QtMultimedia`` replaced by the stand-in, with one audio output."""
    FakeMediaDevices.outputs = [FakeDevice()]
    FakeMediaDevices.instances = []
    FakeSoundEffect.made = []
    module = types.ModuleType("PySide6.QtMultimedia")
    module.QSoundEffect = FakeSoundEffect
    module.QMediaDevices = FakeMediaDevices
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", module)
    return module


@pytest.fixture
def no_multimedia(monkeypatch):
    """``from PySide6.QtMultimedia import …`` fails, as it does without libpulse.so.0 (what
    ``no_beeps`` does already; named where a test depends on it)."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)


# -- which verdict sounds how --------------------------------------------------------------


@pytest.mark.parametrize("verdict, sound", sorted(EXPECTED.items()))
def test_each_verdict_plays_its_sound_class(qapp, verdict, sound):
    sounds = VerdictSounds()
    heard = collect(sounds)
    sounds.play(verdict)
    assert heard == [sound]


def test_every_verdict_of_the_domain_has_a_decided_sound():
    assert {v.value for v in Verdict} <= set(scanner_sounds.SOUND_OF)
    assert set(scanner_sounds.SOUND_OF.values()) - {None} == set(SOUND_CLASSES)


def test_the_verdict_enum_works_as_well_as_its_code(qapp):
    sounds = VerdictSounds()
    heard = collect(sounds)
    sounds.play(Verdict.ALREADY_AGGREGATED)
    sounds.play(Verdict.OTHER_BATCH)
    assert heard == ["already", "other_batch"]


def test_it_is_a_qobject_child_like_any_other(qapp):
    owner = QObject()
    sounds = VerdictSounds(owner)
    assert sounds.parent() is owner
    assert sounds.folder == sounds_dir()


def test_a_repeat_is_silent(qapp):
    sounds = VerdictSounds()
    heard = collect(sounds)
    sounds.play("repeat")
    sounds.play(Verdict.REPEAT)
    assert heard == []


def test_muted_plays_nothing_until_unmuted(qapp):
    sounds = VerdictSounds(muted=True)
    assert sounds.muted
    heard = collect(sounds)
    for verdict in EXPECTED:
        sounds.play(verdict)
    assert heard == []
    sounds.set_muted(False)
    assert not sounds.muted
    sounds.play("accepted")
    assert heard == ["accepted"]
    sounds.set_muted(True)
    sounds.play("not_found")
    assert heard == ["accepted"]


def test_an_unknown_verdict_gets_the_error_sound(qapp, caplog):
    sounds = VerdictSounds()
    heard = collect(sounds)
    with caplog.at_level(logging.INFO, logger=scanner_sounds.__name__):
        sounds.play("something_new")
        sounds.play("something_new")
    assert heard == ["error", "error"]
    assert sum("something_new" in r.getMessage() for r in caplog.records) == 1


# -- silent, never broken ------------------------------------------------------------------


def test_without_qtmultimedia_it_is_silent_says_so_once_and_never_raises(qapp, no_multimedia,
                                                                         caplog):
    with caplog.at_level(logging.INFO, logger=scanner_sounds.__name__):
        sounds = VerdictSounds()
        heard = collect(sounds)
        assert sounds.prepare() is False
        assert sounds.available is False
        for verdict in itertools.islice(itertools.cycle(EXPECTED), 50):
            sounds.play(verdict)
        VerdictSounds().prepare()     # a station reopened: no second line
    assert len(heard) == 50                      # the screen still knows a sound was due
    lines = [r for r in caplog.records if r.name == scanner_sounds.__name__]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
    assert "Qt Multimedia" in lines[0].getMessage()


def test_an_empty_sounds_folder_is_silent_and_never_raises(qapp, tmp_path, multimedia,
                                                           caplog):
    with caplog.at_level(logging.INFO, logger=scanner_sounds.__name__):
        sounds = VerdictSounds(folder=tmp_path)
        heard = collect(sounds)
        sounds.play("accepted")
        sounds.play("bad_format")
        assert not sounds.available
    assert heard == ["accepted", "error"]
    assert FakeSoundEffect.made == []
    lines = [r.getMessage() for r in caplog.records if r.name == scanner_sounds.__name__]
    assert len(lines) == 1 and str(tmp_path) in lines[0]


def test_a_missing_folder_is_silent_and_never_raises(qapp, tmp_path, no_multimedia):
    sounds = VerdictSounds(folder=tmp_path / "not-there")
    heard = collect(sounds)
    sounds.play("other_batch")
    assert heard == ["other_batch"] and not sounds.available


def test_a_failing_sound_effect_does_not_break_the_scan(qapp, multimedia, monkeypatch):
    sounds = VerdictSounds()
    heard = collect(sounds)
    assert sounds.prepare()

    def broken(self):
        raise RuntimeError("audio device went away")

    monkeypatch.setattr(FakeSoundEffect, "play", broken)
    sounds.play("accepted")
    assert heard == ["accepted"]


def test_qt_multimedia_console_noise_is_switched_off(qapp, multimedia, monkeypatch):
    rules: list[str] = []
    monkeypatch.setattr(scanner_sounds.QLoggingCategory, "setFilterRules", rules.append)
    VerdictSounds().prepare()
    assert rules == [scanner_sounds.MULTIMEDIA_LOG_RULES]
    assert "qt.multimedia*.warning=false" in rules[0]


def test_the_audio_backend_complaints_are_dropped_other_messages_are_not(qapp, qtlog):
    def talk():
        qWarning("PulseAudioService: pa_context_connect() failed")
        qWarning("something else entirely")
        return 42

    assert scanner_sounds._quietly(talk) == 42
    messages = [record.message for record in qtlog.records]
    assert "something else entirely" in messages
    assert not any("PulseAudio" in message for message in messages)


# -- when sound works ----------------------------------------------------------------------


def test_with_an_audio_output_each_sound_is_loaded_once_and_reused(qapp, multimedia):
    sounds = VerdictSounds()
    assert sounds.available
    made = list(FakeSoundEffect.made)
    assert sorted(Path(e.source).name for e in made) == sorted(f"{n}.wav"
                                                               for n in SOUND_CLASSES)
    assert all(Path(e.source).parent == sounds_dir() for e in made)
    by_name = {Path(e.source).stem: e for e in made}
    for _ in range(3):
        sounds.play("accepted")
    sounds.play("not_found")
    sounds.play("layout")
    assert FakeSoundEffect.made == made                   # no new effect per scan
    assert by_name["accepted"].plays == 3 and by_name["error"].plays == 2
    assert by_name["accepted"].stops == 1                 # the newest verdict is heard
    sounds.set_muted(True)
    assert by_name["error"].stops == 1 and not by_name["error"].playing
    sounds.play("accepted")
    assert by_name["accepted"].plays == 3


def test_play_returns_well_within_a_millisecond(qapp, multimedia):
    sounds = VerdictSounds()
    sounds.prepare()
    heard = collect(sounds)
    verdicts = list(itertools.islice(itertools.cycle(EXPECTED), 1000))
    start = time.perf_counter()
    for verdict in verdicts:
        sounds.play(verdict)
    per_play = (time.perf_counter() - start) / len(verdicts)
    assert len(heard) == 1000
    assert per_play < 0.0005, f"{per_play * 1e6:.0f} µs per play"


def test_no_audio_output_then_one_plugged_in(qapp, multimedia, caplog):
    FakeMediaDevices.outputs = []
    with caplog.at_level(logging.INFO, logger=scanner_sounds.__name__):
        sounds = VerdictSounds()
        heard = collect(sounds)
        assert not sounds.available
        sounds.play("accepted")
        assert FakeSoundEffect.made == [] and heard == ["accepted"]
        assert any("no audio output" in r.getMessage() for r in caplog.records)
        FakeMediaDevices.outputs = [FakeDevice("USB speaker")]
        FakeMediaDevices.instances[0].audioOutputsChanged.emit()
    assert sounds.available
    assert len(FakeSoundEffect.made) == len(SOUND_CLASSES)
    assert all(e.device.name == "USB speaker" for e in FakeSoundEffect.made)
    sounds.play("accepted")
    assert sum(e.plays for e in FakeSoundEffect.made) == 1


def test_sound_files_that_cannot_be_played_make_it_unavailable(qapp, multimedia, tmp_path):
    for name in SOUND_CLASSES:
        (tmp_path / f"{name}.wav").write_bytes(b"not a wave")
    sounds = VerdictSounds(folder=tmp_path)
    assert sounds.prepare()
    for effect in FakeSoundEffect.made:
        effect._status = FakeSoundEffect.Status.Error
        effect.statusChanged.emit()
    assert not sounds.available


# -- the files -----------------------------------------------------------------------------


def read_wav(path: Path) -> tuple[wave._wave_params, bytes]:
    with wave.open(str(path), "rb") as wav:
        return wav.getparams(), wav.readframes(wav.getnframes())


def test_the_sound_files_are_short_valid_distinct_waves():
    assert sounds_dir() == ROOT / "resources" / "sounds"
    frames = {}
    for name in SOUND_CLASSES:
        path = sounds_dir() / f"{name}.wav"
        assert path.is_file(), path
        assert path.stat().st_size < 50_000
        params, data = read_wav(path)
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
        assert 0.05 < params.nframes / params.framerate < 0.6
        samples = memoryview(data).cast("h")
        assert max(abs(s) for s in samples) > 8000               # audible
        assert abs(samples[0]) < 100 and abs(samples[-1]) < 100   # faded: no click
        frames[name] = data
    assert len(set(frames.values())) == len(frames)


def test_the_committed_sound_files_are_what_make_sounds_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_sounds",
                                                  ROOT / "tools" / "make_sounds.py")
    assert spec and spec.loader
    make_sounds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_sounds)
    written = make_sounds.make(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.wav" for n in SOUND_CLASSES)
    for path in written:
        assert path.read_bytes() == (sounds_dir() / path.name).read_bytes(), path.name
