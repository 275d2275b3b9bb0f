"""Regulated pure pursuit (after Nav2's RPP) with a social layer: slow near people, keep
personal space on the predicted path, stop for a person ahead, never drive into a scan point
or an inscribed costmap cell within the collision horizon."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .config import ControllerConfig, CostmapConfig, SocialConfig
from .costmap import INSCRIBED, Costmap


@dataclass
class Pose2D:
    x: float
    y: float
    yaw: float


@dataclass
class Person:
    x: float
    y: float
    vx: float = 0.0
    vy: float = 0.0
    radius: float = 0.25


def wrap(a: float) -> float:
    return (a + math.pi) % (2 * math.pi) - math.pi


@dataclass
class ControlOutput:
    v: float
    w: float
    blocked_by_person: bool = False
    blocked_by_obstacle: bool = False


class PurePursuit:
    def __init__(
        self, cfg: ControllerConfig, social: SocialConfig, costmap_cfg: CostmapConfig
    ) -> None:
        self.cfg = cfg
        self.social = social
        self.radius = costmap_cfg.robot_radius
        self.path: np.ndarray = np.zeros((0, 2))
        self._progress_idx = 0

    def set_path(self, path: np.ndarray) -> None:
        self.path = path
        self._progress_idx = 0

    # -- path helpers ----------------------------------------------------------------------
    def closest_index(self, pose: Pose2D) -> int:
        """Nearest path point, searched forward from the last one (paths may loop back)."""
        lo = self._progress_idx
        hi = min(len(self.path), lo + 80)
        seg = self.path[lo:hi]
        d = np.hypot(seg[:, 0] - pose.x, seg[:, 1] - pose.y)
        i = lo + int(np.argmin(d))
        if d.min() > 1.0:  # lost track (after a recovery): search the whole path
            d_all = np.hypot(self.path[:, 0] - pose.x, self.path[:, 1] - pose.y)
            i = int(np.argmin(d_all))
        self._progress_idx = i
        return i

    def remaining_length(self, pose: Pose2D) -> float:
        if len(self.path) == 0:
            return 0.0
        i = self.closest_index(pose)
        rest = self.path[i:]
        along = float(np.hypot(*np.diff(rest, axis=0).T).sum()) if len(rest) > 1 else 0.0
        return along + math.hypot(rest[0, 0] - pose.x, rest[0, 1] - pose.y)

    def deviation(self, pose: Pose2D) -> float:
        i = self.closest_index(pose)
        return math.hypot(self.path[i, 0] - pose.x, self.path[i, 1] - pose.y)

    # -- control ---------------------------------------------------------------------------
    def compute(
        self,
        pose: Pose2D,
        v_now: float,
        costmap: Costmap,
        scan_points: np.ndarray,
        people: list[Person],
        speed_limit: float,
    ) -> ControlOutput:
        cfg = self.cfg
        i = self.closest_index(pose)
        lookahead = min(
            max(abs(v_now) * cfg.lookahead_time, cfg.min_lookahead_dist), cfg.max_lookahead_dist
        )
        rest = self.path[i:]
        d = np.hypot(rest[:, 0] - pose.x, rest[:, 1] - pose.y)
        beyond = np.nonzero(d >= lookahead)[0]
        carrot = rest[beyond[0]] if len(beyond) else rest[-1]
        dx, dy = carrot[0] - pose.x, carrot[1] - pose.y
        cy, sy = math.cos(pose.yaw), math.sin(pose.yaw)
        lx, ly = cy * dx + sy * dy, -sy * dx + cy * dy
        dist_carrot = math.hypot(lx, ly)
        angle_to_path = math.atan2(ly, lx)
        v_max = min(cfg.desired_linear_vel, speed_limit)
        if cfg.use_rotate_to_heading and abs(angle_to_path) > cfg.rotate_to_heading_min_angle:
            w = math.copysign(cfg.rotate_to_heading_angular_vel, angle_to_path)
            return ControlOutput(0.0, w)
        curvature = 2.0 * ly / max(dist_carrot**2, 1e-6)
        v = v_max
        # curvature regulation
        radius = abs(1.0 / curvature) if abs(curvature) > 1e-6 else math.inf
        if radius < cfg.regulated_linear_scaling_min_radius:
            v *= radius / cfg.regulated_linear_scaling_min_radius
        # approach regulation: slow down over the last metres of the path
        remaining = float(np.hypot(*np.diff(rest, axis=0).T).sum()) if len(rest) > 1 else 0.0
        remaining += d[0]
        if remaining < cfg.approach_velocity_scaling_dist:
            v = min(
                v,
                max(
                    v_max * remaining / cfg.approach_velocity_scaling_dist,
                    cfg.min_approach_linear_velocity,
                ),
            )
        else:
            v = max(v, min(cfg.regulated_linear_scaling_min_speed, v_max))
        # social layer: slow down with a person nearby and ahead
        blocked_by_person = False
        near_people = [p for p in people if math.hypot(p.x - pose.x, p.y - pose.y) < 4.0]
        for p in near_people:
            px, py = p.x - pose.x, p.y - pose.y
            edge = math.hypot(px, py) - p.radius
            bearing = wrap(math.atan2(py, px) - pose.yaw)
            if abs(bearing) < math.radians(100) and edge < self.social.slow_distance:
                span = max(self.social.slow_distance - self.social.stop_distance, 1e-3)
                frac = min(max((edge - self.social.stop_distance) / span, 0.0), 1.0)
                v = min(v, self.social.slow_speed + frac * (v_max - self.social.slow_speed))
        # pick the fastest speed along this arc that keeps clear of people, scan points, walls
        horizon = cfg.max_allowed_time_to_collision_up_to_carrot
        obstacles = _near(scan_points, pose, 3.0)
        for scale in (1.0, 0.75, 0.5, 0.35, 0.2, 0.1, 0.0):
            vc = v * scale
            wc = vc * curvature
            if vc == 0.0:
                break
            t_carrot = dist_carrot / max(vc, 1e-3)
            t_obst = min(horizon, max(t_carrot, 0.5))
            verdict = self._arc_clear(pose, vc, wc, t_obst, costmap, obstacles, near_people)
            if verdict == "clear":
                return ControlOutput(vc, wc)
            if verdict == "person":
                blocked_by_person = True
        # Stopped: still turn on the spot towards the carrot if rotating is safe (circle).
        return ControlOutput(
            0.0,
            0.0,
            blocked_by_person=blocked_by_person,
            blocked_by_obstacle=not blocked_by_person,
        )

    def _arc_clear(
        self,
        pose: Pose2D,
        v: float,
        w: float,
        horizon: float,
        costmap: Costmap,
        obstacles: np.ndarray,
        people: list[Person],
    ) -> str:
        dt = 0.1
        n = max(2, int(math.ceil(horizon / dt)))
        t = np.arange(1, n + 1) * dt
        if abs(w) < 1e-6:
            xs = pose.x + v * t * math.cos(pose.yaw)
            ys = pose.y + v * t * math.sin(pose.yaw)
        else:
            r = v / w
            th = pose.yaw + w * t
            xs = pose.x + r * (np.sin(th) - math.sin(pose.yaw))
            ys = pose.y - r * (np.cos(th) - math.cos(pose.yaw))
        pts = np.column_stack((xs, ys))
        if costmap.static_costs(pts).max() >= INSCRIBED:
            # Inside the inscribed band (e.g. leaving the dock) moving away from the wall is fine;
            # getting any closer is not.
            here = costmap.static_distances(np.array([[pose.x, pose.y]]))[0]
            along = costmap.static_distances(pts)
            if (along < self.radius).any() and along.min() < here - 1e-3:
                return "wall"
        if len(obstacles):
            dmin = np.hypot(
                pts[:, None, 0] - obstacles[None, :, 0], pts[:, None, 1] - obstacles[None, :, 1]
            ).min(axis=1)
            # only points we would get closer to count (moving away from a grazing hit is fine)
            d0 = np.hypot(obstacles[:, 0] - pose.x, obstacles[:, 1] - pose.y).min()
            # hard: never touch; soft: do not close in on something already near (grazing
            # along a wall at the margin, or leaving a dock, stays allowed)
            hard = self.radius + 0.01
            soft = self.radius + self.cfg.collision_margin
            closest = dmin.min()
            if (closest < hard and closest < d0 - 1e-3) or (
                closest < soft and closest < d0 - 0.03
            ):
                return "obstacle"
        social = self.social.personal_space
        for p in people:
            # people keep walking: compare against where they will be
            horizon_p = np.minimum(t, 1.0)
            qx = p.x + p.vx * horizon_p
            qy = p.y + p.vy * horizon_p
            gap = np.hypot(xs - qx, ys - qy) - self.radius - p.radius
            gap0 = math.hypot(p.x - pose.x, p.y - pose.y) - self.radius - p.radius
            front_edge = math.hypot(p.x - pose.x, p.y - pose.y) - p.radius
            ahead = abs(wrap(math.atan2(p.y - pose.y, p.x - pose.x) - pose.yaw)) < math.radians(60)
            if ahead and front_edge < self.social.stop_distance and gap.min() < gap0 + 0.05:
                return "person"
            if gap.min() < social and gap.min() < gap0 - 1e-3:
                return "person"
        return "clear"


def _near(points: np.ndarray, pose: Pose2D, radius: float) -> np.ndarray:
    if points is None or len(points) == 0:
        return np.zeros((0, 2))
    d = np.hypot(points[:, 0] - pose.x, points[:, 1] - pose.y)
    return points[d < radius]
