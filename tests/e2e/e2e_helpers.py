"""Helpers for whole-stack tests: start a site stack, wait on /robot/status in sim time.

The stacks run in lockstep (the simulator waits for the navigator, the mission manager and the
test's own client each step), as fast as the machine allows: every wait is in SIM seconds, and
a test that acts on what it sees does so inside `ros.frozen_when(...)`, with the world held."""

from __future__ import annotations

import contextlib
import json

from concierge_bringup.ros_client import RosClient
from concierge_bringup.stack import Stack
from concierge_content.paths import repo_root


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_stack(tmp_path_factory, site: str = "city_hall", launch_name: str = "", **args) -> Stack:
    """A site's stack as `make run` starts it, as fast as the nodes go (lockstep), with its own
    paging-service port and var/ (mission log, paging database), so stacks can run side by side.
    launch_name: another launch file of launch/ (e.g. city_hall_fleet, with robots=N)."""
    launch = repo_root() / "launch" / f"{launch_name or site}.launch.yaml"
    args = {"real_time_factor": 0.0, "paging_port": free_port(), **args}
    if not launch_name:
        args.setdefault("speech", False)
    var = tmp_path_factory.mktemp(f"{site}-var")
    stack = Stack(
        launch, args, log_dir=tmp_path_factory.mktemp(f"{site}-logs"),
        env={"CONCIERGE_VAR": str(var)},
    )  # fmt: skip
    stack.var_dir, stack.paging_port = var, args["paging_port"]
    stack.start()
    namespaces = sorted({p.spec.namespace.strip("/") for p in stack.procs if p.spec.namespace})
    try:
        wait_ready(stack, namespaces or [""])
        if any(p.spec.name == "paging_service" for p in stack.procs):
            wait_paging(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


def wait_ready(stack: Stack, namespaces=("",), timeout_s: float = 120.0) -> None:
    """Wait until the navigator and the mission manager (of every robot namespace) serve their
    actions (a loaded machine can take tens of seconds to start every node); a node that died
    fails at once."""
    from concierge_interfaces.action import GoToPlace
    from nav2_msgs.action import NavigateToPose, UndockRobot

    with RosClient("e2e_ready") as ros:
        kinds = ((NavigateToPose, "navigate_to_pose"), (UndockRobot, "undock_robot"),
                 (GoToPlace, "go_to_place"))  # fmt: skip
        clients = [
            ros.action_client(t, f"{ns}/{n}" if ns else n) for ns in namespaces for t, n in kinds
        ]

        def ready():
            stack.check()
            return all(c.server_is_ready() for c in clients)

        ros.wait_for(ready, timeout_s, "the navigator and mission manager to start", poll_s=0.2)


def wait_paging(stack: Stack, timeout_s: float = 60.0) -> None:
    """Wait until the stack's paging service answers its health check (it starts beside the
    nodes; tests that talk to it over HTTP need it up)."""
    import time

    import requests

    url = f"http://127.0.0.1:{stack.paging_port}/api/health"
    deadline = time.monotonic() + timeout_s
    while True:
        stack.check()
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the paging service did not answer {url} in {timeout_s:.0f} s")
        time.sleep(0.1)


def _status_cond(ros: RosClient, cond):
    from concierge_interfaces.msg import RobotStatus

    if "/robot/status" not in ros._subs:
        ros.subscribe("/robot/status", RobotStatus)
        matched(ros, "/robot/status")  # before sim time runs out while DDS discovers
    return lambda: (s := ros.latest("/robot/status")) is not None and cond(s) and s


def wait_status(ros: RosClient, cond, sim_timeout_s: float, what: str):
    """Wait until the latest /robot/status satisfies cond (at most sim_timeout_s of sim time)."""
    return ros.wait_sim(_status_cond(ros, cond), sim_timeout_s, what)


@contextlib.contextmanager
def frozen_at_status(ros: RosClient, cond, sim_timeout_s: float, what: str):
    """Hold the world at the first step whose /robot/status satisfies cond; yields it."""
    with ros.frozen_when(_status_cond(ros, cond), sim_timeout_s, what) as status:
        yield status


def sim_command(ros: RosClient, **cmd) -> dict:
    """A simulator test command (sim/README.md), answered before this returns."""
    from std_msgs.msg import String

    if "/sim/command_result" not in ros._subs:
        ros.subscribe("/sim/command_result", String)
    pub = ros.node.create_publisher(String, "/sim/command", 10)
    ros.wait_for(lambda: pub.get_subscription_count() > 0, 30, "the simulator's command topic")
    rid = f"r{id(cmd)}-{ros.sim_now()}"
    pub.publish(String(data=json.dumps({**cmd, "request_id": rid})))

    def answered():
        msg = ros.latest("/sim/command_result")
        data = json.loads(msg.data) if msg is not None else {}
        return data if data.get("request_id") == rid else None

    reply = ros.wait_for(answered, 30, f"the simulator to answer {cmd['op']}", poll_s=0.005)
    assert reply["ok"], reply
    return reply


def go_to(ros: RosClient, place_id: str, sim_timeout_s: float = 180.0):
    """Drive to a place and insist it worked (set-up for a test, e.g. meet visitors at home)."""
    from action_msgs.msg import GoalStatus
    from concierge_interfaces.action import GoToPlace

    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id=place_id))
    res = ros.result(handle, sim_timeout_s, f"the robot to reach {place_id}")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    return res


def said(ros: RosClient) -> list[str]:
    """Everything the robot said since this client subscribed (robot/said, latched last 20)."""
    from std_msgs.msg import String

    if "/robot/said" not in ros._subs:
        ros.said_texts = []
        ros.subscribe(
            "/robot/said", String, lambda m: ros.said_texts.append(json.loads(m.data)["text"]),
            latched=True, depth=20,
        )  # fmt: skip
        matched(ros, "/robot/said")
    return ros.said_texts


def matched(ros: RosClient, topic: str) -> None:
    """Wait until a subscription has found its publisher (DDS discovery takes a moment, while
    a lockstep world runs on: a test that reads a topic from its first step waits for this)."""
    sub = ros._subs[topic]
    ros.wait_for(lambda: sub.get_publisher_count() > 0, 30, f"a publisher on {topic}")


def heard(ros: RosClient, cond, what: str) -> str:
    """The first thing the robot said that satisfies cond (it may still be on its way over DDS
    when the mission's result or feedback arrived: a short wall wait, the world unchanged)."""
    texts = said(ros)
    return ros.wait_for(lambda: next((t for t in texts if cond(t)), None), 10, what, 0.01)
