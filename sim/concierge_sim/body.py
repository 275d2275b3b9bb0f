"""One robot body in the simulated world: diff drive with speed and acceleration limits, its
battery and its own charging dock, and the contacts it made. The simulator core owns one body
per robot (a fleet shares one world and one clock) and decides what a body touches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from concierge_sim.errors import SimError


@dataclass
class RobotParams:
    radius_m: float = 0.3
    max_linear_mps: float = 1.0
    min_linear_mps: float = -0.3  # backing up
    max_angular_rps: float = 1.8
    max_linear_accel_mps2: float = 1.0
    max_linear_decel_mps2: float = 2.5  # bases brake harder than they speed up
    max_angular_accel_rps2: float = 3.0
    cmd_timeout_s: float = 0.5  # a base stops when /cmd_vel goes quiet
    scan_beams: int = 360
    scan_angle_min_rad: float = -math.pi
    scan_range_min_m: float = 0.12
    scan_range_max_m: float = 12.0
    battery_initial_pct: float = 100.0
    battery_drain_pct_per_min: float = 0.25  # electronics, idle
    battery_drain_pct_per_km: float = 8.0  # extra for driving
    battery_charge_pct_per_min: float = 2.0
    dock_tolerance_m: float = 0.05
    dock_tolerance_yaw_rad: float = 0.1


@dataclass(frozen=True)
class RobotSpec:
    """A robot of the simulation: its name (the ROS namespace; "" = the one robot at the root),
    the world's dock it charges on ("" = the world's charging_dock) and where it starts (None:
    docked on its dock)."""

    name: str = ""
    dock: str = ""
    start_pose: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Contact:
    time_s: float
    x: float
    y: float
    what: str  # "wall", "obstacle:<name>", "person:<id>", "robot:<name>"
    robot_speed_mps: float


class Body:
    """State of one robot base; `drive` moves it, the simulator settles contacts."""

    def __init__(
        self,
        name: str,
        params: RobotParams,
        pose: tuple[float, float, float],
        dock_pose: tuple[float, float, float],
    ):
        self.name = name
        self.params = params
        self.dock_pose = dock_pose
        self.pose = np.array(pose, dtype=float)
        self.heading = float(self.pose[2])  # yaw as last integrated, before wrapping
        self.v = 0.0
        self.w = 0.0
        self.cmd = (0.0, 0.0)
        self.cmd_time = -1e9
        self.battery = float(params.battery_initial_pct)
        self.contacts: set[str] = set()  # what it presses on now (counted once per contact)
        self.collisions = 0
        self.collision_log: list[Contact] = []
        self.odometer_m = 0.0

    @property
    def robot_pose(self) -> tuple[float, float, float]:
        return (float(self.pose[0]), float(self.pose[1]), float(self.pose[2]))

    @property
    def twist(self) -> tuple[float, float]:
        return (self.v, self.w)

    @property
    def docked(self) -> bool:
        """Within dock_tolerance of its own dock's pose, facing it, stopped."""
        x, y, yaw = self.pose
        dx, dy, dyaw = self.dock_pose
        p = self.params
        return (
            math.hypot(x - dx, y - dy) <= p.dock_tolerance_m
            and abs(wrap(yaw - dyaw)) <= p.dock_tolerance_yaw_rad
            and abs(self.v) < 0.05
        )

    def set_cmd_vel(self, v: float, w: float, now_s: float) -> None:
        if not (math.isfinite(v) and math.isfinite(w)):
            raise SimError(f"cmd_vel must be finite, got ({v}, {w})")
        self.cmd = (float(v), float(w))
        self.cmd_time = now_s

    def place(self, x: float, y: float, yaw: float) -> None:
        self.pose[:] = (x, y, wrap(yaw))
        self.heading = float(self.pose[2])
        self.v = self.w = 0.0
        self.cmd = (0.0, 0.0)
        self.contacts.clear()

    def drive(self, dt: float, now_s: float) -> tuple[float, float, float]:
        """Apply the command within the limits; returns the pose it would reach in dt."""
        p = self.params
        v_cmd, w_cmd = self.cmd if now_s - self.cmd_time <= p.cmd_timeout_s else (0, 0)
        v_cmd = min(max(v_cmd, p.min_linear_mps), p.max_linear_mps)
        w_cmd = min(max(w_cmd, -p.max_angular_rps), p.max_angular_rps)
        slowing = abs(v_cmd) < abs(self.v) and v_cmd * self.v >= 0
        dv = (p.max_linear_decel_mps2 if slowing else p.max_linear_accel_mps2) * dt
        self.v += min(max(v_cmd - self.v, -dv), dv)
        self.w += min(
            max(w_cmd - self.w, -p.max_angular_accel_rps2 * dt), p.max_angular_accel_rps2 * dt
        )
        x, y, yaw = self.pose
        if abs(self.w) > 1e-6:
            nyaw = yaw + self.w * dt
            r = self.v / self.w
            nx = x + r * (math.sin(nyaw) - math.sin(yaw))
            ny = y - r * (math.cos(nyaw) - math.cos(yaw))
        else:
            nyaw = yaw
            nx = x + self.v * math.cos(yaw) * dt
            ny = y + self.v * math.sin(yaw) * dt
        return nx, ny, nyaw

    def bump(self, what: str, now_s: float) -> None:
        """The bumper touched `what`: the base stops where it was; a new contact counts."""
        speed = self.v
        self.v = 0.0
        if what not in self.contacts:
            self.collisions += 1
            x, y = float(self.pose[0]), float(self.pose[1])
            self.collision_log.append(Contact(now_s, x, y, what, abs(speed)))

    def charge_or_drain(self, dt: float) -> None:
        p = self.params
        if self.docked:
            self.battery = min(100.0, self.battery + p.battery_charge_pct_per_min * dt / 60)
        else:
            drain = p.battery_drain_pct_per_min * dt / 60
            drain += p.battery_drain_pct_per_km * abs(self.v) * dt / 1000
            self.battery = max(0.0, self.battery - drain)


def wrap(a: float) -> float:
    return math.atan2(math.sin(a), math.cos(a))
