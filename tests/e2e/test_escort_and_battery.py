"""Escort a visitor who follows (or stops following), and dock by itself on low battery."""

from __future__ import annotations

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import Escort
from e2e_helpers import heard, matched, said, sim_command, start_stack, wait_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    # (no paging service: nobody is paged here)
    s = start_stack(tmp_path_factory, scenario="light", seed=11, paging=False)
    yield s
    s.stop()


def at_home(ros):
    """Visitors meet the robot at its home in the lobby (placed there, world held: every escort
    test starts from the same spot, whatever the one before left behind)."""
    from concierge_content.places import load_places

    home = load_places("city_hall").get("information_desk").pose
    with ros.frozen_when(lambda: True, 1, "a step to set up on"):
        sim_command(ros, op="place_robot", x=home.x, y=home.y, yaw=home.yaw)
    from nav_msgs.msg import Odometry

    if "/odom" not in ros._subs:
        ros.subscribe("/odom", Odometry)
        matched(ros, "/odom")
    at = lambda: (
        (o := ros.latest("/odom")) is not None
        and abs(o.pose.pose.position.x - home.x) + abs(o.pose.pose.position.y - home.y) < 0.05
    )
    ros.wait_sim(at, 5, "the robot home")
    wait_status(ros, lambda s: not s.docked, 5, "the robot off its dock")


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


def test_escort_waits_for_a_lost_visitor_and_goes_on_when_they_come_back(stack, ros):
    at_home(ros)
    said(ros)
    sim_command(ros, op="summon_follower", distance_m=1.2)
    phases = []
    handle = ros.send_goal(
        Escort, "escort",
        Escort.Goal(place_id="passport_office", visitor_id="follower", return_home=False,
                    lang="ko"),
        on_feedback=lambda fb: phases.append(fb.phase))  # fmt: skip
    with ros.frozen_when(lambda: "leading" in phases, 60, "the escort to start leading"):
        sim_command(ros, op="stop_following", id="follower")
    with ros.frozen_when(lambda: "waiting_for_visitor" in phases, 30, "the robot to wait"):
        heard(ros, lambda t: "제 뒤에 서 주세요" in t, "the visitor asked to come behind")
        sim_command(ros, op="resume_following", id="follower")
    res = ros.result(handle, 240, "the escort to end")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    assert res.result.times_follower_lost == 1
    resumed = phases[phases.index("waiting_for_visitor") :]
    assert "leading" in resumed, phases  # led on again, well before the 10 s give-up


def test_low_battery_after_a_task_docks_and_charges(stack, ros):
    sim_command(ros, op="set_battery", pct=15.0)
    docked = wait_status(ros, lambda s: s.docked, 240, "the robot to dock by itself")
    assert docked.battery_percent < 20.0
    wait_status(ros, lambda s: s.state_text == "charging"
                and s.battery_percent > docked.battery_percent + 0.5, 120, "charging")  # fmt: skip
