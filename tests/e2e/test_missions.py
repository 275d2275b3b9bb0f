"""Missions end to end: the real city-hall stack (sim, navigator, mission manager) over DDS."""

from __future__ import annotations

import json
import math

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import CallStaff, GoToPlace
from concierge_interfaces.srv import MissionControl, PageAck
from e2e_helpers import frozen_at_status, matched, start_stack, wait_status

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = start_stack(tmp_path_factory, scenario="light", seed=3)
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def odom(ros):
    from nav_msgs.msg import Odometry

    ros.subscribe("/odom", Odometry)  # before any wait reads it
    matched(ros, "/odom")


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
    driving = lambda s: s.task_state == "underway" and s.task_progress > 0.1
    with frozen_at_status(ros, driving, 60, "driving"):
        resp = ros.call(MissionControl, "mission_control", MissionControl.Request(command="pause"))
    assert resp.success, resp.message
    paused = wait_status(ros, lambda s: s.state_text == "paused", 2, "paused state")
    ros.wait_sim(lambda: _speed(ros) < 0.05, 2, "the robot to stand still")
    t_still = ros.sim_now()
    ros.wait_sim(lambda: ros.sim_now() > t_still + 5, 6, "five seconds of pause")
    still = wait_status(ros, lambda s: True, 1, "status")
    assert still.state_text == "paused"
    assert math.dist((paused.x, paused.y), (still.x, still.y)) < 1.0
    assert ros.call(
        MissionControl, "mission_control", MissionControl.Request(command="resume")
    ).success
    res = ros.result(handle, 180, "passport_office after resume")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg


def test_cancel_stops_the_mission(stack, ros):
    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="cafe"))
    with frozen_at_status(ros, lambda s: s.task_state == "underway", 30, "underway"):
        ros._wait_future(handle.cancel_goal_async(), 10, "the cancel to be taken")
    res = ros.result(handle, 30, "the canceled result")
    assert res.status == GoalStatus.STATUS_CANCELED
    ros.wait_sim(lambda: _speed(ros) < 0.05, 2, "the robot to stop")
    unknown = ros.call(MissionControl, "mission_control", MissionControl.Request(command="fly"))
    assert not unknown.success and "unknown command" in unknown.message


def test_call_staff_escalates_a_declined_page_and_escorts_to_the_counter(stack, ros):
    from std_msgs.msg import String

    pages = []
    ros.subscribe(
        "/staff/pages", String, lambda m: pages.append(json.loads(m.data)), latched=True, depth=20
    )
    handle = ros.send_goal(
        CallStaff,
        "call_staff",
        CallStaff.Goal(
            office_id="saebit_office", reason="여권 재발급 상담", lang="ko", escort_to_counter=True
        ),
    )
    # Staff answer at once (the world held while they do): the escalation timer never fires.
    with ros.frozen_when(lambda: pages and pages[-1], 30, "the first page") as first:
        declined = ros.call(
            PageAck,
            "staff_pager/ack",
            PageAck.Request(page_id=first["page_id"], staff_id=first["staff_id"], accept=False),
        )
    assert declined.success
    escalated = lambda: pages[-1]["staff_id"] != first["staff_id"] and pages[-1]
    with ros.frozen_when(escalated, 5, "the escalation") as second:
        stranger = ros.call(
            PageAck,
            "staff_pager/ack",
            PageAck.Request(page_id=first["page_id"], staff_id="nobody", accept=True),
        )
        accepted = ros.call(
            PageAck,
            "staff_pager/ack",
            PageAck.Request(page_id=first["page_id"], staff_id=second["staff_id"], accept=True),
        )
    assert second["level"] == 1
    assert not stranger.success
    assert accepted.success
    res = ros.result(handle, 180, "call_staff to finish")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    assert res.result.staff_id == second["staff_id"] and res.result.staff_name


def _speed(ros) -> float:
    odom = ros.latest("/odom")  # read in the executor's thread too: never wait here
    return abs(odom.twist.twist.linear.x) if odom is not None else float("inf")
