"""Escort a visitor who follows (or stops following), and dock by itself on low battery."""

from __future__ import annotations

import json

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import Escort
from e2e_helpers import start_stack, wait_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = start_stack(tmp_path_factory, scenario="light", seed=11)
    yield s
    s.stop()


def sim_command(ros, **cmd) -> dict:
    from std_msgs.msg import String

    if "/sim/command_result" not in ros._subs:
        ros.subscribe("/sim/command_result", String)
        ros.node.create_publisher(String, "/sim/command", 10)
    pub = ros.node.create_publisher(String, "/sim/command", 10)
    rid = f"r{id(cmd)}"
    ros.wait_for(lambda: pub.get_subscription_count() > 0, 10, "the simulator's command topic")
    pub.publish(String(data=json.dumps({**cmd, "request_id": rid})))
    reply = ros.wait_for(
        lambda: (m := ros.latest("/sim/command_result")) and json.loads(m.data).get("request_id")
        == rid and json.loads(m.data), 10, f"sim to answer {cmd['op']}")  # fmt: skip
    assert reply["ok"], reply
    return reply


def at_home(ros):
    """Visitors meet the robot at its home in the lobby, not at the dock against the wall."""
    from concierge_interfaces.action import GoToPlace

    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="information_desk"))
    res = ros.result(handle, 180, "the robot to reach its home")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg


def test_escort_leads_a_following_visitor_to_the_place(stack, ros):
    at_home(ros)
    sim_command(ros, op="summon_follower", distance_m=1.2)
    phases = []
    handle = ros.send_goal(
        Escort, "escort",
        Escort.Goal(place_id="passport_office", visitor_id="follower", return_home=False,
                    lang="en"),
        on_feedback=lambda fb: phases.append(fb.phase), server_timeout_s=60)  # fmt: skip
    res = ros.result(handle, 240, "the escort")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    assert res.result.times_follower_lost == 0
    assert "leading" in phases


def test_escort_waits_then_gives_up_when_the_visitor_stops_following(stack, ros):
    at_home(ros)
    sim_command(ros, op="summon_follower", distance_m=1.2)
    phases = []
    handle = ros.send_goal(
        Escort, "escort",
        Escort.Goal(place_id="cafe", visitor_id="follower", return_home=True, lang="ko"),
        on_feedback=lambda fb: phases.append(fb.phase))  # fmt: skip
    ros.wait_for(lambda: "leading" in phases, 60, "the escort to start leading")
    sim_command(ros, op="stop_following", id="follower")
    ros.wait_for(lambda: "waiting_for_visitor" in phases, 90, "the robot to wait for the visitor")
    res = ros.result(handle, 240, "the escort to end")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == Escort.Result.VISITOR_LOST
    assert res.result.times_follower_lost >= 1
    assert "returning" in phases  # it went back home after giving up politely


def test_low_battery_after_a_task_docks_and_charges(stack, ros):
    sim_command(ros, op="set_battery", pct=15.0)
    docked = wait_status(ros, lambda s: s.docked, 240, "the robot to dock by itself")
    assert docked.battery_percent < 20.0
    wait_status(ros, lambda s: s.state_text == "charging"
                and s.battery_percent > docked.battery_percent + 0.5, 120, "charging")  # fmt: skip
