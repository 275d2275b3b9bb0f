"""The behaviour trees' action port: a late stop of an old behaviour leaves the new goal alone."""

from __future__ import annotations

import pytest
import rclpy
from concierge_interfaces.action import Speak
from concierge_robot.action_port import ActionPort, PortState


@pytest.fixture
def node():
    context = rclpy.Context()
    rclpy.init(context=context)
    node = rclpy.create_node("port_test", context=context)
    yield node
    node.destroy_node()
    rclpy.shutdown(context=context)


def test_a_missing_server_makes_the_goal_unavailable_after_server_wait_s(node):
    now = [0.0]
    port = ActionPort(node, Speak, "speak", server_wait_s=2.0, now_s=lambda: now[0])
    port.send(Speak.Goal(text="안녕하세요"))
    now[0] = 1.9
    assert port.state == PortState.WAITING
    now[0] = 2.1
    assert port.state == PortState.UNAVAILABLE and port.state.done


def test_cancel_with_an_old_token_leaves_the_newer_goal_running(node):
    now = [0.0]
    port = ActionPort(node, Speak, "speak", server_wait_s=2.0, now_s=lambda: now[0])
    first = port.send(Speak.Goal(text="호출하고 있어요"))
    second = port.send(Speak.Goal(text="지금은 연결할 수 없어요"))
    port.cancel(first)  # the first Say is stopped after the second took the port
    assert port.state == PortState.WAITING
    now[0] = 2.1
    assert port.state == PortState.UNAVAILABLE  # it still ends, so the tree goes on
    port.cancel(second)
    assert port.state == PortState.IDLE
