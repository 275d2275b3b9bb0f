"""Audio in: WAV files, a microphone (sounddevice) or chunks from a ROS topic, all as 16 kHz
mono int16 PCM. A missing microphone is an AudioSourceError with a message to act on."""

from __future__ import annotations

import contextlib
import queue
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np

RATE = 16000


class AudioSourceError(RuntimeError):
    """The audio input cannot be opened (no microphone, unreadable file, bad format)."""


def to_16k_mono(samples: np.ndarray, rate: int, channels: int = 1) -> np.ndarray:
    """int16 samples (interleaved if channels > 1) -> int16 mono at 16 kHz."""
    x = samples.astype(np.float32)
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1)
    if rate != RATE and len(x):
        n = int(round(len(x) * RATE / rate))
        x = np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x)
    return np.clip(x, -32768, 32767).astype(np.int16)


def read_wav(path: Path | str) -> np.ndarray:
    """A WAV file as 16 kHz mono int16; AudioSourceError for anything unreadable."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise AudioSourceError(
                    f"{path}: {8 * w.getsampwidth()}-bit audio; need 16-bit PCM"
                )
            raw = w.readframes(w.getnframes())
            return to_16k_mono(np.frombuffer(raw, "<i2"), w.getframerate(), w.getnchannels())
    except FileNotFoundError:
        raise AudioSourceError(f"{path}: no such file") from None
    except (wave.Error, EOFError) as exc:
        raise AudioSourceError(f"{path}: not a PCM WAV file ({exc})") from None


def chunks(samples: np.ndarray, chunk_ms: int = 30) -> Iterator[bytes]:
    step = RATE * chunk_ms // 1000
    for i in range(0, len(samples), step):
        yield samples[i : i + step].astype("<i2").tobytes()


class MicrophoneSource:
    """Live microphone through PortAudio; chunks arrive on a queue from its callback thread."""

    def __init__(self, device: str | int | None = None, chunk_ms: int = 30):
        try:
            import sounddevice as sd
        except OSError as exc:  # PortAudio library missing
            raise AudioSourceError(f"microphone not available: {exc}") from None
        self._q: queue.Queue[bytes] = queue.Queue(maxsize=500)
        try:
            info = sd.query_devices(device, "input")
            self.rate = int(info["default_samplerate"])
            self._stream = sd.InputStream(
                device=device,
                channels=1,
                samplerate=self.rate,
                dtype="int16",
                blocksize=self.rate * chunk_ms // 1000,
                callback=self._callback,
            )
            self._stream.start()
        except Exception as exc:  # sounddevice raises PortAudioError/ValueError
            raise AudioSourceError(f"microphone not available: {exc}") from None

    def _callback(self, indata, frames, time_info, status) -> None:
        pcm = to_16k_mono(np.asarray(indata).reshape(-1), self.rate).tobytes()
        # When the recogniser falls behind, drop audio rather than grow without bound.
        with contextlib.suppress(queue.Full):
            self._q.put_nowait(pcm)

    def read(self, timeout_s: float = 0.5) -> bytes | None:
        try:
            return self._q.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()
