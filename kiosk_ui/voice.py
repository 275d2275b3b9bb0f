"""Voice guidance for KioskContext.speak: espeak-ng in a worker thread, never on the UI thread.

The newest request wins: a trainee who presses on while a step is read out hears the next step,
not a queue of old ones. Without a speaker (CI, the education bus' test bench) the same speech
goes to WAV files when a `wav_dir` is given — chosen explicitly, never silently.
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk_ui.modes.base import Accessibility

log = logging.getLogger(__name__)

BASE_WPM = {"ko": 150, "en": 165}  # comfortable for older listeners at rate 1.0
VOICES = {"ko": "ko", "en": "en-us"}


class VoiceUnavailable(RuntimeError):
    """No speech engine on this machine."""


@dataclass
class Utterance:
    text: str
    lang: str
    rate: float
    volume: float
    seq: int


def espeak_args(u: Utterance, wav_path: Path | None = None) -> list[str]:
    """The espeak-ng command line for one utterance (rate 0.5..2.0, volume 0..1)."""
    rate = min(max(u.rate, 0.5), 2.0)
    volume = min(max(u.volume, 0.0), 1.0)
    wpm = round(BASE_WPM.get(u.lang, 160) * rate)
    amplitude = round(100 * volume)  # espeak-ng: 0..200, 100 is its normal loudness
    args = ["espeak-ng", "-v", VOICES.get(u.lang, u.lang), "-s", str(wpm), "-a", str(amplitude)]
    if wav_path is not None:
        args += ["-w", str(wav_path)]
    return [*args, "--", u.text]


class VoiceGuide:
    """speak(text, lang) returns at once; a daemon worker runs espeak-ng for the newest text."""

    def __init__(self, accessibility: Accessibility, wav_dir: Path | None = None):
        self.accessibility = accessibility
        self.wav_dir = Path(wav_dir) if wav_dir else None
        self.spoken: list[Utterance] = []  # finished utterances, newest last (for the UI/tests)
        self.files: list[Path] = []
        self.requested: list[Utterance] = []  # every request, also those cut off by a newer one
        self._queue: queue.Queue[Utterance | None] = queue.Queue()
        self._seq = 0
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._warned = False
        self._exe = shutil.which("espeak-ng")
        self._thread = threading.Thread(target=self._run, name="voice-guide", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        return self._exe is not None

    def speak(self, text: str, lang: str) -> None:
        acc = self.accessibility
        if not acc.voice_guidance or not text.strip():
            return
        if not self.available:
            if not self._warned:
                log.warning("voice guidance off: espeak-ng is not installed (setup/apt/kiosk.txt)")
                self._warned = True
            return
        with self._lock:
            self._seq += 1
            utt = Utterance(text, lang, acc.voice_rate, acc.voice_volume, self._seq)
            self.requested.append(utt)
            self._idle.clear()
            # drop what is still waiting and cut off what is playing: the newest step matters
            while True:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()
            self._queue.put(utt)

    def stop(self) -> None:
        """Silence and end the worker (app close)."""
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """For tests and benchmarks only: wait until nothing is queued or playing."""
        return self._idle.wait(timeout_s)

    def _run(self) -> None:
        while True:
            utt = self._queue.get()
            if utt is None:
                return
            wav = None
            if self.wav_dir is not None:
                self.wav_dir.mkdir(parents=True, exist_ok=True)
                wav = self.wav_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{utt.seq:05d}.wav"
            try:
                with self._lock:
                    self._proc = subprocess.Popen(
                        espeak_args(utt, wav),
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                    )
                    proc = self._proc
                _, err = proc.communicate(timeout=120)
                if proc.returncode == 0:
                    self.spoken.append(utt)
                    if wav is not None and wav.exists():
                        self.files.append(wav)
                elif proc.returncode > 0:
                    log.warning("espeak-ng failed (%s): %s", proc.returncode, err[-300:])
            except (OSError, subprocess.TimeoutExpired) as exc:
                log.warning("voice guidance failed: %s", exc)
            finally:
                with self._lock:
                    self._proc = None
                    if self._queue.empty():
                        self._idle.set()
