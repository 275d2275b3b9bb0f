"""navigator: serves Nav2's actions (navigate_to_pose, navigate_through_poses, follow_waypoints,
dock_robot, undock_robot) with the plain-Python Navigator core, at controller_frequency.

With lockstep:=true (the simulator waits for us each step) the control step runs on each /odom
that is due, with that message's pose and stamp, and is then acknowledged on /sim/step_ack.

Two executors: sensing, control and the lockstep run on rclpy's C++ events executor (a fraction
of the Python executors' cost per message, paid 30+ times a sim second); goals block while they
run, so their action servers live on a companion node (`<name>_actions`, same namespace) served
by a small thread pool, and wait on the control step through a condition variable."""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import rclpy
from builtin_interfaces.msg import Duration
from concierge_interfaces.msg import PersonArray
from concierge_lockstep.participant import Participant, stamp_ns
from concierge_lockstep.spin import spin_with_goal_pool
from geometry_msgs.msg import PoseStamped, Twist
from nav2_msgs.action import (
    DockRobot,
    FollowWaypoints,
    NavigateThroughPoses,
    NavigateToPose,
    UndockRobot,
)
from nav2_msgs.msg import MissedWaypoint, SpeedLimit
from nav_msgs.msg import OccupancyGrid, Odometry, Path
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile
from sensor_msgs.msg import BatteryState, LaserScan
from std_msgs.msg import Bool

from . import navigator as core
from .config import NavConfig
from .controller import Person, Pose2D
from .costmap import Scan
from .grid import MapError
from .navigator import NavStatus
from .site_map import build_costmap, load_site_map, site_dock


def yaw_of(q) -> float:
    return math.atan2(2.0 * (q.w * q.z + q.x * q.y), 1.0 - 2.0 * (q.y * q.y + q.z * q.z))


def pose2d_of(msg_pose) -> Pose2D:
    return Pose2D(msg_pose.position.x, msg_pose.position.y, yaw_of(msg_pose.orientation))


def duration_of(seconds: float) -> Duration:
    seconds = max(0.0, float(seconds))
    return Duration(sec=int(seconds), nanosec=int((seconds % 1.0) * 1e9))


# Nav2's NavigateToPose has no code for it: the first of its "unknown" range, 9xx is ours.
ESTOP_CODE = 999


class _Preempted(Exception):
    pass


class Navigator(Node):
    def __init__(self) -> None:
        super().__init__("navigator", start_parameter_services=False)
        defaults = NavConfig()
        self.declare_parameter("site", "", _desc("site whose sim/maps/<site>.yaml to load"))
        self.declare_parameter("map_yaml", "", _desc("explicit Nav2 map yaml (overrides site)"))
        self.declare_parameter(
            "dock_pose", [0.0], _desc("x, y, yaw when docked; [] = the site's (content)")
        )
        self.declare_parameter("dock_charge_timeout_s", 5.0, _desc("sim s to see charging"))
        self.declare_parameter("lockstep", False, _desc("step with the simulator (/sim/step_ack)"))
        for name, value in defaults.flat().items():
            self.declare_parameter(name, value)
        cfg = NavConfig()
        for name in defaults.flat():
            cfg.set(name, self.get_parameter(name).value)
        self.cfg = cfg
        site = self.get_parameter("site").value
        site_map = load_site_map(site, self.get_parameter("map_yaml").value)
        self.core = core.Navigator(build_costmap(site_map, cfg), cfg)
        self.site_map = site_map
        dock = list(self.get_parameter("dock_pose").value)
        # a fleet robot (namespace in the site's fleet) charges on its own dock
        ns = self.get_namespace()
        self.dock_id, self.dock_pose = site_dock(site, ns) if site else ("", None)
        if len(dock) == 3:
            self.dock_pose = Pose2D(*dock)
        self.charge_timeout_s = float(self.get_parameter("dock_charge_timeout_s").value)

        self.lock = threading.RLock()  # the control thread and the goal threads share state
        self.stepped = threading.Condition(self.lock)  # notified after every control step
        self.steps = 0
        self.pose: Pose2D | None = None
        self.v_now = 0.0
        self.w_now = 0.0
        self.pose_stamp_s = 0.0
        self.scan: Scan | None = None
        self.people: list[Person] = []
        self.charging = False
        self.generation = 0  # bumped by every new goal: older executes see they were preempted
        self.was_active = False
        self.current_handle = None

        # Depth 1: only the newest reading matters; a backlog would steer on stale poses.
        latest = QoSProfile(depth=1)
        self.create_subscription(Odometry, "odom", self._on_odom, latest)
        self.create_subscription(LaserScan, "scan", self._on_scan, latest)
        self.create_subscription(PersonArray, "people", self._on_people, latest)
        self.create_subscription(BatteryState, "battery_state", self._on_battery, 10)
        # The emergency stop's one source of truth is the mission manager (estop/state,
        # latched): while engaged, no goal runs and the base gets zero velocity every step.
        self.estop = False
        self.create_subscription(
            Bool,
            "estop/state",
            self._on_estop,
            QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL),
        )
        self.cmd_pub = self.create_publisher(Twist, "cmd_vel", 10)
        self.plan_pub = self.create_publisher(Path, "plan", 1)
        self.speed_pub = self.create_publisher(SpeedLimit, "speed_limit", 1)
        latched = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self.map_pub = self.create_publisher(OccupancyGrid, "map", latched)
        self._publish_map()
        self._published_path_id = None
        self._last_speed_limit = None
        period = 1.0 / cfg.controller.controller_frequency
        self.lockstep: Participant | None = None
        if self.get_parameter("lockstep").value:
            self.lockstep = Participant(self)
            self.control_period_ns = int(round(period * 1e9))
            self.next_control_ns: int | None = None
        else:
            self.create_timer(period, self._control_step)

        # Goals block while they run: their servers live on a companion node in the same
        # namespace, which main() serves with a thread pool (see the module docstring).
        self.actions = Node(
            f"{self.get_name()}_actions",
            namespace=self.get_namespace(),
            use_global_arguments=False,
            start_parameter_services=False,
        )
        goals = ReentrantCallbackGroup()
        for action_type, name, execute in (
            (NavigateToPose, "navigate_to_pose", self._exec_to_pose),
            (NavigateThroughPoses, "navigate_through_poses", self._exec_through_poses),
            (FollowWaypoints, "follow_waypoints", self._exec_waypoints),
            (DockRobot, "dock_robot", self._exec_dock),
            (UndockRobot, "undock_robot", self._exec_undock),
        ):
            ActionServer(
                self.actions,
                action_type,
                name,
                execute_callback=execute,
                goal_callback=lambda _g: GoalResponse.ACCEPT,
                cancel_callback=self._on_cancel,
                # Reentrant: a cancel, a newer goal or a result request must be served while a
                # goal's execute callback blocks (the node's default group would serialise them).
                callback_group=goals,
            )
        self.get_logger().info(
            f"navigator ready on {site_map.map_yaml.name} "
            f"({site_map.static.width}x{site_map.static.height} cells, "
            f"planning grid 1/{self.core.planner.k})"
        )

    def _on_cancel(self, goal_handle) -> CancelResponse:
        # Stop now, not at the next control tick: cancel must halt the base within 1 s.
        with self.lock:
            if goal_handle is self.current_handle and self.core.active:
                self.core.cancel()
                self.cmd_pub.publish(Twist())
        return CancelResponse.ACCEPT

    # -- inputs ----------------------------------------------------------------------------
    def _on_odom(self, msg: Odometry) -> None:
        # The simulator's odom frame coincides with map (no drift), as with perfect localization.
        with self.lock:
            self.pose = pose2d_of(msg.pose.pose)
            self.v_now = msg.twist.twist.linear.x
            self.w_now = msg.twist.twist.angular.z
            self.pose_stamp_s = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        if self.lockstep is not None:
            self._lockstep_step(msg.header.stamp)

    def _lockstep_step(self, stamp) -> None:
        """One simulator step: run the controller if it is due, then acknowledge the step."""
        t_ns = stamp_ns(stamp)
        sent = 0
        if self.next_control_ns is None or t_ns >= self.next_control_ns:
            sent = int(self._control_step(now_s=t_ns * 1e-9))
            base = t_ns if self.next_control_ns is None else self.next_control_ns
            self.next_control_ns = max(base + self.control_period_ns, t_ns + 1)
        self.lockstep.ack(stamp, cmd_vel_sent=sent)

    def _on_scan(self, msg: LaserScan) -> None:
        pose = self.pose
        if pose is None:
            return
        n = len(msg.ranges)
        angles = pose.yaw + msg.angle_min + msg.angle_increment * np.arange(n)
        angles = (angles + math.pi) % (2 * math.pi) - math.pi
        ranges = np.asarray(msg.ranges, dtype=np.float64)
        ranges = np.where(ranges < msg.range_min, np.inf, ranges)
        self.scan = Scan(pose.x, pose.y, angles, ranges, float(msg.range_max))

    def _on_people(self, msg: PersonArray) -> None:
        people = [
            Person(
                p.pose.position.x,
                p.pose.position.y,
                p.velocity.x,
                p.velocity.y,
                float(p.radius) if p.radius > 0 else 0.25,
            )
            for p in msg.people
        ]
        self.people = people

    def _on_estop(self, msg: Bool) -> None:
        with self.lock:
            self.estop = bool(msg.data)
            if self.estop and self.core.active:
                self.core.cancel()
        if self.estop:
            self.cmd_pub.publish(Twist())
            self.get_logger().warn("emergency stop: goals aborted, base held still")

    def _on_battery(self, msg: BatteryState) -> None:
        self.charging = msg.power_supply_status in (
            BatteryState.POWER_SUPPLY_STATUS_CHARGING,
            BatteryState.POWER_SUPPLY_STATUS_FULL,
        )

    def _now_s(self) -> float:
        return self.get_clock().now().nanoseconds * 1e-9

    # -- control loop ----------------------------------------------------------------------
    def _control_step(self, now_s: float | None = None) -> bool:
        """One controller update; True when a /cmd_vel went out. now_s: the step's sim time
        (lockstep), else the clock's now with the odometry pose carried forward to it."""
        with self.lock:
            if self.pose is None:
                return False
            if self.estop:  # held still whatever a goal might want
                self.steps += 1
                self.stepped.notify_all()
                self.cmd_pub.publish(Twist())
                return True
            scan, self.scan = self.scan, None
            active = self.core.active
            now = self._now_s() if now_s is None else now_s
            pose = self._predicted_pose(now)
            v, w = self.core.update(now, pose, self.v_now, scan, self.people)
            path = self.core.path
            speed_limit = self.core.speed_limit
            self.steps += 1
            self.stepped.notify_all()
        sent = active or self.was_active
        if sent:
            twist = Twist()
            twist.linear.x, twist.angular.z = float(v), float(w)
            self.cmd_pub.publish(twist)
        self.was_active = active
        if active and id(path) != self._published_path_id and len(path):
            self._published_path_id = id(path)
            self._publish_path(path)
        if speed_limit != self._last_speed_limit:
            self._last_speed_limit = speed_limit
            self.speed_pub.publish(SpeedLimit(percentage=False, speed_limit=float(speed_limit)))
        return sent

    def _wait_step(self, seen_steps: int) -> None:
        """Wait for the control step after seen_steps (or, if time stands still, 0.2 s wall)."""
        with self.stepped:
            self.stepped.wait_for(lambda: self.steps != seen_steps, timeout=0.2)

    def _predicted_pose(self, now_s: float) -> Pose2D:
        """The odometry pose carried forward to now: on a loaded machine the newest /odom can
        be a few tenths of a sim second old, which at 1 m/s is the whole goal tolerance."""
        p = self.pose
        dt = min(max(now_s - self.pose_stamp_s, 0.0), 0.5)
        if dt == 0.0:
            return p
        yaw = p.yaw + self.w_now * dt * 0.5
        return Pose2D(
            p.x + self.v_now * dt * math.cos(yaw),
            p.y + self.v_now * dt * math.sin(yaw),
            p.yaw + self.w_now * dt,
        )

    def _publish_path(self, path: np.ndarray) -> None:
        msg = Path()
        msg.header.frame_id = "map"
        msg.header.stamp = self.get_clock().now().to_msg()
        for x, y in path[::2]:
            ps = PoseStamped()
            ps.header.frame_id = "map"
            ps.pose.position.x, ps.pose.position.y = float(x), float(y)
            ps.pose.orientation.w = 1.0
            msg.poses.append(ps)
        self.plan_pub.publish(msg)

    def _publish_map(self) -> None:
        grid = self.site_map.static
        msg = OccupancyGrid()
        msg.header.frame_id = "map"
        msg.info.resolution = float(grid.resolution)
        msg.info.width, msg.info.height = grid.width, grid.height
        msg.info.origin.position.x, msg.info.origin.position.y = grid.origin_x, grid.origin_y
        msg.info.origin.orientation.w = 1.0
        msg.data = grid.data.astype(np.int8).ravel().tolist()
        self.map_pub.publish(msg)

    # -- running one core task for an action goal --------------------------------------------
    def _run(self, goal_handle, starter, on_feedback) -> tuple[NavStatus, int, str]:
        """Start a core task, relay feedback, honour cancel; return how it ended."""
        with self.lock:
            if self.estop:
                return NavStatus.FAILED, ESTOP_CODE, "emergency stop is engaged"
            self.generation += 1
            gen = self.generation
            self.current_handle = goal_handle
            if self.core.active:
                self.core.cancel()  # preempt whatever ran before
            refused = starter()
        if refused is not None:
            return refused.status, refused.error_code, refused.error_msg
        last_feedback = 0.0
        while rclpy.ok():
            with self.lock:
                seen_steps = self.steps
                if self.generation != gen:
                    raise _Preempted()
                if self.estop:
                    return NavStatus.FAILED, ESTOP_CODE, "emergency stop"
                if goal_handle.is_cancel_requested:
                    self.core.cancel()
                    return NavStatus.CANCELED, 0, "canceled"
                fb = self.core.feedback
                r = self.core.result
                if not self.core.active and r.status != NavStatus.CANCELED:
                    return r.status, r.error_code, r.error_msg
            now = time.monotonic()
            if fb is not None and now - last_feedback >= 0.1:  # 10 Hz is plenty for any display
                last_feedback = now
                on_feedback(fb)
            # The core runs on the control step; a result goes out in the step it happens.
            self._wait_step(seen_steps)
        return NavStatus.FAILED, 0, "navigator shutting down"

    def _finish(self, goal_handle, result, status, code, msg):
        if hasattr(result, "error_code"):
            result.error_code = int(code)
            result.error_msg = msg
        if status == NavStatus.SUCCEEDED:
            goal_handle.succeed()
        elif status == NavStatus.CANCELED:
            goal_handle.canceled()
        else:
            self.get_logger().warn(f"goal failed: [{code}] {msg}")
            goal_handle.abort()
        return result

    def _nav_feedback(self, goal_handle, fb_type, fb):
        msg = fb_type()
        msg.current_pose.header.frame_id = "map"
        msg.current_pose.header.stamp = self.get_clock().now().to_msg()
        p = msg.current_pose.pose
        p.position.x, p.position.y = float(fb.current_pose.x), float(fb.current_pose.y)
        p.orientation.z = math.sin(fb.current_pose.yaw / 2)
        p.orientation.w = math.cos(fb.current_pose.yaw / 2)
        msg.navigation_time = duration_of(fb.navigation_time_s)
        msg.estimated_time_remaining = duration_of(fb.estimated_time_remaining_s)
        msg.number_of_recoveries = int(fb.number_of_recoveries)
        msg.distance_remaining = float(fb.distance_remaining_m)
        if hasattr(msg, "number_of_poses_remaining"):
            msg.number_of_poses_remaining = int(fb.number_of_poses_remaining)
        goal_handle.publish_feedback(msg)

    def _guarded(self, goal_handle, result, body):
        try:
            status, code, msg = body()
        except _Preempted:
            status, code, msg = NavStatus.FAILED, 0, "preempted by a newer goal"
        except (MapError, ValueError) as exc:
            status, code, msg = NavStatus.FAILED, 0, str(exc)
        return self._finish(goal_handle, result, status, code, msg)

    def _exec_to_pose(self, goal_handle):
        goal = pose2d_of(goal_handle.request.pose.pose)
        self.get_logger().info(f"navigate_to_pose ({goal.x:.2f}, {goal.y:.2f})")
        return self._guarded(
            goal_handle,
            NavigateToPose.Result(),
            lambda: self._run(
                goal_handle,
                lambda: self.core.start(goal),
                lambda fb: self._nav_feedback(goal_handle, NavigateToPose.Feedback, fb),
            ),
        )

    def _exec_through_poses(self, goal_handle):
        goals = [pose2d_of(p.pose) for p in goal_handle.request.poses]
        return self._guarded(
            goal_handle,
            NavigateThroughPoses.Result(),
            lambda: self._run(
                goal_handle,
                lambda: self.core.start(goals),
                lambda fb: self._nav_feedback(goal_handle, NavigateThroughPoses.Feedback, fb),
            ),
        )

    def _exec_waypoints(self, goal_handle):
        req = goal_handle.request
        result = FollowWaypoints.Result()

        def body():
            loops = max(int(req.number_of_loops), 0) + 1
            for _ in range(loops):
                for i in range(int(req.goal_index), len(req.poses)):
                    goal = pose2d_of(req.poses[i].pose)

                    def feedback(_fb, i=i):
                        goal_handle.publish_feedback(FollowWaypoints.Feedback(current_waypoint=i))

                    status, code, msg = self._run(
                        goal_handle, lambda goal=goal: self.core.start(goal), feedback
                    )
                    if status == NavStatus.CANCELED:
                        return status, 0, msg
                    if status != NavStatus.SUCCEEDED:
                        result.missed_waypoints.append(
                            MissedWaypoint(index=i, goal=req.poses[i], error_code=int(code))
                        )
                        # Nav2's default stop_on_failure: true
                        return NavStatus.FAILED, 601, f"waypoint {i}: {msg}"
            return NavStatus.SUCCEEDED, 0, ""

        return self._guarded(goal_handle, result, body)

    def _exec_dock(self, goal_handle):
        req = goal_handle.request
        result = DockRobot.Result()
        t0 = self._now_s()

        def feedback_msg(state: int) -> DockRobot.Feedback:
            return DockRobot.Feedback(state=state, docking_time=duration_of(self._now_s() - t0))

        def body():
            if req.use_dock_id:
                if req.dock_id not in ("", self.dock_id) or self.dock_pose is None:
                    return NavStatus.FAILED, 901, f"unknown dock '{req.dock_id}'"
                dock = self.dock_pose
            else:
                dock = pose2d_of(req.dock_pose.pose)

            def feedback(fb):
                follow = fb.phase == "follow"
                goal_handle.publish_feedback(
                    feedback_msg(
                        DockRobot.Feedback.NAV_TO_STAGING_POSE
                        if follow
                        else DockRobot.Feedback.CONTROLLING
                    )
                )

            status, code, msg = self._run(
                goal_handle, lambda: self.core.start_dock(dock), feedback
            )
            if status != NavStatus.SUCCEEDED:
                return status, code, msg
            # Docked when the base reports charging (the sim charges on contact).
            deadline = self._now_s() + self.charge_timeout_s
            while rclpy.ok() and self._now_s() < deadline:
                with self.lock:
                    seen_steps, charging = self.steps, self.charging
                if charging:
                    return NavStatus.SUCCEEDED, 0, ""
                goal_handle.publish_feedback(feedback_msg(DockRobot.Feedback.WAIT_FOR_CHARGE))
                self._wait_step(seen_steps)
            return NavStatus.FAILED, 906, "on the dock but the battery is not charging"

        out = self._guarded(goal_handle, result, body)
        result.success = result.error_code == 0 and goal_handle.status == 4  # STATUS_SUCCEEDED
        return out

    def _exec_undock(self, goal_handle):
        result = UndockRobot.Result()
        out = self._guarded(
            goal_handle,
            result,
            lambda: self._run(goal_handle, lambda: self.core.start_undock(), lambda _fb: None),
        )
        result.success = result.error_code == 0 and goal_handle.status == 4
        return out


def _desc(text: str):
    from rcl_interfaces.msg import ParameterDescriptor

    return ParameterDescriptor(description=text)


def main(args=None) -> None:
    rclpy.init(args=args)
    try:
        node = Navigator()
    except (MapError, ValueError, FileNotFoundError) as exc:
        print(f"navigator: {exc}", flush=True)
        rclpy.try_shutdown()
        raise SystemExit(2) from exc

    def before_shutdown() -> None:
        if node.lockstep is not None and rclpy.ok():
            node.lockstep.leave()

    spin_with_goal_pool(node, node.actions, before_shutdown)


if __name__ == "__main__":
    main()
