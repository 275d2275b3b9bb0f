"""Our nodes stop cleanly on the launcher's SIGINT: exit 0, never an abort (-6).

Before the goals thread was joined, a node stopped a second after it started aborted about one
time in three ("terminate called without an active exception"): the thread was still inside
rclpy's C++ wait when the interpreter finalised.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

NODE = textwrap.dedent("""
    import rclpy
    from rclpy.action import ActionServer
    from rclpy.node import Node
    from concierge_interfaces.action import Speak
    from concierge_lockstep.spin import spin_with_goal_pool

    rclpy.init()
    node, goals_node = Node("spin_probe"), Node("spin_probe_goals")
    server = ActionServer(goals_node, Speak, "speak", lambda handle: Speak.Result())
    said = []

    def tick():  # keeps the events executor busy; says "ready" once it spins
        if not said:
            said.append(print("ready", flush=True))

    node.create_timer(0.01, tick)
    left = []
    spin_with_goal_pool(node, goals_node, before_shutdown=lambda: left.append(1))
    print("left" if left else "no before_shutdown", flush=True)
""")


@pytest.mark.parametrize("run", range(6))
def test_a_node_stopped_by_sigint_exits_cleanly(run, tmp_path):
    env = dict(os.environ, ROS_DOMAIN_ID=str(180 + run), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    proc = subprocess.Popen(
        [sys.executable, "-c", NODE],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, out
    assert "left" in out
