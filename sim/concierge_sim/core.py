"""The 2D simulator core: the diff-drive robot with its battery and dock, its contacts, and the
clock that steps the visitors and fires timed events.

Plain Python + numpy (no ROS), so a benchmark can step it in lockstep with the navigator.
`sim_node` is the ROS shell around it. The parts: `space` (walls, runtime obstacles, contact
tests), `people` (visitors), `staging` (scripted visitors), `commands` (test commands).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from concierge_sim import staging
from concierge_sim.commands import apply_command
from concierge_sim.errors import SimError
from concierge_sim.lidar import LidarCaster
from concierge_sim.people import Crowd, PersonState, VisitorSpec
from concierge_sim.scenario import Scenario
from concierge_sim.sdf import Shape
from concierge_sim.space import Space
from concierge_sim.world import World

__all__ = ["Contact", "PersonState", "RobotParams", "Simulator", "SimError"]


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
class Contact:
    time_s: float
    x: float
    y: float
    what: str  # "wall", "obstacle:<name>", "person:<id>"
    robot_speed_mps: float


class Simulator:
    def __init__(
        self,
        world: World,
        scenario: Scenario | None = None,
        seed: int = 0,
        robot: RobotParams | None = None,
        start_pose: tuple[float, float, float] | None = None,
    ):
        self.world = world
        self.params = robot or RobotParams()
        self.rng = np.random.default_rng(seed)
        p = self.params
        self.space = Space(world, p.radius_m)
        g = world.grid
        self.lidar = LidarCaster(
            self.space.occ,
            g.resolution,
            g.origin_x,
            g.origin_y,
            n_beams=p.scan_beams,
            angle_min=p.scan_angle_min_rad,
            range_min=p.scan_range_min_m,
            range_max=p.scan_range_max_m,
        )
        self.crowd = Crowd(list(scenario.visitors) if scenario else [], self.rng)
        self._events = sorted(scenario.events, key=lambda e: e["t_s"]) if scenario else []
        self._time = 0.0
        self._cmd = (0.0, 0.0)
        self._cmd_time = -1e9
        self._v = 0.0
        self._w = 0.0
        self._pose = np.array(start_pose if start_pose else world.dock_pose, dtype=float)
        self._battery = float(p.battery_initial_pct)
        self._contacts: set[str] = set()
        self.collisions = 0
        self.collision_log: list[Contact] = []
        self.people_contacts = 0  # visitors walking into a standing robot (not its fault)
        self.odometer_m = 0.0
        self._next_person = 0
        if self.space.blocked(*self._pose[:2]):
            raise SimError(f"start pose {tuple(self._pose)} is inside a wall")

    # ---------------------------------------------------------------- state
    @property
    def time_s(self) -> float:
        return self._time

    @property
    def robot_pose(self) -> tuple[float, float, float]:
        return (float(self._pose[0]), float(self._pose[1]), float(self._pose[2]))

    @property
    def robot_twist(self) -> tuple[float, float]:
        return (self._v, self._w)

    @property
    def battery_pct(self) -> float:
        return self._battery

    @property
    def docked(self) -> bool:
        x, y, yaw = self._pose
        dx, dy, dyaw = self.world.dock_pose
        p = self.params
        return (
            math.hypot(x - dx, y - dy) <= p.dock_tolerance_m
            and abs(_wrap(yaw - dyaw)) <= p.dock_tolerance_yaw_rad
            and abs(self._v) < 0.05
        )

    def people(self) -> list[PersonState]:
        return self.crowd.states()

    def scan(self) -> np.ndarray:
        """Ranges (float32, RobotParams.scan_beams) from angle_min, counter-clockwise; inf =
        no return within range_max. Walls, runtime obstacles and visitors all block beams."""
        x, y, yaw = self._pose
        circles = np.column_stack([self.crowd.pos, self.crowd.radius]) if len(self.crowd) else None
        return self.lidar.cast(x, y, yaw, circles)

    # ---------------------------------------------------------------- inputs
    def set_cmd_vel(self, v: float, w: float) -> None:
        """Command a twist; it holds until the next command or cmd_timeout_s passes."""
        if not (math.isfinite(v) and math.isfinite(w)):
            raise SimError(f"cmd_vel must be finite, got ({v}, {w})")
        self._cmd = (float(v), float(w))
        self._cmd_time = self._time

    def place_robot(self, x: float, y: float, yaw: float) -> None:
        if self.space.blocked(x, y):
            raise SimError(f"cannot place the robot at ({x:.2f}, {y:.2f}): inside a wall")
        self._pose[:] = (x, y, _wrap(yaw))
        self._v = self._w = 0.0
        self._cmd = (0.0, 0.0)
        self._contacts.clear()

    def set_battery(self, pct: float) -> None:
        self._battery = float(min(max(pct, 0.0), 100.0))

    def add_obstacle(
        self, name: str, x: float, y: float, size_x: float, size_y: float, yaw: float = 0.0
    ) -> None:
        """A box that appears at runtime (e.g. a cart blocking a corridor)."""
        self.space.add_obstacle(name, x, y, size_x, size_y, yaw)
        self.lidar.set_occupancy(self.space.occ)

    def remove_obstacle(self, name: str) -> None:
        self.space.remove_obstacle(name)
        self.lidar.set_occupancy(self.space.occ)

    def obstacles(self) -> list[Shape]:
        return self.space.obstacles()

    # ---------------------------------------------------------------- scripted visitors
    def spawn_person_in_front(
        self, distance_m: float = 1.2, stand_s: float = 4.0, person_id: str | None = None
    ) -> str:
        """A visitor steps in front of the robot, stands stand_s seconds, then walks aside."""
        pid = person_id or f"stepper_{self._next_person}"
        self._next_person += 1
        self.crowd.add(
            staging.stepper_in_front(
                self.space, self.robot_pose, distance_m, stand_s, self._time, pid
            )
        )
        return pid

    def approach_robot(
        self,
        distance_m: float = 1.0,
        start_m: float = 4.0,
        stand_s: float = 10.0,
        person_id: str | None = None,
    ) -> str:
        """A curious visitor walks up to the robot from start_m away, stops distance_m in front
        of it, engages (is_engaged) for stand_s seconds, then walks off the way they came."""
        pid = person_id or f"visitor_{self._next_person}"
        self._next_person += 1
        spec, (sx, sy) = staging.curious_visitor(
            self.space, self.robot_pose, distance_m, start_m, pid
        )
        self.crowd.add(spec)
        arrive_s = self._time + (start_m - distance_m) / 0.8 + 1.0
        self._schedule({"t_s": arrive_s, "op": "engage", "id": pid})
        self._schedule({"t_s": arrive_s + stand_s, "op": "leave", "id": pid, "x": sx, "y": sy})
        return pid

    def leave(self, person_id: str, x: float, y: float) -> None:
        """The visitor stops facing the robot and walks to (x, y)."""
        self.crowd.walk_to(person_id, x, y)

    def summon_follower(self, distance_m: float = 1.2, person_id: str = "follower") -> str:
        """The follower (scenario visitor) stands in front of the robot and engages."""
        if person_id not in self.crowd.ids:
            x, y, _ = self._pose
            self.crowd.add(VisitorSpec(person_id, "follower", x, y, 1.1, 0.25))
        spot = staging.free_spot_in_front(
            self.space, self.robot_pose, distance_m, self.crowd.radius_of(person_id)
        )
        self.crowd.stand_engaged_at(person_id, *spot)
        return person_id

    def set_engaged(self, person_id: str, engaged: bool) -> None:
        self.crowd.set_engaged(person_id, engaged)

    def stop_following(self, person_id: str = "follower") -> None:
        """The follower stops where they are (the robot should notice it lost them)."""
        self.crowd.freeze(person_id)

    def resume_following(self, person_id: str = "follower") -> None:
        """The follower who stopped walks after the robot again (the robot should find them)."""
        self.crowd.unfreeze(person_id)

    def remove_person(self, person_id: str) -> None:
        self.crowd.remove(person_id)

    def command(self, cmd: dict) -> dict:
        """Apply one test command {op: ..., ...}; returns {ok, ...} (sim_node, scenario
        events). The ops are listed in concierge_sim.commands."""
        return apply_command(self, cmd)

    def _schedule(self, event: dict) -> None:
        self._events.append(event)
        self._events.sort(key=lambda e: e["t_s"])

    # ---------------------------------------------------------------- stepping
    def step(self, dt: float) -> None:
        if dt <= 0:
            raise SimError(f"dt must be > 0, got {dt}")
        p = self.params
        while self._events and self._events[0]["t_s"] <= self._time:
            ev = dict(self._events.pop(0))
            ev.pop("t_s")
            self.command(ev)
        v_cmd, w_cmd = self._cmd if self._time - self._cmd_time <= p.cmd_timeout_s else (0, 0)
        v_cmd = min(max(v_cmd, p.min_linear_mps), p.max_linear_mps)
        w_cmd = min(max(w_cmd, -p.max_angular_rps), p.max_angular_rps)
        slowing = abs(v_cmd) < abs(self._v) and v_cmd * self._v >= 0
        dv = (p.max_linear_decel_mps2 if slowing else p.max_linear_accel_mps2) * dt
        self._v += min(max(v_cmd - self._v, -dv), dv)
        self._w += min(
            max(w_cmd - self._w, -p.max_angular_accel_rps2 * dt), p.max_angular_accel_rps2 * dt
        )
        x, y, yaw = self._pose
        if abs(self._w) > 1e-6:
            nyaw = yaw + self._w * dt
            r = self._v / self._w
            nx = x + r * (math.sin(nyaw) - math.sin(yaw))
            ny = y - r * (math.cos(nyaw) - math.cos(yaw))
        else:
            nyaw = yaw
            nx = x + self._v * math.cos(yaw) * dt
            ny = y + self._v * math.sin(yaw) * dt
        touching: set[str] = set()
        if abs(self._v) > 1e-9:
            what = self.space.contact_at(nx, ny, self.crowd)
            if what:
                touching.add(what)
                speed = self._v
                self._v = 0.0  # the bumper stops the base; it does not pass through
                nx, ny = x, y
                if what not in self._contacts:
                    self.collisions += 1
                    self.collision_log.append(Contact(self._time, x, y, what, abs(speed)))
        self.odometer_m += math.hypot(nx - x, ny - y)
        self._pose[:] = (nx, ny, _wrap(nyaw))
        # Contacts persist while the robot stays pressed against the same thing.
        px, py = self._pose[:2]
        for what in list(self._contacts):
            if what not in touching and not self.space.still_touching(what, px, py, self.crowd):
                self._contacts.discard(what)
        self._contacts |= touching
        robot_xy = self._pose[:2].copy()
        robot_vel = np.array([self._v * math.cos(nyaw), self._v * math.sin(nyaw)])
        before = getattr(self.crowd, "touching_robot", np.zeros(len(self.crowd), dtype=bool))
        self.crowd.step(dt, robot_xy, robot_vel, float(nyaw), p.radius_m, self.space.walls)
        if len(before) == len(self.crowd.touching_robot):
            self.people_contacts += int((self.crowd.touching_robot & ~before).sum())
        self._time += dt
        if self.docked:
            self._battery = min(100.0, self._battery + p.battery_charge_pct_per_min * dt / 60)
        else:
            drain = p.battery_drain_pct_per_min * dt / 60
            drain += p.battery_drain_pct_per_km * abs(self._v) * dt / 1000
            self._battery = max(0.0, self._battery - drain)

    def run(self, duration_s: float, dt: float = 0.05) -> None:
        n = int(round(duration_s / dt))
        for _ in range(n):
            self.step(dt)


def _wrap(a: float) -> float:
    return math.atan2(math.sin(a), math.cos(a))
