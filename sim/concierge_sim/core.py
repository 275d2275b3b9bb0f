"""The 2D simulator core: diff-drive robot, lidar, visitors, battery and dock, contacts.

Plain Python + numpy (no ROS), so a benchmark can step it in lockstep with the navigator.
`sim_node` is the ROS shell around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from concierge_sim.lidar import LidarCaster
from concierge_sim.people import Crowd, PersonState, VisitorSpec, WallField
from concierge_sim.scenario import Scenario
from concierge_sim.sdf import Shape
from concierge_sim.world import OCCUPIED, World, _stamp

__all__ = ["Contact", "PersonState", "RobotParams", "Simulator", "SimError"]


class SimError(ValueError):
    """A request the simulator cannot carry out (bad pose, unknown obstacle ...)."""


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


@dataclass
class _Obstacle:
    shape: Shape


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
        self._static_occ = world.grid.data == OCCUPIED
        self._occ = self._static_occ
        self._obstacles: dict[str, _Obstacle] = {}
        g = world.grid
        p = self.params
        self.lidar = LidarCaster(
            self._occ,
            g.resolution,
            g.origin_x,
            g.origin_y,
            n_beams=p.scan_beams,
            angle_min=p.scan_angle_min_rad,
            range_min=p.scan_range_min_m,
            range_max=p.scan_range_max_m,
        )
        r = int(math.ceil(p.radius_m / g.resolution))
        dr, dc = np.mgrid[-r : r + 1, -r : r + 1]
        inside = (dr * g.resolution) ** 2 + (dc * g.resolution) ** 2 <= p.radius_m**2
        self._disk = (dr[inside], dc[inside])
        self._static_walls = WallField(world.clearance(), g.resolution, g.origin_x, g.origin_y)
        self._walls = self._static_walls
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
        if self._blocked_by_walls(*self._pose[:2]):
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
        if self._blocked_by_walls(x, y):
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
        if size_x <= 0 or size_y <= 0:
            raise SimError("obstacle size must be positive")
        self._obstacles[name] = _Obstacle(Shape(name, "box", x, y, yaw, size_x, size_y))
        self._rebuild_occupancy()

    def remove_obstacle(self, name: str) -> None:
        if name not in self._obstacles:
            raise SimError(f"no obstacle named {name!r}")
        del self._obstacles[name]
        self._rebuild_occupancy()

    def obstacles(self) -> list[Shape]:
        return [o.shape for o in self._obstacles.values()]

    def spawn_person_in_front(
        self, distance_m: float = 1.2, stand_s: float = 4.0, person_id: str | None = None
    ) -> str:
        """A visitor steps in front of the robot, stands stand_s seconds, then walks aside."""
        x, y, yaw = self._pose
        px, py = x + distance_m * math.cos(yaw), y + distance_m * math.sin(yaw)
        pid = person_id or f"stepper_{self._next_person}"
        self._next_person += 1
        side = None
        for sign in (1, -1):
            sx = px + sign * 3.0 * -math.sin(yaw)
            sy = py + sign * 3.0 * math.cos(yaw)
            if self._line_clear(px, py, sx, sy, 0.35):
                side = (sx, sy)
                break
        route = [side] if side else []
        self.crowd.add(
            VisitorSpec(
                pid,
                "walker",
                px,
                py,
                1.0,
                0.25,
                route=route,
                route_mode="once",
                wait_until_s=self._time + stand_s,
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
        x, y, yaw = self._pose
        pid = person_id or f"visitor_{self._next_person}"
        self._next_person += 1
        for turn in (0.0, 0.6, -0.6, 1.2, -1.2):
            a = yaw + turn
            sx, sy = x + start_m * math.cos(a), y + start_m * math.sin(a)
            fx, fy = x + distance_m * math.cos(a), y + distance_m * math.sin(a)
            if self._line_clear(sx, sy, fx, fy, 0.35):
                break
        else:
            raise SimError("no free approach to the robot within 1.2 rad of its heading")
        self.crowd.add(
            VisitorSpec(pid, "visitor", sx, sy, 0.8, 0.25, route=[(fx, fy)], route_mode="once")
        )
        arrive_s = self._time + (start_m - distance_m) / 0.8 + 1.0
        self._schedule({"t_s": arrive_s, "op": "engage", "id": pid})
        self._schedule({"t_s": arrive_s + stand_s, "op": "leave", "id": pid, "x": sx, "y": sy})
        return pid

    def _schedule(self, event: dict) -> None:
        self._events.append(event)
        self._events.sort(key=lambda e: e["t_s"])

    def _leave(self, person_id: str, x: float, y: float) -> None:
        i = self.crowd.index(person_id)
        self.crowd.engaged[i] = False
        self.crowd.routes[i] = [(x, y)]
        self.crowd.route_i[i] = 0
        self.crowd.mode[i] = "once"
        self.crowd._goal = np.zeros((0, 2))  # goals rebuilt on the next step

    def summon_follower(self, distance_m: float = 1.2, person_id: str = "follower") -> str:
        """The follower (scenario visitor) stands in front of the robot and engages."""
        x, y, yaw = self._pose
        if person_id not in self.crowd.ids:
            self.crowd.add(VisitorSpec(person_id, "follower", x, y, 1.1, 0.25))
        i = self.crowd.index(person_id)
        self.crowd.pos[i] = self._free_spot_in_front(distance_m, self.crowd.radius[i])
        self.crowd.vel[i] = 0.0
        self.crowd.anchor[i] = self.crowd.pos[i]
        self.crowd.engaged[i] = True
        self.crowd.frozen[i] = False
        return person_id

    def _free_spot_in_front(self, distance_m: float, radius_m: float) -> tuple[float, float]:
        """The point distance_m ahead, or the nearest one ahead/aside that is not in furniture."""
        x, y, yaw = self._pose
        for d in np.arange(distance_m, 0.45, -0.1):
            for side in (0.0, 0.4, -0.4, 0.8, -0.8):
                a = yaw + side
                px, py = x + d * math.cos(a), y + d * math.sin(a)
                clear, _ = self._walls.sample(np.array([[px, py]]))
                if clear[0] >= radius_m:
                    return (px, py)
        return (x + distance_m * math.cos(yaw), y + distance_m * math.sin(yaw))

    def set_engaged(self, person_id: str, engaged: bool) -> None:
        i = self.crowd.index(person_id)
        self.crowd.engaged[i] = engaged
        if not engaged:
            self.crowd.anchor[i] = self.crowd.pos[i]

    def stop_following(self, person_id: str = "follower") -> None:
        """The follower stops where they are (the robot should notice it lost them)."""
        i = self.crowd.index(person_id)
        self.crowd.frozen[i] = True
        self.crowd.anchor[i] = self.crowd.pos[i]

    def remove_person(self, person_id: str) -> None:
        self.crowd.remove(person_id)

    def command(self, cmd: dict) -> dict:
        """Apply one test command {op: ..., ...}; returns {ok, ...} (sim_node, scenario
        events). The ops are listed in concierge_sim.commands."""
        from concierge_sim.commands import apply_command

        return apply_command(self, cmd)

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
            what = self._contact_at(nx, ny)
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
        for what in list(self._contacts):
            if what not in touching and not self._still_touching(what):
                self._contacts.discard(what)
        self._contacts |= touching
        robot_xy = self._pose[:2].copy()
        robot_vel = np.array([self._v * math.cos(nyaw), self._v * math.sin(nyaw)])
        before = getattr(self.crowd, "touching_robot", np.zeros(len(self.crowd), dtype=bool))
        self.crowd.step(dt, robot_xy, robot_vel, float(nyaw), p.radius_m, self._walls)
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

    # ---------------------------------------------------------------- geometry
    def _blocked_by_walls(self, x: float, y: float) -> bool:
        g = self.world.grid
        col, row = g.world_to_cell(x, y)
        rows = self._disk[0] + row
        cols = self._disk[1] + col
        if rows.min() < 0 or cols.min() < 0 or rows.max() >= g.height or cols.max() >= g.width:
            return True  # off the map
        return bool(self._occ[rows, cols].any())

    def _contact_at(self, x: float, y: float) -> str | None:
        if self._blocked_by_walls(x, y):
            for name, ob in self._obstacles.items():
                if _circle_hits_box(
                    x, y, self.params.radius_m + self.world.grid.resolution, ob.shape
                ):
                    return f"obstacle:{name}"
            return "wall"
        if len(self.crowd):
            d = np.hypot(self.crowd.pos[:, 0] - x, self.crowd.pos[:, 1] - y)
            hit = d < self.crowd.radius + self.params.radius_m
            if hit.any():
                return f"person:{self.crowd.ids[int(np.argmax(hit))]}"
        return None

    def _still_touching(self, what: str) -> bool:
        x, y = self._pose[:2]
        margin = 0.05
        if what.startswith("person:"):
            pid = what.split(":", 1)[1]
            if pid not in self.crowd.ids:
                return False
            i = self.crowd.index(pid)
            d = math.hypot(self.crowd.pos[i, 0] - x, self.crowd.pos[i, 1] - y)
            return d < self.crowd.radius[i] + self.params.radius_m + margin
        r = self.params.radius_m + margin
        probes = [(x + r * math.cos(a), y + r * math.sin(a)) for a in np.linspace(0, 6.28, 16)]
        return any(
            not self.world.grid.in_bounds(*self.world.grid.world_to_cell(px, py))
            or self._occ[self.world.grid.world_to_cell(px, py)[::-1]]
            for px, py in probes
        )

    def _line_clear(self, x0, y0, x1, y1, clearance: float) -> bool:
        n = int(math.hypot(x1 - x0, y1 - y0) / 0.1) + 2
        pts = np.column_stack([np.linspace(x0, x1, n), np.linspace(y0, y1, n)])
        clear, _ = self._walls.sample(pts)
        return bool((clear >= clearance).all())

    def _rebuild_occupancy(self) -> None:
        occ = self._static_occ.copy()
        for ob in self._obstacles.values():
            _stamp(occ, self.world.grid, ob.shape, True)
        self._occ = occ
        self.lidar.set_occupancy(occ)
        self._walls = self._static_walls.with_boxes([o.shape for o in self._obstacles.values()])


def _circle_hits_box(x: float, y: float, r: float, box: Shape) -> bool:
    c, s = math.cos(box.yaw), math.sin(box.yaw)
    dx, dy = x - box.x, y - box.y
    lx, ly = c * dx + s * dy, -s * dx + c * dy
    qx = max(abs(lx) - box.sx / 2, 0.0)
    qy = max(abs(ly) - box.sy / 2, 0.0)
    return qx * qx + qy * qy <= r * r


def _wrap(a: float) -> float:
    return math.atan2(math.sin(a), math.cos(a))
