"""Reproducible test speech for the voice path: several synthetic voices, speeds and pitches
(espeak-ng variants), and lobby noise (babble, footsteps, announcements with a chime, air
handling) synthesised from a seed, mixed at a chosen SNR. Used by `concierge bench speech` and
the speech tests; nothing is downloaded and the same seed gives the same samples."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from concierge_speech.audio import RATE, read_wav

# espeak-ng voice variants: several timbres per language (male, female, older/younger).
VOICES = {
    "ko": ("ko", "ko+m3", "ko+f2", "ko+f4", "ko+m7", "ko+f5"),
    "en": ("en-us", "en-gb", "en-us+f3", "en-gb-x-rp+m3", "en-us+m7", "en+f4"),
}
SPEEDS_WPM = (140, 170, 200)
PITCHES = (35, 50, 68)


@dataclass(frozen=True)
class Voice:
    name: str  # espeak-ng voice+variant
    wpm: int
    pitch: int

    @property
    def label(self) -> str:
        return f"{self.name}/s{self.wpm}/p{self.pitch}"


def voice_for(lang: str, index: int) -> Voice:
    """The index-th voice of a language: variants, speeds and pitches all vary."""
    names = VOICES[lang]
    return Voice(names[index % len(names)], SPEEDS_WPM[(index // 2) % len(SPEEDS_WPM)],
                 PITCHES[(index // 3) % len(PITCHES)])  # fmt: skip


def speak(text: str, voice: Voice) -> np.ndarray:
    """espeak-ng speech as 16 kHz mono int16."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        cmd = ["espeak-ng", "-v", voice.name, "-s", str(voice.wpm), "-p", str(voice.pitch),
               "-w", str(wav), text]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, timeout=30)
        return read_wav(wav)


_BABBLE = [("민원 서류는 저쪽 창구에서 발급합니다", "ko"), ("번호표를 뽑고 기다려 주세요", "ko"),
           ("오늘 점심 뭐 먹을까", "ko"), ("엄마 여기 앉아 계세요", "ko"),
           ("주차 등록은 어디서 하나요", "ko"), ("서류를 두고 왔나 봐", "ko"),
           ("where is the exit", "en"), ("the bus leaves at noon", "en"),
           ("did you bring the forms", "en"), ("let's sit over there", "en")]  # fmt: skip
_ANNOUNCEMENTS = [("삼백 이십 번 고객님 이번 창구로 오세요", "ko"),
                  ("잠시 후 청사 소독이 있겠습니다", "ko"),
                  ("number three hundred, counter two please", "en")]  # fmt: skip


def lobby_noise(seconds: float, seed: int) -> np.ndarray:
    """Lobby noise as float samples at 16 kHz: talkers at a distance, footsteps, a chime and
    a public-address announcement, and air handling. Deterministic for a seed."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    babble = np.zeros(n)
    for _ in range(int(seconds * 1.2)):
        text, lang = _BABBLE[int(rng.integers(len(_BABBLE)))]
        x = speak(text, voice_for(lang, int(rng.integers(100)))).astype(float)
        x = np.convolve(x, np.exp(-np.arange(800) / 160.0), mode="same") / 60.0  # distance
        start = int(rng.integers(0, max(1, n - len(x))))
        babble[start : start + len(x)] += x[: n - start] * rng.uniform(0.3, 1.0)
    babble /= np.std(babble) + 1e-9

    steps = np.zeros(n)
    t = int(rng.integers(0, RATE // 2))
    while t < n - 2000:
        k = np.arange(1600)
        thud = rng.normal(0, 1, 1600) * np.exp(-k / 180.0)
        thud = np.convolve(thud, np.ones(12) / 12, mode="same")  # heels are low and dull
        steps[t : t + 1600] += thud * rng.uniform(0.6, 1.4)
        t += int(RATE * rng.uniform(0.45, 0.65))
    steps /= np.std(steps) + 1e-9

    pa = np.zeros(n)
    text, lang = _ANNOUNCEMENTS[int(rng.integers(len(_ANNOUNCEMENTS)))]
    k = np.arange(int(0.35 * RATE)) / RATE
    chime = np.concatenate([np.sin(2 * np.pi * f * k) * np.exp(-k * 6) for f in (784, 659)])
    voice = speak(text, voice_for(lang, int(rng.integers(100)))).astype(float)
    voice = np.convolve(voice, np.ones(5) / 5, mode="same")  # a small loudspeaker
    voice = voice / (np.std(voice) + 1e-9)
    announcement = np.concatenate([chime * 2.0, np.zeros(RATE // 4), voice])
    start = int(rng.integers(0, max(1, n - len(announcement))))
    pa[start : start + len(announcement)] = announcement[: n - start]

    hum = np.cumsum(rng.normal(0, 1, n))
    hum -= np.convolve(hum, np.ones(400) / 400, mode="same")
    hum /= np.std(hum) + 1e-9
    return babble * 1.0 + steps * 0.5 + pa * 0.6 + hum * 0.3


def active_power(speech: np.ndarray) -> float:
    """Mean power of the 20 ms frames within 30 dB of the loudest: speech, not the pauses."""
    frames = speech[: len(speech) // 320 * 320].astype(float).reshape(-1, 320)
    power = (frames**2).mean(axis=1)
    if not len(power) or power.max() <= 0:
        return 1.0
    return float(power[power > power.max() / 1000].mean())


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    """Speech plus a random stretch of noise, scaled so active speech is snr_db above it."""
    rng = np.random.default_rng(seed)
    start = int(rng.integers(0, max(1, len(noise) - len(speech))))
    seg = noise[start : start + len(speech)]
    gain = np.sqrt(active_power(speech) / (np.mean(seg**2) * 10 ** (snr_db / 10)))
    return np.clip(speech + seg * gain, -32768, 32767).astype(np.int16)


def padded(speech: np.ndarray, lead_s: float = 0.5, tail_s: float = 1.0) -> np.ndarray:
    """Quiet before (the endpointer learns the noise floor) and after (the end is found)."""
    return np.concatenate([np.zeros(int(lead_s * RATE), np.int16), speech,
                           np.zeros(int(tail_s * RATE), np.int16)])  # fmt: skip
