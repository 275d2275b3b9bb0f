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
    return stack


def wait_status(ros: RosClient, cond, timeout_s: float, what: str):
    """Wait until the latest /robot/status satisfies cond."""
    from concierge_interfaces.msg import RobotStatus

    if "/robot/status" not in ros._subs:
        ros.subscribe("/robot/status", RobotStatus)
    return ros.wait_for(
        lambda: (s := ros.latest("/robot/status")) is not None and cond(s) and s, timeout_s, what
    )
