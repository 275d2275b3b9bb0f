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
        # a second later (sim time): the mission manager ticks and acknowledges every step, so
        # it has taken the skip. Not "when feedback names the next stop": feedback goes out on
        # the goal's own thread, in wall time, and may trail the world (a fresh clone under
        # load waited > 10 s of sim time for it)
        skipped_at = ros.sim_now()
        with ros.frozen_when(lambda: ros.sim_now() >= skipped_at + 1.0, 10, "a step after"):
            control(ros, "pause")
        wait_status(ros, lambda s: s.state_text == "paused", 2, "the paused state")
        control(ros, "resume")
        res = ros.result(handle, 300, "the tour to finish")
        assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
        assert (res.result.stops_visited, res.result.stops_skipped) == (2, 1)
        assert "herb_garden" in {fb.stop_id for fb in feedback}  # after the skipped greenhouse
        assert {fb.phase for fb in feedback} >= {"moving", "narrating"}
        unknown = ros.send_goal(Tour, "tour", Tour.Goal(course_id="moon_walk"))
        bad = ros.result(unknown, 10, "the refusal")
        assert bad.result.error_code == Tour.Result.UNKNOWN_COURSE
    finally:
        stack.stop()
