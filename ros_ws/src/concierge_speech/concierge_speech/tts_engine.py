"""Text to speech with espeak-ng: Korean and English voices, WAV out.

    audio = synthesize("여권민원실은 1층에 있어요", "ko")   # -> Audio (int16 samples, rate)
    audio.save(path)
    for part in sentences(reply): ...           # speak the first sentence while the rest
                                                # is synthesised (tts_node)

Each call runs one espeak-ng process (about 25 ms for a sentence): deterministic, thread-safe.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from concierge_speech.korean_reading import read_aloud

DEFAULT_VOICES = {"ko": "ko", "en": "gmw/en-us"}
ESPEAK_TIMEOUT_S = 30.0
DEFAULT_RATE_WPM = 165  # a little slower than espeak's 200: elderly visitors


class TtsError(RuntimeError):
    """Speech could not be synthesised (no espeak-ng, unknown voice, ...)."""


@dataclass
class Audio:
    samples: np.ndarray  # int16 mono
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.rate)

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples.astype("<i2").tobytes())
        return path


def _espeak(args: list[str], text: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["espeak-ng", *args], input=text, capture_output=True, text=True,
                              timeout=ESPEAK_TIMEOUT_S, check=False)  # fmt: skip
    except FileNotFoundError:
        raise TtsError("espeak-ng is not installed (setup/apt/speech.txt)") from None
    except subprocess.TimeoutExpired:
        raise TtsError(f"espeak-ng did not finish in {ESPEAK_TIMEOUT_S:.0f} s") from None


_SENTENCE_END = re.compile(r"(?<=[.?!。])\s+")
MIN_PART_CHARS = 12  # shorter sentences ("네." / "OK.") ride with the next one


def sentences(text: str) -> list[str]:
    """The reply cut after each sentence (and line), short pieces joined to the next: the
    first part can play while the rest is synthesised, so the visitor hears the answer
    start after one sentence's synthesis rather than the whole reply's."""
    pieces = [p for line in text.splitlines() for p in _SENTENCE_END.split(line.strip()) if p]
    parts: list[str] = []
    carry = ""
    for piece in pieces:
        carry = f"{carry} {piece}".strip()
        if len(carry) >= MIN_PART_CHARS:
            parts.append(carry)
            carry = ""
    if carry:
        if parts:
            parts[-1] = f"{parts[-1]} {carry}"
        else:
            parts.append(carry)
    return parts


def check_voice(voice_id: str) -> None:
    """Raise TtsError unless espeak-ng has exactly this voice id ('ko' is not 'kok')."""
    if voice_id not in _voice_ids():
        raise TtsError(f"espeak-ng has no voice {voice_id!r}")


@functools.cache
def _voice_ids() -> frozenset[str]:
    """Voice ids as espeak-ng's File column names them, lower case ("ko", "gmw/en-us")."""
    listing = _espeak(["--voices"])
    if listing.returncode != 0:
        raise TtsError(f"espeak-ng --voices failed: {listing.stderr.strip()}")
    rows = [line.split() for line in listing.stdout.splitlines()[1:]]
    return frozenset(row[4].lower() for row in rows if len(row) > 4)


def synthesize(
    text: str,
    lang: str = "ko",
    rate: float = 1.0,
    volume: float = 1.0,
    voice: str | None = None,
    rate_wpm: int = DEFAULT_RATE_WPM,
) -> Audio:
    """Speak text into memory. rate: factor on rate_wpm; volume 0..1. Numbers read aloud.

    One espeak-ng process per call: the same text gives the same audio whatever was spoken
    before (the library keeps synthesis state across calls within a process, so in-process
    audio depended on call order), and calls may run in parallel."""
    if not text.strip():
        raise TtsError("nothing to say: empty text")
    spoken = read_aloud(text, lang)
    voice = voice or DEFAULT_VOICES.get(lang, DEFAULT_VOICES["ko"])
    wpm = max(60, int(rate_wpm * (rate or 1.0)))
    amplitude = round(100 * min(max(1.0 if volume is None else volume, 0.0), 1.0))
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        out = Path(tmp) / "say.wav"
        # The text goes in on stdin: a reply starting with "-" is not read as an option.
        done = _espeak(["-v", voice, "-s", str(wpm), "-a", str(amplitude), "-w", str(out)],
                       spoken)  # fmt: skip
        if done.returncode != 0:
            check_voice(voice)  # the usual cause, named
            raise TtsError(f"espeak-ng failed for voice {voice!r}: {done.stderr.strip()}")
        try:
            with wave.open(str(out), "rb") as w:
                rate_hz = w.getframerate()
                samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()
        except (OSError, EOFError, wave.Error) as exc:
            raise TtsError(f"espeak-ng wrote no audio for voice {voice!r}: {exc}") from exc
    if not len(samples):
        raise TtsError(f"espeak-ng wrote no audio for voice {voice!r}")
    return Audio(samples, rate_hz)
