"""NavClient: a small facade for callers, like nav2_simple_commander's BasicNavigator.

It works with any Nav2-compatible server (ours or real Nav2). It never spins: the caller's node
is spun by the caller's executor, so these calls are safe from behaviour-tree ticks. Only
wait_for_server() blocks (with a timeout) and needs the node spun by another thread.
"""

from __future__ import annotations

import enum
import math
import threading
import time
from typing import Any

from action_msgs.msg import GoalStatus
from concierge_lockstep.action_client import ActionClient
from geometry_msgs.msg import PoseStamped
from nav2_msgs.action import DockRobot, FollowWaypoints, NavigateToPose, UndockRobot
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node


class TaskResult(enum.Enum):
    UNKNOWN = 0
    SUCCEEDED = 1
    CANCELED = 2
    FAILED = 3


def make_pose(node: Node, x: float, y: float, yaw: float = 0.0) -> PoseStamped:
    """A map-frame PoseStamped stamped with the node's (sim) clock."""
    ps = PoseStamped()
    ps.header.frame_id = "map"
    ps.header.stamp = node.get_clock().now().to_msg()
    ps.pose.position.x, ps.pose.position.y = float(x), float(y)
    ps.pose.orientation.z, ps.pose.orientation.w = math.sin(yaw / 2), math.cos(yaw / 2)
    return ps


class NavClient:
    def __init__(self, node: Node, namespace: str = "") -> None:
        self.node = node
        group = ReentrantCallbackGroup()
        prefix = f"{namespace.rstrip('/')}/" if namespace else ""
        self._clients = {
            "navigate_to_pose": ActionClient(
                node, NavigateToPose, prefix + "navigate_to_pose", callback_group=group
            ),
            "follow_waypoints": ActionClient(
                node, FollowWaypoints, prefix + "follow_waypoints", callback_group=group
            ),
            "dock_robot": ActionClient(
                node, DockRobot, prefix + "dock_robot", callback_group=group
            ),
            "undock_robot": ActionClient(
                node, UndockRobot, prefix + "undock_robot", callback_group=group
            ),
        }
        self._lock = threading.Lock()
        self._gen = 0
        self._handle = None
        self._status: int = GoalStatus.STATUS_UNKNOWN
        self._feedback: Any = None
        self._result: Any = None
        self._rejected = False
        self._done = threading.Event()
        self._done.set()

    # -- sending ---------------------------------------------------------------------------
    def wait_for_server(self, action: str = "navigate_to_pose", timeout_s: float = 10.0) -> bool:
        return self._clients[action].wait_for_server(timeout_sec=timeout_s)

    def go_to_pose(self, pose: PoseStamped | tuple[float, float, float]) -> bool:
        """Start NavigateToPose; pose is a PoseStamped or (x, y, yaw) in the map frame."""
        if not isinstance(pose, PoseStamped):
            pose = make_pose(self.node, *pose)
        return self._send("navigate_to_pose", NavigateToPose.Goal(pose=pose))

    def follow_waypoints(self, poses: list[PoseStamped | tuple[float, float, float]]) -> bool:
        stamped = [p if isinstance(p, PoseStamped) else make_pose(self.node, *p) for p in poses]
        return self._send("follow_waypoints", FollowWaypoints.Goal(poses=stamped))

    def dock(self, dock_id: str = "", dock_pose=None) -> bool:
        """Dock on dock_id ("" = the site's only dock) or at an explicit docked pose."""
        goal = DockRobot.Goal(navigate_to_staging_pose=True)
        if dock_pose is None:
            goal.use_dock_id, goal.dock_id = True, dock_id
        else:
            goal.use_dock_id = False
            goal.dock_pose = (
                dock_pose
                if isinstance(dock_pose, PoseStamped)
                else make_pose(self.node, *dock_pose)
            )
        return self._send("dock_robot", goal)

    def undock(self) -> bool:
        return self._send("undock_robot", UndockRobot.Goal())

    def _send(self, action: str, goal: Any) -> bool:
        """Send a goal (a previous one is preempted by the server); False if no server."""
        client = self._clients[action]
        if not client.server_is_ready():
            self.node.get_logger().warn(f"{action} server is not available")
            return False
        with self._lock:
            self._gen += 1
            gen = self._gen
            self._handle, self._feedback, self._result = None, None, None
            self._status, self._rejected = GoalStatus.STATUS_UNKNOWN, False
            self._done.clear()
        future = client.send_goal_async(goal, feedback_callback=lambda fb: self._on_fb(gen, fb))
        future.add_done_callback(lambda f: self._on_accept(gen, f))
        return True

    def _on_fb(self, gen: int, msg) -> None:
        with self._lock:
            if gen == self._gen:
                self._feedback = msg.feedback

    def _on_accept(self, gen: int, future) -> None:
        handle = future.result()
        with self._lock:
            if gen != self._gen:
                return
            if not handle.accepted:
                self._rejected = True
                self._status = GoalStatus.STATUS_ABORTED
                self._done.set()
                return
            self._handle = handle
        handle.get_result_async().add_done_callback(lambda f: self._on_result(gen, f))

    def _on_result(self, gen: int, future) -> None:
        response = future.result()
        with self._lock:
            if gen != self._gen:
                return
            self._status = response.status
            self._result = response.result
            self._done.set()

    # -- watching --------------------------------------------------------------------------
    def is_task_complete(self) -> bool:
        return self._done.is_set()

    def wait_until_complete(self, timeout_s: float) -> bool:
        """Block (the node must be spun elsewhere) until the task ends or timeout_s passes."""
        return self._done.wait(timeout_s)

    def get_feedback(self) -> Any:
        """The latest feedback message of the current task (e.g. NavigateToPose.Feedback)."""
        with self._lock:
            return self._feedback

    def get_result(self) -> TaskResult:
        with self._lock:
            if not self._done.is_set():
                return TaskResult.UNKNOWN
            return {
                GoalStatus.STATUS_SUCCEEDED: TaskResult.SUCCEEDED,
                GoalStatus.STATUS_CANCELED: TaskResult.CANCELED,
                GoalStatus.STATUS_ABORTED: TaskResult.FAILED,
            }.get(self._status, TaskResult.UNKNOWN)

    def get_error(self) -> tuple[int, str]:
        """(error_code, error_msg) of the finished task; (0, "") when it succeeded."""
        with self._lock:
            if self._rejected:
                return 0, "goal rejected by the server"
            if self._result is None:
                return 0, ""
            return int(getattr(self._result, "error_code", 0)), str(
                getattr(self._result, "error_msg", "")
            )

    def get_result_msg(self) -> Any:
        with self._lock:
            return self._result

    def cancel_task(self, timeout_s: float = 5.0) -> bool:
        """Cancel the running task and wait (like Nav2's BasicNavigator) until the server has
        taken the cancel. True when it did (or nothing was running)."""
        with self._lock:
            handle = self._handle
        if handle is None or self._done.is_set():
            return True
        answered = threading.Event()
        handle.cancel_goal_async().add_done_callback(lambda _f: answered.set())
        return answered.wait(timeout_s)

    def wait_for_feedback(self, timeout_s: float) -> Any:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            fb = self.get_feedback()
            if fb is not None:
                return fb
            self._done.wait(0.02)
        return None
