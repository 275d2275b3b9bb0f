"""Voice-activity endpointing ends an utterance within ~300 ms of the end of speech."""

from __future__ import annotations

import numpy as np
from concierge_speech.audio import chunks, to_16k_mono
from concierge_speech.endpointing import Endpointer
from concierge_speech.tts_engine import synthesize


def _speech_with_silence(text: str, noise_rms: float = 0.0):
    audio = synthesize(text, "ko")
    speech = to_16k_mono(audio.samples, audio.rate)
    lead, tail = np.zeros(8000), np.zeros(24000)
    signal = np.concatenate([lead, speech.astype(float), tail])
    rng = np.random.default_rng(0)
    signal += rng.normal(0, noise_rms, len(signal)) if noise_rms else 0
    active = np.flatnonzero(np.abs(speech) > 500)
    true_end_s = (8000 + active[-1]) / 16000
    return np.clip(signal, -32768, 32767).astype(np.int16), true_end_s


def _segments(samples):
    ep = Endpointer()
    events = []
    for c in chunks(samples):
        events += ep.feed(c)
    events += ep.flush()
    return [seg for kind, seg in events if kind == "end"]


def test_end_of_speech_is_detected_within_300_ms():
    samples, true_end = _speech_with_silence("화장실 어디예요")
    segs = _segments(samples)
    assert len(segs) == 1
    assert 0.0 <= segs[0].detected_s - true_end <= 0.30 + 0.03


def test_end_is_found_in_background_noise_too():
    samples, true_end = _speech_with_silence("여권민원실로 데려다 주세요", noise_rms=300.0)
    segs = _segments(samples)
    assert segs, "speech in noise was not detected"
    assert abs(segs[-1].detected_s - true_end) <= 0.45


def test_silence_and_steady_noise_are_not_speech():
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 200, 16000 * 3).astype(np.int16)
    assert _segments(np.zeros(16000 * 2, np.int16)) == []
    assert _segments(noise) == []
