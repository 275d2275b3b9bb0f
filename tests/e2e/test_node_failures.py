"""A node killed mid-mission: the mission ends with a clear error instead of hanging."""

from __future__ import annotations

import os
import signal

import pytest
from action_msgs.msg import GoalStatus
from concierge_interfaces.action import GoToPlace
from e2e_helpers import frozen_at_status, start_stack, wait_status

pytestmark = pytest.mark.e2e


def test_killed_navigator_fails_the_mission_with_a_clear_error(tmp_path_factory, ros):
    stack = start_stack(tmp_path_factory, scenario="light", seed=5, paging=False)  # no pages
    try:
        handle = ros.send_goal(
            GoToPlace, "go_to_place", GoToPlace.Goal(place_id="tax_office"), server_timeout_s=90.0
        )
        driving = lambda s: s.task_state == "underway" and s.task_progress > 0.05
        with frozen_at_status(ros, driving, 60, "driving"):
            os.killpg(stack.process("navigator").pid, signal.SIGKILL)
        res = ros.result(handle, 90, "the mission to notice")
        assert res.status == GoalStatus.STATUS_ABORTED
        assert "navigat" in res.result.error_msg
        status = wait_status(ros, lambda s: s.task_state == "failed", 5, "failed status")
        assert status.state_text in ("idle", "error")
    finally:
        stack.stop()
