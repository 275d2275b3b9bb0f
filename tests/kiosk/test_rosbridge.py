"""RobotBridge's mission updates: what the screens are told about a goal, in order."""

from __future__ import annotations

from types import SimpleNamespace

from action_msgs.msg import GoalStatus
from concierge_interfaces.action import Tour

from kiosk_ui.rosbridge import RobotBridge, _GoalEnd


def _feedback(phase: str, index: int) -> SimpleNamespace:
    return SimpleNamespace(feedback=Tour.Feedback(phase=phase, stop_index=index, stop_count=3))


def test_feedback_that_arrives_after_the_result_does_not_undo_the_end(qapp):
    # Feedback (a topic) and the result (a service reply) are taken on different executor
    # threads: the tour's last "finished" feedback can come in after "succeeded", and the robot
    # screen then showed a tour still under way (seen on a fresh clone).
    bridge = RobotBridge()
    updates = []
    bridge.mission_update.connect(updates.append)
    ended = _GoalEnd()
    bridge._on_feedback("tour", {}, _feedback("narrating", 0), "", ended)
    done = SimpleNamespace(status=GoalStatus.STATUS_SUCCEEDED, result=Tour.Result(stops_visited=1))
    bridge._on_result("tour", {}, SimpleNamespace(result=lambda: done), "", ended)
    bridge._on_feedback("tour", {}, _feedback("finished", 2), "", ended)
    assert [(u.stage, u.phase) for u in updates] == [("feedback", "narrating"), ("succeeded", "")]
    # the next goal has its own end: its feedback is shown
    bridge._on_feedback("tour", {}, _feedback("narrating", 0), "", _GoalEnd())
    assert updates[-1].stage == "feedback"
