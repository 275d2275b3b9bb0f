"""Voice guidance runs real espeak-ng off the UI thread; rate and volume change the speech."""

from __future__ import annotations

import shutil
import subprocess
import threading
import wave

import pytest

from kiosk_ui.modes.base import Accessibility
from kiosk_ui.voice import Utterance, VoiceGuide, espeak_args

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")


def _duration_s(path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_speak_runs_espeak_off_the_callers_thread_and_writes_korean_speech(tmp_path, monkeypatch):
    import kiosk_ui.voice as voice_module

    started_on = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started_on.append(threading.current_thread())
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(voice_module.subprocess, "Popen", popen)
    voice = VoiceGuide(Accessibility(), wav_dir=tmp_path)
    try:
        voice.speak("카드 결제를 누르세요.", "ko")
        assert voice.wait_idle(20)
        # the UI thread never waits for speech: espeak-ng runs on the guide's own thread
        assert started_on and threading.current_thread() not in started_on
        assert len(voice.files) == 1 and _duration_s(voice.files[0]) > 0.5
    finally:
        voice.stop()


def test_slower_rate_makes_longer_speech(tmp_path):
    acc = Accessibility()
    voice = VoiceGuide(acc, wav_dir=tmp_path)
    try:
        text = "다음 단계로 가려면 확인 버튼을 누르세요."
        acc.voice_rate = 1.5
        voice.speak(text, "ko")
        assert voice.wait_idle(20)
        acc.voice_rate = 0.6
        voice.speak(text, "ko")
        assert voice.wait_idle(20)
        fast, slow = (_duration_s(p) for p in voice.files)
        assert slow > fast * 1.5
    finally:
        voice.stop()


def test_volume_maps_to_espeak_amplitude_and_is_clamped():
    assert "-a" in (args := espeak_args(Utterance("x", "en", 1.0, 0.5, 1)))
    assert args[args.index("-a") + 1] == "50"
    loud = espeak_args(Utterance("x", "en", 9.0, 7.0, 1))
    assert loud[loud.index("-a") + 1] == "100" and loud[loud.index("-s") + 1] == "330"


def test_voice_off_speaks_nothing(tmp_path):
    voice = VoiceGuide(Accessibility(voice_guidance=False), wav_dir=tmp_path)
    try:
        voice.speak("안녕하세요", "ko")
        assert voice.wait_idle(1) and voice.files == []
    finally:
        voice.stop()


def test_newest_request_wins_over_queued_ones(tmp_path):
    voice = VoiceGuide(Accessibility(), wav_dir=tmp_path)
    try:
        for i in range(5):
            voice.speak(f"{i}단계 안내입니다. 천천히 읽어 드립니다.", "ko")
        assert voice.wait_idle(30)
        assert voice.spoken[-1].text.startswith("4단계")
        assert len(voice.spoken) < 5
    finally:
        voice.stop()
