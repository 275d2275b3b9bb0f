"""The navigator node and the simulator node as real processes talking over DDS.

One stack per test module (lockstep sim as fast as the navigator goes, no random visitors);
each test puts the robot where it needs it with the simulator's test commands and drives it with
NavClient. The test client takes part in the lockstep, so it acts at exact moments of sim time.
"""

from __future__ import annotations

import json
import math
import time

import pytest
from concierge_bringup.ros_client import RosClient
from concierge_bringup.stack import Stack
from concierge_content.paths import repo_root
from concierge_navigation.client import NavClient, TaskResult
from concierge_sim.core import RobotParams
from nav_msgs.msg import Odometry
from sensor_msgs.msg import BatteryState
from std_msgs.msg import Bool, String, UInt32

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# As fast as the nodes go: lockstep makes the sim wait for the navigator (and this test) each
# step, so speed never changes what happens, only how long the test takes.
RTF = 0.0
BASE_DECEL_MPS2 = RobotParams().max_linear_decel_mps2  # the simulated base's braking
LAUNCH = repo_root() / "tests" / "navigation" / "nav_e2e.launch.yaml"


class Harness:
    def __init__(self, stack: Stack, ros: RosClient) -> None:
        self.stack = stack
        self.ros = ros
        self.nav = NavClient(ros.node)
        self.cmd_pub = ros.node.create_publisher(String, "/sim/command", 10)
        self.odom_log: list[tuple[float, float, float, float]] = []  # t, x, y, v
        ros.subscribe("/odom", Odometry, self._on_odom)
        ros.subscribe("/sim/collisions", UInt32, latched=True)
        ros.subscribe("/sim/docked", Bool, latched=True)
        ros.subscribe("/battery_state", BatteryState)
        ros.subscribe("/sim/command_result", String)

    def _on_odom(self, msg: Odometry) -> None:
        p = msg.pose.pose.position
        t = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        self.odom_log.append((t, p.x, p.y, msg.twist.twist.linear.x))

    def pose(self) -> tuple[float, float]:
        t, x, y, v = self.odom_log[-1]
        return x, y

    def standing_still(self) -> bool:
        return bool(self.odom_log) and abs(self.odom_log[-1][3]) < 0.01

    def sim_now(self) -> float:
        return self.ros.sim_now()

    def collisions(self) -> int:
        msg = self.ros.latest("/sim/collisions")
        return msg.data if msg else 0

    def command(self, **cmd) -> dict:
        request_id = f"r{time.monotonic_ns()}"
        self.cmd_pub.publish(String(data=json.dumps({**cmd, "request_id": request_id})))

        def answered():
            msg = self.ros.latest("/sim/command_result")
            if msg is None:
                return None
            data = json.loads(msg.data)
            return data if data.get("request_id") == request_id else None

        result = self.ros.wait_for(answered, 10, f"the sim to do {cmd['op']}")
        assert result["ok"], result
        return result

    def place(self, x: float, y: float, yaw: float) -> None:
        self.command(op="place_robot", x=x, y=y, yaw=yaw)
        self.ros.wait_for(
            lambda: self.odom_log and math.dist(self.pose(), (x, y)) < 0.05, 10, "the robot moved"
        )

    def wait_sim(self, sim_s: float, what: str, cond) -> None:
        """Wait until cond() holds, for at most sim_s of SIM time."""
        self.ros.wait_sim(cond, sim_s, what)

    def go(self, x: float, y: float, yaw: float, sim_timeout_s: float = 90.0) -> TaskResult:
        assert self.nav.go_to_pose((x, y, yaw))
        self.wait_sim(sim_timeout_s, f"navigation to ({x}, {y})", self.nav.is_task_complete)
        return self.nav.get_result()


@pytest.fixture(scope="module")
def nav_stack(tmp_path_factory):
    stack = Stack(LAUNCH, {"real_time_factor": RTF}, log_dir=tmp_path_factory.mktemp("nav-logs"))
    with stack, RosClient("nav_e2e", lockstep=True) as ros:
        h = Harness(stack, ros)
        try:
            ros.wait_for(lambda: h.odom_log, 30, "the simulator's /odom")
            ros.wait_for(
                lambda: h.nav.wait_for_server("navigate_to_pose", 0.5), 60, "the navigator"
            )
            yield h
        finally:
            if stack.dead():
                print(stack.log_tail("navigator"), stack.log_tail("sim"))


@pytest.fixture
def h(nav_stack):
    nav_stack.stack.check()
    yield nav_stack
    if not nav_stack.nav.is_task_complete():
        nav_stack.nav.cancel_task()
        nav_stack.ros.wait_for(nav_stack.nav.is_task_complete, 10, "cancel at teardown")
    nav_stack.stack.check()


def _places():
    from concierge_content.places import load_places

    return load_places("city_hall").places


def test_goal_inside_a_keepout_zone_is_rejected_with_a_clear_error(h):
    assert h.go(48.0, 23.0, 0.0) == TaskResult.FAILED  # staff-only area behind the counters
    code, msg = h.nav.get_error()
    assert code == 206
    assert "keepout" in msg


def test_reaches_every_city_hall_place_from_the_dock(h):
    from concierge_sim.world import load_world

    dock = load_world("city_hall").dock_pose
    misses = []
    for place in _places():
        h.place(*dock)
        start_s = h.sim_now()
        result = h.go(place.pose.x, place.pose.y, place.pose.yaw, sim_timeout_s=60)
        took = h.sim_now() - start_s
        h.wait_sim(5, "the robot to stand still", h.standing_still)
        error = math.dist(h.pose(), (place.pose.x, place.pose.y))
        if result != TaskResult.SUCCEEDED or error > 0.5 or took > 60.0:
            misses.append((place.id, result.name, round(error, 2), round(took, 1)))
    assert not misses, misses
    assert h.collisions() == 0


def test_replans_around_a_blocked_corridor(h):
    # north corridor (free y 26.25..30); a barrier appears across its south 2.25 m after the
    # robot has set off, leaving a 1.5 m gap along the north wall
    h.place(38.0, 28.0, 0.0)
    before = h.collisions()
    first = len(h.odom_log)
    assert h.nav.go_to_pose((54.0, 28.0, 0.0))
    with h.ros.frozen_when(lambda: h.pose()[0] > 40.0, 20, "the robot to get going"):
        h.command(op="add_obstacle", name="barrier", x=46.0, y=27.375, size_x=0.4, size_y=2.25)
    try:
        h.wait_sim(60, "the robot to arrive", h.nav.is_task_complete)
        assert h.nav.get_result() == TaskResult.SUCCEEDED, h.nav.get_error()
        assert math.dist(h.pose(), (54.0, 28.0)) < 0.5
        at_barrier = [y for t, x, y, v in h.odom_log[first:] if 45.6 < x < 46.4]
        assert at_barrier and min(at_barrier) > 28.5 + 0.3  # squeezed through the gap
        assert h.collisions() == before
    finally:
        h.command(op="remove_obstacle", name="barrier")


def test_stops_for_a_visitor_stepping_in_front_then_continues(h):
    # The visitor appears 1.1 m ahead: inside the stop distance (0.9 m from the robot's centre
    # to the visitor's edge), so the robot must stop, not just slow down, then find its way.
    h.place(24.0, 5.0, 0.0)
    before = h.collisions()
    assert h.nav.go_to_pose((50.0, 5.0, 0.0))
    with h.ros.frozen_when(lambda: h.odom_log[-1][3] > 0.6, 20, "cruising speed"):
        spawned = h.command(op="spawn_person_in_front", distance_m=1.1, stand_s=6.0)
        t_spawn = h.sim_now()
    h.wait_sim(1.0, "the robot to stop for the visitor", lambda: abs(h.odom_log[-1][3]) < 0.1)
    h.wait_sim(90, "the robot to arrive", h.nav.is_task_complete)
    assert h.nav.get_result() == TaskResult.SUCCEEDED, h.nav.get_error()
    assert h.sim_now() - t_spawn < 60.0
    assert h.collisions() == before, f"bumped into {spawned['id']}"


def test_cancel_mid_way_stops_the_robot_within_a_second_of_sim_time(h):
    h.place(24.0, 5.0, 0.0)
    assert h.nav.go_to_pose((55.0, 5.0, 0.0))
    with h.ros.frozen_when(lambda: h.odom_log[-1][3] > 0.8, 20, "cruising speed"):
        t_cancel, v_cancel = h.sim_now(), h.odom_log[-1][3]
        h.nav.cancel_task()
    h.wait_sim(5, "the robot to stop", lambda: abs(h.odom_log[-1][3]) < 0.01)
    t_stop = next(t for t, x, y, v in h.odom_log if t > t_cancel and abs(v) < 0.01)
    h.ros.wait_for(h.nav.is_task_complete, 10, "the canceled result")
    assert h.nav.get_result() == TaskResult.CANCELED
    trace = [(round(t - t_cancel, 2), round(v, 2)) for t, x, y, v in h.odom_log if t >= t_cancel]
    # The robot brakes in the next step (0.1 s), then standing still takes v / the base's
    # braking deceleration (2.5 m/s^2): within 1 s of sim time, whatever the machine's load.
    t_braking = next(t for t, x, y, v in h.odom_log if t > t_cancel and v < v_cancel - 0.04)
    assert t_braking - t_cancel <= 0.15, trace[:40]
    assert t_stop - t_cancel <= min(1.0, 0.15 + v_cancel / BASE_DECEL_MPS2), trace[:40]


def test_docks_precisely_and_the_battery_charges(h):
    h.place(22.0, 6.0, 0.0)
    h.command(op="set_battery", pct=15.0)
    assert h.nav.dock("charging_dock")
    h.wait_sim(120, "docking", h.nav.is_task_complete)
    assert h.nav.get_result() == TaskResult.SUCCEEDED, h.nav.get_error()
    assert h.ros.latest("/sim/docked").data is True
    h.wait_sim(5, "a battery reading", lambda: h.ros.latest("/battery_state"))
    level = h.ros.latest("/battery_state").percentage
    t0 = h.sim_now()
    h.wait_sim(40, "the battery to charge", lambda: h.sim_now() - t0 > 31.0)
    assert h.ros.latest("/battery_state").percentage > level + 0.005
    assert h.nav.undock()
    h.wait_sim(30, "undocking", h.nav.is_task_complete)
    assert h.nav.get_result() == TaskResult.SUCCEEDED
    assert h.ros.latest("/sim/docked").data is False


def test_follow_waypoints_visits_each_pose_in_order(h):
    h.place(24.0, 5.0, 0.0)
    waypoints = [(28.0, 5.0, 0.0), (28.0, 7.0, math.pi / 2)]
    seen = []
    assert h.nav.follow_waypoints(waypoints)

    def done():
        fb = h.nav.get_feedback()
        if fb is not None and (not seen or seen[-1] != fb.current_waypoint):
            seen.append(fb.current_waypoint)
        return h.nav.is_task_complete()

    h.wait_sim(60, "the waypoints", done)
    assert h.nav.get_result() == TaskResult.SUCCEEDED, h.nav.get_error()
    assert seen == [0, 1]
    assert math.dist(h.pose(), waypoints[-1][:2]) < 0.3
