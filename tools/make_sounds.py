#!/usr/bin/env python3
"""Make the scanning station's verdict sounds: resources/sounds/*.wav (stdlib only).

    python tools/make_sounds.py            # writes resources/sounds/
    python tools/make_sounds.py --out DIR  # writes them somewhere else

One sound per verdict class (``mesdesk.ui.scanner_sounds`` maps §4's verdicts to them), each
told from the others by rhythm and pitch movement, not by pitch alone, so an operator who
does not look at the screen still knows what happened:

- ``accepted``    one short high bell-like beep (~120 ms)
- ``error``       a low, rough double buzz (~400 ms): bad format, layout, not found,
                  batch closed, a scan the screen could not take
- ``already``     two medium beeps: already aggregated
- ``other_batch`` three tones going down: attached to another batch
- ``pending``     a soft rising glide: the database is away, the scan is kept in the journal
                  and its real verdict comes later

16-bit mono PCM at 44.1 kHz; every tone starts and ends on a raised-cosine fade, so there
are no clicks. The output is deterministic (no randomness, no timestamps in a WAV header):
running this again gives the same bytes, and the committed files are its output.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
MAX = 32767
SOUNDS_DIR = Path(__file__).resolve().parents[1] / "resources" / "sounds"

Samples = list[float]


def _envelope(n: int, fade_in: int, fade_out: int) -> list[float]:
    """1.0 in the middle, raised-cosine ramps from and to 0 at both ends."""
    env = [1.0] * n
    for i in range(min(fade_in, n)):
        env[i] = 0.5 - 0.5 * math.cos(math.pi * i / fade_in)
    for i in range(min(fade_out, n)):
        env[n - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / fade_out)
    return env


def _frames(ms: float) -> int:
    return round(RATE * ms / 1000)


def silence(ms: float) -> Samples:
    return [0.0] * _frames(ms)


def tone(freq: float, ms: float, amp: float, *,
         partials: tuple[tuple[int, float], ...] = ((1, 1.0),), decay: float = 0.0,
         fade_in_ms: float = 5.0, fade_out_ms: float = 12.0) -> Samples:
    """A steady tone made of harmonic ``partials`` (multiple, weight), peak ``amp``;
    ``decay`` > 0 lets it die away exponentially (a bell rather than a buzzer)."""
    n = _frames(ms)
    env = _envelope(n, _frames(fade_in_ms), _frames(fade_out_ms))
    total = sum(abs(weight) for _, weight in partials)
    out = []
    for i in range(n):
        t = i / RATE
        value = sum(weight * math.sin(2 * math.pi * freq * k * t) for k, weight in partials)
        out.append(amp * env[i] * math.exp(-decay * t) * value / total)
    return out


def glide(f0: float, f1: float, ms: float, amp: float, *, fade_in_ms: float = 25.0,
          fade_out_ms: float = 40.0) -> Samples:
    """A tone sliding from ``f0`` to ``f1`` (exponentially, as the ear hears pitch)."""
    n = _frames(ms)
    env = _envelope(n, _frames(fade_in_ms), _frames(fade_out_ms))
    out, phase = [], 0.0
    for i in range(n):
        freq = f0 * (f1 / f0) ** (i / max(n - 1, 1))
        phase += 2 * math.pi * freq / RATE
        value = math.sin(phase) + 0.25 * math.sin(2 * phase)
        out.append(amp * env[i] * value / 1.25)
    return out


def buzz(freq: float, ms: float, amp: float) -> Samples:
    """A harsh low buzz: a band-limited square wave (odd harmonics up to ~5 kHz) beating
    against a second one a few hertz higher."""
    n = _frames(ms)
    env = _envelope(n, _frames(6), _frames(15))
    harmonics = [k for k in range(1, 200, 2) if freq * 1.05 * k < 5000]
    raw = []
    for i in range(n):
        t = i / RATE
        value = 0.0
        for f in (freq, freq * 1.05):
            value += sum(math.sin(2 * math.pi * f * k * t) / k for k in harmonics)
        raw.append(value * env[i])
    peak = max(abs(v) for v in raw) or 1.0
    return [amp * v / peak for v in raw]


def sounds() -> dict[str, Samples]:
    bell = ((1, 1.0), (2, 0.18), (3, 0.06))
    beep = ((1, 1.0), (3, 0.25))
    return {
        "accepted": tone(1318.5, 120, 0.80, partials=bell, decay=9.0, fade_out_ms=20),
        "error": buzz(140, 170, 0.85) + silence(60) + buzz(140, 170, 0.85),
        "already": tone(880, 90, 0.70, partials=beep) + silence(70)
                   + tone(880, 90, 0.70, partials=beep),
        "other_batch": (tone(1174.7, 100, 0.70, partials=bell) + silence(25)
                        + tone(880, 100, 0.70, partials=bell) + silence(25)
                        + tone(587.3, 110, 0.72, partials=bell)),
        "pending": glide(440, 740, 230, 0.45),
    }


def write_wav(path: Path, samples: Samples) -> None:
    data = struct.pack(f"<{len(samples)}h",
                       *(max(-MAX, min(MAX, round(s * MAX))) for s in samples))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)


def make(folder: Path = SOUNDS_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, samples in sounds().items():
        path = folder / f"{name}.wav"
        write_wav(path, samples)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="folder to write to")
    args = parser.parse_args(argv)
    for path in make(args.out):
        with wave.open(str(path), "rb") as wav:
            seconds = wav.getnframes() / wav.getframerate()
        print(f"{path}: {seconds * 1000:.0f} ms, {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
