"""tts_node serves overlapping Speak goals in simulated time: goals waiting for the voice must
not starve /clock, which the speaking goal waits on (`make run` hung on its dock leg: the
"arrived" line and "going to charge" overlapped and every executor thread was blocked)."""

from __future__ import annotations

import os
import threading
import time

import pytest
import rclpy
from builtin_interfaces.msg import Time
from concierge_interfaces.action import Speak
from concierge_lockstep.action_client import ActionClient
from rosgraph_msgs.msg import Clock

GOALS = (os.cpu_count() or 2) + 2  # more than a default MultiThreadedExecutor has threads


@pytest.fixture
def tts(tmp_path, monkeypatch):
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path))
    from concierge_lockstep.spin import spin_with_goal_pool
    from concierge_speech.tts_node import TextToSpeech

    rclpy.init(args=["--ros-args", "-p", "output:=wav", "-p", "use_sim_time:=true"])
    node = TextToSpeech()
    spinner = threading.Thread(target=spin_with_goal_pool, args=(node, node.actions))
    spinner.start()
    probe = rclpy.create_node("tts_probe", use_global_arguments=False)  # no /clock of its own
    yield probe
    probe.destroy_node()
    rclpy.shutdown()
    spinner.join(timeout=10)
    assert not spinner.is_alive()


def test_overlapping_speak_goals_all_finish_in_sim_time(tts):
    clock_pub = tts.create_publisher(Clock, "/clock", 10)
    client = ActionClient(tts, Speak, "speak")
    assert client.wait_for_server(timeout_sec=30)
    futures = [
        client.send_goal_async(Speak.Goal(text=f"안내 {i}번입니다.", lang="ko"))
        for i in range(GOALS)
    ]
    result_futures: dict[int, object] = {}
    sim_ns = 0
    wall_deadline = time.monotonic() + 120  # a dead node, not the time the test measures
    while time.monotonic() < wall_deadline:
        done = [r for r in result_futures.values() if r.done()]
        if len(done) == GOALS:
            break
        sim_ns += 100_000_000  # 0.1 s of sim time per round
        clock_pub.publish(Clock(clock=Time(sec=sim_ns // 10**9, nanosec=sim_ns % 10**9)))
        rclpy.spin_once(tts, timeout_sec=0.01)
        for i, f in enumerate(futures):
            if i not in result_futures and f.done() and f.result().accepted:
                result_futures[i] = f.result().get_result_async()
    assert len(done) == GOALS, f"{len(done)} of {GOALS} speak goals finished"
    assert all(r.result().result.error_code == 0 for r in done)
