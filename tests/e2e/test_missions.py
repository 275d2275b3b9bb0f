"""Missions end to end: the real city-hall stack (sim, navigator, mission manager) over DDS."""

from __future__ import annotations

import json
import math

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import CallStaff, GoToPlace
from concierge_interfaces.srv import MissionControl, PageAck
from e2e_helpers import start_stack, wait_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = start_stack(tmp_path_factory, scenario="light", seed=3)
    yield s
    s.stop()


def go(ros, place_id, timeout_s=120.0, feedback=None):
    handle = ros.send_goal(
        GoToPlace,
        "go_to_place",
        GoToPlace.Goal(place_id=place_id),
        on_feedback=feedback,
        server_timeout_s=90.0,
    )
    return handle, ros.result(handle, timeout_s, f"go_to_place {place_id}")


def test_unknown_place_is_refused_with_a_clear_error(stack, ros):
    _, res = go(ros, "moon_base", timeout_s=10)
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == GoToPlace.Result.UNKNOWN_PLACE
    assert "moon_base" in res.result.error_msg


def test_robot_drives_to_a_place_with_live_progress(stack, ros):
    from concierge_content.places import load_places

    seen = []
    _, res = go(ros, "information_desk", feedback=lambda fb: seen.append(fb.progress))
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    status = wait_status(ros, lambda s: s.task_state == "completed", 10, "completed status")
    goal = load_places("city_hall").get("information_desk").pose
    assert math.dist((status.x, status.y), (goal.x, goal.y)) < 0.5
    assert seen and max(seen) > 0.5 and res.result.distance_travelled_m > 1.0


def test_pause_holds_the_robot_and_resume_finishes(stack, ros):
    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="passport_office"))
    wait_status(ros, lambda s: s.task_state == "underway" and s.task_progress > 0.1, 60, "driving")
    resp = ros.call(MissionControl, "mission_control", MissionControl.Request(command="pause"))
    assert resp.success, resp.message
    paused = wait_status(ros, lambda s: s.state_text == "paused", 10, "paused state")
    ros.wait_for(lambda: _speed(ros) < 0.05, 20, "the robot to stand still")
    still = wait_status(ros, lambda s: True, 1, "status")
    assert math.dist((paused.x, paused.y), (still.x, still.y)) < 1.0
    assert ros.call(
        MissionControl, "mission_control", MissionControl.Request(command="resume")
    ).success
    res = ros.result(handle, 180, "passport_office after resume")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg


def test_cancel_stops_the_mission(stack, ros):
    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="cafe"))
    wait_status(ros, lambda s: s.task_state == "underway", 30, "underway")
    handle.cancel_goal_async()
    res = ros.result(handle, 30, "the canceled result")
    assert res.status == GoalStatus.STATUS_CANCELED
    ros.wait_for(lambda: _speed(ros) < 0.05, 20, "the robot to stop")
    unknown = ros.call(MissionControl, "mission_control", MissionControl.Request(command="fly"))
    assert not unknown.success and "unknown command" in unknown.message


def test_call_staff_escalates_a_declined_page_and_escorts_to_the_counter(stack, ros):
    from std_msgs.msg import String

    pages = []
    ros.subscribe("/staff/pages", String, lambda m: pages.append(json.loads(m.data)))
    handle = ros.send_goal(
        CallStaff,
        "call_staff",
        CallStaff.Goal(
            office_id="saebit_office", reason="여권 재발급 상담", lang="ko", escort_to_counter=True
        ),
    )
    first = ros.wait_for(lambda: pages and pages[-1], 30, "the first page")
    declined = ros.call(
        PageAck,
        "staff_pager/ack",
        PageAck.Request(page_id=first["page_id"], staff_id=first["staff_id"], accept=False),
    )
    assert declined.success
    second = ros.wait_for(
        lambda: pages[-1]["staff_id"] != first["staff_id"] and pages[-1], 30, "the escalation"
    )
    assert second["level"] == 1
    stranger = ros.call(
        PageAck,
        "staff_pager/ack",
        PageAck.Request(page_id=first["page_id"], staff_id="nobody", accept=True),
    )
    assert not stranger.success
    assert ros.call(
        PageAck,
        "staff_pager/ack",
        PageAck.Request(page_id=first["page_id"], staff_id=second["staff_id"], accept=True),
    ).success
    res = ros.result(handle, 180, "call_staff to finish")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    assert res.result.staff_id == second["staff_id"] and res.result.staff_name


def _speed(ros) -> float:
    from nav_msgs.msg import Odometry

    if "/odom" not in ros._subs:
        ros.subscribe("/odom", Odometry)
    odom = ros.wait_for(lambda: ros.latest("/odom"), 10, "/odom")
    return abs(odom.twist.twist.linear.x)
