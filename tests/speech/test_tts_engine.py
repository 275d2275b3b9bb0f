"""espeak-ng: real Korean and English audio, the same for the same text, clear errors."""

from __future__ import annotations

import wave

import numpy as np
import pytest
from concierge_speech.tts_engine import TtsError, check_voice, synthesize


def test_korean_reply_becomes_audible_speech(tmp_path):
    audio = synthesize("여권민원실은 1층 1-3번 창구에 있어요. 안내해 드릴까요?", "ko")
    assert 2.0 < audio.duration_s < 15.0
    assert np.abs(audio.samples).max() > 3000  # not silence
    path = audio.save(tmp_path / "reply.wav")
    with wave.open(str(path)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert w.getnframes() == len(audio.samples)


def test_faster_rate_gives_shorter_audio_and_english_works():
    slow = synthesize("The passport office is on floor 1", "en", rate=0.8)
    fast = synthesize("The passport office is on floor 1", "en", rate=1.5)
    assert fast.duration_s < slow.duration_s


def test_the_same_text_gives_the_same_audio_whatever_was_said_before():
    # Recognition tests feed synthesised questions to the recogniser: the audio must not
    # depend on which tests ran earlier in the worker (in-process libespeak-ng did).
    first = synthesize("엘리베이터 안내해 주세요", "ko")
    synthesize("여권민원실은 1층에 있어요", "ko")
    again = synthesize("엘리베이터 안내해 주세요", "ko")
    assert np.array_equal(first.samples, again.samples)


def test_korean_voice_is_exactly_ko_not_a_substring_match():
    check_voice("ko")
    with pytest.raises(TtsError, match="no voice 'k'"):
        check_voice("k")


def test_empty_text_is_a_clear_error():
    with pytest.raises(TtsError, match="empty"):
        synthesize("  ", "ko")
