"""Text to speech with pyttsx3 over espeak-ng: Korean and English voices, WAV out.

    audio = synthesize("여권민원실은 1층에 있어요", "ko")   # -> Audio (int16 samples, rate)
    audio.save(path)
    for part in sentences(reply): ...           # speak the first sentence while the rest
                                                # is synthesised (tts_node)

pyttsx3 keeps one driver per process and is not thread-safe, so calls are serialised.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from concierge_speech.korean_reading import read_aloud

DEFAULT_VOICES = {"ko": "ko", "en": "gmw/en-us"}
WRITE_TIMEOUT_S = 5.0
DEFAULT_RATE_WPM = 165  # a little slower than espeak's 200: elderly visitors
_lock = threading.Lock()


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


def _driver():
    """A fresh pyttsx3 engine per utterance: a reused one drops queued property changes
    (a second rate never applies) after its loop ended before espeak finished."""
    try:
        import pyttsx3
        import pyttsx3.drivers.espeak as espeak_driver

        # The driver prints "Audio saved to ..." from espeak's thread, possibly after we have
        # returned: silence it at the source (stdout may carry JSON, e.g. `concierge bench`).
        espeak_driver.print = lambda *args, **kwargs: None
        return pyttsx3.Engine("espeak")
    except Exception as exc:  # pyttsx3 raises bare errors when espeak-ng is missing
        raise TtsError(f"cannot start espeak-ng through pyttsx3: {exc}") from exc


def _complete(path: Path) -> bool:
    """The driver writes the whole WAV at once when espeak says the message ended."""
    try:
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
        return frames > 0 and path.stat().st_size >= 44 + 2 * frames
    except (OSError, EOFError, wave.Error):
        return False


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
    with _lock:
        ids = {v.id for v in _driver().getProperty("voices")}
    if voice_id not in ids:
        raise TtsError(f"espeak-ng has no voice {voice_id!r}")


def synthesize(
    text: str,
    lang: str = "ko",
    rate: float = 1.0,
    volume: float = 1.0,
    voice: str | None = None,
    rate_wpm: int = DEFAULT_RATE_WPM,
) -> Audio:
    """Speak text into memory. rate: factor on rate_wpm; volume 0..1. Numbers read aloud."""
    if not text.strip():
        raise TtsError("nothing to say: empty text")
    spoken = read_aloud(text, lang)
    voice = voice or DEFAULT_VOICES.get(lang, DEFAULT_VOICES["ko"])
    with _lock, tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        engine = _driver()
        engine.setProperty("voice", voice)
        engine.setProperty("rate", max(60, int(rate_wpm * (rate or 1.0))))
        engine.setProperty("volume", float(min(max(volume or 1.0, 0.0), 1.0)))
        out = Path(tmp) / "say.wav"
        for _attempt in range(2):
            engine.save_to_file(spoken, str(out))
            engine.runAndWait()
            # pyttsx3's espeak loop can return before espeak's callback thread has written
            # the file (a race under load): wait for it rather than lose the reply.
            deadline = time.monotonic() + WRITE_TIMEOUT_S
            while not _complete(out) and time.monotonic() < deadline:
                time.sleep(0.005)
            if _complete(out):
                break
        else:
            raise TtsError(f"espeak-ng wrote no audio for voice {voice!r}")
        with wave.open(str(out), "rb") as w:
            rate_hz = w.getframerate()
            samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()
    return Audio(samples, rate_hz)
