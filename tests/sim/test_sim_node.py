"""sim_node over real DDS: it owns /clock, drives on /cmd_vel and publishes what a robot would."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

rclpy = pytest.importorskip("rclpy")

from concierge_interfaces.msg import PersonArray  # noqa: E402
from geometry_msgs.msg import Twist  # noqa: E402
from nav_msgs.msg import Odometry  # noqa: E402
from rclpy.qos import QoSDurabilityPolicy, QoSProfile, QoSReliabilityPolicy  # noqa: E402
from rosgraph_msgs.msg import Clock  # noqa: E402
from sensor_msgs.msg import BatteryState, LaserScan  # noqa: E402
from std_msgs.msg import Bool, String, UInt32  # noqa: E402

pytestmark = pytest.mark.slow  # the module: ~20 s of simulator processes

REPO = Path(__file__).resolve().parents[2]
LATCHED = QoSProfile(
    depth=1,
    reliability=QoSReliabilityPolicy.RELIABLE,
    durability=QoSDurabilityPolicy.TRANSIENT_LOCAL,
)


@pytest.fixture
def sim_process():
    exe = Path(sys.executable).parent / "sim_node"
    proc = subprocess.Popen(
        [
            str(exe),
            "--ros-args",
            "--params-file",
            str(REPO / "launch/params/sim.yaml"),
            "-p",
            "scenario:=light",
            "-p",
            "real_time_factor:=10.0",
            "-p",
            "initial_x:=30.0",
            "-p",
            "initial_y:=4.0",
            "-p",
            f"initial_yaw:={math.pi / 2}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        proc.stdout.close()


class Listener:
    def __init__(self):
        self.ctx = rclpy.Context()
        rclpy.init(context=self.ctx)
        self.node = rclpy.create_node("sim_test", context=self.ctx)
        self.exec = rclpy.executors.SingleThreadedExecutor(context=self.ctx)
        self.exec.add_node(self.node)
        self.last: dict[str, object] = {}
        for topic, typ, qos in [
            ("/clock", Clock, 10),
            ("/odom", Odometry, 10),
            ("/scan", LaserScan, 10),
            ("/people", PersonArray, 10),
            ("/battery_state", BatteryState, 10),
            ("/sim/collisions", UInt32, LATCHED),
            ("/sim/docked", Bool, LATCHED),
            ("/sim/command_result", String, 10),
        ]:
            self.node.create_subscription(typ, topic, self._keep(topic), qos)
        self.cmd = self.node.create_publisher(Twist, "/cmd_vel", 10)
        self.command = self.node.create_publisher(String, "/sim/command", 10)

    def _keep(self, topic):
        return lambda msg: self.last.__setitem__(topic, msg)

    def wait_for(self, cond, timeout_s: float, what: str, each=None):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if each:
                each()
            self.exec.spin_once(timeout_sec=0.05)
            if cond():
                return
        raise AssertionError(f"timed out waiting for {what}; have {sorted(self.last)}")

    def close(self):
        self.node.destroy_node()
        rclpy.shutdown(context=self.ctx)


def sim_time(msg: Clock) -> float:
    return msg.clock.sec + msg.clock.nanosec * 1e-9


def test_sim_node_runs_and_drives_on_cmd_vel(sim_process):
    # How fast it runs is a figure (`concierge bench nav`/`fleet`: real_time_factor), not a test:
    # a busy machine only makes it slower. The wall bounds here are safety nets.
    ros = Listener()
    try:
        ros.wait_for(lambda: "/clock" in ros.last, 30.0, "/clock")
        t0_sim = sim_time(ros.last["/clock"])
        ros.wait_for(lambda: sim_time(ros.last["/clock"]) > t0_sim + 5.0, 30.0, "5 s of sim")
        ros.wait_for(
            lambda: (
                {"/scan", "/people", "/battery_state", "/odom", "/sim/docked", "/sim/collisions"}
                <= set(ros.last)
            ),
            10.0,
            "all topics",
        )
        scan = ros.last["/scan"]
        assert len(scan.ranges) == 360 and scan.header.frame_id == "base_link"
        assert ros.last["/people"].header.frame_id == "map" and ros.last["/people"].people
        assert 0.0 < ros.last["/battery_state"].percentage <= 1.0
        assert ros.last["/sim/docked"].data is False
        odom = ros.last["/odom"]
        assert odom.pose.pose.position.y == pytest.approx(4.0, abs=0.01)

        twist = Twist()
        twist.linear.x = 0.5
        ros.wait_for(
            lambda: ros.last["/odom"].pose.pose.position.y > 5.5,
            20.0,
            "the robot to drive 1.5 m",
            each=lambda: ros.cmd.publish(twist),
        )

        ros.command.publish(
            String(
                data=json.dumps(
                    {
                        "op": "add_obstacle",
                        "name": "cart",
                        "x": 30,
                        "y": 9,
                        "size_x": 2,
                        "size_y": 0.6,
                        "request_id": 7,
                    }
                )
            )
        )
        ros.wait_for(lambda: "/sim/command_result" in ros.last, 10.0, "the command result")
        result = json.loads(ros.last["/sim/command_result"].data)
        assert result == {"ok": True, "op": "add_obstacle", "request_id": 7}
        ros.command.publish(String(data="not json"))
        ros.wait_for(
            lambda: not json.loads(ros.last["/sim/command_result"].data)["ok"],
            10.0,
            "the error reply",
        )
    finally:
        ros.close()


def test_a_bad_site_is_one_clear_line_and_a_failing_exit():
    exe = Path(sys.executable).parent / "sim_node"
    for param, said in [
        ("site:=moon_base", "known: arboretum, city_hall"),
        ("sites:=city_hall:2,arboretum:two", "'arboretum:two' is not <site>:<robots>"),
    ]:
        run = subprocess.run(
            [str(exe), "--ros-args", "-p", param], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 2, param
        assert said in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_sim_time_stamps_never_jump_back():
    from concierge_sim.sim_node import _stamp

    previous, t = -1, 0.0
    for _ in range(30_000):  # 50 min of 0.1 s steps: float sums such as 122.99999999997 occur
        t += 0.1
        s = _stamp(t)
        now = s.sec * 1_000_000_000 + s.nanosec
        assert now > previous, (t, s)
        previous = now


def _lockstep_sim(timeout_s: float) -> subprocess.Popen:
    exe = Path(sys.executable).parent / "sim_node"
    return subprocess.Popen(
        [str(exe), "--ros-args", "--params-file", str(REPO / "launch/params/sim.yaml"),
         "-p", "scenario:=none", "-p", "real_time_factor:=0.0", "-p", "lockstep:=true",
         "-p", "lockstep_nodes:=stepper", "-p", f"lockstep_timeout_s:={timeout_s}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy(),
        start_new_session=True)  # fmt: skip


def test_lockstep_sim_waits_for_its_participant_then_drops_a_silent_one():
    """The world advances one step per acknowledgement; a participant that goes silent is
    waited for lockstep_timeout_s (wall), then the world runs on without it."""
    from concierge_interfaces.msg import StepAck
    from concierge_lockstep.participant import ACK_QOS

    proc = _lockstep_sim(timeout_s=3.0)
    ear = Listener()
    ack = ear.node.create_publisher(StepAck, "/sim/step_ack", ACK_QOS)
    acked: list[float] = []

    def answer():
        clock = ear.last.get("/clock")
        if clock is not None and len(acked) < 20 and sim_time(clock) not in acked:
            acked.append(sim_time(clock))
            ack.publish(StepAck(node="/stepper", stamp=clock.clock))

    try:
        ear.wait_for(lambda: len(acked) >= 20, 60, "20 acknowledged steps", each=answer)
        # Not acknowledged any more: the clock stands still at the last acknowledged step + 1.
        held_at = acked[-1] + 0.1
        ear.wait_for(lambda: sim_time(ear.last["/clock"]) >= held_at - 1e-6, 5, "the next step")
        stood_since = time.monotonic()
        ear.wait_for(lambda: sim_time(ear.last["/clock"]) > held_at + 1.0, 30, "the sim to go on")
        waited_s = time.monotonic() - stood_since
        assert 2.0 < waited_s < 15.0, waited_s  # ~lockstep_timeout_s, not forever
        steps = {round(b - a, 6) for a, b in zip(acked, acked[1:], strict=False)}
        assert steps == {0.1}, acked  # one step per acknowledgement, none skipped
    finally:
        ear.close()
        os.killpg(proc.pid, signal.SIGINT)
        out = proc.communicate(timeout=15)[0].decode(errors="replace")
    assert "stepper takes part" in out
    assert "silent for 3 s" in out


def test_a_stopping_client_leaves_the_lockstep_or_hands_its_step_to_the_next():
    """RosClient.close(): the world steps on without the client at once. close(hand_over=True):
    the world waits on the step the client owed until the next client of that name answers it
    (from /clock's history). The lockstep timeout is 120 s here, so only a delivered leave or a
    working hand-over lets the world move within the 30 s the waits allow."""
    from concierge_bringup.ros_client import RosClient

    proc = _lockstep_sim(timeout_s=120.0)
    ear = None
    try:
        first = RosClient("stepper", lockstep=True)
        try:
            first.wait_sim(lambda: first.sim_now() >= 1.0, 10, "1 s of sim time")
        finally:
            first.close(hand_over=True)
        handed_over_at = first.sim_now()
        second = RosClient("stepper", lockstep=True)
        try:
            second.wait_sim(lambda: second.sim_now() >= handed_over_at + 1.0, 10, "1 s more")
        finally:
            second.close()
        left_at = second.sim_now()
        ear = Listener()
        ear.wait_for(lambda: "/clock" in ear.last and sim_time(ear.last["/clock"]) > left_at + 1.0,
                     30, "the world to step on without the client")  # fmt: skip
    finally:
        if ear is not None:
            ear.close()
        os.killpg(proc.pid, signal.SIGINT)
        out = proc.communicate(timeout=15)[0].decode(errors="replace")
    assert "stepper takes part" in out and "/stepper left" in out, out
    assert "silent" not in out, out


def test_a_paced_client_lets_the_world_run_gently_then_at_full_speed_again():
    """RosClient.paced(rtf): the client acknowledges a step only once its share of wall time has
    passed, so the world runs at most rtf x real time (a test waiting for a model to load does
    not spin the world as fast as the nodes go); afterwards it runs free again."""
    from concierge_bringup.ros_client import RosClient

    proc = _lockstep_sim(timeout_s=120.0)
    try:
        with RosClient("stepper", lockstep=True) as ros:
            ros.wait_sim(lambda: ros.sim_now() >= 0.5, 10, "0.5 s of sim time")
            with ros.paced(real_time_factor=2.0):
                t0_wall, t0_sim = time.monotonic(), ros.sim_now()
                ros.wait_for(lambda: ros.sim_now() >= t0_sim + 1.0, 30, "1 s of paced sim")
                took_s = time.monotonic() - t0_wall
                frozen = ros.frozen_when(lambda: True, 1, "a step")
                with pytest.raises(RuntimeError, match="inside paced"), frozen:
                    pass
            assert took_s >= 0.45, took_s  # 10 steps at 2x real time: never sooner
            t1_wall, t1_sim = time.monotonic(), ros.sim_now()
            ros.wait_sim(lambda: ros.sim_now() >= t1_sim + 5.0, 10, "5 s at full speed")
            assert time.monotonic() - t1_wall < 60  # not held at the pace (nor stuck)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.communicate(timeout=15)


def test_a_fleet_sim_gives_each_robot_its_own_topics_on_one_clock():
    """robots:=2: /robot1/... and /robot2/... from one process; a robot drives on its own
    /<ns>/cmd_vel only; a command can name its robot."""
    exe = Path(sys.executable).parent / "sim_node"
    proc = subprocess.Popen(
        [str(exe), "--ros-args", "--params-file", str(REPO / "launch/params/sim.yaml"),
         "-p", "robots:=2", "-p", "scenario:=none", "-p", "real_time_factor:=10.0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy(),
        start_new_session=True)  # fmt: skip
    ros = Listener()
    try:
        for ns in ("robot1", "robot2"):
            for topic, typ in (("odom", Odometry), ("battery_state", BatteryState),
                               ("scan", LaserScan)):  # fmt: skip
                ros.node.create_subscription(
                    typ, f"/{ns}/{topic}", ros._keep(f"/{ns}/{topic}"), 10
                )
            ros.node.create_subscription(
                Bool, f"/{ns}/sim/docked", ros._keep(f"/{ns}/sim/docked"), LATCHED
            )
        cmd2 = ros.node.create_publisher(Twist, "/robot2/cmd_vel", 10)
        wanted = {f"/{ns}/{t}" for ns in ("robot1", "robot2")
                  for t in ("odom", "battery_state", "scan", "sim/docked")}  # fmt: skip
        ros.wait_for(lambda: wanted <= set(ros.last), 30.0, "both robots' topics")
        assert "/odom" not in ros.last  # no robot at the root
        assert ros.last["/robot1/sim/docked"].data and ros.last["/robot2/sim/docked"].data
        p1 = ros.last["/robot1/odom"].pose.pose.position
        p2 = ros.last["/robot2/odom"].pose.pose.position
        assert math.dist((p1.x, p1.y), (p2.x, p2.y)) > 5.0  # on two docks
        back = Twist()
        back.linear.x = -0.2  # off the dock, backwards
        ros.wait_for(
            lambda: ros.last["/robot2/odom"].pose.pose.position.y > p2.y + 0.3,
            20.0,
            "robot 2 to back off its dock",
            each=lambda: cmd2.publish(back),
        )
        q1 = ros.last["/robot1/odom"].pose.pose.position
        assert (q1.x, q1.y) == pytest.approx((p1.x, p1.y), abs=1e-6)  # robot 1 stood still
        ros.command.publish(String(data=json.dumps(
            {"op": "set_battery", "pct": 30, "robot": "robot1", "request_id": 1})))  # fmt: skip
        ros.wait_for(
            lambda: (
                ros.last["/robot1/battery_state"].percentage < 0.31
                and ros.last["/robot2/battery_state"].percentage > 0.5
            ),
            10.0,
            "robot 1's battery only",
        )
    finally:
        ros.close()
        os.killpg(proc.pid, signal.SIGINT)
        out = proc.communicate(timeout=15)[0].decode(errors="replace")
    assert "robot1 at" in out and "robot2 at" in out
