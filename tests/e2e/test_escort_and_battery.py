"""Escort a visitor who follows (or stops following), and dock by itself on low battery."""

from __future__ import annotations

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import Escort
from e2e_helpers import sim_command, start_stack, wait_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = start_stack(tmp_path_factory, scenario="light", seed=11)
    yield s
    s.stop()


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
    with ros.frozen_when(lambda: "leading" in phases, 60, "the escort to start leading"):
        sim_command(ros, op="stop_following", id="follower")
    ros.wait_sim(lambda: "waiting_for_visitor" in phases, 30, "the robot to wait for the visitor")
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
