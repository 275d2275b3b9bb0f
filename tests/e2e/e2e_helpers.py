"""Helpers for whole-stack tests: start a site stack, wait on /robot/status."""

from __future__ import annotations

from concierge_bringup.ros_client import RosClient
from concierge_bringup.stack import Stack
from concierge_content.paths import repo_root


def start_stack(tmp_path_factory, site: str = "city_hall", **args) -> Stack:
    launch = repo_root() / "launch" / f"{site}.launch.yaml"
    args = {"speech": False, "real_time_factor": 10.0, **args}
    stack = Stack(launch, args, log_dir=tmp_path_factory.mktemp(f"{site}-logs"))
    stack.start()
    try:
        wait_ready(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


def wait_ready(stack: Stack, timeout_s: float = 120.0) -> None:
    """Wait until the navigator and the mission manager serve their actions (a loaded machine
    can take tens of seconds to start every node); a node that died fails at once."""
    from concierge_interfaces.action import GoToPlace
    from nav2_msgs.action import NavigateToPose, UndockRobot

    with RosClient("e2e_ready") as ros:
        clients = [ros.action_client(t, n) for t, n in (
            (NavigateToPose, "navigate_to_pose"), (UndockRobot, "undock_robot"),
            (GoToPlace, "go_to_place"))]  # fmt: skip

        def ready():
            stack.check()
            return all(c.server_is_ready() for c in clients)

        ros.wait_for(ready, timeout_s, "the navigator and mission manager to start", poll_s=0.2)


def wait_status(ros: RosClient, cond, timeout_s: float, what: str):
    """Wait until the latest /robot/status satisfies cond."""
    from concierge_interfaces.msg import RobotStatus

    if "/robot/status" not in ros._subs:
        ros.subscribe("/robot/status", RobotStatus)
    return ros.wait_for(
        lambda: (s := ros.latest("/robot/status")) is not None and cond(s) and s, timeout_s, what
    )
