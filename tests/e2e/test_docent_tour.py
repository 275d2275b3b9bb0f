"""The arboretum docent leads a course stop by stop; visitors can skip, pause and resume."""

from __future__ import annotations

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import Tour
from concierge_interfaces.srv import MissionControl
from e2e_helpers import start_stack, wait_status

pytestmark = pytest.mark.e2e


def control(ros, command: str):
    resp = ros.call(MissionControl, "mission_control", MissionControl.Request(command=command))
    assert resp.success, resp.message
    return resp


def test_tour_with_skip_pause_and_resume(tmp_path_factory, ros):
    stack = start_stack(tmp_path_factory, site="arboretum", scenario="light", seed=2)
    try:
        feedback = []
        handle = ros.send_goal(
            Tour,
            "tour",
            Tour.Goal(course_id="quick_highlights", lang="ko"),
            on_feedback=feedback.append,
            server_timeout_s=60,
        )
        # first stop: the visitor centre, narrated; then on the way to the greenhouse: skip it
        with ros.frozen_when(
            lambda: feedback and feedback[-1].stop_index == 1 and feedback[-1].phase == "moving",
            180,
            "the walk to the second stop",
        ):
            control(ros, "skip")
        # in lockstep the mission manager publishes a step's feedback before it acknowledges
        # the step, and a new stop is news at once even while the phase stays "moving"
        # (progress alone comes once a sim-second): the herb garden is named within 0.5 s
        with ros.frozen_when(
            lambda: feedback[-1].stop_id == "herb_garden", 0.5, "feedback naming the next stop"
        ):
            control(ros, "pause")
        wait_status(ros, lambda s: s.state_text == "paused", 2, "the paused state")
        control(ros, "resume")
        res = ros.result(handle, 300, "the tour to finish")
        assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
        assert (res.result.stops_visited, res.result.stops_skipped) == (2, 1)
        assert {fb.phase for fb in feedback} >= {"moving", "narrating"}
        unknown = ros.send_goal(Tour, "tour", Tour.Goal(course_id="moon_walk"))
        bad = ros.result(unknown, 10, "the refusal")
        assert bad.result.error_code == Tour.Result.UNKNOWN_COURSE
    finally:
        stack.stop()
