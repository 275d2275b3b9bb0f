"""The navigator state machine that the ROS node and the benchmark both drive.

Mirrors Nav2's default behaviour tree (navigate_to_pose_w_replanning_and_recovery): follow a
path that is replanned periodically and whenever it is blocked; on failure run recoveries in
round robin (clear costmap, spin, wait, back up) up to max_recoveries, then give up with the
error code of what failed (ComputePathToPose 2xx, FollowPath 1xx). Docking and undocking are
phases of the same machine so cancel, feedback and collisions checks work the same way.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

import numpy as np

from .config import NavConfig
from .controller import Person, Pose2D, PurePursuit, wrap
from .costmap import Costmap, Scan
from .planner import GlobalPlanner, PlanningError, path_length

# nav2_msgs/action/FollowPath error codes (Jazzy)
FOLLOW_UNKNOWN = 100
INVALID_PATH = 103
FAILED_TO_MAKE_PROGRESS = 105
CONTROLLER_TIMED_OUT = 107
# nav2_msgs/action/DockRobot / UndockRobot error codes
DOCK_NOT_VALID = 902
FAILED_TO_STAGE = 903
FAILED_TO_CONTROL = 905


class NavStatus(enum.Enum):
    IDLE = "idle"
    ACTIVE = "active"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


class Phase(enum.Enum):
    FOLLOW = "follow"
    RECOVER = "recover"
    DOCK_APPROACH = "dock_approach"
    UNDOCK = "undock"


RECOVERIES = ("clear_costmap", "spin", "wait", "backup")


@dataclass
class Feedback:
    current_pose: Pose2D
    navigation_time_s: float
    estimated_time_remaining_s: float
    number_of_recoveries: int
    distance_remaining_m: float
    number_of_poses_remaining: int
    phase: str
    speed_limit: float


@dataclass
class NavResult:
    status: NavStatus
    error_code: int = 0
    error_msg: str = ""


@dataclass
class _Recovery:
    kind: str
    started_s: float
    start_pose: Pose2D
    target: float = 0.0


@dataclass
class _Task:
    goals: list[Pose2D]
    started_s: float | None = None
    dock: Pose2D | None = None  # docking: final precise approach to this pose
    undock: bool = False
    next_goal: int = 0
    last_plan_s: float = -1e9
    last_progress_s: float = 0.0
    progress_pose: Pose2D | None = None
    blocked_since_s: float | None = None
    recoveries: int = 0
    rr_index: int = 0
    recovery: _Recovery | None = None
    last_error: tuple[int, str] = (FOLLOW_UNKNOWN, "")
    xy_reached: bool = False
    driven_m: float = 0.0
    last_pose: Pose2D | None = None
    plan_failures: list[str] = field(default_factory=list)


class Navigator:
    def __init__(self, costmap: Costmap, cfg: NavConfig) -> None:
        self.cfg = cfg
        self.costmap = costmap
        self.planner = GlobalPlanner(costmap, cfg.planner)
        self.controller = PurePursuit(cfg.controller, cfg.social, cfg.costmap)
        self.status = NavStatus.IDLE
        self.phase = Phase.FOLLOW
        self.result = NavResult(NavStatus.IDLE)
        self._task: _Task | None = None
        self._feedback: Feedback | None = None
        self.path = np.zeros((0, 2))
        self.speed_limit = cfg.controller.desired_linear_vel
        self._scan_points = np.zeros((0, 2))  # latest laser returns (map frame)

    # -- commands ----------------------------------------------------------------------------
    def validate_goal(self, goal: Pose2D) -> tuple[int, str] | None:
        """(error code, message) if the goal can never be reached, else None."""
        cm = self.costmap
        if not cm.on_map(goal.x, goal.y):
            return 204, f"goal ({goal.x:.2f}, {goal.y:.2f}) is outside the map"
        if cm.in_keepout(goal.x, goal.y):
            return 206, f"goal ({goal.x:.2f}, {goal.y:.2f}) is inside a keepout zone"
        if cm.static_cost(goal.x, goal.y) >= 253:
            return 206, f"goal ({goal.x:.2f}, {goal.y:.2f}) is in or too close to an obstacle"
        return None

    def start(self, goals: Pose2D | list[Pose2D]) -> NavResult | None:
        """Begin navigating through `goals` (the last one is the destination). A goal that can
        never be reached is refused at once: returns the FAILED result, else None."""
        goals = [goals] if isinstance(goals, Pose2D) else list(goals)
        if not goals:
            return self._finish_now(NavStatus.FAILED, INVALID_PATH, "no goal poses given")
        for g in goals:
            problem = self.validate_goal(g)
            if problem:
                return self._finish_now(NavStatus.FAILED, *problem)
        self._task = _Task(goals=goals)
        self.status = NavStatus.ACTIVE
        self.phase = Phase.FOLLOW
        self.result = NavResult(NavStatus.ACTIVE)
        self.path = np.zeros((0, 2))
        return None

    def start_dock(self, dock_pose: Pose2D) -> NavResult | None:
        """Navigate to the staging pose in front of the dock, then approach it precisely."""
        off = self.cfg.docking.staging_x_offset
        staging = Pose2D(
            dock_pose.x + off * math.cos(dock_pose.yaw),
            dock_pose.y + off * math.sin(dock_pose.yaw),
            dock_pose.yaw,
        )
        problem = self.validate_goal(staging)
        if problem:
            return self._finish_now(
                NavStatus.FAILED, DOCK_NOT_VALID, f"dock staging pose unusable: {problem[1]}"
            )
        refused = self.start(staging)
        if refused:
            return refused
        self._task.dock = dock_pose
        return None

    def start_undock(self) -> None:
        self._task = _Task(goals=[], undock=True)
        self.status = NavStatus.ACTIVE
        self.phase = Phase.UNDOCK
        self.result = NavResult(NavStatus.ACTIVE)

    def cancel(self) -> None:
        if self.status == NavStatus.ACTIVE:
            self._finish(NavStatus.CANCELED, 0, "canceled")

    @property
    def feedback(self) -> Feedback | None:
        return self._feedback

    @property
    def active(self) -> bool:
        return self.status == NavStatus.ACTIVE

    # -- the loop ------------------------------------------------------------------------------
    def update(
        self,
        now_s: float,
        pose: Pose2D,
        v_now: float = 0.0,
        scan: Scan | None = None,
        people: list[Person] | None = None,
    ) -> tuple[float, float]:
        """One control step; returns (v, w) to command. (0, 0) whenever not active."""
        people = people or []
        if scan is not None:
            self.costmap.update_obstacles(scan)
            self._scan_points = scan.hit_points()
        scan_points = self._scan_points
        task = self._task
        if task is None or self.status != NavStatus.ACTIVE:
            return 0.0, 0.0
        if task.started_s is None:
            task.started_s = now_s
            task.last_progress_s = now_s
            task.progress_pose = pose
        if task.last_pose is not None:
            task.driven_m += math.hypot(pose.x - task.last_pose.x, pose.y - task.last_pose.y)
        task.last_pose = pose
        elapsed = now_s - task.started_s
        if elapsed > self.cfg.recovery.max_navigation_time_s:
            final = task.goals[-1]
            away = math.hypot(final.x - pose.x, final.y - pose.y)
            return self._fail(
                CONTROLLER_TIMED_OUT,
                f"not there after {elapsed:.0f} s (drove {task.driven_m:.0f} m, stopped "
                f"{away:.1f} m from the goal at ({pose.x:.1f}, {pose.y:.1f}), "
                f"{task.recoveries} recoveries)",
            )
        self.speed_limit = self.costmap.speed_limit(
            pose.x, pose.y, self.cfg.controller.desired_linear_vel
        )

        if self.phase == Phase.UNDOCK:
            cmd = self._undock_step(pose, task)
        elif self.phase == Phase.DOCK_APPROACH:
            cmd = self._dock_step(pose, people)
        elif self.phase == Phase.RECOVER:
            cmd = self._recovery_step(now_s, pose, task, scan_points)
        else:
            cmd = self._follow_step(now_s, pose, v_now, task, scan_points, people)
        self._update_feedback(now_s, pose, v_now)
        return cmd

    # -- following -------------------------------------------------------------------------
    def _obstacles_for_planning(self, pose: Pose2D, people: list[Person]) -> np.ndarray:
        """Marks and people near the robot (far ones will have moved by the time we get there,
        and a small stamping window keeps replanning cheap)."""
        reach = self.cfg.planner.obstacle_range
        marks = self.costmap.mark_points()
        marks = marks[np.hypot(marks[:, 0] - pose.x, marks[:, 1] - pose.y) <= reach]
        pts = [marks]
        ang = np.linspace(0, 2 * math.pi, 8, endpoint=False)
        for p in people:
            if math.hypot(p.x - pose.x, p.y - pose.y) > reach:
                continue
            ring = np.column_stack((p.x + p.radius * np.cos(ang), p.y + p.radius * np.sin(ang)))
            pts.append(np.vstack(([p.x, p.y], ring)))
        return np.vstack(pts) if pts else np.zeros((0, 2))

    def _replan(self, now_s: float, pose: Pose2D, people: list[Person]) -> bool:
        task = self._task
        task.last_plan_s = now_s
        obstacles = self._obstacles_for_planning(pose, people)
        waypoints = [Pose2D(pose.x, pose.y, pose.yaw)] + task.goals[task.next_goal :]
        pieces = []
        try:
            for a, b in zip(waypoints, waypoints[1:], strict=False):
                res = self.planner.plan((a.x, a.y), (b.x, b.y), obstacles)
                pieces.append(res.path if not pieces else res.path[1:])
        except PlanningError as exc:
            task.last_error = (exc.code, exc.message)
            return False
        self.path = np.vstack(pieces)
        self.controller.set_path(self.path)
        return True

    def _path_blocked(self, pose: Pose2D, people: list[Person]) -> bool:
        """Is the next stretch of path through a freshly seen obstacle (not a person, whom
        the controller handles by waiting)?"""
        if len(self.path) == 0:
            return True
        marks = self.costmap.mark_points()
        if len(marks) == 0:
            return False
        i = self.controller.closest_index(pose)
        ahead = self.path[i : i + 80 : 4]
        near = marks[np.hypot(marks[:, 0] - pose.x, marks[:, 1] - pose.y) < 5.0]
        if len(near) == 0 or len(ahead) == 0:
            return False
        for p in people:  # marks on a person are the person: the social layer handles them
            near = near[np.hypot(near[:, 0] - p.x, near[:, 1] - p.y) > p.radius + 0.15]
        if len(near) == 0:
            return False
        d = np.hypot(ahead[:, None, 0] - near[None, :, 0], ahead[:, None, 1] - near[None, :, 1])
        return bool(d.min() < self.cfg.costmap.robot_radius + 0.05)

    def _follow_step(self, now_s, pose, v_now, task, scan_points, people):
        cfg = self.cfg.controller
        final = task.goals[-1]
        dist_final = math.hypot(final.x - pose.x, final.y - pose.y)
        # goal checker (stateful: once xy is reached, only rotate)
        if task.next_goal >= len(task.goals) - 1 and (
            task.xy_reached or dist_final <= cfg.xy_goal_tolerance
        ):
            task.xy_reached = True
            dyaw = wrap(final.yaw - pose.yaw)
            if abs(dyaw) <= cfg.yaw_goal_tolerance and dist_final > cfg.xy_goal_tolerance:
                task.xy_reached = False  # drifted or stale odometry: not there after all
            elif abs(dyaw) <= cfg.yaw_goal_tolerance:
                if task.dock is not None:
                    self.phase = Phase.DOCK_APPROACH
                    return 0.0, 0.0
                return self._succeed()
            w = math.copysign(min(cfg.rotate_to_heading_angular_vel, 2.0 * abs(dyaw) + 0.2), dyaw)
            return 0.0, w
        # passing an intermediate pose (navigate_through_poses)
        while task.next_goal < len(task.goals) - 1:
            g = task.goals[task.next_goal]
            if math.hypot(g.x - pose.x, g.y - pose.y) < max(cfg.xy_goal_tolerance, 0.5):
                task.next_goal += 1
            else:
                break
        need_plan = len(self.path) == 0
        need_plan |= now_s - task.last_plan_s >= self.cfg.planner.replan_period_s
        if not need_plan and now_s - task.last_plan_s >= 0.5:
            need_plan = self._path_blocked(pose, people) or self.controller.deviation(pose) > 0.8
        if (
            task.blocked_since_s is not None
            and now_s - task.blocked_since_s > (self.cfg.social.yield_timeout_s)
            and now_s - task.last_plan_s >= self.cfg.social.yield_timeout_s
        ):
            need_plan = True  # yielded long enough: look for a way around the people
        replan_failed = need_plan and not self._replan(now_s, pose, people)
        if replan_failed and (len(self.path) == 0 or task.last_error[0] in (204, 206)):
            return self._start_recovery(now_s, pose, task)
        # progress checker
        moved = math.hypot(pose.x - task.progress_pose.x, pose.y - task.progress_pose.y)
        if moved >= cfg.required_movement_radius:
            task.progress_pose = pose
            task.last_progress_s = now_s
        elif now_s - task.last_progress_s > cfg.movement_time_allowance:
            task.last_error = (
                FAILED_TO_MAKE_PROGRESS,
                f"no progress for {cfg.movement_time_allowance:.0f} s",
            )
            return self._start_recovery(now_s, pose, task)
        out = self.controller.compute(
            pose, v_now, self.costmap, scan_points, people, self.speed_limit
        )
        if out.blocked_by_person or out.blocked_by_obstacle:
            if task.blocked_since_s is None:
                task.blocked_since_s = now_s
        else:
            task.blocked_since_s = None
        return out.v, out.w

    # -- recoveries ------------------------------------------------------------------------
    def _start_recovery(self, now_s, pose, task):
        if task.recoveries >= self.cfg.recovery.max_recoveries:
            code, msg = task.last_error
            return self._fail(code, f"{msg}; gave up after {task.recoveries} recoveries")
        kind = RECOVERIES[task.rr_index % len(RECOVERIES)]
        task.rr_index += 1
        task.recoveries += 1
        rc = self.cfg.recovery
        target = {"spin": rc.spin_dist, "wait": rc.wait_duration, "backup": rc.backup_dist}
        task.recovery = _Recovery(kind, now_s, pose, target.get(kind, 0.0))
        task.spin_last_yaw = pose.yaw
        task.spun = 0.0
        self.phase = Phase.RECOVER
        return 0.0, 0.0

    def _end_recovery(self, now_s, pose, task):
        task.recovery = None
        task.last_progress_s = now_s
        task.progress_pose = pose
        task.blocked_since_s = None
        task.last_plan_s = -1e9  # replan right away
        self.phase = Phase.FOLLOW
        return 0.0, 0.0

    def _recovery_step(self, now_s, pose, task, scan_points):
        rec = task.recovery
        rc = self.cfg.recovery
        if rec.kind == "clear_costmap":
            self.costmap.clear_obstacles()
            return self._end_recovery(now_s, pose, task)
        if rec.kind == "wait":
            if now_s - rec.started_s >= rec.target:
                return self._end_recovery(now_s, pose, task)
            return 0.0, 0.0
        if rec.kind == "spin":
            task.spun += abs(wrap(pose.yaw - task.spin_last_yaw))
            task.spin_last_yaw = pose.yaw
            if task.spun >= rec.target or now_s - rec.started_s > 10.0:
                return self._end_recovery(now_s, pose, task)
            return 0.0, 1.0
        # backup: straight back, unless something is behind
        backed = math.hypot(pose.x - rec.start_pose.x, pose.y - rec.start_pose.y)
        if backed >= rec.target or now_s - rec.started_s > rec.target / rc.backup_speed + 3.0:
            return self._end_recovery(now_s, pose, task)
        back = np.array([[pose.x - 0.25 * math.cos(pose.yaw), pose.y - 0.25 * math.sin(pose.yaw)]])
        if self.costmap.static_costs(back)[0] >= 253 or _any_within(
            scan_points, back[0], self.cfg.costmap.robot_radius + 0.02
        ):
            return self._end_recovery(now_s, pose, task)
        return -rc.backup_speed, 0.0

    # -- docking ---------------------------------------------------------------------------
    def _dock_step(self, pose: Pose2D, people: list[Person]):
        dock = self._task.dock
        dc = self.cfg.docking
        dx, dy = dock.x - pose.x, dock.y - pose.y
        along = dx * math.cos(dock.yaw) + dy * math.sin(dock.yaw)
        dist = math.hypot(dx, dy)
        if along <= dc.docked_xy_tolerance or dist <= dc.docked_xy_tolerance:
            yaw_err = wrap(dock.yaw - pose.yaw)
            if abs(yaw_err) <= dc.docked_yaw_tolerance:
                return self._succeed()
            return 0.0, math.copysign(0.4, yaw_err)
        for p in people:  # never drive into someone standing at the dock
            if math.hypot(p.x - pose.x, p.y - pose.y) - p.radius < self.cfg.social.stop_distance:
                return 0.0, 0.0
        heading = math.atan2(dy, dx) if dist > 0.15 else dock.yaw
        err = wrap(heading - pose.yaw)
        v = min(dc.approach_speed, 0.6 * along + 0.02) if abs(err) < 0.5 else 0.0
        return v, max(-0.6, min(0.6, 1.5 * err))

    def _undock_step(self, pose: Pose2D, task: _Task):
        if task.last_pose is not None and task.progress_pose is None:
            task.progress_pose = pose
        start = task.progress_pose or pose
        backed = math.hypot(pose.x - start.x, pose.y - start.y)
        if backed >= abs(self.cfg.docking.staging_x_offset):
            return self._succeed()
        return -self.cfg.docking.undock_speed, 0.0

    # -- endings and feedback --------------------------------------------------------------
    def _succeed(self):
        self._finish(NavStatus.SUCCEEDED, 0, "")
        return 0.0, 0.0

    def _fail(self, code: int, msg: str):
        if self._task is not None and self._task.dock is not None and self.phase == Phase.FOLLOW:
            code, msg = FAILED_TO_STAGE, f"could not reach the dock staging pose: {msg}"
        self._finish(NavStatus.FAILED, code, msg)
        return 0.0, 0.0

    def _finish(self, status: NavStatus, code: int, msg: str) -> None:
        self.status = status
        self.result = NavResult(status, code, msg)

    def _finish_now(self, status: NavStatus, code: int, msg: str) -> NavResult:
        self._task = None
        self._finish(status, code, msg)
        return self.result

    def _update_feedback(self, now_s: float, pose: Pose2D, v_now: float) -> None:
        task = self._task
        if task is None or task.started_s is None:
            return
        elapsed = now_s - task.started_s
        if self.phase == Phase.UNDOCK:
            remaining = max(abs(self.cfg.docking.staging_x_offset) - task.driven_m, 0.0)
        elif len(self.path):
            remaining = self.controller.remaining_length(pose)
        else:
            last = task.goals[-1] if task.goals else pose
            remaining = math.hypot(last.x - pose.x, last.y - pose.y)
        if task.dock is not None and self.phase != Phase.DOCK_APPROACH:
            remaining += abs(self.cfg.docking.staging_x_offset)
        # honest ETA: the average speed achieved so far once there is some history
        avg = task.driven_m / elapsed if elapsed > 3.0 else self.speed_limit
        eta = remaining / max(avg, 0.1)
        self._feedback = Feedback(
            current_pose=pose,
            navigation_time_s=elapsed,
            estimated_time_remaining_s=eta,
            number_of_recoveries=task.recoveries,
            distance_remaining_m=remaining,
            number_of_poses_remaining=max(len(task.goals) - task.next_goal, 0),
            phase=self.phase.value,
            speed_limit=self.speed_limit,
        )

    @property
    def driven_m(self) -> float:
        return self._task.driven_m if self._task else 0.0


def _any_within(points: np.ndarray, xy: np.ndarray, radius: float) -> bool:
    if points is None or len(points) == 0:
        return False
    return bool((np.hypot(points[:, 0] - xy[0], points[:, 1] - xy[1]) < radius).any())


__all__ = [
    "Feedback",
    "NavResult",
    "NavStatus",
    "Navigator",
    "Person",
    "Pose2D",
    "Scan",
    "path_length",
]
