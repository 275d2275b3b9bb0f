"""The speech stack as separate processes (stt_node, tts_node, dialog_node) over real DDS."""

from __future__ import annotations

import time

import pytest
import rclpy
from concierge_bringup.stack import Stack
from concierge_content.paths import repo_root
from concierge_interfaces.msg import Intent, Utterance
from concierge_speech.tts_engine import synthesize
from rclpy.node import Node
from std_msgs.msg import String

LAUNCH = repo_root() / "launch" / "include" / "speech.launch.yaml"


def _wait(node, cond, timeout_s, stack):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        rclpy.spin_once(node, timeout_sec=0.1)
        if cond():
            return True
        stack.check()
    return False


@pytest.fixture
def probe():
    rclpy.init()
    node = Node("speech_probe")
    yield node
    node.destroy_node()
    rclpy.shutdown()


@pytest.mark.slow
def test_speech_stack_answers_text_and_voice_and_reports_missing_microphone(tmp_path, probe):
    intents: list[Intent] = []
    heard: list[Utterance] = []
    diag: list[str] = []
    probe.create_subscription(Intent, "/dialog/intent", intents.append, 10)
    probe.create_subscription(Utterance, "/speech/utterance", heard.append, 10)
    probe.create_subscription(String, "/diagnostics_text", lambda m: diag.append(m.data), 10)
    text_in = probe.create_publisher(Utterance, "/dialog/text_in", 10)
    play = probe.create_publisher(String, "/speech/play_wav", 10)
    question = synthesize("여권민원실로 데려다 주세요", "ko").save(tmp_path / "question.wav")
    var = tmp_path / "var"
    args = {"site": "city_hall", "audio_source": "microphone"}
    with Stack(LAUNCH, args, log_dir=tmp_path / "log", env={"CONCIERGE_VAR": str(var)}) as stack:
        # No microphone on this machine: a clear error for RobotStatus, and the node stays up.
        assert _wait(probe, lambda: any("stt: microphone not available" in d for d in diag),
                     120, stack), stack.log_tail("stt_node")  # fmt: skip
        # Typed (or touched) text: intent with a reply, and the reply is spoken (WAV here).
        assert _wait(probe, lambda: text_in.get_subscription_count() > 0, 60, stack)
        text_in.publish(Utterance(text="화장실 어디예요", lang="ko", is_final=True, source="text"))
        assert _wait(probe, lambda: bool(intents), 60, stack), stack.log_tail("dialog_node")
        assert (intents[0].intent, intents[0].place_id) == ("find_place", "toilet")
        assert "화장실" in intents[0].reply
        wavs = var / "speech" / "tts"
        assert _wait(probe, lambda: wavs.is_dir() and any(wavs.glob("*.wav")), 60, stack)
        # A WAV played into the recogniser becomes a final utterance and an intent.
        play.publish(String(data=str(tmp_path / "missing.wav")))
        assert _wait(probe, lambda: any("missing.wav: no such file" in d for d in diag), 30,
                     stack)  # fmt: skip
        intents.clear()
        play.publish(String(data=str(question)))
        assert _wait(probe, lambda: bool(heard) and bool(intents), 120, stack), stack.log_tail(
            "stt_node"
        )
        assert heard[0].is_final and heard[0].source == "wav"
        assert heard[0].verdict in ("sure", "unsure", "garbled") and heard[0].lang == "ko"
        assert intents[0].utterance == heard[0].text and intents[0].reply
        assert not stack.dead()
